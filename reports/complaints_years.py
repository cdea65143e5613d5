"""Complaints over five calendar years, for the annual complaints report (the Children Act 1989
Representations Procedure (England) Regulations 2006 count by calendar year): a row a year of
what the complaints panel counts for one period, so that the board sees the trend.

The rules:
- The years are the calendar year holding the last day of the chosen period and the four before
  it, oldest first. A year not over yet on the report's day is marked "so far".
- Each year counts exactly as `reports.complaints` counts a period, with its conditions and its
  lists: a complaint counts when the user may see it and it is filed under the chosen team or
  service; received, closed and referred count by the day each happened in that year.
- A stage's response counts in the year it was given, whenever the stage was asked for; it is on
  time when given by its due date (an agreed extension moves the due date), as a share of the
  responses that stage was given that year.
- "Fault found by the Ombudsman" counts the complaints referred in the year whose decision, as
  it stands today, is "Upheld: fault found". The other decisions are not findings of fault: "Not
  upheld" found none, and "Not investigated" and "Premature" (sent back to the council) made no
  finding at all; a referral not yet decided is not counted either.
- Every figure links to the complaints or stages of its own year, filtered to exactly what it
  counts, and is counted with the very conditions those filters narrow by: one query over the
  complaints and one over the stages, for all five years, however many complaints there are.
- Escalation: of the complaints received in a year, the share that went on to stage 2, and to
  stage 3, whenever they did (a complaint's stage only rises, as its next stage is asked for).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Count, Q

from complaints import monitoring
from complaints.models import OmbudsmanOutcome, Stage
from complaints.timescales import TIMESCALES

from . import charts
from .complaints import COMPLAINT_EVENTS, COMPLAINT_FILTERS, STAGE_FILTERS, in_view
from .figures import Figure, Panel, Table
from .scope import ReportPeriod, Scope

YEARS = 5
# The one Ombudsman's decision that finds fault (see the module's rules).
FAULT_FOUND = OmbudsmanOutcome.UPHELD


def years(scope: Scope) -> list[ReportPeriod]:
    """The calendar year holding the period's last day and the four before it, oldest first."""
    return ReportPeriod.containing("calendar", scope.period.end).back(YEARS)


class _Counter:
    """Figures of one list over several years: each named by its year and the filters of its
    link, and counted, all in one query, with the conditions those filters narrow the rows by."""

    def __init__(self, scope: Scope, rows_name: str, filters: dict):
        self.scope, self.rows_name = scope, rows_name
        self.conditions = {name: condition for name, (_, condition, _) in filters.items()}
        self.wanted: dict[str, tuple[ReportPeriod, dict]] = {}

    def want(self, year: ReportPeriod, **filters) -> str:
        key = f"n{len(self.wanted)}"
        self.wanted[key] = (year, filters)
        return key

    def _counting(self, year: ReportPeriod, filters: dict) -> Count:
        # The conditions read the period from the scope: the year's own, as its rows page has it.
        in_year = replace(self.scope, period=year)
        condition = Q()
        for name, value in filters.items():
            condition &= self.conditions[name](str(value), in_year)
        return Count("id", filter=condition)

    def count(self, queryset) -> Callable[..., Figure]:
        counts = queryset.aggregate(
            **{key: self._counting(year, filters) for key, (year, filters) in self.wanted.items()}
        )

        def figure(key: str, whole: Figure | None = None) -> Figure:
            year, filters = self.wanted[key]
            link = self.scope.link(self.rows_name, period=year, **filters)
            return Figure(counts[key], link, None if whole is None else whole.value)

        return figure


@dataclass(frozen=True)
class Year:
    """One calendar year's figures: a row of the table."""

    label: str
    received: Figure
    escalated: list[Figure]  # of those received in the year, how many went on to stage 2, and to stage 3
    answered: list[Figure]  # stage 1, 2, 3: responses given in the year
    on_time: list[Figure]  # of those, given by the due date: a share of them
    closed: Figure
    referred: Figure
    fault_found: Figure


@dataclass(frozen=True)
class ComplaintsYears:
    years: list[Year]
    stage_headings: list[str]  # "Stage 1 on time", in the order of `Year.on_time`
    chart: str
    summary: str  # the chart in one line of words


def _label(year: ReportPeriod, scope: Scope) -> str:
    return f"{year.short_label} (so far)" if year.end > scope.today else year.short_label


def _span(found: list[ReportPeriod]) -> tuple[date, date]:
    return found[0].start, found[-1].end


