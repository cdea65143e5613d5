"""The complaints figures for a period: for the Complaints Manager's quarterly monitoring (R29,
quarters of the council's financial year) and the Chief Executive's annual report (R07, a
calendar year). The same few queries however many complaints there are.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, Q

from core import periods

from .models import (
    STAGE_OUTCOMES,
    Category,
    Complainant,
    Complaint,
    ComplaintStatus,
    OmbudsmanOutcome,
    Outcome,
    Stage,
)
from .timescales import TIMESCALES


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class StageFigures:
    number: int
    name: str
    requested: int  # stages asked for in the period (stage 1: complaints received)
    responded: int  # responses given in the period
    within_timescale: int  # of those, by the due date (an agreed extension counts)
    extended: int  # of those, with the timescale extended
    outcomes: list[tuple[str, int]]  # of those responses

    @property
    def within_percent(self) -> int | None:
        return percent(self.within_timescale, self.responded)


@dataclass
class Figures:
    start: date
    end: date
    received: int
    by_complainant: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_team: list[tuple[str, int]]
    stages: list[StageFigures]
    closed: int
    closed_by_outcome: list[tuple[str, int]]
    ombudsman_referred: int
    ombudsman_decisions: list[tuple[str, int]]
    lessons: list[Complaint]
    by_month: list[tuple[str, int]] = field(default_factory=list)

    @property
    def responded(self) -> int:
        return sum(stage.responded for stage in self.stages)

    @property
    def within_percent(self) -> int | None:
        return percent(sum(stage.within_timescale for stage in self.stages), self.responded)


# What each figure counts, as conditions: on a complaint, or (the stage_ ones) on one of its
# stages. The dashboard's lists of complaints count with the same ones, so the two agree.


def received(start: date, end: date) -> Q:
    """Complaints received in the span."""
    return Q(received_on__range=(start, end))


def closed(start: date, end: date) -> Q:
    """Complaints closed in the span (and closed still)."""
    return Q(closed_on__range=(start, end), status=ComplaintStatus.CLOSED)


def referred_to_ombudsman(start: date, end: date) -> Q:
    """Complaints referred to the Ombudsman in the span."""
    return Q(ombudsman_referred_on__range=(start, end))


def ombudsman_undecided() -> Q:
    """Complaints whose referral to the Ombudsman awaits the decision."""
    return Q(ombudsman_outcome="")


def stage_requested(start: date, end: date) -> Q:
    """Stages asked for in the span (a complaint's stage 1 is asked for the day it is received)."""
    return Q(requested_on__range=(start, end))


def stage_answered(start: date, end: date) -> Q:
    """Stages whose response was given in the span."""
    return Q(responded_on__range=(start, end))


def within_timescale() -> Q:
    """A stage answered by its due date; an agreed extension moves the due date, so it counts."""
    return Q(responded_on__lte=F("due_on"))


def figures(complaints, start: date, end: date, *, by_month: bool = False) -> Figures:
    """The figures of the complaints given (already scoped to what the user may see) for the
    days from `start` to `end` inclusive."""
    received_in = received(start, end)
    closed_in = closed(start, end)
    referred = referred_to_ombudsman(start, end)
    totals = complaints.aggregate(
        received=Count("id", filter=received_in),
        **{f"from_{value}": Count("id", filter=received_in & Q(complainant=value)) for value in Complainant.values},
        **{f"about_{value}": Count("id", filter=received_in & Q(category=value)) for value in Category.values},
        **(
            {f"month_{n}": Count("id", filter=received_in & Q(received_on__month=n)) for n in range(1, 13)}
            if by_month
            else {}
        ),
        closed=Count("id", filter=closed_in),
        **{f"closed_{value}": Count("id", filter=closed_in & Q(outcome=value)) for value in Outcome.values},
        referred=Count("id", filter=referred),
        **{
            f"ombudsman_{value}": Count("id", filter=referred & Q(ombudsman_outcome=value))
            for value in OmbudsmanOutcome.values
        },
        ombudsman_pending=Count("id", filter=referred & ombudsman_undecided()),
    )
    by_team = list(
        complaints.filter(received_in).values_list("team__name").annotate(n=Count("id")).order_by("team__name")
    )

    stages = Stage.objects.filter(complaint__in=complaints)
    answered = stage_answered(start, end)
    counts = {}
    for number in TIMESCALES:
        this = Q(number=number)
        counts.update(
            {
                f"requested_{number}": Count("id", filter=this & stage_requested(start, end)),
                f"responded_{number}": Count("id", filter=this & answered),
                f"within_{number}": Count("id", filter=this & answered & within_timescale()),
                f"extended_{number}": Count("id", filter=this & answered & Q(extended=True)),
                **{
                    f"outcome_{number}_{value}": Count("id", filter=this & answered & Q(outcome=value))
                    for value, _ in STAGE_OUTCOMES
                },
            }
        )
    stage_totals = stages.aggregate(**counts)

    lessons = list(
        complaints.filter(closed_in).exclude(lessons_learnt="").select_related("team").order_by("closed_on", "id")
    )
    months = []
    if by_month:
        months = [(date(2000, n, 1).strftime("%B"), totals[f"month_{n}"]) for n in range(1, 13)]
    return Figures(
        start=start,
        end=end,
        received=totals["received"],
        by_complainant=[(label, totals[f"from_{value}"]) for value, label in Complainant.choices],
        by_category=[(label, totals[f"about_{value}"]) for value, label in Category.choices],
        by_team=by_team,
        stages=[
            StageFigures(
                number=number,
                name=timescale.name,
                requested=stage_totals[f"requested_{number}"],
                responded=stage_totals[f"responded_{number}"],
                within_timescale=stage_totals[f"within_{number}"],
                extended=stage_totals[f"extended_{number}"],
                outcomes=[(label, stage_totals[f"outcome_{number}_{value}"]) for value, label in STAGE_OUTCOMES],
            )
            for number, timescale in TIMESCALES.items()
        ],
        closed=totals["closed"],
        closed_by_outcome=[(label, totals[f"closed_{value}"]) for value, label in Outcome.choices],
        ombudsman_referred=totals["referred"],
        ombudsman_decisions=[(label, totals[f"ombudsman_{value}"]) for value, label in OmbudsmanOutcome.choices]
        + [("Not decided yet", totals["ombudsman_pending"])],
        lessons=lessons,
        by_month=months,
    )


# How far back the period choosers go.
QUARTERS_OFFERED = 8
YEARS_OFFERED = 5


def quarters(today: date) -> list[periods.Period]:
    """This quarter of the financial year and the ones before it, newest first."""
    start_month = settings.FINANCIAL_YEAR_START_MONTH
    found = [periods.period_containing("quarterly", today, start_month)]
    while len(found) < QUARTERS_OFFERED:
        found.append(periods.period_containing("quarterly", found[-1].start - timedelta(days=1), start_month))
    return found


def quarter_label(quarter: periods.Period) -> str:
    label = quarter.label("quarterly", settings.FINANCIAL_YEAR_START_MONTH)
    return f"{label} ({quarter.start:%b} to {quarter.end:%b %Y})"


def calendar_years(today: date) -> list[int]:
    """Last calendar year first (the one the annual report is about), then this one, then earlier."""
    years = [today.year - 1, today.year]
    return years + [today.year - n for n in range(2, YEARS_OFFERED)]
