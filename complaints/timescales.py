"""The statutory timescales of the Children Act 1989 representations procedure, in working
days from the day the stage was asked for (day 0): pure, no database.

Stage 1 (local resolution): 10 working days, extendable to 20.
Stage 2 (investigation): 25 working days, extendable to 65.
Stage 3 (review panel): held within 30 working days of the request; not extendable.
"""

from dataclasses import dataclass
from datetime import date

from core.working_days import add_working_days


@dataclass(frozen=True)
class Timescale:
    name: str
    working_days: int
    longest: int  # the most an extension may allow

    @property
    def extendable(self) -> bool:
        return self.longest > self.working_days


TIMESCALES = {
    1: Timescale("Local resolution", 10, 20),
    2: Timescale("Investigation", 25, 65),
    3: Timescale("Review panel", 30, 30),
}
LAST_STAGE = 3


def due_on(stage: int, requested_on: date) -> date:
    """When the stage's response is due without an extension."""
    return add_working_days(requested_on, TIMESCALES[stage].working_days)


def latest_due_on(stage: int, requested_on: date) -> date:
    """The latest date an extension may set: the statutory maximum."""
    return add_working_days(requested_on, TIMESCALES[stage].longest)