def _complaint_figures(scope: Scope, found: list[ReportPeriod]) -> list[dict[str, Figure]]:
    """Received, closed, referred and fault found, each year, from one query."""
    counter = _Counter(scope, "complaints", COMPLAINT_FILTERS)
    keys = [
        {
            "received": counter.want(year, event="received"),
            "stage_2": counter.want(year, event="received", reached=2),
            "stage_3": counter.want(year, event="received", reached=3),
            "closed": counter.want(year, event="closed"),
            "referred": counter.want(year, event="ombudsman"),
            "fault_found": counter.want(year, event="ombudsman", decision=FAULT_FOUND),
        }
        for year in found
    ]
    start, end = _span(found)
    happened = reduce(or_, [condition(start, end) for _, condition in COMPLAINT_EVENTS.values()])
    figure = counter.count(in_view(scope).filter(happened).order_by())
    counted = []
    for wanted in keys:
        found_now = {name: figure(key) for name, key in wanted.items() if not name.startswith("stage_")}
        found_now["escalated"] = [figure(wanted[name], found_now["received"]) for name in ("stage_2", "stage_3")]
        counted.append(found_now)
    return counted


def _stage_figures(scope: Scope, found: list[ReportPeriod]) -> list[tuple[list[Figure], list[Figure]]]:
    """Each year, each stage's responses given and those on time among them, from one query."""
    counter = _Counter(scope, "complaint-stages", STAGE_FILTERS)
    keys = [
        [
            (
                counter.want(year, event="answered", stage=number),
                counter.want(year, event="answered", stage=number, within="yes"),
            )
            for number in TIMESCALES
        ]
        for year in found
    ]
    start, end = _span(found)
    stages = Stage.objects.filter(complaint__in=in_view(scope)).filter(monitoring.stage_answered(start, end))
    figure = counter.count(stages.order_by())
    counted = []
    for wanted in keys:
        answered = [figure(given) for given, _ in wanted]
        on_time = [figure(within, whole) for (_, within), whole in zip(wanted, answered, strict=True)]
        counted.append((answered, on_time))
    return counted


def _summary(rows: list[Year]) -> str:
    each = ", ".join(f"{row.received.value} in {row.label}" for row in rows)
    return f"Complaints received each calendar year, oldest first: {each}."


def figures(scope: Scope) -> ComplaintsYears:
    """Two queries however many complaints: one of the complaints, one of their stages."""
    found = years(scope)
    complaints = _complaint_figures(scope, found)
    stages = _stage_figures(scope, found)
    rows = [
        Year(
            _label(year, scope),
            counted["received"],
            counted["escalated"],
            answered,
            on_time,
            counted["closed"],
            counted["referred"],
            counted["fault_found"],
        )
        for year, counted, (answered, on_time) in zip(found, complaints, stages, strict=True)
    ]
    return ComplaintsYears(
        years=rows,
        stage_headings=[f"Stage {number} on time" for number in TIMESCALES],
        chart=charts.columns(
            "Complaints received each calendar year",
            [(row.label, [row.received.value]) for row in rows],
            ["Received"],
        ),
        summary=_summary(rows),
    )


def tables(data: ComplaintsYears) -> list[Table]:
    stage_headings = [
        heading
        for number, on_time in zip(TIMESCALES, data.stage_headings, strict=True)
        for heading in (f"Stage {number} answered", on_time, f"{on_time} (%)")
    ]
    return [
        Table(
            "complaints-years",
            "Complaints over five calendar years",
            [
                "Year",
                "Received",
                "Went on to stage 2",
                "Went on to stage 3",
                *stage_headings,
                "Closed",
                "Referred to the Ombudsman",
                "Fault found by the Ombudsman",
            ],
            [
                [
                    row.label,
                    row.received,
                    *row.escalated,
                    *[
                        cell
                        for answered, on_time in zip(row.answered, row.on_time, strict=True)
                        for cell in (answered, on_time, on_time.percent)
                    ],
                    row.closed,
                    row.referred,
                    row.fault_found,
                ]
                for row in data.years
            ],
        )
    ]


def panel(scope: Scope) -> Panel | None:
    # Shown when the complaints panel is (reports.complaints.panel): not in a practitioner's view
    # of their own work, nor when another strand is chosen.
    if scope.own_only or not scope.in_strand("complaints"):
        return None
    return Panel(
        "complaints-years", "Complaints over five years", "reports/panels/complaints_years.html", figures(scope)
    )
