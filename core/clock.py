"""Today, as the council's calendar has it: the one place the portal reads the date from the clock.

Whatever depends on today's date (whether an action, a duty or a review is overdue) takes `today`
as an argument; the pages, tasks and commands that start the work ask here.
"""

from datetime import date

from django.utils import timezone

from .periods import local_date


def today() -> date:
    """Today's Europe/London date."""
    return local_date(timezone.now())
