"""A case: who may see it, whether it is open on a day, what its reference may look like."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases.dates import months_before
from cases.models import Case
from cases.references import is_case_reference, validate_case_reference
from people.tests.factories import UserFactory

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(cast):
    return {
        "practitioner's": CaseFactory(reference="CR-PRAC", case_holder=cast.practitioner),
        "nqsw's": CaseFactory(reference="CR-NQSW", case_holder=cast.nqsw),
        "unallocated in A": CaseFactory(reference="CR-UNA", case_holder=None, team=cast.team_a),
        "unallocated in B": CaseFactory(reference="CR-UNB", case_holder=None, team=cast.team_b),
        "nowhere": CaseFactory(reference="CR-NONE", case_holder=None, team=None),
        "outsider's": CaseFactory(reference="CR-OUT", case_holder=cast.outsider),
    }


def visible(user) -> list[str]:
    return list(Case.objects.visible_to(user).values_list("reference", flat=True))


def test_each_sees_the_cases_of_the_people_they_may_see(cast, cases):
    assert visible(cast.practitioner.user) == ["CR-PRAC"]
    # The team leader manages team A's practitioners, so sees its unallocated cases too.
    assert visible(cast.team_leader.user) == ["CR-NQSW", "CR-PRAC", "CR-UNA"]
    # The head of service sees team A's members (not team B's: it has none).
    assert visible(cast.head.user) == ["CR-NQSW", "CR-PRAC", "CR-UNA"]
    assert visible(cast.outsider.user) == ["CR-OUT"]
    assert visible(UserFactory(is_superuser=True)) == ["CR-NONE", "CR-NQSW", "CR-OUT", "CR-PRAC", "CR-UNA", "CR-UNB"]
    assert visible(UserFactory()) == []  # no staff record


def test_open_on_a_day(cast):
    CaseFactory(reference="CR-A", opened_on=date(2026, 4, 1))
    CaseFactory(reference="CR-B", opened_on=date(2026, 4, 16))
    CaseFactory(reference="CR-C", opened_on=date(2026, 1, 1), closed_on=date(2026, 4, 15))
    CaseFactory(reference="CR-D", opened_on=date(2026, 1, 1), closed_on=date(2026, 4, 16))
    CaseFactory(reference="CR-E", opened_on=date(2026, 1, 1), transferred_on=date(2026, 4, 14))
    CaseFactory(reference="CR-F", opened_on=date(2026, 1, 1), transferred_on=date(2026, 5, 1))
    day = date(2026, 4, 15)
    assert list(Case.objects.open_on(day).values_list("reference", flat=True)) == ["CR-A", "CR-D", "CR-F"]
    assert [case.reference for case in Case.objects.all() if case.is_open_on(day)] == ["CR-A", "CR-D", "CR-F"]
    assert list(Case.objects.ended().values_list("reference", flat=True)) == ["CR-C", "CR-D", "CR-E", "CR-F"]


def test_ended_on_is_the_first_of_closure_and_transfer():
    case = Case(reference="CR-1", opened_on=date(2026, 1, 1))
    assert (case.ended_on, case.status_label) == (None, "Open")
    case.transferred_on, case.closed_on = date(2026, 3, 1), date(2026, 4, 1)
    assert (case.ended_on, case.status_label) == (date(2026, 3, 1), "Transferred")
    case.closed_on = date(2026, 2, 1)
    assert (case.ended_on, case.status_label) == (date(2026, 2, 1), "Closed")


@pytest.mark.parametrize("text, ok", [
    ("CR-1001", True), ("12345", True), ("AB/2026/17", True), ("ab", False), ("Jane Smith", False),
    ("-CR1", False), ("CR-1001\n", False), ("X" * 31, False), ("Jayden-Smith", False), ("JaydenSmith", False),
])
def test_what_a_case_reference_looks_like(text, ok):
    assert is_case_reference(text) is ok
    if not ok:
        with pytest.raises(ValidationError):
            validate_case_reference(text)


def test_the_pattern_is_the_councils_setting(settings):
    settings.CASE_REFERENCE_PATTERN = r"^\d{6}$"
    assert is_case_reference("123456") and not is_case_reference("CR-1001")


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 4, 15), 12, date(2025, 4, 15)),
    (date(2026, 5, 31), 3, date(2026, 2, 28)),
    (date(2028, 2, 29), 12, date(2027, 2, 28)),
    (date(2026, 1, 10), 3, date(2025, 10, 10)),
])
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected
