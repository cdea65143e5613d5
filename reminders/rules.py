"""Who is reminded of what, on which day: pure functions of dates and settings, no database.

- A digest goes out on working days only (not weekends, not England's bank holidays).
- A duty enters the digest `lead_days` before it falls due: by its frequency (weekly 2 days,
  monthly 7, quarterly and longer 14; settings), or as its responsibility says.
- An overdue duty escalates to the owner's line manager once it is `ESCALATE_TO_MANAGER`
  working days late, and to their head of service at `ESCALATE_TO_HEAD`.
"""

from datetime import date, timedelta

from django.conf import settings

from core.working_days import is_working_day, working_days_between

# Frequencies whose period is a quarter or longer get the long lead time.
LONG = {"quarterly", "six_monthly", "annual", "financial_year", "bimonthly"}
SHORT = {"weekly"}


def lead_days(frequency: str, override: int | None = None) -> int:
    """How many days before its due date a duty is first mentioned."""
    if override is not None:
        return override
    leads = settings.REMINDER_LEAD_DAYS
    if frequency in SHORT:
        return leads["weekly"]
    if frequency in LONG:
        return leads["quarterly"]
    return leads["monthly"]


def is_digest_day(day: date) -> bool:
    return is_working_day(day) or not settings.REMINDER_WORKING_DAYS_ONLY


def falls_in_lead(due_on: date, today: date, frequency: str, override: int | None = None) -> bool:
    """Due within its lead time from today, and not yet late."""
    return today <= due_on <= today + timedelta(days=lead_days(frequency, override))


def working_days_late(due_on: date, today: date) -> int:
    """Working days since the day it fell due: due yesterday (a working day) is 1 day late."""
    return working_days_between(due_on, today) if today > due_on else 0


def escalation_level(due_on: date, today: date) -> str | None:
    """None, "manager" or "head": how far up the line an overdue duty has gone by today."""
    late = working_days_late(due_on, today)
    if late >= settings.ESCALATE_TO_HEAD_DAYS:
        return "head"
    if late >= settings.ESCALATE_TO_MANAGER_DAYS:
        return "manager"
    return None
