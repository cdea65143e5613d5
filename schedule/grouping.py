"""My duties, section by section: a compact table a manager with forty duties scans in one screen.

A person's duties fall in four sections (overdue, due this period, coming up, done or waived in
the last RECENT_DAYS days), each one table of one row per duty. Where one responsibility gives
GROUP_FROM or more duties in a section (a monthly supervision of each of nine supervisees, a
coverage duty about every case-holder, a duty missed period after period) they are one row,
"Monthly supervision: 9 people", that opens to show them. Coverage duties come in their
hundreds (the Head of Safeguarding Monitoring owes "a case of every case-holder audited this
year" once for each case-holder), so a group shows its first GROUP_SHOWS duties and links to the
responsibility's own page, a page at a time, for the rest.

Two queries, however many duties and groups: one counts each section's duties of each
responsibility (the groups), one reads the duties, at most GROUP_SHOWS of each responsibility in
each section (numbered by a window function in the database).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, CharField, Count, F, Max, Min, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from .models import OUTSTANDING, Duty, Responsibility, State, Status, state_condition

GROUP_FROM = 3  # duties of one responsibility in one section that are one row
GROUP_SHOWS = 25  # the duties a group shows when opened; the rest are on the responsibility's page
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


def _in_sections(staff, today: date):
    """This person's duties in any section, each annotated with its section's name."""
    conditions = section_conditions(today)
    return (
        Duty.objects.filter(owner=staff)
        .filter(Q(status__in=OUTSTANDING) | conditions[FINISHED])
        .annotate(section=Case(*(When(q, then=Value(name)) for name, q in conditions.items()),
                               output_field=CharField()))
        .exclude(section=None)
    )


@dataclass
class DutyGroup:
    """GROUP_FROM or more duties of one responsibility in one section of My duties: one row."""

    section: str
    responsibility: Responsibility
    total: int
    open: int
    overdue: int
    done: int
    waived: int
    first_due: date
    last_due: date
    people: int  # how many people the duties are about
    teams: int  # how many teams
    duties: list = field(default_factory=list)  # the first GROUP_SHOWS of them

    is_group = True  # a row of its section that stands for many

    @property
    def url(self) -> str:
        """The responsibility's own page, with this section's duties."""
        return f"{reverse('schedule:duty_group', args=[self.responsibility.pk])}?section={self.section}"

    @property
    def more(self) -> bool:
        """Whether some of its duties are only on the responsibility's page."""
        return self.total > len(self.duties)

    @property
    def noun(self) -> str:
        """What its duties are about, counted: one duty per person, per team or per case."""
        if self.people == self.total:
            return "people"
        if self.teams == self.total:
            return "teams"
        if all(duty.case_reference for duty in self.duties):
            return "cases"
        return "duties"

    @property
    def finished_on(self) -> date | None:
        return max((duty.finished_on for duty in self.duties), default=None)


@dataclass
class Section:
    """One section of My duties: its rows in the order shown (duties, and groups standing for many)."""

    name: str
    rows: list = field(default_factory=list)

    @property
    def duties(self) -> list[Duty]:
        """Its duties shown on rows of their own."""
        return [row for row in self.rows if not isinstance(row, DutyGroup)]

    @property
    def groups(self) -> list[DutyGroup]:
        return [row for row in self.rows if isinstance(row, DutyGroup)]

    @property
    def count(self) -> int:
        return sum(row.total if isinstance(row, DutyGroup) else 1 for row in self.rows)

    @property
    def finished(self) -> bool:
        return self.name == FINISHED

    @property
    def actions(self) -> bool:
        """Whether its rows offer what to do: the duties owed now, not those of the next period or done."""
        return self.name in (OVERDUE, THIS_PERIOD)


def _groups(staff, today: date) -> dict[tuple[str, int], dict]:
    """The counts of each (section, responsibility) with GROUP_FROM or more duties: one query."""
    rows = (
        _in_sections(staff, today)
        .values("section", "responsibility_id")
        .annotate(
            total=Count("id"), first_due=Min("due_on"), last_due=Max("due_on"),
            people=Count("subject_staff", distinct=True), teams=Count("subject_team", distinct=True),
            **{state.value: Count("id", filter=state_condition(state, today)) for state in STATE_ORDER},
        )
        .filter(total__gte=GROUP_FROM)
        .order_by()
    )
    return {(row.pop("section"), row.pop("responsibility_id")): row for row in rows}


def _duties(staff, today: date) -> list[Duty]:
    """The duties of each section, at most GROUP_SHOWS of each responsibility in each: one query.
    Each carries `section` and `position` (its place among its responsibility's in the section)."""
    position = Window(
        RowNumber(),
        partition_by=[F("section"), F("responsibility_id")],
        order_by=[F("due_on").asc(), F("subject_staff__name").asc(nulls_first=True),
                  F("subject_team__name").asc(nulls_first=True), F("case_reference").asc(), F("id").asc()],
    )
    return list(
        _in_sections(staff, today).with_related().annotate(position=position)
        .filter(position__lte=GROUP_SHOWS)
        .order_by("due_on", "id")
    )


def my_sections(staff, today: date) -> dict[str, Section]:
    """This person's sections of My duties, by name, each with its rows in order: overdue, due
    and coming up soonest first; done or waived most recent first. Two queries."""
    counts = _groups(staff, today)
    sections = {name: Section(name) for name in SECTIONS}
    groups: dict[tuple[str, int], DutyGroup] = {}
    for duty in _duties(staff, today):
        key = (duty.section, duty.responsibility_id)
        if key not in counts:
            sections[duty.section].rows.append(duty)
            continue
        if key not in groups:
            groups[key] = DutyGroup(section=duty.section, responsibility=duty.responsibility, **counts[key])
            sections[duty.section].rows.append(groups[key])
        groups[key].duties.append(duty)
    for group in groups.values():
        group.duties.sort(key=lambda duty: duty.position)
    for section in sections.values():
        if section.finished:
            section.rows.sort(key=lambda row: row.finished_on, reverse=True)
        else:
            section.rows.sort(key=lambda row: (row.first_due, 0) if isinstance(row, DutyGroup) else (row.due_on, 1))
    return sections
