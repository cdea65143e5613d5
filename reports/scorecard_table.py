"""The scorecard as a page shows it: each measure in use, a row of its last 13 periods' values for
one level (the department, a service or a team), its sparkline and its latest miss explained or
awaited. Read in a fixed number of queries however many measures and values there are: the
measures, the latest period holding values, then the values themselves.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Q
from django.utils.safestring import SafeString

from core.exports import Column

from .models import Measure, MeasureValue
from .scope import ReportPeriod
from .scorecard import SHOWN_PERIODS, Frequency, Rating, period_of, sparkline, trend_description
from .scorecard_access import Level


@dataclass
class Cell:
    period: ReportPeriod
    value: MeasureValue | None


@dataclass
class ScorecardRow:
    measure: Measure
    cells: list[Cell]
    sparkline: SafeString
    latest: MeasureValue | None

    @property
    def latest_missed(self) -> bool:
        return self.latest is not None and self.latest.rating != Rating.GREEN


@dataclass
class Section:
    """The measures of one frequency, under the periods they share."""

    frequency: str
    periods: list[ReportPeriod]
    rows: list[ScorecardRow] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{Frequency(self.frequency).label} measures"

    @property
    def span(self) -> str:
        return f"{self.periods[0].short_label} to {self.periods[-1].short_label}"


@dataclass
class Scorecard:
    level: Level
    sections: list[Section]

    @property
    def rows(self) -> list[ScorecardRow]:
        return [row for section in self.sections for row in section.rows]

    @property
    def values(self) -> list[MeasureValue]:
        """Every value shown, measure by measure, oldest period first: the rows of a download."""
        return [cell.value for row in self.rows for cell in row.cells if cell.value is not None]

    @property
    def missed(self) -> list[ScorecardRow]:
        """The measures whose latest value shown misses its target."""
        return [row for row in self.rows if row.latest_missed]


def _last_periods(level: Level, today: date, ending: date | None) -> dict[str, ReportPeriod]:
    """The last period shown of each frequency: the one containing `ending`, or else the latest
    that holds a value at this level (one query), or else the last that has ended."""
    if ending is not None:
        return {frequency: period_of(frequency, ending) for frequency in Frequency.values}
    latest = MeasureValue.objects.filter(level.values(), measure__active=True, period_start__lte=today).aggregate(
        **{frequency: Max("period_start", filter=Q(measure__frequency=frequency)) for frequency in Frequency.values}
    )
    return {
        frequency: period_of(frequency, latest[frequency])
        if latest[frequency]
        else period_of(frequency, today).previous()
        for frequency in Frequency.values
    }


def scorecard(level: Level, *, today: date, ending: date | None = None) -> Scorecard:
    """The measures in use, each with its values at this level for the 13 periods ending with
    `ending` (or the latest with values): three queries."""
    measures = list(Measure.objects.filter(active=True).select_related("owner"))
    if not measures:
        return Scorecard(level, [])
    last = _last_periods(level, today, ending)
    sections = {frequency: Section(frequency, last[frequency].back(SHOWN_PERIODS)) for frequency in Frequency.values}
    first_day = min(section.periods[0].start for section in sections.values())
    last_day = max(section.periods[-1].start for section in sections.values())
    by_measure = {measure.id: measure for measure in measures}
    found: dict[tuple[int, date], MeasureValue] = {}
    values = MeasureValue.objects.filter(
        level.values(), measure_id__in=list(by_measure), period_start__range=(first_day, last_day)
    ).select_related("team", "service", "entered_by", "explained_by")
    for value in values:
        value.measure = by_measure[value.measure_id]  # the measure read already, not once a value
        found[(value.measure_id, value.period_start)] = value
    for measure in measures:
        section = sections[measure.frequency]
        cells = [Cell(period, found.get((measure.id, period.start))) for period in section.periods]
        section.rows.append(_row(measure, cells, level))
    return Scorecard(level, [section for section in sections.values() if section.rows])


def _row(measure: Measure, cells: list[Cell], level: Level) -> ScorecardRow:
    shown = [cell.value for cell in cells if cell.value is not None]
    labelled = [(cell.period.short_label, cell.value.value if cell.value else None) for cell in cells]
    periods = "months" if measure.frequency == Frequency.MONTHLY else "quarters"
    title = f"{measure.name}, {level.name}: the last {len(cells)} {periods}"
    line = sparkline(
        [value for _, value in labelled],
        target=measure.target,
        title=title,
        description=trend_description(labelled, unit=measure.unit, target=measure.target_text),
        svg_id=f"trend-{measure.pk}",
    )
    return ScorecardRow(measure, cells, line, shown[-1] if shown else None)


def download_columns() -> list[Column]:
    return [
        Column("Measure", lambda value: value.measure.name),
        Column("Unit", lambda value: value.measure.unit),
        Column("Period start", lambda value: value.period_start),
        Column("Period", lambda value: value.period_label),
        Column("Team or service", lambda value: value.level.name),
        Column("Value", lambda value: value.value),
        Column("Target", lambda value: value.target),
        Column("Higher is better", lambda value: value.measure.higher_is_better),
        Column("Rating", lambda value: value.rating.label),
        Column("Reason the target was missed", lambda value: value.reason or None),
        Column("Planned action", lambda value: value.planned_action or None),
    ]
