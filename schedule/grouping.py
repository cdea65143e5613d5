"""Many duties of one responsibility, owed by one person, shown as one line.

Coverage duties come in their hundreds: the Head of Safeguarding Monitoring owes "a case of every
case-holder audited this year" once for each case-holder, and a head of service who let a duty
slip for years owes it once for every period missed. My duties shows, in each of its sections
(overdue, due this period, coming up, recently finished), the duties of one responsibility as
one line with its counts when there are GROUP_FROM or more; the responsibility's own page lists
them a page at a time. The groups are counted by the database (one query) and their duties are
not read for My duties at all.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, CharField, Count, Max, Min, Q, Value, When
from django.urls import reverse

from .models import OUTSTANDING, Duty, Responsibility, State, Status, state_condition

GROUP_FROM = 6  # duties of one responsibility in one section that make a group
RECENT_DAYS = 30  # "recently finished": done or waived within this many days

OVERDUE, THIS_PERIOD, COMING_UP, FINISHED = "overdue", "this_period", "coming_up", "finished"
SECTIONS = (OVERDUE, THIS_PERIOD, COMING_UP, FINISHED)
STATE_ORDER = [State.OVERDUE, State.OPEN, State.DONE, State.WAIVED]  # a group's duties, as they stand today


def section_conditions(today: date) -> dict[str, Q]:
    """Which of a person's duties each section of My duties holds: overdue by the due date, on
    the day asked."""
    recent = today - timedelta(days=RECENT_DAYS)
    not_yet_due = state_condition(State.OPEN, today)
    return {
        OVERDUE: state_condition(State.OVERDUE, today),
        THIS_PERIOD: not_yet_due & Q(period_start__lte=today),
        COMING_UP: not_yet_due & Q(period_start__gt=today),
        FINISHED: Q(status=Status.DONE, completed_on__gte=recent) | Q(status=Status.WAIVED, waived_on__gte=recent),
    }


def section_of(duty, today: date) -> str | None:
    """The section of My duties a duty of one's own is in (section_conditions, for one duty read)."""
    if duty.is_overdue(today):
        return OVERDUE
    if duty.is_outstanding:
        return THIS_PERIOD if duty.period_start <= today else COMING_UP
    if duty.status in (Status.DONE, Status.WAIVED):
        return FINISHED if duty.finished_on >= today - timedelta(days=RECENT_DAYS) else None
    return None


@dataclass
class DutyGroup:
    section: str
    responsibility: Responsibility
    total: int
    open: int
    overdue: int
    done: int
    waived: int
    first_due: date
    last_due: date

    @property
    def url(self) -> str:
        status = {OVERDUE: State.OVERDUE, THIS_PERIOD: State.OPEN, COMING_UP: State.OPEN}.get(self.section, "")
        url = reverse("schedule:duty_group", args=[self.responsibility.pk])
        return f"{url}?status={status}" if status else url


def large_groups(staff, today: date) -> list[DutyGroup]:
    """The groups of this person's duties on My duties, by section and responsibility: two queries."""
    conditions = section_conditions(today)
    rows = list(
        Duty.objects.filter(owner=staff)
        .filter(Q(status__in=OUTSTANDING) | conditions[FINISHED])
        .annotate(section=Case(*(When(q, then=Value(name)) for name, q in conditions.items()),
                               output_field=CharField()))
        .exclude(section=None)
        .values("section", "responsibility_id")
        .annotate(
            total=Count("id"), first_due=Min("due_on"), last_due=Max("due_on"),
            **{state.value: Count("id", filter=state_condition(state, today)) for state in STATE_ORDER},
        )
        .filter(total__gte=GROUP_FROM)
        .order_by("section", "first_due", "responsibility_id")
    )
    responsibilities = Responsibility.objects.select_related("role").in_bulk({row["responsibility_id"] for row in rows})
    return [DutyGroup(responsibility=responsibilities[row.pop("responsibility_id")], **row) for row in rows]


def outside(groups: list[DutyGroup], today: date) -> Q:
    """Duties that are in none of these groups."""
    conditions = section_conditions(today)
    inside = Q(pk__in=[])
    for group in groups:
        inside |= Q(responsibility_id=group.responsibility.pk) & conditions[group.section]
    return ~inside
