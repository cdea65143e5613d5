"""An observation written up afterwards carries the moment it tells of (`at=`): its `created_at` and
its history, each change at its own moment. Without `at`, the moment is now."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from core.periods import LONDON
from observations.actions import change_observation, record_feedback, record_observation
from observations.models import Setting

pytestmark = pytest.mark.django_db

RECORDED = datetime(2026, 3, 2, 16, 5, tzinfo=LONDON)
FEEDBACK = datetime(2026, 3, 4, 17, 30, tzinfo=LONDON)
CHANGED = datetime(2026, 3, 9, 8, 45, tzinfo=LONDON)


def observe(cast, **fields):
    observation, _ = record_observation(
        acting_user=cast.team_leader.user, practitioner=cast.practitioner, observed_on=date(2026, 3, 2),
        setting=Setting.HOME_VISIT, went_well="Warm and clear with the family", **fields,
    )
    return observation


def test_an_observation_and_its_changes_carry_the_moments_given(cast):
    observation = observe(cast, at=RECORDED)
    assert observation.created_at == RECORDED
    record_feedback(observation, acting_user=cast.team_leader.user, on=date(2026, 3, 4), at=FEEDBACK)
    change_observation(observation, acting_user=cast.team_leader.user, to_develop="The child's words", at=CHANGED)

    observation.refresh_from_db()
    assert observation.created_at == RECORDED
    history = observation.history.order_by("history_id")
    assert [(row.history_change_reason, row.history_date) for row in history] == [
        ("recorded", RECORDED), ("feedback given", FEEDBACK), ("changed", CHANGED),
    ]
    assert {row.created_at for row in history} == {RECORDED}


def test_without_a_moment_it_is_now(cast):
    before = timezone.now()
    observation = observe(cast)
    observation.refresh_from_db()
    assert before <= observation.created_at <= timezone.now()
    assert before <= observation.history.get().history_date <= timezone.now()
