"""Tests for core.periods: pure calendar maths, so no database and no Django."""

import ast
import dataclasses
import itertools
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from core.periods import (
    LONDON,
    PERIODIC,
    UNSCHEDULED,
    Period,
    financial_year_start,
    local_date,
    next_period,
    period_containing,
    periods_between,
)

D = date.fromisoformat


def P(start: str, end: str) -> Period:
    return Period(D(start), D(end))


# (frequency, day, expected start, expected end), all with the default April financial year.
CONTAINING = [
    # weekly: Monday to Sunday
    ("weekly", "2026-04-06", "2026-04-06", "2026-04-12"),
    ("weekly", "2026-04-12", "2026-04-06", "2026-04-12"),
    ("weekly", "2026-04-05", "2026-03-30", "2026-04-05"),
    ("weekly", "2026-04-13", "2026-04-13", "2026-04-19"),
    ("weekly", "2026-03-31", "2026-03-30", "2026-04-05"),
    ("weekly", "2026-04-01", "2026-03-30", "2026-04-05"),
    ("weekly", "2025-12-31", "2025-12-29", "2026-01-04"),
    ("weekly", "2026-01-01", "2025-12-29", "2026-01-04"),
    ("weekly", "2026-12-31", "2026-12-28", "2027-01-03"),
    ("weekly", "2027-01-01", "2026-12-28", "2027-01-03"),
    ("weekly", "2024-12-31", "2024-12-30", "2025-01-05"),
    ("weekly", "2024-02-29", "2024-02-26", "2024-03-03"),
    ("weekly", "2028-02-29", "2028-02-28", "2028-03-05"),
    ("weekly", "2100-02-28", "2100-02-22", "2100-02-28"),
    ("weekly", "2100-03-01", "2100-03-01", "2100-03-07"),
    # fortnightly: anchored on Monday 1 April 2024, never restarting at a year boundary
    ("fortnightly", "2024-04-01", "2024-04-01", "2024-04-14"),
    ("fortnightly", "2024-04-14", "2024-04-01", "2024-04-14"),
    ("fortnightly", "2024-04-15", "2024-04-15", "2024-04-28"),
    ("fortnightly", "2024-03-31", "2024-03-18", "2024-03-31"),
    ("fortnightly", "2024-03-25", "2024-03-18", "2024-03-31"),
    ("fortnightly", "2024-03-18", "2024-03-18", "2024-03-31"),
    ("fortnightly", "2024-03-17", "2024-03-04", "2024-03-17"),
    ("fortnightly", "2024-02-29", "2024-02-19", "2024-03-03"),
    ("fortnightly", "2028-02-29", "2028-02-28", "2028-03-12"),
    ("fortnightly", "2019-04-01", "2019-03-25", "2019-04-07"),
    ("fortnightly", "2019-01-01", "2018-12-31", "2019-01-13"),
    ("fortnightly", "2000-01-01", "1999-12-27", "2000-01-09"),
    ("fortnightly", "2031-12-01", "2031-12-01", "2031-12-14"),
    ("fortnightly", "2031-12-31", "2031-12-29", "2032-01-11"),
    ("fortnightly", "2050-06-15", "2050-06-06", "2050-06-19"),
    ("fortnightly", "2024-12-31", "2024-12-23", "2025-01-05"),
    ("fortnightly", "2025-01-01", "2024-12-23", "2025-01-05"),
    ("fortnightly", "2025-12-31", "2025-12-22", "2026-01-04"),
    ("fortnightly", "2026-01-01", "2025-12-22", "2026-01-04"),
    ("fortnightly", "2026-03-31", "2026-03-30", "2026-04-12"),
    ("fortnightly", "2026-04-01", "2026-03-30", "2026-04-12"),
    # monthly: calendar month
    ("monthly", "2026-04-01", "2026-04-01", "2026-04-30"),
    ("monthly", "2026-04-30", "2026-04-01", "2026-04-30"),
    ("monthly", "2026-03-31", "2026-03-01", "2026-03-31"),
    ("monthly", "2026-05-01", "2026-05-01", "2026-05-31"),
    ("monthly", "2025-12-31", "2025-12-01", "2025-12-31"),
    ("monthly", "2026-01-01", "2026-01-01", "2026-01-31"),
    ("monthly", "2024-02-28", "2024-02-01", "2024-02-29"),
    ("monthly", "2024-02-29", "2024-02-01", "2024-02-29"),
    ("monthly", "2024-03-01", "2024-03-01", "2024-03-31"),
    ("monthly", "2028-02-29", "2028-02-01", "2028-02-29"),
    ("monthly", "2023-02-28", "2023-02-01", "2023-02-28"),
    ("monthly", "2000-02-29", "2000-02-01", "2000-02-29"),
    ("monthly", "2100-02-28", "2100-02-01", "2100-02-28"),
    ("monthly", "2100-03-01", "2100-03-01", "2100-03-31"),
    # bimonthly: Apr-May, Jun-Jul, Aug-Sep, Oct-Nov, Dec-Jan, Feb-Mar
    ("bimonthly", "2026-04-01", "2026-04-01", "2026-05-31"),
    ("bimonthly", "2026-05-31", "2026-04-01", "2026-05-31"),
    ("bimonthly", "2026-03-31", "2026-02-01", "2026-03-31"),
    ("bimonthly", "2026-06-01", "2026-06-01", "2026-07-31"),
    ("bimonthly", "2026-08-15", "2026-08-01", "2026-09-30"),
    ("bimonthly", "2026-10-01", "2026-10-01", "2026-11-30"),
    ("bimonthly", "2026-11-30", "2026-10-01", "2026-11-30"),
    ("bimonthly", "2026-12-01", "2026-12-01", "2027-01-31"),
    ("bimonthly", "2026-12-31", "2026-12-01", "2027-01-31"),
    ("bimonthly", "2027-01-01", "2026-12-01", "2027-01-31"),
    ("bimonthly", "2027-01-31", "2026-12-01", "2027-01-31"),
    ("bimonthly", "2027-02-01", "2027-02-01", "2027-03-31"),
    ("bimonthly", "2025-01-15", "2024-12-01", "2025-01-31"),
    ("bimonthly", "2024-02-29", "2024-02-01", "2024-03-31"),
    ("bimonthly", "2028-02-29", "2028-02-01", "2028-03-31"),
    ("bimonthly", "2100-02-28", "2100-02-01", "2100-03-31"),
    # quarterly: Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar
    ("quarterly", "2026-04-01", "2026-04-01", "2026-06-30"),
    ("quarterly", "2026-06-30", "2026-04-01", "2026-06-30"),
    ("quarterly", "2026-07-01", "2026-07-01", "2026-09-30"),
    ("quarterly", "2026-09-30", "2026-07-01", "2026-09-30"),
    ("quarterly", "2026-10-01", "2026-10-01", "2026-12-31"),
    ("quarterly", "2026-03-31", "2026-01-01", "2026-03-31"),
    ("quarterly", "2026-12-31", "2026-10-01", "2026-12-31"),
    ("quarterly", "2027-01-01", "2027-01-01", "2027-03-31"),
    ("quarterly", "2024-02-29", "2024-01-01", "2024-03-31"),
    ("quarterly", "2100-02-28", "2100-01-01", "2100-03-31"),
    # six_monthly: Apr-Sep, Oct-Mar
    ("six_monthly", "2026-04-01", "2026-04-01", "2026-09-30"),
    ("six_monthly", "2026-09-30", "2026-04-01", "2026-09-30"),
    ("six_monthly", "2026-10-01", "2026-10-01", "2027-03-31"),
    ("six_monthly", "2026-03-31", "2025-10-01", "2026-03-31"),
    ("six_monthly", "2026-12-31", "2026-10-01", "2027-03-31"),
    ("six_monthly", "2027-01-01", "2026-10-01", "2027-03-31"),
    ("six_monthly", "2024-02-29", "2023-10-01", "2024-03-31"),
    # annual and financial_year: 1 April to 31 March
    *[
        (frequency, day, start, end)
        for frequency in ("annual", "financial_year")
        for day, start, end in [
            ("2026-04-01", "2026-04-01", "2027-03-31"),
            ("2026-03-31", "2025-04-01", "2026-03-31"),
            ("2027-03-31", "2026-04-01", "2027-03-31"),
            ("2027-04-01", "2027-04-01", "2028-03-31"),
            ("2026-12-31", "2026-04-01", "2027-03-31"),
            ("2027-01-01", "2026-04-01", "2027-03-31"),
            ("2024-02-29", "2023-04-01", "2024-03-31"),
            ("2100-02-28", "2099-04-01", "2100-03-31"),
        ]
    ],
]


@pytest.mark.parametrize(("frequency", "day", "start", "end"), CONTAINING)
def test_period_containing(frequency, day, start, end):
    period = period_containing(frequency, D(day))
    assert period == P(start, end)
    assert D(day) in period


# (frequency, start_month, day, expected start, expected end) for financial years not starting in April.
CONTAINING_OTHER_START = [
    ("annual", 1, "2026-01-01", "2026-01-01", "2026-12-31"),
    ("annual", 1, "2025-12-31", "2025-01-01", "2025-12-31"),
    ("financial_year", 1, "2026-06-15", "2026-01-01", "2026-12-31"),
    ("financial_year", 1, "2024-02-29", "2024-01-01", "2024-12-31"),
    ("quarterly", 1, "2026-03-31", "2026-01-01", "2026-03-31"),
    ("quarterly", 1, "2026-04-01", "2026-04-01", "2026-06-30"),
    ("quarterly", 1, "2026-12-31", "2026-10-01", "2026-12-31"),
    ("six_monthly", 1, "2026-06-30", "2026-01-01", "2026-06-30"),
    ("six_monthly", 1, "2026-07-01", "2026-07-01", "2026-12-31"),
    ("six_monthly", 1, "2026-12-31", "2026-07-01", "2026-12-31"),
    ("bimonthly", 1, "2026-01-01", "2026-01-01", "2026-02-28"),
    ("bimonthly", 1, "2024-02-29", "2024-01-01", "2024-02-29"),
    ("bimonthly", 1, "2026-12-31", "2026-11-01", "2026-12-31"),
    ("bimonthly", 1, "2026-04-01", "2026-03-01", "2026-04-30"),
    ("monthly", 1, "2026-04-15", "2026-04-01", "2026-04-30"),
    ("weekly", 1, "2026-01-01", "2025-12-29", "2026-01-04"),
    ("fortnightly", 1, "2024-04-01", "2024-04-01", "2024-04-14"),
    ("annual", 7, "2026-06-30", "2025-07-01", "2026-06-30"),
    ("annual", 7, "2026-07-01", "2026-07-01", "2027-06-30"),
    ("financial_year", 7, "2027-01-01", "2026-07-01", "2027-06-30"),
    ("quarterly", 7, "2026-06-30", "2026-04-01", "2026-06-30"),
    ("quarterly", 7, "2026-07-01", "2026-07-01", "2026-09-30"),
    ("six_monthly", 7, "2026-12-31", "2026-07-01", "2026-12-31"),
    ("six_monthly", 7, "2027-01-01", "2027-01-01", "2027-06-30"),
    ("bimonthly", 7, "2026-07-01", "2026-07-01", "2026-08-31"),
    ("bimonthly", 7, "2026-12-31", "2026-11-01", "2026-12-31"),
    ("bimonthly", 7, "2027-01-01", "2027-01-01", "2027-02-28"),
    ("fortnightly", 7, "2026-04-01", "2026-03-30", "2026-04-12"),
    ("annual", 10, "2026-09-30", "2025-10-01", "2026-09-30"),
    ("six_monthly", 10, "2026-04-01", "2026-04-01", "2026-09-30"),
    ("six_monthly", 10, "2026-10-01", "2026-10-01", "2027-03-31"),
    ("annual", 12, "2026-11-30", "2025-12-01", "2026-11-30"),
    ("annual", 12, "2026-12-01", "2026-12-01", "2027-11-30"),
    ("bimonthly", 12, "2026-12-15", "2026-12-01", "2027-01-31"),
    ("bimonthly", 3, "2026-01-15", "2026-01-01", "2026-02-28"),
    ("quarterly", 2, "2026-12-15", "2026-11-01", "2027-01-31"),
    ("quarterly", 2, "2026-02-01", "2026-02-01", "2026-04-30"),
]


