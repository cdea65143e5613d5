"""A complaint's steps recorded afterwards carry the moment each happened (`at=`): the `created_at`
of the complaint and its stages, and their history. Without `at`, the moment is now."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from complaints import actions
from core.periods import LONDON

from .factories import make_complaint

pytestmark = pytest.mark.django_db

RECEIVED_ON = date(2026, 1, 12)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 30, tzinfo=LONDON)


def test_each_step_carries_the_moment_given(cast):
    user = cast.team_leader.user
    complaint = make_complaint(handler=cast.team_leader, received_on=RECEIVED_ON, at=at(RECEIVED_ON))
    assert complaint.created_at == at(RECEIVED_ON)
    actions.extend_stage(complaint, acting_user=user, new_due_on=date(2026, 2, 9), reason="Awaiting records",
                         at=at(date(2026, 1, 19)))
    actions.record_response(complaint, acting_user=user, responded_on=date(2026, 2, 2), outcome="not_upheld",
                            at=at(date(2026, 2, 2)))
    actions.escalate(complaint, acting_user=user, requested_on=date(2026, 2, 5), today=date(2026, 2, 5),
                     at=at(date(2026, 2, 5)))
    actions.update_details(complaint, acting_user=user, lessons_learnt="Return calls", at=at(date(2026, 2, 6)))
    actions.close_complaint(complaint, acting_user=user, closed_on=date(2026, 2, 9), outcome="withdrawn",
                            lessons_learnt="", at=at(date(2026, 2, 9)))

    complaint.refresh_from_db()
    assert complaint.created_at == at(RECEIVED_ON)
    history = complaint.history.order_by("history_id")
    assert [(row.history_change_reason, row.history_date) for row in history] == [
        ("received", at(RECEIVED_ON)), ("stage 1 extended", at(date(2026, 1, 19))),
        ("stage 1 answered", at(date(2026, 2, 2))), ("escalated to stage 2", at(date(2026, 2, 5))),
        ("details changed", at(date(2026, 2, 6))), ("withdrawn", at(date(2026, 2, 9))),
    ]
    assert {row.created_at for row in complaint.history.all()} == {at(RECEIVED_ON)}
    first, second = complaint.stages.order_by("number")
    assert (first.created_at, second.created_at) == (at(RECEIVED_ON), at(date(2026, 2, 5)))
    assert first.history.earliest().history_date == at(RECEIVED_ON)
    assert second.history.get().history_date == at(date(2026, 2, 5))


def test_without_a_moment_it_is_now(cast):
    before = timezone.now()
    complaint = make_complaint(handler=cast.team_leader)
    complaint.refresh_from_db()
    assert before <= complaint.created_at <= timezone.now()
    assert before <= complaint.history.get().history_date <= timezone.now()
