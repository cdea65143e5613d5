"""Working days for the statutory timescales of the complaints procedure: pure date maths, no
database. Weekends and England's bank holidays (from the maintained `holidays` library, not a
hand-kept list) are not working days. The day a complaint or request is received is day 0, so
the response to a complaint received on a Friday is due 10 working days later counting from the
Monday.
"""

from datetime import date, timedelta
from functools import cache

import holidays

ONE_DAY = timedelta(days=1)


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays in a year, substitute days included ("Boxing Day (observed)")."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (day 0; itself a working day or not). n=0 is `start`."""
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    day = start
    while n:
        day += ONE_DAY
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """How many working days after `a`, up to and including `b`: so that
    working_days_between(a, add_working_days(a, n)) == n. Negative when `b` is before `a`."""
    if b < a:
        return -working_days_between(b, a)
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        count += is_working_day(day)
    return count