@pytest.mark.parametrize(
    ("frequency", "start_month", "day", "start", "end"), CONTAINING_OTHER_START
)
def test_period_containing_other_start_month(frequency, start_month, day, start, end):
    assert period_containing(frequency, D(day), start_month) == P(start, end)


@pytest.mark.parametrize(
    ("day", "start_month", "expected"),
    [
        ("2026-04-01", 4, "2026-04-01"),
        ("2026-03-31", 4, "2025-04-01"),
        ("2026-12-31", 4, "2026-04-01"),
        ("2027-01-01", 4, "2026-04-01"),
        ("2027-03-31", 4, "2026-04-01"),
        ("2024-02-29", 4, "2023-04-01"),
        ("2026-01-01", 1, "2026-01-01"),
        ("2026-12-31", 1, "2026-01-01"),
        ("2026-06-30", 7, "2025-07-01"),
        ("2026-07-01", 7, "2026-07-01"),
        ("2026-11-30", 12, "2025-12-01"),
        ("2026-12-01", 12, "2026-12-01"),
    ],
)
def test_financial_year_start(day, start_month, expected):
    assert financial_year_start(D(day), start_month) == D(expected)


def test_financial_year_start_defaults_to_april():
    assert financial_year_start(D("2026-03-31")) == D("2025-04-01")


