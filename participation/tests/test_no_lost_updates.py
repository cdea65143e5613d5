"""A meeting and its feedback changed by two people from pages opened at the same time: the later
save is refused with what changed, and both changes end up saved."""

import pytest
from django.utils import timezone

from core.periods import local_date
from core.tests.page_forms import save_from_two_tabs
from participation.models import Feedback, Meeting

from .factories import FeedbackFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def signed_in(client, staff):
    client.force_login(staff.user)
    return client


def test_an_attendee_editing_from_a_stale_page_keeps_the_recorders_change(client, cast):
    meeting = MeetingFactory(
        recorded_by=cast.team_leader,
        attendees=[cast.team_leader, cast.practitioner],
        held_on=local_date(timezone.now()),
        notes="",
    )
    refused = save_from_two_tabs(
        f"/participation/meetings/{meeting.pk}/edit/",
        signed_in(client, cast.team_leader),
        signed_in(client.__class__(), cast.practitioner),
        first_change={"title": "Children in Care Council: spring meeting"},
        second_change={"notes": "The council asked for a say in the new leaflet"},
    )
    assert "Title</a>: now “Children in Care Council: spring meeting”" in refused.content.decode()
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert (meeting.title, meeting.notes) == (
        "Children in Care Council: spring meeting",
        "The council asked for a say in the new leaflet",
    )
    assert meeting.attendees.count() == 2


def test_the_recorder_and_the_owner_change_one_feedback_and_both_changes_stay(client, cast):
    meeting = MeetingFactory(
        recorded_by=cast.team_leader, attendees=[cast.team_leader], held_on=local_date(timezone.now())
    )
    feedback = FeedbackFactory(meeting=meeting, owner=cast.practitioner, said="We want to see our workers more")
    refused = save_from_two_tabs(
        f"/participation/feedback/{feedback.pk}/edit/",
        signed_in(client, cast.team_leader),
        signed_in(client.__class__(), cast.practitioner),
        first_change={"said": "We want to see our workers more often, after school"},
        second_change={"response": "Visits moved to after school"},
    )
    assert (
        "What was said (you said)</a>: now “We want to see our workers more often, after school”"
        in refused.content.decode()
    )
    feedback = Feedback.objects.get(pk=feedback.pk)
    assert (feedback.said, feedback.response) == (
        "We want to see our workers more often, after school",
        "Visits moved to after school",
    )
