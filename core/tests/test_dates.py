"""Dates as people write them: the year only when it is not the year of the day they are read."""

from datetime import date

from django.template import Context, Template

from core.templatetags.dates import day_month, weekday_day_month


def test_a_date_this_year_has_no_year_and_any_other_has_its_year():
    today = date(2027, 3, 1)
    assert day_month(date(2027, 2, 27), today) == "27 February"
    assert day_month(date(2026, 3, 31), today) == "31 March 2026"
    assert day_month(date(2028, 1, 5), today) == "5 January 2028"
    assert weekday_day_month(date(2027, 3, 2), today) == "Tuesday 2 March"
    assert weekday_day_month(date(2026, 12, 31), today) == "Thursday 31 December 2026"
    assert day_month(None, today) == ""


def test_in_a_template_the_day_it_is_read_is_its_argument():
    template = Template('{% load dates %}{{ due|day_month:day }}, {{ due|weekday_day_month:day }}')
    assert template.render(Context({"due": date(2026, 3, 31), "day": date(2027, 1, 4)})) == (
        "31 March 2026, Tuesday 31 March 2026"
    )
