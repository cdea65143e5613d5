"""The council's calendar maths: which period of a given frequency contains a date.

Pure stdlib, no Django, so it can be tested and reused without a database.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

PERIODIC = (
    "weekly",
    "fortnightly",
    "monthly",
    "bimonthly",
    "quarterly",
    "six_monthly",
    "annual",
    "financial_year",
)
UNSCHEDULED = ("on_event", "as_required", "statutory", "ongoing")

# Fortnights run forever from one fixed Monday so they never restart at a year boundary.
FORTNIGHT_ANCHOR = date(2024, 4, 1)

# Months in each block; every value divides 12 so blocks line up with the financial year.
_BLOCK_MONTHS = {
    "monthly": 1,
    "bimonthly": 2,
    "quarterly": 3,
    "six_monthly": 6,
    "annual": 12,
    "financial_year": 12,
}

# Spelled out rather than taken from calendar/strftime, which follow the process locale.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _abbr(day: date) -> str:
    return _MONTHS[day.month - 1][:3]


def _check_start_month(start_month: int) -> None:
    if not 1 <= start_month <= 12:
        raise ValueError(f"start_month must be 1..12, not {start_month!r}")


def _fy_label(fy_start: date) -> str:
    if fy_start.month == 1:
        return str(fy_start.year)
    return f"{fy_start.year}/{(fy_start.year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Period:
    start: date  # first day, inclusive
    end: date  # last day, inclusive

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(
                f"period ends ({self.end}) before it starts ({self.start})"
            )

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self, frequency: str, start_month: int = 4) -> str:
        # start_month only matters for numbering quarters and halves; a year labels itself.
        start, end = self.start, self.end
        if frequency == "weekly":
            return f"Week of {start.day} {_abbr(start)} {start.year}"
        if frequency == "fortnightly":
            return f"Fortnight of {start.day} {_abbr(start)} {start.year}"
        if frequency == "monthly":
            return f"{_MONTHS[start.month - 1]} {start.year}"
        if frequency == "bimonthly":
            if start.year == end.year:
                return f"{_abbr(start)}-{_abbr(end)} {start.year}"
            return f"{_abbr(start)} {start.year}-{_abbr(end)} {end.year}"
        if frequency in ("annual", "financial_year"):
            return _fy_label(start)
        if frequency in ("quarterly", "six_monthly"):
            fy_start = financial_year_start(start, start_month)
            months_in = (start.year - fy_start.year) * 12 + start.month - fy_start.month
            prefix = "Q" if frequency == "quarterly" else "H"
            return f"{prefix}{months_in // _BLOCK_MONTHS[frequency] + 1} {_fy_label(fy_start)}"
        raise ValueError(f"no label for frequency {frequency!r}")


def local_date(now: datetime) -> date:
    """The Europe/London calendar date of an aware datetime. Raise ValueError for a naive datetime."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(
            "local_date needs an aware datetime; a naive one has no defined local day"
        )
    return now.astimezone(LONDON).date()


def financial_year_start(day: date, start_month: int = 4) -> date:
    """First day of the financial year containing day (1 April by default)."""
    _check_start_month(start_month)
    year = day.year if day.month >= start_month else day.year - 1
    return date(year, start_month, 1)


def _month_block(day: date, months: int, start_month: int) -> Period:
    # Count months from year 0 so blocks that cross 31 December (e.g. Dec-Jan) need no special case.
    index = day.year * 12 + day.month - 1
    first = index - (index - (start_month - 1)) % months
    after = first + months
    start = date(first // 12, first % 12 + 1, 1)
    return Period(start, date(after // 12, after % 12 + 1, 1) - timedelta(days=1))


def period_containing(frequency: str, day: date, start_month: int = 4) -> Period | None:
    """The period of this frequency containing day; None for UNSCHEDULED frequencies.

    ValueError for an unknown frequency."""
    _check_start_month(start_month)
    if frequency in UNSCHEDULED:
        return None
    if frequency == "weekly":
        start = day - timedelta(days=day.weekday())
        return Period(start, start + timedelta(days=6))
    if frequency == "fortnightly":
        # Floor division keeps days before the anchor in the right block too.
        start = FORTNIGHT_ANCHOR + timedelta(
            days=(day - FORTNIGHT_ANCHOR).days // 14 * 14
        )
        return Period(start, start + timedelta(days=13))
    if frequency in _BLOCK_MONTHS:
        return _month_block(day, _BLOCK_MONTHS[frequency], start_month)
    raise ValueError(f"unknown frequency {frequency!r}")


def next_period(frequency: str, period: Period, start_month: int = 4) -> Period:
    """The period straight after `period` (= period_containing(frequency, period.end + 1 day))."""
    following = period_containing(
        frequency, period.end + timedelta(days=1), start_month
    )
    if following is None:
        raise ValueError(f"{frequency!r} is unscheduled, so has no next period")
    return following


def periods_between(
    frequency: str, first: date, last: date, start_month: int = 4
) -> list[Period]:
    """Every period of this frequency that overlaps [first, last], in order. [] for unscheduled."""
    period = period_containing(frequency, first, start_month)
    if last < first:
        return []  # an empty range, e.g. work that has not started yet, overlaps nothing
    found = []
    while period is not None and period.start <= last:
        found.append(period)
        period = next_period(frequency, period, start_month)
    return found
