"""Complaints under the representations procedure: how many came in and from whom, what they were
about, how each stage was answered and how often within the statutory timescale, how they ended,
and which went to the Ombudsman.

The rules:
- A complaint counts when the user may see it and it is filed under the chosen team or service
  (any team, when none is chosen).
- What "received", "closed", "referred to the Ombudsman", "a stage asked for", "a stage answered"
  and "within timescale" mean is written once, in `complaints.monitoring`, and the Complaints
  Manager's monitoring page counts with the same conditions.
- Received, closed and referred count by the day each happened in the period. A stage counts as
  answered in the period by the day of its response, whenever it was asked for; it is within
  timescale when answered by its due date (an agreed extension moves the due date).
- The Ombudsman's decision is as it stands today, of the complaints referred in the period.
- Every figure is a condition on one of two lists (the complaints, their stages), and the figure
  is counted with exactly the conditions its link carries.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Q
from django.http import Http404

from complaints import monitoring
from complaints.models import (
    STAGE_OUTCOMES,
    Category,
    Complainant,
    Complaint,
    ComplaintStatus,
    OmbudsmanOutcome,
    Outcome,
    Stage,
)
from complaints.timescales import TIMESCALES
from core.exports import Column

from . import charts, rows
from .figures import Figure, Panel, Table
from .scope import Scope

# A filter as a condition, so that the rows page narrows with it and the panel counts with it.
Condition = Callable[[str, Scope], Q]

COMPLAINT_EVENTS = {
    "received": ("Received in the period", monitoring.received),
    "closed": ("Closed in the period", monitoring.closed),
    "ombudsman": ("Referred to the Ombudsman in the period", monitoring.referred_to_ombudsman),
}
STAGE_EVENTS = {
    "requested": ("Asked for in the period", monitoring.stage_requested),
    "answered": ("Answered in the period", monitoring.stage_answered),
}
NOT_DECIDED = ("pending", "Not decided yet")
DECISIONS = dict(OmbudsmanOutcome.choices) | dict([NOT_DECIDED])
STAGES = {str(number): f"Stage {number}: {timescale.name}" for number, timescale in TIMESCALES.items()}
WITHIN = {"yes": "Within the timescale", "no": "Outside the timescale"}
REACHED = {str(number): f"Stage {number}: {timescale.name}" for number, timescale in TIMESCALES.items() if number > 1}


def _event(events) -> Condition:
    def condition(value, scope):
        if value not in events:
            raise Http404("No such event.")
        return events[value][1](scope.period.start, scope.period.end)

    return condition


def _one_of(field_name: str, allowed) -> Condition:
    allowed = {str(value) for value in allowed}

    def condition(value, scope):
        if value not in allowed:
            raise Http404("No such value.")
        return Q(**{field_name: value})

    return condition


def _decision(value, scope):
    if value == NOT_DECIDED[0]:
        return monitoring.ombudsman_undecided()
    return _one_of("ombudsman_outcome", OmbudsmanOutcome.values)(value, scope)


def _within(value, scope):
    if value not in WITHIN:
        raise Http404("No such value.")
    answered = Q(responded_on__isnull=False)
    return answered & (monitoring.within_timescale() if value == "yes" else ~monitoring.within_timescale())


def _extended(value, scope):
    if value != "yes":
        raise Http404("No such value.")
    return Q(extended=True)


def _reached(value, scope):
    """Went on to stage 2 or 3: a complaint's stage only rises, as its next stage is asked for."""
    if value not in REACHED:
        raise Http404("No such stage.")
    return Q(current_stage__gte=int(value))


def _narrowing(condition: Condition) -> rows.Narrow:
    def narrow(queryset, value, scope):
        return queryset.filter(condition(value, scope))

    return narrow


def _counting(conditions: dict[str, Condition], scope: Scope, filters: dict) -> Count:
    """The count of the rows a link with these filters shows."""
    condition = Q()
    for name, value in filters.items():
        condition &= conditions[name](str(value), scope)
    return Count("id", filter=condition) if condition else Count("id")


COMPLAINT_FILTERS = {
    "event": ("In the period", _event(COMPLAINT_EVENTS), lambda value: COMPLAINT_EVENTS.get(value, (value,))[0]),
    "complainant": (
        "Who complained",
        _one_of("complainant", Complainant.values),
        lambda value: dict(Complainant.choices).get(value, value),
    ),
    "category": (
        "What it was about",
        _one_of("category", Category.values),
        lambda value: dict(Category.choices).get(value, value),
    ),
    "outcome": ("Outcome", _one_of("outcome", Outcome.values), lambda value: dict(Outcome.choices).get(value, value)),
    "decision": ("The Ombudsman's decision", _decision, lambda value: DECISIONS.get(value, value)),
    "reached": ("Went on to", _reached, lambda value: REACHED.get(value, value)),
}
STAGE_FILTERS = {
    "event": ("In the period", _event(STAGE_EVENTS), lambda value: STAGE_EVENTS.get(value, (value,))[0]),
    "stage": ("Stage", _one_of("number", TIMESCALES), lambda value: STAGES.get(value, value)),
    "within": ("Timescale", _within, lambda value: WITHIN.get(value, value)),
    "extended": ("Timescale extended", _extended, lambda value: "Yes"),
    "outcome": (
        "Outcome",
        _one_of("outcome", [value for value, _ in STAGE_OUTCOMES]),
        lambda value: dict(STAGE_OUTCOMES).get(value, value),
    ),
}


