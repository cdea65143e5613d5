"""A meeting or its feedback written up afterwards carries the moment it tells of (`at=`): its
`created_at` and its history (the attendees' too), each change at its own moment. Without `at`,
the moment is now."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from core.periods import LONDON
from participation.actions import add_feedback, change_feedback, change_meeting, record_meeting
from participation.models import FromWhom, MeetingKind, ResponseStatus

pytestmark = pytest.mark.django_db

HELD_ON = date(2026, 3, 2)
RECORDED = datetime(2026, 3, 2, 9, tzinfo=LONDON)
CHANGED = datetime(2026, 3, 6, 14, tzinfo=LONDON)


def meeting(cast, **fields):
    made, _ = record_meeting(
        acting_user=cast.head.user, recorded_by=cast.head, attendees=[cast.head, cast.team_leader],
        kind=MeetingKind.CHILDREN_IN_CARE_COUNCIL, held_on=HELD_ON, title="Children in Care Council",
        children_count=8, **fields,
    )
    return made


def test_a_meeting_and_its_change_carry_the_moments_given(cast):
    made = meeting(cast, at=RECORDED)
    assert made.created_at == RECORDED
    change_meeting(made, acting_user=cast.head.user, attendees=[cast.head], notes="Pocket money", at=CHANGED)

    made.refresh_from_db()
    assert made.created_at == RECORDED
    history = made.history.order_by("history_id")
    # Recorded, its attendees set, then changed and its attendees changed.
    assert [(row.history_change_reason, row.history_date) for row in history] == [
        ("recorded", RECORDED), ("recorded", RECORDED), ("changed", CHANGED), ("attendees changed", CHANGED),
    ]
    assert {row.created_at for row in history} == {RECORDED}


def test_feedback_and_its_change_carry_the_moments_given(cast):
    made = meeting(cast, at=RECORDED)
    feedback = add_feedback(made, acting_user=cast.head.user, from_whom=FromWhom.CHILD, said="Too many changes",
                            owner=cast.head, respond_by=date(2026, 4, 1), at=RECORDED)
    change_feedback(feedback, acting_user=cast.head.user, status=ResponseStatus.DONE, response="Done", at=CHANGED)

    feedback.refresh_from_db()
    assert feedback.created_at == RECORDED
    assert [(row.history_date, row.created_at) for row in feedback.history.order_by("history_id")] == [
        (RECORDED, RECORDED), (CHANGED, RECORDED),
    ]


def test_without_a_moment_it_is_now(cast):
    before = timezone.now()
    made = meeting(cast)
    made.refresh_from_db()
    assert before <= made.created_at <= timezone.now()
    assert all(before <= row.history_date <= timezone.now() for row in made.history.all())
