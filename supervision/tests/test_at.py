"""A session or PDR written up afterwards carries the moment it tells of (`at=`): its `created_at`
and its history, each change at its own moment. Without `at`, the moment is now."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from core.periods import LONDON
from supervision.actions import record_pdr, record_session, update_pdr, update_session
from supervision.models import Kind, Outcome

pytestmark = pytest.mark.django_db

HELD_ON = date(2026, 3, 2)
RECORDED = datetime(2026, 3, 2, 16, tzinfo=LONDON)
CHANGED = datetime(2026, 3, 5, 9, 30, tzinfo=LONDON)


def test_a_session_and_its_change_carry_the_moments_given(cast):
    session, _ = record_session(
        acting_user=cast.team_leader.user, supervisor=cast.team_leader, supervisee=cast.practitioner,
        held_on=HELD_ON, kind=Kind.CASE, outcome=Outcome.CANCELLED, cancelled_reason="Off sick", at=RECORDED,
    )
    assert session.created_at == RECORDED
    update_session(session, acting_user=cast.team_leader.user, held_on=HELD_ON, kind=Kind.CASE,
                   outcome=Outcome.HELD, notes="Held after all", at=CHANGED)

    session.refresh_from_db()
    assert session.created_at == RECORDED
    history = session.history.order_by("history_id")
    assert [(row.history_change_reason, row.history_date) for row in history] == [
        ("recorded as cancelled", RECORDED), ("recorded as held", CHANGED),
    ]
    assert {row.created_at for row in history} == {RECORDED}


def test_a_pdr_and_its_change_carry_the_moments_given(cast):
    pdr, _ = record_pdr(acting_user=cast.team_leader.user, appraiser=cast.team_leader, appraisee=cast.practitioner,
                        held_on=HELD_ON, summary="A good year", at=RECORDED)
    update_pdr(pdr, acting_user=cast.team_leader.user, held_on=HELD_ON, summary="A very good year", at=CHANGED)

    pdr.refresh_from_db()
    assert pdr.created_at == RECORDED
    history = pdr.history.order_by("history_id")
    assert [(row.history_change_reason, row.history_date, row.created_at) for row in history] == [
        ("recorded", RECORDED, RECORDED), ("changed", CHANGED, RECORDED),
    ]


def test_without_a_moment_it_is_now(cast):
    before = timezone.now()
    session, _ = record_session(acting_user=cast.team_leader.user, supervisor=cast.team_leader,
                                supervisee=cast.practitioner, held_on=HELD_ON, kind=Kind.CASE)
    session.refresh_from_db()
    assert before <= session.created_at <= timezone.now()
    assert before <= session.history.get().history_date <= timezone.now()
