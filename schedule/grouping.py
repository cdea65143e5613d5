"""Many duties of one responsibility and one period, owed by one person, shown as one line.

Coverage duties come in their hundreds: the Head of Safeguarding Monitoring owes "a case of every
case-holder audited this year" once for each case-holder. My duties shows such a group as one line
with its counts, and the group's own page lists its duties a page at a time. The groups are
counted by the database (one query), and their duties are not read for My duties at all.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse

from core import periods

from .models import Responsibility, Status

GROUP_FROM = 6  # duties of one responsibility and period that make a group


@dataclass
class DutyGroup:
    responsibility: Responsibility
    frequency: str
    period_start: date
    period_end: date
    total: int
    open: int
    overdue: int
    done: int
    waived: int

    @property
    def period_label(self) -> str:
        period = periods.Period(self.period_start, self.period_end)
        return period.label(self.frequency, settings.FINANCIAL_YEAR_START_MONTH)

    @property
    def url(self) -> str:
        return reverse("schedule:duty_group", args=[self.responsibility.pk, self.period_start.isoformat()])

    def as_q(self) -> Q:
        return Q(responsibility_id=self.responsibility.pk, period_start=self.period_start)


def large_groups(duties) -> list[DutyGroup]:
    """The groups of GROUP_FROM or more of these duties (one person's, of periods from the table)
    that share a responsibility and a period, with how many are in each state: two queries."""
    rows = list(
        duties.planned()
        .values("responsibility_id", "frequency", "period_start", "period_end")
        .annotate(
            total=Count("id"),
            **{state: Count("id", filter=Q(status=state)) for state in ("open", "overdue", "done", "waived")},
        )
        .filter(total__gte=GROUP_FROM)
        .order_by("period_start", "responsibility_id")
    )
    responsibilities = Responsibility.objects.select_related("role").in_bulk({row["responsibility_id"] for row in rows})
    return [DutyGroup(responsibilities[row.pop("responsibility_id")], **row) for row in rows]


def outside(groups: list[DutyGroup]) -> Q:
    """Duties that are not in any of these groups."""
    inside = Q(pk__in=[])
    for group in groups:
        inside |= group.as_q()
    return ~inside


STATUS_ORDER = [Status.OVERDUE, Status.OPEN, Status.DONE, Status.WAIVED]
