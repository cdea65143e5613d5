"""Actions from QA: are the actions that audits, observations, complaints and learning themes call
for being done? Open, overdue and done, by source and by owner; how long they take; the oldest
overdue.

The rules:
- An action counts when its owner is among the staff in scope and the user may see it.
- Overdue is read from the date, by learning's rule (Action.state): not done, and due before
  today. Open: not done, and due today or later (open or in progress).
- Open and overdue are as they stand today, whatever the period; done counts the actions
  completed in the period (by their completion date).
- The source is the record the action's plan is of (an audit, an observation, a complaint); a
  plan of a learning theme and no record is "theme"; no plan, or a plan of another kind of
  record, is "other". It is worked out once, in the rows, and the figures group by it.
- By owner: the ten people with the most actions open or overdue.
- Median days to complete: of the actions done in the period, the days from the day each was
  raised to the day it was completed; the middle one, or halfway between the middle two. The
  database counts them and hands back only the middle one or two.
- The oldest overdue: the five that fell due longest ago.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import TruncDate
from django.http import Http404

from core.exports import Column
from learning.models import OUTSTANDING, Action, State, Status, state_condition

from . import charts, rows
from .figures import Figure, Panel, Table
from .scope import Scope

# The records an action plan may be of, as (source, app label, model name).
RECORDS = [
    ("audit", "audits", "audit"),
    ("observation", "observations", "observation"),
    ("complaint", "complaints", "complaint"),
]
SOURCES = {
    "audit": "Case file audits",
    "observation": "Observations of practice",
    "complaint": "Complaints",
    "theme": "Learning themes",
    "other": "Other",
}
STATES = {"open": "Open", "overdue": "Overdue", "done": "Done"}
TOP_OWNERS = 10
OLDEST = 5

SOURCE = Case(
    *[
        When(plan__source_type__app_label=app, plan__source_type__model=model, then=Value(source))
        for source, app, model in RECORDS
    ],
    When(plan__source_type__isnull=True, plan__theme__isnull=False, then=Value("theme")),
    default=Value("other"),
    output_field=CharField(),
)


def states(scope: Scope) -> dict[str, Q]:
    """Each state as a condition on the date, as of the scope's day and for its period."""
    overdue = state_condition(State.OVERDUE, scope.today)
    return {
        "open": Q(status__in=OUTSTANDING) & ~overdue,
        "overdue": overdue,
        "done": Q(status=Status.DONE, completed_on__range=(scope.period.start, scope.period.end)),
    }


def actions(scope: Scope):
    """The actions the panel counts: open or overdue now, or done in the period, with their source
    and state worked out."""
    conditions = states(scope)
    return (
        Action.objects.visible_to(scope.user)
        .filter(scope.staff("owner"))
        .filter(conditions["open"] | conditions["overdue"] | conditions["done"])
        .annotate(
            source=SOURCE,
            state=Case(
                *[When(condition, then=Value(key)) for key, condition in conditions.items()], output_field=CharField()
            ),
        )
    )


def _state(queryset, value, scope):
    if value not in STATES:
        raise Http404("No such status.")
    return queryset.filter(states(scope)[value])


def _columns(scope: Scope) -> list[Column]:
    return [
        Column("Action", str),  # its description, trimmed
        Column("Source", lambda action: SOURCES[action.source]),
        Column("Owner", lambda action: action.owner.name),
        Column("Team", lambda action: action.owner.team.name if action.owner.team else ""),
        Column("Raised by", lambda action: action.raised_by.name),
        Column("Due", lambda action: action.due_on),
        Column("Status", lambda action: STATES[action.state]),
        Column("Completed on", lambda action: action.completed_on),
    ]


ACTIONS = rows.register(
    rows.RowList(
        name="actions",
        title="Actions",
        rows=lambda scope: actions(scope).select_related("owner__team", "raised_by").order_by("due_on", "id"),
        columns=_columns,
        filters={
            "state": rows.Filter("Status", _state, lambda value: STATES.get(value, value)),
            "source": rows.Filter(
                "Arising from", rows.choice("source", SOURCES), lambda value: SOURCES.get(value, value)
            ),
            "owner": rows.Filter("Owner", rows.whole_number("owner_id"), name_of=rows.person_named),
        },
        url_of=lambda action: action.get_absolute_url(),
        noun=("action", "actions"),
    )
)