@pytest.mark.parametrize("start_month", [0, 13, -1, 100])
def test_bad_start_month_raises(start_month):
    with pytest.raises(ValueError):
        financial_year_start(D("2026-04-01"), start_month)
    with pytest.raises(ValueError):
        period_containing("quarterly", D("2026-04-01"), start_month)
    with pytest.raises(ValueError):
        periods_between("annual", D("2026-04-01"), D("2027-04-01"), start_month)


# (aware datetime, London calendar date). 2026 clocks go forward 29 Mar 01:00 UTC, back 25 Oct 01:00 UTC.
LOCAL_DATES = [
    (datetime(2026, 3, 28, 23, 59, tzinfo=UTC), "2026-03-28"),
    (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "2026-03-29"),
    (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "2026-03-29"),
    (datetime(2026, 3, 29, 22, 59, tzinfo=UTC), "2026-03-29"),
    (datetime(2026, 3, 29, 23, 0, tzinfo=UTC), "2026-03-30"),
    (datetime(2026, 10, 24, 22, 59, tzinfo=UTC), "2026-10-24"),
    (datetime(2026, 10, 24, 23, 0, tzinfo=UTC), "2026-10-25"),
    (datetime(2026, 10, 25, 0, 59, tzinfo=UTC), "2026-10-25"),
    (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), "2026-10-25"),
    (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), "2026-10-25"),
    (datetime(2026, 10, 25, 23, 59, tzinfo=UTC), "2026-10-25"),
    (datetime(2026, 3, 31, 22, 59, tzinfo=UTC), "2026-03-31"),
    (datetime(2026, 3, 31, 23, 30, tzinfo=UTC), "2026-04-01"),
    (datetime(2026, 6, 30, 23, 0, tzinfo=UTC), "2026-07-01"),
    (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "2026-12-31"),
    (datetime(2027, 1, 1, 0, 0, tzinfo=UTC), "2027-01-01"),
    (datetime(2024, 2, 29, 23, 59, tzinfo=UTC), "2024-02-29"),
    (datetime(2026, 4, 1, 0, 30, tzinfo=LONDON), "2026-04-01"),
    (datetime(2026, 10, 25, 1, 30, tzinfo=LONDON, fold=1), "2026-10-25"),
    (datetime(2026, 1, 1, 5, 0, tzinfo=timezone(timedelta(hours=10))), "2025-12-31"),
    (datetime(2026, 3, 31, 20, 0, tzinfo=timezone(timedelta(hours=-5))), "2026-04-01"),
]


