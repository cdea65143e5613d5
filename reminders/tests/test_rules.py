"""Who is reminded of what on which day: lead times, working days, escalation levels."""

from datetime import date

import pytest

from reminders import rules


@pytest.mark.parametrize(
    "frequency, override, expected",
    [
        ("weekly", None, 2),
        ("fortnightly", None, 7),
        ("monthly", None, 7),
        ("bimonthly", None, 14),
        ("quarterly", None, 14),
        ("six_monthly", None, 14),
        ("annual", None, 14),
        ("financial_year", None, 14),
        ("monthly", 3, 3),
        ("quarterly", 0, 0),
    ],
)
def test_lead_days_by_frequency_or_as_the_responsibility_says(frequency, override, expected):
    assert rules.lead_days(frequency, override) == expected


@pytest.mark.parametrize(
    "due_on, today, frequency, expected",
    [
        (date(2026, 11, 30), date(2026, 11, 23), "monthly", True),  # 7 days ahead
        (date(2026, 12, 1), date(2026, 11, 23), "monthly", False),  # 8 days ahead
        (date(2026, 11, 25), date(2026, 11, 23), "weekly", True),
        (date(2026, 11, 26), date(2026, 11, 23), "weekly", False),
        (date(2026, 12, 7), date(2026, 11, 23), "quarterly", True),
        (date(2026, 11, 22), date(2026, 11, 23), "monthly", False),  # late: overdue, not due soon
        (date(2026, 11, 23), date(2026, 11, 23), "monthly", True),  # due today
    ],
)
def test_falls_in_lead(due_on, today, frequency, expected):
    assert rules.falls_in_lead(due_on, today, frequency) is expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day (substitute day)
        (date(2027, 3, 29), False),  # Easter Monday 2027
        (date(2026, 8, 31), False),  # Summer bank holiday
    ],
)
def test_digests_go_out_on_working_days_only(day, expected):
    assert rules.is_digest_day(day) is expected


@pytest.mark.parametrize(
    "due_on, today, late, level",
    [
        (date(2026, 11, 20), date(2026, 11, 20), 0, None),
        (date(2026, 11, 20), date(2026, 11, 23), 1, None),  # Friday to Monday: one working day
        (date(2026, 11, 20), date(2026, 11, 27), 5, "manager"),
        (date(2026, 11, 20), date(2026, 11, 26), 4, None),
        (date(2026, 12, 18), date(2027, 1, 4), 8, "manager"),  # 25, 28 Dec and 1 Jan are bank holidays
        (date(2026, 10, 30), date(2026, 11, 27), 20, "head"),
        (date(2026, 10, 30), date(2026, 11, 26), 19, "manager"),
    ],
)
def test_escalation_counts_working_days_late(settings, due_on, today, late, level):
    settings.ESCALATE_TO_MANAGER_DAYS, settings.ESCALATE_TO_HEAD_DAYS = 5, 20
    assert rules.working_days_late(due_on, today) == late
    assert rules.escalation_level(due_on, today) == level
