"""Working days across weekends, England's bank holidays and year ends: no database."""

from datetime import date, timedelta

import pytest

from core.working_days import add_working_days, is_working_day, working_days_between

D = date


@pytest.mark.parametrize("start, n, expected", [
    # Christmas and New Year
    (D(2025, 12, 19), 10, D(2026, 1, 7)),  # Friday: Christmas, Boxing Day and New Year's Day skipped
    (D(2025, 12, 24), 1, D(2025, 12, 29)),
    (D(2025, 12, 31), 1, D(2026, 1, 2)),  # across the year end, past New Year's Day
    (D(2026, 12, 17), 10, D(2027, 1, 5)),  # Boxing Day 2026 on a Saturday: Monday 28th is the holiday
    (D(2026, 12, 24), 1, D(2026, 12, 29)),
    (D(2027, 12, 23), 3, D(2027, 12, 30)),  # both 2027 holidays at a weekend: Monday and Tuesday observed
    (D(2026, 11, 30), 30, D(2027, 1, 14)),  # a stage 3 panel across Christmas and the year end
    # Easter
    (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Maundy Thursday: Good Friday and Easter Monday skipped
    (D(2026, 4, 1), 10, D(2026, 4, 17)),
    (D(2025, 4, 17), 1, D(2025, 4, 22)),
    (D(2027, 3, 25), 1, D(2027, 3, 30)),  # Easter in March
    (D(2026, 1, 5), 65, D(2026, 4, 8)),  # a stage 2 at its longest, across Easter
    # The May and August bank holidays
    (D(2026, 5, 1), 1, D(2026, 5, 5)),  # early May
    (D(2026, 5, 22), 1, D(2026, 5, 26)),  # late May (spring)
    (D(2027, 5, 28), 1, D(2027, 6, 1)),
    (D(2026, 8, 28), 1, D(2026, 9, 1)),  # late summer
    (D(2025, 8, 22), 1, D(2025, 8, 26)),
    (D(2026, 8, 3), 25, D(2026, 9, 8)),  # a stage 2 across the August bank holiday
    # Starting on a weekend or a holiday: that day is still day 0
    (D(2026, 1, 10), 1, D(2026, 1, 12)),  # Saturday
    (D(2026, 1, 11), 10, D(2026, 1, 23)),  # Sunday
    (D(2026, 4, 3), 1, D(2026, 4, 7)),  # Good Friday
    (D(2025, 12, 25), 1, D(2025, 12, 29)),  # Christmas Day
    (D(2026, 1, 1), 10, D(2026, 1, 15)),  # New Year's Day
    # No holidays: weeks of five days
    (D(2026, 6, 1), 20, D(2026, 6, 29)),
    (D(2026, 6, 3), 10, D(2026, 6, 17)),
    (D(2026, 1, 10), 0, D(2026, 1, 10)),  # day 0 is the day itself, working or not
])
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize("a, b, expected", [
    (D(2026, 6, 3), D(2026, 6, 3), 0),
    (D(2025, 12, 19), D(2026, 1, 7), 10),
    (D(2026, 1, 7), D(2025, 12, 19), -10),  # negative: already past
    (D(2026, 1, 9), D(2026, 1, 12), 1),  # Friday to Monday
    (D(2026, 1, 10), D(2026, 1, 11), 0),  # a weekend has none
    (D(2026, 12, 24), D(2026, 12, 29), 1),
    (D(2026, 12, 24), D(2027, 1, 4), 4),  # 29, 30, 31 December and 4 January
    (D(2025, 12, 31), D(2026, 12, 31), 253),  # 2026: 261 weekdays less 8 bank holidays on weekdays
    (D(2026, 12, 31), D(2027, 12, 31), 253),  # 2027: 261 weekdays less 8, Christmas and Boxing Day observed
])
def test_working_days_between(a, b, expected):
    assert working_days_between(a, b) == expected


@pytest.mark.parametrize("day, working", [
    (D(2026, 12, 28), False),  # Boxing Day (observed)
    (D(2027, 12, 27), False),
    (D(2027, 12, 28), False),
    (D(2026, 5, 4), False),
    (D(2026, 8, 31), False),
    (D(2026, 3, 17), True),  # St Patrick's Day is a holiday in Northern Ireland, not England
    (D(2026, 8, 3), True),  # Scotland's summer holiday, not England's
    (D(2026, 1, 2), True),  # Scotland's 2 January, not England's
    (D(2026, 11, 28), False),  # a Saturday
])
def test_is_working_day_follows_england(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize("n", [1, 10, 20, 25, 30, 65])
def test_the_two_functions_agree_on_every_start_across_three_years(n):
    start = D(2025, 1, 1)
    for offset in range(3 * 365):
        day = start + timedelta(days=offset)
        due = add_working_days(day, n)
        assert working_days_between(day, due) == n
        assert is_working_day(due)
        assert working_days_between(day, due - timedelta(days=1)) == n - 1


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1)
