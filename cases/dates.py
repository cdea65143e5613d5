"""Calendar months for the case list: 'the last 12 months', 'the last 3 months', 'May 2026'.
Pure functions of a date, like core.periods."""

import calendar
from datetime import date

from core import periods


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier; the month's last day where it is shorter
    (31 May less 3 months is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_of(day: date) -> periods.Period:
    return periods.period_containing("monthly", day)


def month_key(month: periods.Period) -> str:
    return f"{month.start.year:04d}-{month.start.month:02d}"
