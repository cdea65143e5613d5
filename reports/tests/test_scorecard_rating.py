"""The scorecard's arithmetic, without a database: ratings, amounts and periods as people type
them, and the sparkline's geometry and words."""

from datetime import date
from decimal import Decimal

import pytest

from reports.models import Measure, MeasureValue
from reports.scorecard import (
    SPARK_HEIGHT,
    SPARK_PAD,
    SPARK_WIDTH,
    Rating,
    amber_text,
    amount,
    parse_amount,
    parse_period_day,
    period_of,
    rate,
    spark_geometry,
    sparkline,
    target_text,
    trend_description,
    with_unit,
)

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("95", Rating.GREEN),
        ("90", Rating.GREEN),  # on target is green
        ("89.99", Rating.AMBER),
        ("85", Rating.AMBER),  # the band's edge is still amber
        ("84.99", Rating.RED),
        ("0", Rating.RED),
    ],
)
def test_higher_is_better(value, expected):
    assert rate(D(value), target=D("90"), higher_is_better=True, amber_band=D("5")) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("10", Rating.GREEN), ("20", Rating.GREEN), ("21", Rating.AMBER), ("23", Rating.AMBER), ("23.01", Rating.RED)],
)
def test_lower_is_better(value, expected):
    assert rate(D(value), target=D("20"), higher_is_better=False, amber_band=D("3")) == expected


def test_no_amber_band_makes_any_miss_red():
    assert rate(D("89.99"), target=D("90"), higher_is_better=True, amber_band=D("0")) == Rating.RED
    assert rate(D("90"), target=D("90"), higher_is_better=True, amber_band=D("0")) == Rating.GREEN


def test_an_unsaved_value_is_rated_against_its_own_target_not_the_measures_current_one():
    measure = Measure(name="Visits", target=D("95"), higher_is_better=True, amber_band=D("5"), unit="%")
    value = MeasureValue(measure=measure, value=D("91"), target=D("90"), period_start=date(2026, 3, 1))
    assert value.rating == Rating.GREEN and not value.misses_target
    assert measure.rate(D("91")) == Rating.AMBER
    assert value.shown == "91%" and value.target_shown == "90% or more"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("87.5", "87.50"),
        (" 87.5 % ", "87.50"),
        ("1,234.5", "1234.50"),
        ("-3", "-3.00"),
        ("12.345", "12.35"),
        ("0", "0"),
    ],
)
def test_amounts_read_as_typed(text, expected):
    assert parse_amount(text) == D(expected)


@pytest.mark.parametrize("text", ["abc", "", "12,5", "1e5", "NaN", "Infinity", "87.5.1", "12 000", "99999999999"])
def test_what_is_not_an_amount_says_why(text):
    with pytest.raises(ValueError, match="not a number|too large"):
        parse_amount(text)


def test_amounts_written_plainly():
    assert [amount(D(v)) for v in ["90.00", "87.50", "100", "0.05", "1234"]] == ["90", "87.5", "100", "0.05", "1234"]
    assert with_unit(D("12"), "days") == "12 days" and with_unit(D("1"), "days") == "1 day"
    assert with_unit(D("18.5"), "number") == "18.5" and with_unit(None, "%") == ""
    assert target_text(D("90"), "%", True) == "90% or more"
    assert target_text(D("20"), "%", False) == "20% or less"
    assert target_text(D("18"), "number", False) == "18 or fewer"
    assert amber_text(D("5"), "%") == "5 percentage points" and amber_text(D("1"), "%") == "1 percentage point"
    assert amber_text(D("2"), "number") == "2" and amber_text(D("3"), "days") == "3 days"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04", date(2026, 4, 1)),
        ("2026-4", date(2026, 4, 1)),
        ("2026-04-15", date(2026, 4, 15)),
        ("15/04/2026", date(2026, 4, 15)),
        (" 2026-04 ", date(2026, 4, 1)),
    ],
)
def test_periods_read_as_a_month_or_a_date_in_it(text, expected):
    assert parse_period_day(text) == expected


@pytest.mark.parametrize("text", ["April", "2026-13", "2026-02-30", "31/02/2026", "0000-01", "2026/04"])
def test_what_is_not_a_period_says_why(text):
    with pytest.raises(ValueError, match="is not a month or a date"):
        parse_period_day(text)


def test_a_day_is_in_the_period_of_its_measures_frequency():
    assert (period_of("monthly", date(2026, 4, 15)).start, period_of("monthly", date(2026, 4, 15)).end) == (
        date(2026, 4, 1),
        date(2026, 4, 30),
    )
    quarter = period_of("quarterly", date(2026, 5, 20))
    assert (quarter.start, quarter.end, quarter.short_label) == (date(2026, 4, 1), date(2026, 6, 30), "Q1 2026/27")


def test_sparkline_geometry_scales_values_and_target_to_the_canvas():
    spark = spark_geometry([80.0, None, 90.0, 100.0], 90.0)
    assert len(spark.runs) == 2  # the gap breaks the line
    (first,), second = spark.runs
    assert first == (SPARK_PAD, SPARK_HEIGHT - SPARK_PAD)  # the lowest, bottom left
    assert second[-1] == (SPARK_WIDTH - SPARK_PAD, SPARK_PAD)  # the highest, top right
    assert spark.last == second[-1]
    assert spark.target_y == SPARK_HEIGHT / 2


def test_sparkline_of_one_flat_value_or_none():
    assert spark_geometry([None, None], 90.0).runs == []
    flat = spark_geometry([5.0, 5.0], None)
    assert flat.target_y is None and {y for _, y in flat.runs[0]} == {SPARK_HEIGHT - SPARK_PAD}


def test_sparkline_svg_has_a_title_and_description_and_escapes_them():
    svg = sparkline(
        [D("80"), None, D("85"), D("88")], target=D("90"), title="Visits <b>", description="From 80%", svg_id="trend-1"
    )
    assert svg.startswith('<svg class="app-sparkline" role="img" aria-labelledby="trend-1-title trend-1-desc"')
    assert '<title id="trend-1-title">Visits &lt;b&gt;</title>' in svg and "From 80%" in svg
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 2 and "stroke-dasharray" in svg


def test_the_trend_in_words():
    labelled = [("Jan 2026", D("80")), ("Feb 2026", None), ("Mar 2026", D("92")), ("Apr 2026", D("88"))]
    assert trend_description(labelled, unit="%", target="90% or more") == (
        "From 80% in Jan 2026 to 88% in Apr 2026; lowest 80% (Jan 2026), highest 92% (Mar 2026). Target 90% or more."
    )
    assert (
        trend_description([("Jan 2026", None)], unit="%", target="90% or more") == "No values yet. Target 90% or more."
    )