@pytest.mark.parametrize(("now", "expected"), LOCAL_DATES)
def test_local_date(now, expected):
    assert local_date(now) == D(expected)


def test_late_utc_31_march_is_already_the_new_financial_year():
    day = local_date(datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    assert financial_year_start(day) == D("2026-04-01")
    assert period_containing("financial_year", day) == P("2026-04-01", "2027-03-31")
    assert period_containing("quarterly", day).label("quarterly") == "Q1 2026/27"


def test_late_utc_31_december_is_still_the_old_year_in_gmt():
    day = local_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert period_containing("monthly", day) == P("2026-12-01", "2026-12-31")
    assert period_containing("annual", day, start_month=1) == P(
        "2026-01-01", "2026-12-31"
    )


@pytest.mark.parametrize(
    "now",
    [datetime(2026, 4, 1), datetime(2026, 3, 31, 23, 30), datetime(2024, 2, 29, 12)],
)
def test_local_date_rejects_naive_datetime(now):
    with pytest.raises(ValueError):
        local_date(now)


UNKNOWN = ["daily", "", "Weekly", "monthly ", "yearly", "quarter", "biweekly", None]


@pytest.mark.parametrize("frequency", UNKNOWN)
def test_unknown_frequency_raises(frequency):
    with pytest.raises(ValueError):
        period_containing(frequency, D("2026-04-01"))
    with pytest.raises(ValueError):
        periods_between(frequency, D("2026-04-01"), D("2026-05-01"))
    with pytest.raises(ValueError):
        periods_between(frequency, D("2026-05-01"), D("2026-04-01"))
    with pytest.raises(ValueError):
        next_period(frequency, P("2026-04-01", "2026-04-30"))
    with pytest.raises(ValueError):
        P("2026-04-01", "2026-04-30").label(frequency)


@pytest.mark.parametrize("frequency", UNSCHEDULED)
def test_unscheduled_frequencies_have_no_periods(frequency):
    assert period_containing(frequency, D("2026-04-01")) is None
    assert period_containing(frequency, D("2024-02-29"), start_month=7) is None
    assert periods_between(frequency, D("2026-01-01"), D("2027-12-31")) == []
    with pytest.raises(ValueError):
        next_period(frequency, P("2026-04-01", "2026-04-30"))
    with pytest.raises(ValueError):
        P("2026-04-01", "2026-04-30").label(frequency)


def test_frequency_lists_are_disjoint():
    assert len(PERIODIC) == 8
    assert len(UNSCHEDULED) == 4
    assert not set(PERIODIC) & set(UNSCHEDULED)


# (frequency, period, expected number of days)
LENGTHS = [
    ("weekly", P("2026-03-23", "2026-03-29"), 7),
    ("fortnightly", P("2026-03-16", "2026-03-29"), 14),
    ("monthly", P("2024-02-01", "2024-02-29"), 29),
    ("monthly", P("2028-02-01", "2028-02-29"), 29),
    ("monthly", P("2000-02-01", "2000-02-29"), 29),
    ("monthly", P("2023-02-01", "2023-02-28"), 28),
    ("monthly", P("2100-02-01", "2100-02-28"), 28),
    ("bimonthly", P("2024-02-01", "2024-03-31"), 60),
    ("bimonthly", P("2100-02-01", "2100-03-31"), 59),
    ("bimonthly", P("2026-12-01", "2027-01-31"), 62),
    ("quarterly", P("2024-01-01", "2024-03-31"), 91),
    ("quarterly", P("2100-01-01", "2100-03-31"), 90),
    ("six_monthly", P("2023-10-01", "2024-03-31"), 183),
    ("six_monthly", P("2024-10-01", "2025-03-31"), 182),
    ("annual", P("2023-04-01", "2024-03-31"), 366),
    ("annual", P("2024-04-01", "2025-03-31"), 365),
    ("financial_year", P("2027-04-01", "2028-03-31"), 366),
    ("financial_year", P("2099-04-01", "2100-03-31"), 365),
]


@pytest.mark.parametrize(("frequency", "period", "days"), LENGTHS)
def test_period_lengths(frequency, period, days):
    assert period_containing(frequency, period.start) == period
    assert period.days == days


def test_calendar_year_2024_has_366_days():
    assert period_containing("annual", D("2024-02-29"), start_month=1).days == 366


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        ("2026-03-31", False),
        ("2026-04-01", True),
        ("2026-04-15", True),
        ("2026-04-30", True),
        ("2026-05-01", False),
    ],
)
def test_period_contains(day, inside):
    assert (D(day) in P("2026-04-01", "2026-04-30")) is inside


