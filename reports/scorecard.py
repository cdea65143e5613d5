"""The performance scorecard's arithmetic, free of the database: rating a value red, amber or
green against its target, reading and writing amounts and periods as people type them, and the
sparkline of a measure's recent values.

Every function here takes what it needs as arguments, so it is tested without a database.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.html import format_html, format_html_join

from .scope import ReportPeriod

# Values are kept to two decimal places, and below ten thousand million (the column's size).
PLACES = Decimal("0.01")
LARGEST = Decimal("9999999999.99")


class Rating(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


# The GOV.UK tag that shows each rating; its word is always shown too, so colour is never alone.
TAG_CLASSES = {Rating.GREEN: "govuk-tag--green", Rating.AMBER: "govuk-tag--yellow", Rating.RED: "govuk-tag--red"}


def rate(value: Decimal, *, target: Decimal, higher_is_better: bool, amber_band: Decimal) -> Rating:
    """Green on target or better; amber when short of it by no more than the amber band; red
    when further off. The band is in the measure's own unit (5 for "within 5 points of 90%")."""
    shortfall = target - value if higher_is_better else value - target
    if shortfall <= 0:
        return Rating.GREEN
    if shortfall <= amber_band:
        return Rating.AMBER
    return Rating.RED


class Unit(models.TextChoices):
    PERCENT = "%", "Per cent (%)"
    DAYS = "days", "Days"
    NUMBER = "number", "Number"


class Frequency(models.TextChoices):
    """How often a measure is reported: the periods its values are for."""

    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


# The reports' kind of period (reports.scope) for each frequency.
PERIOD_KINDS = {Frequency.MONTHLY: "month", Frequency.QUARTERLY: "quarter"}
SHOWN_PERIODS = 13  # the scorecard shows each measure's last 13 periods


def period_of(frequency: str, day: date) -> ReportPeriod:
    """The period of a measure of this frequency that contains the day."""
    return ReportPeriod.containing(PERIOD_KINDS[frequency], day)