@dataclass(frozen=True)
class Standing:
    """How the actions of one group stand: open, overdue, done in the period."""

    label: str
    open: Figure
    overdue: Figure
    done: Figure

    @property
    def figures(self) -> list[Figure]:
        return [self.open, self.overdue, self.done]


@dataclass(frozen=True)
class Late:
    """One of the oldest overdue actions, linking to its own page."""

    description: str
    owner: str
    team: str
    due_on: date
    days_overdue: int
    url: str


@dataclass(frozen=True)
class Actions:
    total: Standing
    by_source: list[Standing]
    by_owner: list[Standing]
    median_days: float | None  # of the actions done in the period; None when none were
    oldest_overdue: list[Late]
    chart: str


def _counts(scope: Scope) -> dict:
    return {key: Count("id", filter=condition) for key, condition in states(scope).items()}


def _standing(scope: Scope, label: str, counts: dict, **filters) -> Standing:
    def figure(state):
        return Figure(counts[state], scope.link("actions", state=state, **filters))

    return Standing(label, figure("open"), figure("overdue"), figure("done"))


def median_days(scope: Scope, done: int) -> float | None:
    """The median days from raised to completed of the `done` actions completed in the period:
    one query for the middle one or two, in order of how long each took."""
    if not done:
        return None
    took = F("completed_on") - TruncDate("created_at")
    middle = (
        actions(scope)
        .filter(states(scope)["done"])
        .annotate(took=took)
        .order_by("took", "id")
        .values_list("took", flat=True)[(done - 1) // 2 : done // 2 + 1]
    )
    days = [each.days for each in middle]
    return sum(days) / len(days)


def standing(scope: Scope) -> Actions:
    """Four queries however many actions: by source (which adds up to the totals), by owner, the
    median and the oldest overdue."""
    found = {row["source"]: row for row in actions(scope).values("source").annotate(**_counts(scope)).order_by()}
    none = dict.fromkeys(STATES, 0)
    by_source = [
        _standing(scope, label, found.get(source, none), source=source)
        for source, label in SOURCES.items()
        if source != "other" or source in found
    ]
    totals = {state: sum(row[state] for row in found.values()) for state in STATES}
    owners = (
        actions(scope)
        .values("owner_id", "owner__name")
        .annotate(**_counts(scope), outstanding=Count("id", filter=Q(status__in=OUTSTANDING)))
        .filter(outstanding__gt=0)
        .order_by("-outstanding", "owner__name", "owner_id")[:TOP_OWNERS]
    )
    late = actions(scope).filter(states(scope)["overdue"]).select_related("owner__team").order_by("due_on", "id")
    return Actions(
        total=_standing(scope, "All actions", totals),
        by_source=by_source,
        by_owner=[_standing(scope, row["owner__name"], row, owner=row["owner_id"]) for row in owners],
        median_days=median_days(scope, totals["done"]),
        oldest_overdue=[
            Late(
                str(action),
                action.owner.name,
                action.owner.team.name if action.owner.team else "",
                action.due_on,
                (scope.today - action.due_on).days,
                action.get_absolute_url(),
            )
            for action in late[:OLDEST]
        ],
        chart=charts.bars(
            "Actions by where they arose: open, overdue and done in the period",
            [(each.label, [figure.value for figure in each.figures]) for each in by_source],
            list(STATES.values()),
        ),
    )


def tables(data: Actions) -> list[Table]:
    headings = ["Open, not yet due", "Overdue", "Done in the period"]

    def standing(label, rows):
        return [[row.label, row.open, row.overdue, row.done] for row in rows]

    return [
        Table(
            "actions-source",
            "Actions by where they arose",
            ["Arising from", *headings],
            standing("source", [*data.by_source, data.total]),
        ),
        Table("actions-owner", "Actions by owner", ["Owner", *headings], standing("owner", data.by_owner)),
        Table(
            "actions-oldest",
            "The oldest overdue actions",
            ["Action", "Owner", "Team", "Due", "Days overdue"],
            [[late.description, late.owner, late.team, late.due_on, late.days_overdue] for late in data.oldest_overdue],
        ),
    ]


def panel(scope: Scope) -> Panel | None:
    """For those who oversee someone, when no strand is chosen: actions arise from every strand."""
    if scope.own_only or scope.strand:
        return None
    return Panel("actions", "Actions from quality assurance", "reports/panels/actions.html", standing(scope))