def _conditions(filters) -> dict[str, Condition]:
    return {name: condition for name, (_, condition, _) in filters.items()}


def _row_filters(filters) -> dict[str, rows.Filter]:
    return {
        name: rows.Filter(label, _narrowing(condition), describe)
        for name, (label, condition, describe) in filters.items()
    }


def in_view(scope: Scope):
    """The complaints the user may see, filed under the chosen team or service."""
    return Complaint.objects.visible_to(scope.user).filter(scope.teams("team"))


def _happened(events, scope: Scope) -> Q:
    return reduce(or_, [condition(scope.period.start, scope.period.end) for _, condition in events.values()])


def complaints(scope: Scope):
    """The complaints received, closed or referred to the Ombudsman in the period."""
    return in_view(scope).filter(_happened(COMPLAINT_EVENTS, scope))


def stages(scope: Scope):
    """The stages of those complaints asked for or answered in the period."""
    return Stage.objects.filter(complaint__in=in_view(scope)).filter(_happened(STAGE_EVENTS, scope))


def _label(choices, value) -> str:
    return dict(choices).get(value, value)


COMPLAINTS = rows.register(
    rows.RowList(
        name="complaints",
        title="Complaints",
        rows=lambda scope: complaints(scope).select_related("team").order_by("received_on", "id"),
        columns=lambda scope: [
            Column("Complaint", lambda complaint: complaint.reference),
            Column("Received", lambda complaint: complaint.received_on),
            Column("Who complained", lambda complaint: _label(Complainant.choices, complaint.complainant)),
            Column("Case reference", lambda complaint: complaint.case_reference),
            Column("Team", lambda complaint: complaint.team.name),
            Column("What it was about", lambda complaint: _label(Category.choices, complaint.category)),
            Column("Stage", lambda complaint: complaint.current_stage),
            Column("Status", lambda complaint: _label(ComplaintStatus.choices, complaint.status)),
            Column("Outcome", lambda complaint: _label(Outcome.choices, complaint.outcome)),
            Column("Closed on", lambda complaint: complaint.closed_on),
            Column("Referred to the Ombudsman", lambda complaint: complaint.ombudsman_referred_on),
            Column(
                "The Ombudsman's decision",
                lambda complaint: _label(OmbudsmanOutcome.choices, complaint.ombudsman_outcome),
            ),
        ],
        filters=_row_filters(COMPLAINT_FILTERS),
        url_of=lambda complaint: complaint.get_absolute_url(),
        noun=("complaint", "complaints"),
    )
)


def _within_cell(stage) -> str:
    return "" if stage.within_timescale is None else ("Yes" if stage.within_timescale else "No")


COMPLAINT_STAGES = rows.register(
    rows.RowList(
        name="complaint-stages",
        title="Stages of complaints",
        rows=lambda scope: (
            stages(scope).select_related("complaint__team").order_by("requested_on", "complaint_id", "number")
        ),
        columns=lambda scope: [
            Column("Complaint", lambda stage: stage.complaint.reference),
            Column("Stage", lambda stage: STAGES[str(stage.number)]),
            Column("Asked for", lambda stage: stage.requested_on),
            Column("Response due", lambda stage: stage.due_on),
            Column("Extended", lambda stage: stage.extended),
            Column("Answered", lambda stage: stage.responded_on),
            Column("Within the timescale", _within_cell),
            Column("Outcome", lambda stage: _label(STAGE_OUTCOMES, stage.outcome)),
            Column("Case reference", lambda stage: stage.complaint.case_reference),
            Column("Team", lambda stage: stage.complaint.team.name),
        ],
        filters=_row_filters(STAGE_FILTERS),
        url_of=lambda stage: stage.complaint.get_absolute_url(),
        noun=("stage", "stages"),
    )
)


class _Counter:
    """Figures of one list: each named by the filters of its link, all counted in one query."""

    def __init__(self, scope: Scope, rows_name: str, filters: dict):
        self.scope, self.rows_name, self.conditions = scope, rows_name, _conditions(filters)
        self.wanted: dict[str, dict] = {}

    def want(self, **filters) -> str:
        key = f"n{len(self.wanted)}"
        self.wanted[key] = filters
        return key

    def count(self, queryset) -> Callable[..., Figure]:
        counts = queryset.aggregate(
            **{key: _counting(self.conditions, self.scope, filters) for key, filters in self.wanted.items()}
        )

        def figure(key: str, whole: Figure | None = None) -> Figure:
            link = self.scope.link(self.rows_name, **self.wanted[key])
            return Figure(counts[key], link, None if whole is None else whole.value)

        return figure


