"""Feedback and the service's response: added by those who may change the meeting, kept when
refused, and "done" only with what we did."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.periods import local_date
from learning.models import LearningTheme
from participation.models import Feedback

from .factories import FeedbackFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def today():
    return local_date(timezone.now())


def date_fields(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def meeting(cast):
    return MeetingFactory(recorded_by=cast.team_leader, attendees=[cast.team_leader], held_on=today())


def test_adding_feedback_with_its_owner_and_date(client, cast, meeting):
    client.force_login(cast.team_leader.user)
    page = client.get(f"/participation/meetings/{meeting.pk}/feedback/new/")
    assert page.context["form"]["respond_by"].value() == today() + timedelta(days=28)
    theme = LearningTheme.objects.get(name="Voice of the child")
    page = client.post(f"/participation/meetings/{meeting.pk}/feedback/new/", {
        "from_whom": "child", "said": "We want to see our workers more", "theme": theme.pk,
        "owner": cast.practitioner.pk, **date_fields("respond_by", today() + timedelta(days=10)), "status": "open",
    })
    assert page.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.owner, feedback.theme, feedback.meeting) == (cast.practitioner, theme, meeting)
    assert feedback.history.get().history_change_reason == "added"
    page = client.get(f"/participation/meetings/{meeting.pk}/")
    assert b"We want to see our workers more" in page.content and b"Not yet recorded" in page.content


def test_refused_feedback_keeps_what_was_typed(client, cast, meeting):
    client.force_login(cast.team_leader.user)
    page = client.post(f"/participation/meetings/{meeting.pk}/feedback/new/", {
        "from_whom": "foster_carer", "said": "Kept words", "owner": cast.practitioner.pk,
        **date_fields("respond_by", today() - timedelta(days=1)), "status": "done",
    })
    assert page.status_code == 200 and not Feedback.objects.exists()
    errors = page.context["form"].errors
    assert errors["respond_by"] == ["The date to respond by must be today or in the future"]
    assert errors["response"] == ["Enter what we did before marking the response done"]
    content = page.content.decode()
    assert "Kept words" in content and "There is a problem" in content
    assert page.context["form"]["from_whom"].value() == "foster_carer"
    assert page.context["form"]["owner"].value() == str(cast.practitioner.pk)


def test_the_owner_records_what_we_did(client, cast, meeting):
    feedback = FeedbackFactory(meeting=meeting, owner=cast.practitioner, respond_by=today() - timedelta(days=3))
    client.force_login(cast.practitioner.user)
    page = client.post(f"/participation/feedback/{feedback.pk}/edit/", {
        "from_whom": "child", "said": feedback.said, "owner": cast.practitioner.pk,
        **date_fields("respond_by", feedback.respond_by), "status": "done", "response": "Visits moved to weekends",
    })
    assert page.status_code == 302  # a date already passed may stay as it was
    feedback.refresh_from_db()
    assert (feedback.status, feedback.response) == ("done", "Visits moved to weekends")
    assert feedback.history.order_by("-history_id").first().history_change_reason == "marked done"