def test_period_is_frozen_ordered_and_checked():
    april, may = P("2026-04-01", "2026-04-30"), P("2026-05-01", "2026-05-31")
    assert april < may
    assert sorted([may, april]) == [april, may]
    assert P("2026-04-01", "2026-04-01").days == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        april.start = D("2026-04-02")
    with pytest.raises(ValueError):
        P("2026-04-30", "2026-04-01")


# (frequency, period, expected next period)
NEXT = [
    ("weekly", P("2026-12-28", "2027-01-03"), P("2027-01-04", "2027-01-10")),
    ("fortnightly", P("2024-03-18", "2024-03-31"), P("2024-04-01", "2024-04-14")),
    ("fortnightly", P("2026-03-30", "2026-04-12"), P("2026-04-13", "2026-04-26")),
    ("monthly", P("2024-02-01", "2024-02-29"), P("2024-03-01", "2024-03-31")),
    ("monthly", P("2026-12-01", "2026-12-31"), P("2027-01-01", "2027-01-31")),
    ("bimonthly", P("2026-10-01", "2026-11-30"), P("2026-12-01", "2027-01-31")),
    ("bimonthly", P("2026-12-01", "2027-01-31"), P("2027-02-01", "2027-03-31")),
    ("bimonthly", P("2027-02-01", "2027-03-31"), P("2027-04-01", "2027-05-31")),
    ("quarterly", P("2026-01-01", "2026-03-31"), P("2026-04-01", "2026-06-30")),
    ("quarterly", P("2026-10-01", "2026-12-31"), P("2027-01-01", "2027-03-31")),
    ("six_monthly", P("2026-10-01", "2027-03-31"), P("2027-04-01", "2027-09-30")),
    ("annual", P("2025-04-01", "2026-03-31"), P("2026-04-01", "2027-03-31")),
    ("financial_year", P("2099-04-01", "2100-03-31"), P("2100-04-01", "2101-03-31")),
]


@pytest.mark.parametrize(("frequency", "period", "expected"), NEXT)
def test_next_period(frequency, period, expected):
    assert next_period(frequency, period) == expected


@pytest.mark.parametrize("start_month", [4, 1, 7])
@pytest.mark.parametrize("frequency", PERIODIC)
def test_next_period_chain_has_no_gaps_or_overlaps(frequency, start_month):
    period = period_containing(frequency, D("2025-01-01"), start_month)
    chain = [period]
    while chain[-1].end < D("2027-12-31"):
        chain.append(next_period(frequency, chain[-1], start_month))
    for before, after in itertools.pairwise(chain):
        assert after.start == before.end + timedelta(days=1)
        assert after == period_containing(frequency, after.start, start_month)
    assert chain[0].start <= D("2025-01-01") and chain[-1].end >= D("2027-12-31")
    assert sum(p.days for p in chain) == (chain[-1].end - chain[0].start).days + 1