@dataclass(frozen=True)
class StageRow:
    label: str
    requested: Figure
    answered: Figure
    within: Figure  # a share of those answered
    late: Figure
    extended: Figure
    outcomes: list[Figure]  # in the order of STAGE_OUTCOMES


@dataclass(frozen=True)
class Complaints:
    received: Figure
    by_complainant: list[tuple[str, Figure]]
    by_category: list[tuple[str, Figure]]
    stages: list[StageRow]
    all_stages: StageRow
    closed: Figure
    closed_by_outcome: list[tuple[str, Figure]]
    referred: Figure
    decisions: list[tuple[str, Figure]]
    outcome_labels: list[str]
    chart: str

    @property
    def stage_table(self) -> list[StageRow]:
        return [*self.stages, self.all_stages]


def _complaint_figures(scope: Scope) -> dict:
    counter = _Counter(scope, "complaints", COMPLAINT_FILTERS)
    keys = {
        "received": counter.want(event="received"),
        "complainant": [
            (label, counter.want(event="received", complainant=value)) for value, label in Complainant.choices
        ],
        "category": [(label, counter.want(event="received", category=value)) for value, label in Category.choices],
        "closed": counter.want(event="closed"),
        "outcome": [(label, counter.want(event="closed", outcome=value)) for value, label in Outcome.choices],
        "referred": counter.want(event="ombudsman"),
        "decision": [(label, counter.want(event="ombudsman", decision=value)) for value, label in DECISIONS.items()],
    }
    figure = counter.count(complaints(scope).order_by())
    return {
        name: figure(found) if isinstance(found, str) else [(label, figure(key)) for label, key in found]
        for name, found in keys.items()
    }


def _stage_rows(scope: Scope) -> list[StageRow]:
    """One row a stage and one for them all (last), from one query."""
    counter = _Counter(scope, "complaint-stages", STAGE_FILTERS)
    wanted = []
    for number in [*TIMESCALES, None]:
        of = {} if number is None else {"stage": number}
        wanted.append(
            (
                STAGES[str(number)] if number else "All stages",
                counter.want(event="requested", **of),
                counter.want(event="answered", **of),
                counter.want(event="answered", within="yes", **of),
                counter.want(event="answered", within="no", **of),
                counter.want(event="answered", extended="yes", **of),
                [counter.want(event="answered", outcome=value, **of) for value, _ in STAGE_OUTCOMES],
            )
        )
    figure = counter.count(stages(scope).order_by())
    found = []
    for label, requested, answered, within, late, extended, outcomes in wanted:
        answered = figure(answered)
        found.append(
            StageRow(
                label,
                figure(requested),
                answered,
                figure(within, answered),
                figure(late),
                figure(extended),
                [figure(key) for key in outcomes],
            )
        )
    return found


def figures(scope: Scope) -> Complaints:
    """Two queries however many complaints: one of the complaints, one of their stages."""
    counted = _complaint_figures(scope)
    *each_stage, all_stages = _stage_rows(scope)
    return Complaints(
        received=counted["received"],
        by_complainant=counted["complainant"],
        by_category=counted["category"],
        stages=each_stage,
        all_stages=all_stages,
        closed=counted["closed"],
        closed_by_outcome=counted["outcome"],
        referred=counted["referred"],
        decisions=counted["decision"],
        outcome_labels=[label for _, label in STAGE_OUTCOMES],
        chart=charts.bars(
            "Stage responses given in the period, within and outside the timescale",
            [(row.label, [row.within.value, row.late.value]) for row in each_stage],
            ["Within the timescale", "Outside the timescale"],
        ),
    )


def tables(data: Complaints) -> list[Table]:
    def counted(key, caption, heading, pairs, total=None):
        found = [[label, figure] for label, figure in pairs]
        return Table(key, caption, [heading, "Complaints"], found + ([["All", total]] if total else []))

    return [
        counted(
            "complaints-complainant",
            "Received, by who complained",
            "Who complained",
            data.by_complainant,
            data.received,
        ),
        counted("complaints-category", "Received, by what they were about", "Theme", data.by_category),
        Table(
            "complaints-stages",
            "Stages asked for and answered in the period",
            [
                "Stage",
                "Asked for",
                "Answered",
                "Within the timescale",
                "Share within (%)",
                "Outside the timescale",
                "Timescale extended",
                *data.outcome_labels,
            ],
            [
                [
                    row.label,
                    row.requested,
                    row.answered,
                    row.within,
                    row.within.percent,
                    row.late,
                    row.extended,
                    *row.outcomes,
                ]
                for row in [*data.stages, data.all_stages]
            ],
        ),
        counted(
            "complaints-closed",
            "Complaints closed in the period, by outcome",
            "Outcome",
            data.closed_by_outcome,
            data.closed,
        ),
        counted(
            "complaints-ombudsman",
            "Referred to the Ombudsman in the period, by the decision so far",
            "Decision",
            data.decisions,
            data.referred,
        ),
    ]


def panel(scope: Scope) -> Panel | None:
    if scope.own_only or not scope.in_strand("complaints"):
        return None
    return Panel("complaints", "Complaints", "reports/panels/complaints.html", figures(scope))
