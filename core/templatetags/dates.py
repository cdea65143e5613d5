"""Dates as people write them: "31 March" this year, "31 March 2026" in any other.

Each filter takes the day it is read on (an e-mail's day); pages may leave it out, for today.
"""

from datetime import date

from django import template
from django.utils.dateformat import format as format_date

from core import clock

register = template.Library()


def _with_year(value: date, today: date | None, fmt: str) -> str:
    if not value:
        return ""
    if value.year != (today or clock.today()).year:
        fmt += " Y"
    return format_date(value, fmt)


@register.filter
def day_month(value: date, today: date | None = None) -> str:
    """'31 March', or '31 March 2026' when that is not this year."""
    return _with_year(value, today, "j F")


@register.filter
def weekday_day_month(value: date, today: date | None = None) -> str:
    """'Tuesday 31 March', or 'Tuesday 31 March 2026' when that is not this year."""
    return _with_year(value, today, "l j F")