# (frequency, first, last, start_month, expected periods)
BETWEEN = [
    (
        "monthly",
        "2026-01-15",
        "2026-04-01",
        4,
        [
            P("2026-01-01", "2026-01-31"),
            P("2026-02-01", "2026-02-28"),
            P("2026-03-01", "2026-03-31"),
            P("2026-04-01", "2026-04-30"),
        ],
    ),
    (
        "quarterly",
        "2026-03-31",
        "2026-04-01",
        4,
        [P("2026-01-01", "2026-03-31"), P("2026-04-01", "2026-06-30")],
    ),
    ("weekly", "2026-04-06", "2026-04-12", 4, [P("2026-04-06", "2026-04-12")]),
    (
        "weekly",
        "2026-04-05",
        "2026-04-13",
        4,
        [
            P("2026-03-30", "2026-04-05"),
            P("2026-04-06", "2026-04-12"),
            P("2026-04-13", "2026-04-19"),
        ],
    ),
    (
        "fortnightly",
        "2024-03-31",
        "2024-04-01",
        4,
        [P("2024-03-18", "2024-03-31"), P("2024-04-01", "2024-04-14")],
    ),
    (
        "bimonthly",
        "2026-11-30",
        "2027-02-01",
        4,
        [
            P("2026-10-01", "2026-11-30"),
            P("2026-12-01", "2027-01-31"),
            P("2027-02-01", "2027-03-31"),
        ],
    ),
    (
        "annual",
        "2024-01-01",
        "2026-12-31",
        4,
        [
            P("2023-04-01", "2024-03-31"),
            P("2024-04-01", "2025-03-31"),
            P("2025-04-01", "2026-03-31"),
            P("2026-04-01", "2027-03-31"),
        ],
    ),
    (
        "annual",
        "2024-01-01",
        "2026-12-31",
        1,
        [
            P("2024-01-01", "2024-12-31"),
            P("2025-01-01", "2025-12-31"),
            P("2026-01-01", "2026-12-31"),
        ],
    ),
    ("six_monthly", "2026-09-30", "2026-10-01", 7, [P("2026-07-01", "2026-12-31")]),
    ("monthly", "2026-04-15", "2026-04-15", 4, [P("2026-04-01", "2026-04-30")]),
    ("monthly", "2026-04-15", "2026-04-10", 4, []),
    ("quarterly", "2027-01-01", "2026-01-01", 4, []),
]


@pytest.mark.parametrize(
    ("frequency", "first", "last", "start_month", "expected"), BETWEEN
)
def test_periods_between(frequency, first, last, start_month, expected):
    assert periods_between(frequency, D(first), D(last), start_month) == expected


@pytest.mark.parametrize(
    ("frequency", "first", "last", "start_month", "count"),
    [
        ("weekly", "2026-01-01", "2026-12-31", 4, 53),
        ("fortnightly", "2026-04-01", "2027-03-31", 4, 27),
        ("monthly", "2024-01-01", "2026-12-31", 4, 36),
        ("bimonthly", "2026-04-01", "2027-03-31", 4, 6),
        ("bimonthly", "2026-01-01", "2026-12-31", 4, 7),
        ("quarterly", "2026-01-01", "2026-12-31", 1, 4),
        ("quarterly", "2026-01-01", "2026-12-31", 4, 4),
        ("six_monthly", "2026-01-01", "2026-12-31", 4, 3),
        ("financial_year", "2026-04-01", "2027-03-31", 4, 1),
    ],
)
def test_periods_between_count(frequency, first, last, start_month, count):
    periods = periods_between(frequency, D(first), D(last), start_month)
    assert len(periods) == count
    assert D(first) in periods[0] and D(last) in periods[-1]


