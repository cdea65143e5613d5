""""You said, we did" by owner, and open responses in their owners' My duties."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.periods import local_date
from participation.deadlines import KIND, responses_due

from .factories import FeedbackFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_open_responses_reach_their_owners_deadlines(cast):
    meeting = MeetingFactory(title="CiCC", held_on=date(2026, 4, 1), attendees=[cast.head])
    due = FeedbackFactory(meeting=meeting, owner=cast.practitioner, respond_by=date(2026, 4, 10), said="Late one")
    FeedbackFactory(meeting=meeting, owner=cast.practitioner, respond_by=date(2026, 4, 20), status="done")
    FeedbackFactory(meeting=meeting, owner=cast.practitioner, respond_by=date(2026, 9, 1))  # beyond `until`
    FeedbackFactory(meeting=meeting, owner=cast.nqsw, respond_by=date(2026, 4, 12))
    found = responses_due(cast.practitioner, today=date(2026, 4, 15), until=date(2026, 6, 14))
    assert [(d.kind, d.title, d.due_on) for d in found] == [(KIND, "CiCC: Late one", date(2026, 4, 10))]
    assert found[0].url == f"/participation/meetings/{meeting.pk}/#feedback-{due.pk}"
    assert found[0].is_overdue(date(2026, 4, 15))


def test_my_duties_lists_them_and_the_owner_may_follow_the_link(client, cast):
    today = local_date(timezone.now())
    meeting = MeetingFactory(title="Forum", held_on=today, recorded_by=cast.outsider, attendees=[cast.outsider])
    FeedbackFactory(meeting=meeting, owner=cast.practitioner, respond_by=today + timedelta(days=5),
                    said="More training please")
    client.force_login(cast.practitioner.user)
    page = client.get("/")
    assert "Forum: More training please" in page.content.decode()
    assert client.get(f"/participation/meetings/{meeting.pk}/").status_code == 200


def test_the_list_groups_open_responses_by_owner(client, cast):
    meeting = MeetingFactory(recorded_by=cast.head, attendees=[cast.head])
    FeedbackFactory(meeting=meeting, owner=cast.practitioner, said="First")
    FeedbackFactory(meeting=meeting, owner=cast.head, said="Second")
    FeedbackFactory(meeting=meeting, owner=cast.head, said="Done one", status="done", response="Did it")
    client.force_login(cast.head.user)
    page = client.get("/participation/you-said-we-did/")
    assert [(owner.name, [str(i) for i in items]) for owner, items in page.context["owners"]] == [
        ("Head", ["Second"]), ("Practitioner", ["First"])]
    page = client.get("/participation/you-said-we-did/?status=done")
    assert [str(i) for _, items in page.context["owners"] for i in items] == ["Done one"]
    page = client.get(f"/participation/you-said-we-did/?status=all&owner={cast.head.pk}")
    assert len([i for _, items in page.context["owners"] for i in items]) == 2
    page = client.get("/participation/you-said-we-did/?status=nonsense")
    assert page.context["form"].errors and page.context["owners"] == []


def test_the_practitioner_sees_only_the_responses_of_meetings_they_may_see(client, cast):
    hidden = MeetingFactory(recorded_by=cast.outsider, attendees=[cast.outsider])
    FeedbackFactory(meeting=hidden, owner=cast.outsider, said="Not for them")
    client.force_login(cast.practitioner.user)
    page = client.get("/participation/you-said-we-did/")
    assert page.context["owners"] == [] and b"Not for them" not in page.content
