"""A standard added or changed afterwards carries the moment it was (`at=`): its `created_at` and
its history. Without `at`, the moment is now."""

from datetime import datetime

import pytest
from django.utils import timezone

from core.periods import LONDON
from standards.actions import add_standard, change_standard

from .factories import StandardFactory

pytestmark = pytest.mark.django_db

ADDED = datetime(2026, 3, 2, 9, tzinfo=LONDON)
CHANGED = datetime(2026, 3, 9, 11, tzinfo=LONDON)


def test_the_standard_and_its_change_carry_the_moments_given(cast):
    standard = add_standard(StandardFactory.build(owner=cast.head), acting_user=cast.head.user, at=ADDED)
    assert standard.created_at == ADDED
    standard.version = "1.1"
    change_standard(standard, acting_user=cast.head.user, at=CHANGED)

    standard.refresh_from_db()
    assert standard.created_at == ADDED
    assert [(row.history_change_reason, row.history_date, row.created_at)
            for row in standard.history.order_by("history_id")] == [
        ("added to the library", ADDED, ADDED), ("changed", CHANGED, ADDED),
    ]


def test_without_a_moment_it_is_now(cast):
    before = timezone.now()
    standard = add_standard(StandardFactory.build(owner=cast.head), acting_user=cast.head.user)
    standard.refresh_from_db()
    assert before <= standard.created_at <= timezone.now()
    assert before <= standard.history.get().history_date <= timezone.now()
    assert standard.history.get().history_user == cast.head.user