# (frequency, period, start_month, expected label)
LABELS = [
    ("weekly", P("2026-04-06", "2026-04-12"), 4, "Week of 6 Apr 2026"),
    ("weekly", P("2026-12-28", "2027-01-03"), 4, "Week of 28 Dec 2026"),
    ("fortnightly", P("2026-04-06", "2026-04-19"), 4, "Fortnight of 6 Apr 2026"),
    ("fortnightly", P("2026-03-30", "2026-04-12"), 4, "Fortnight of 30 Mar 2026"),
    ("monthly", P("2026-04-01", "2026-04-30"), 4, "April 2026"),
    ("monthly", P("2026-09-01", "2026-09-30"), 4, "September 2026"),
    ("monthly", P("2024-02-01", "2024-02-29"), 4, "February 2024"),
    ("bimonthly", P("2026-04-01", "2026-05-31"), 4, "Apr-May 2026"),
    ("bimonthly", P("2026-08-01", "2026-09-30"), 4, "Aug-Sep 2026"),
    ("bimonthly", P("2026-12-01", "2027-01-31"), 4, "Dec 2026-Jan 2027"),
    ("bimonthly", P("2027-02-01", "2027-03-31"), 4, "Feb-Mar 2027"),
    ("quarterly", P("2026-04-01", "2026-06-30"), 4, "Q1 2026/27"),
    ("quarterly", P("2026-07-01", "2026-09-30"), 4, "Q2 2026/27"),
    ("quarterly", P("2026-10-01", "2026-12-31"), 4, "Q3 2026/27"),
    ("quarterly", P("2027-01-01", "2027-03-31"), 4, "Q4 2026/27"),
    ("quarterly", P("2026-01-01", "2026-03-31"), 4, "Q4 2025/26"),
    ("quarterly", P("2026-01-01", "2026-03-31"), 1, "Q1 2026"),
    ("quarterly", P("2026-10-01", "2026-12-31"), 1, "Q4 2026"),
    ("quarterly", P("2026-07-01", "2026-09-30"), 7, "Q1 2026/27"),
    ("quarterly", P("2026-04-01", "2026-06-30"), 7, "Q4 2025/26"),
    ("six_monthly", P("2026-04-01", "2026-09-30"), 4, "H1 2026/27"),
    ("six_monthly", P("2026-10-01", "2027-03-31"), 4, "H2 2026/27"),
    ("six_monthly", P("2026-07-01", "2026-12-31"), 1, "H2 2026"),
    ("annual", P("2026-04-01", "2027-03-31"), 4, "2026/27"),
    ("financial_year", P("2026-04-01", "2027-03-31"), 4, "2026/27"),
    ("financial_year", P("2099-04-01", "2100-03-31"), 4, "2099/00"),
    ("annual", P("2026-01-01", "2026-12-31"), 1, "2026"),
    ("financial_year", P("2026-07-01", "2027-06-30"), 7, "2026/27"),
]


@pytest.mark.parametrize(("frequency", "period", "start_month", "expected"), LABELS)
def test_label(frequency, period, start_month, expected):
    assert period.label(frequency, start_month) == expected


@pytest.mark.parametrize(
    ("frequency", "period", "expected"),
    [
        ("quarterly", P("2026-04-01", "2026-06-30"), "Q1 2026/27"),
        ("six_monthly", P("2026-10-01", "2027-03-31"), "H2 2026/27"),
        ("annual", P("2026-01-01", "2026-12-31"), "2026"),
        ("financial_year", P("2025-04-01", "2026-03-31"), "2025/26"),
    ],
)
def test_label_without_start_month_assumes_april_but_years_label_themselves(
    frequency, period, expected
):
    assert period.label(frequency) == expected


DAY_RANGES = {
    "weekly": {7},
    "fortnightly": {14},
    "monthly": {28, 29, 30, 31},
    "bimonthly": {59, 60, 61, 62},
    "quarterly": {90, 91, 92},
    "six_monthly": {181, 182, 183, 184},
    "annual": {365, 366},
    "financial_year": {365, 366},
}


@pytest.mark.parametrize("start_month", [4, 1, 7])
@pytest.mark.parametrize("frequency", PERIODIC)
def test_every_day_2023_to_2029(frequency, start_month):
    day, last = D("2023-01-01"), D("2029-12-31")
    seen = set()
    while day <= last:
        period = period_containing(frequency, day, start_month)
        assert day in period
        assert period_containing(frequency, period.start, start_month) == period
        assert period_containing(frequency, period.end, start_month) == period
        assert period.days in DAY_RANGES[frequency]
        if frequency in ("weekly", "fortnightly"):
            assert period.start.weekday() == 0
        else:
            assert period.start.day == 1 and (period.end + timedelta(days=1)).day == 1
        seen.add(period)
        day += timedelta(days=1)
    labels = {period.label(frequency, start_month) for period in seen}
    assert len(labels) == len(seen)


def test_module_is_pure_stdlib():
    tree = ast.parse((Path(__file__).parents[1] / "periods.py").read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "calendar", "dataclasses", "datetime", "zoneinfo"}
