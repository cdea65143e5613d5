"""An action raised afterwards carries the moment it was raised (`at=`), and so does the plan it
starts: their `created_at` and their history (the action's themes too). Without `at`, now."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from audits.tests.factories import AuditFactory
from core.periods import LONDON
from learning.models import Level
from learning.plans import raise_action

from .factories import theme

pytestmark = pytest.mark.django_db

RAISED = datetime(2026, 2, 3, 10, 30, tzinfo=LONDON)


def raise_one(cast, **fields):
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-777")
    return raise_action(acting_user=cast.team_leader.user, source=audit, owner=cast.practitioner,
                        description="Update the chronology", due_on=date(2026, 3, 3), level=Level.CASEWORK, **fields)


def test_the_action_and_its_plan_carry_the_moment_given(cast):
    action = raise_one(cast, themes=[theme("Chronologies")], at=RAISED)
    action.refresh_from_db()
    assert (action.created_at, action.plan.created_at) == (RAISED, RAISED)
    # Raised, then its themes set.
    assert [(row.history_date, row.created_at) for row in action.history.all()] == [(RAISED, RAISED)] * 2
    assert [(row.history_date, row.created_at) for row in action.plan.history.all()] == [(RAISED, RAISED)]


def test_without_a_moment_it_is_now(cast):
    before = timezone.now()
    action = raise_one(cast)
    action.refresh_from_db()
    assert before <= action.created_at <= timezone.now() and before <= action.plan.created_at <= timezone.now()
    assert before <= action.history.get().history_date <= timezone.now()
