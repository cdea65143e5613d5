"""A case list loaded afterwards carries the moment it was uploaded (`at=`) in the cases' history:
new cases and changed ones alike. Without `at`, the moment is now."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from cases.importing import import_cases
from cases.models import Case
from core.periods import LONDON

pytestmark = pytest.mark.django_db

HEADER = "case_reference,case_holder,opened_on,closed_on\n"
FIRST = datetime(2026, 3, 2, 9, 30, tzinfo=LONDON)
SECOND = datetime(2026, 4, 6, 9, 30, tzinfo=LONDON)


def test_the_uploads_carry_the_moments_given(cast):
    number = cast.practitioner.staff_number
    import_cases(HEADER + f"CR-1001,{number},2025-06-01,\nCR-1002,{number},2025-07-01,\n", today=date(2026, 3, 2),
                 acting_user=None, at=FIRST)
    import_cases(HEADER + f"CR-1001,{number},2025-06-01,2026-04-01\nCR-1002,{number},2025-07-01,\n",
                 today=date(2026, 4, 6), acting_user=None, at=SECOND)

    closed, still_open = Case.objects.get(reference="CR-1001"), Case.objects.get(reference="CR-1002")
    assert [row.history_date for row in closed.history.order_by("history_id")] == [FIRST, SECOND]
    assert [row.history_date for row in still_open.history.all()] == [FIRST]  # listed again, unchanged


def test_without_a_moment_it_is_now(cast):
    before = timezone.now()
    import_cases(HEADER + f"CR-1001,{cast.practitioner.staff_number},2025-06-01,\n", today=date(2026, 3, 2),
                 acting_user=None)
    assert before <= Case.objects.get().history.get().history_date <= timezone.now()