def amount(value: Decimal | None) -> str:
    """A value as people write it: 87.5, not 87.50; 90, not 90.00."""
    if value is None:
        return ""
    text = format(value.quantize(PLACES), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def with_unit(value: Decimal | None, unit: str) -> str:
    """87.5%, 12 days, 18."""
    if value is None:
        return ""
    if unit == Unit.PERCENT:
        return f"{amount(value)}%"
    if unit == Unit.DAYS:
        return f"{amount(value)} day{'' if value == 1 else 's'}"
    return amount(value)


def amber_text(band: Decimal, unit: str) -> str:
    """How far from the target amber reaches: a percentage's in points, not a share of the target."""
    if unit == Unit.PERCENT:
        return f"{amount(band)} percentage point{'' if band == 1 else 's'}"
    return with_unit(band, unit)


def target_text(target: Decimal, unit: str, higher_is_better: bool) -> str:
    """The target as a goal: "90% or more", "18 or fewer"."""
    if higher_is_better:
        return f"{with_unit(target, unit)} or more"
    return f"{with_unit(target, unit)} or {'less' if unit == Unit.PERCENT else 'fewer'}"


_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def parse_amount(text: str) -> Decimal:
    """A typed value as a Decimal rounded to 2 places: "87.5", "87.5%", "1,234". ValueError,
    saying why in words to show beside the field, for anything else."""
    cleaned = text.strip().removesuffix("%").strip()
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        raise ValueError(f"{text.strip()!r} is not a number (for example 87.5)")
    try:
        value = Decimal(cleaned).quantize(PLACES, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not a number (for example 87.5)") from None
    if abs(value) > LARGEST:
        raise ValueError(f"{text.strip()!r} is too large")
    return value


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_period_day(text: str) -> date:
    """A day in the period a value is for, as typed: a month (2026-04) or a date in the period
    (2026-04-15, 15/04/2026). ValueError, in words, for anything else."""
    cleaned = text.strip()
    try:
        if found := _MONTH.match(cleaned):
            day = date(int(found[1]), int(found[2]), 1)
        elif found := _UK_DATE.match(cleaned):
            day = date(int(found[3]), int(found[2]), int(found[1]))
        else:
            day = date.fromisoformat(cleaned)
    except ValueError:
        day = None
    # A year the periods around it can be worked out in (a financial year ends in the next).
    if day is None or not 1900 <= day.year <= 9998:
        raise ValueError(
            f"{cleaned[:40]!r} is not a month or a date (use 2026-04 for April 2026, or a date in the period)"
        )
    return day


# Sparklines: a small line of a measure's recent values, with its target as a dashed line.
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3
LINE_COLOUR, TARGET_COLOUR, TEXT_COLOUR = "#1d70b8", "#505a5f", "#0b0c0c"


@dataclass(frozen=True)
class Spark:
    """Where a sparkline's parts go: runs of consecutive values (a gap where a period has none),
    the target's height, and the last value's point."""

    runs: list[list[tuple[float, float]]]
    target_y: float | None
    last: tuple[float, float] | None


def spark_geometry(values: list[float | None], target: float | None) -> Spark:
    """Each value's point on a SPARK_WIDTH by SPARK_HEIGHT canvas, scaled to the lowest and
    highest of the values and the target, higher values higher up."""
    known = [value for value in values if value is not None]
    if not known:
        return Spark([], None, None)
    low = min(known + ([target] if target is not None else []))
    high = max(known + ([target] if target is not None else []))
    span = high - low or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)

    def y(value: float) -> float:
        return round(SPARK_HEIGHT - SPARK_PAD - (value - low) / span * (SPARK_HEIGHT - 2 * SPARK_PAD), 1)

    runs, run, last = [], [], None
    for index, value in enumerate(values):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        last = (round(SPARK_PAD + index * step, 1), y(value))
        run.append(last)
    if run:
        runs.append(run)
    return Spark(runs, y(target) if target is not None else None, last)


def sparkline(values: list[Decimal | None], *, target: Decimal | None, title: str, description: str, svg_id: str):
    """The sparkline as inline SVG, named for screen readers by its title and description (the
    numbers it draws are in the table beside it)."""
    spark = spark_geometry([None if v is None else float(v) for v in values], None if target is None else float(target))
    shapes = []
    if spark.target_y is not None:
        shapes.append(
            format_html(
                '<line x1="0" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1" stroke-dasharray="3 2"></line>',
                SPARK_WIDTH,
                spark.target_y,
                spark.target_y,
                TARGET_COLOUR,
            )
        )
    for run in spark.runs:
        if len(run) == 1:
            continue  # a lone value between gaps is drawn as its point below, or not at all
        points = " ".join(f"{x},{y}" for x, y in run)
        shapes.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"></polyline>', points, LINE_COLOUR
            )
        )
    lone = [run[0] for run in spark.runs if len(run) == 1 and run[0] != spark.last]
    if spark.last is not None:
        lone.append(spark.last)
    shapes.append(
        format_html_join(
            "", '<circle cx="{}" cy="{}" r="2.5" fill="{}"></circle>', ((x, y, TEXT_COLOUR) for x, y in lone)
        )
    )
    return format_html(
        '<svg class="app-sparkline" role="img" aria-labelledby="{id}-title {id}-desc" width="{w}" height="{h}" '
        'viewBox="0 0 {w} {h}" focusable="false"><title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>{shapes}</svg>',
        id=svg_id,
        w=SPARK_WIDTH,
        h=SPARK_HEIGHT,
        title=title,
        desc=description,
        shapes=format_html_join("", "{}", ((shape,) for shape in shapes)),
    )


def trend_description(labelled: list[tuple[str, Decimal | None]], *, unit: str, target: str) -> str:
    """The sparkline in words: its span, lowest, highest and latest value, and the target."""
    known = [(label, value) for label, value in labelled if value is not None]
    if not known:
        return f"No values yet. Target {target}."
    lowest = min(known, key=lambda item: item[1])
    highest = max(known, key=lambda item: item[1])
    first, latest = known[0], known[-1]
    return (
        f"From {with_unit(first[1], unit)} in {first[0]} to {with_unit(latest[1], unit)} in {latest[0]}; "
        f"lowest {with_unit(lowest[1], unit)} ({lowest[0]}), highest {with_unit(highest[1], unit)} ({highest[0]}). "
        f"Target {target}."
    )
