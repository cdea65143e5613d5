"""A complaint's response dates reach My duties of its handler: open stages only, overdue ones
included, asked of the database once."""

from datetime import date, timedelta

import pytest

from complaints import actions
from complaints.deadlines import complaint_deadlines
from schedule.deadlines import PROVIDERS, Deadline

from .factories import make_complaint, today

pytestmark = pytest.mark.django_db


def test_the_provider_is_registered():
    assert PROVIDERS["complaints"] is complaint_deadlines


def test_the_handlers_open_stages_due_by_the_horizon_in_one_query(cast, django_assert_num_queries):
    day = date(2026, 6, 15)
    late = make_complaint(handler=cast.team_leader, received_on=date(2026, 5, 1), case_reference="CR-LATE")
    soon = make_complaint(handler=cast.team_leader, received_on=date(2026, 6, 10), case_reference="CR-SOON")
    second = make_complaint(handler=cast.team_leader, received_on=date(2026, 4, 1))
    actions.record_response(second, acting_user=cast.team_leader.user, responded_on=date(2026, 4, 10),
                            outcome="not_upheld")
    actions.escalate(second, acting_user=cast.team_leader.user, requested_on=date(2026, 6, 1), today=day)
    answered = make_complaint(handler=cast.team_leader, received_on=date(2026, 6, 1))
    actions.record_response(answered, acting_user=cast.team_leader.user, responded_on=date(2026, 6, 5),
                            outcome="upheld")
    withdrawn = make_complaint(handler=cast.team_leader, received_on=date(2026, 6, 1))
    actions.close_complaint(withdrawn, acting_user=cast.team_leader.user, closed_on=date(2026, 6, 2),
                            outcome="withdrawn", lessons_learnt="")
    make_complaint(handler=cast.team_leader, received_on=date(2026, 9, 1))  # due after the horizon
    make_complaint(handler=cast.head, team=cast.team_a, received_on=date(2026, 6, 1))  # someone else's

    with django_assert_num_queries(1):
        found = complaint_deadlines(cast.team_leader, today=day, until=day + timedelta(days=60))
    assert found == [
        Deadline("Complaint stage 1 response", f"Complaint {late.reference} (case CR-LATE)", date(2026, 5, 18),
                 late.get_absolute_url(), cast.team_leader.id),
        Deadline("Complaint stage 1 response", f"Complaint {soon.reference} (case CR-SOON)", date(2026, 6, 24),
                 soon.get_absolute_url(), cast.team_leader.id),
        Deadline("Complaint stage 2 response", f"Complaint {second.reference} (case CR-12345)", date(2026, 7, 6),
                 second.get_absolute_url(), cast.team_leader.id),
    ]
    assert found[0].is_overdue(day) and not found[1].is_overdue(day)
    everyones = complaint_deadlines(None, today=day, until=day + timedelta(days=60))
    assert [item for item in everyones if item.owner_id == cast.team_leader.id] == found
    assert [item.owner_id for item in everyones if item not in found] == [cast.head.id]


def test_my_duties_shows_the_handlers_response_dates(client, cast):
    complaint = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=30))
    client.force_login(cast.team_leader.user)
    text = client.get("/").content.decode()
    assert "Complaint stage 1 response" in text and complaint.reference in text and "Overdue" in text
    client.force_login(cast.head.user)
    assert complaint.reference not in client.get("/").content.decode()
