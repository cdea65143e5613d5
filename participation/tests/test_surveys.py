"""Importing a survey's aggregated results: every problem by line and column, and all or nothing."""

from datetime import date

import pytest

from core.csvfile import ImportFailed
from participation.models import Survey, SurveyResult
from participation.surveys import import_survey
from schedule.models import Duty, Status
from schedule.planner import plan_duties

pytestmark = pytest.mark.django_db

GOOD = "question,answer,count\nDo you feel safe?,Yes,40\nDo you feel safe?,No,3\nDo you see your worker?,Yes,0\n"


def load(cast, data, **kwargs):
    fields = {"name": "LAC survey", "kind": "looked_after", "year": 2026, "imported_by": cast.head,
              "acting_user": cast.head.user, "today": date(2026, 4, 15), **kwargs}
    return import_survey(data, **fields)


def problems(cast, data) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        load(cast, data)
    assert not Survey.objects.exists() and not SurveyResult.objects.exists()
    return failure.value.errors


def test_a_good_file_loads_every_answer_in_order(cast):
    survey, done = load(cast, GOOD.encode())
    assert done == []
    assert list(survey.results.values_list("question", "answer", "count")) == [
        ("Do you feel safe?", "Yes", 40), ("Do you feel safe?", "No", 3), ("Do you see your worker?", "Yes", 0)]
    assert survey.imported_by == cast.head
    assert survey.history.get().history_user == cast.head.user


def test_importing_completes_the_importers_survey_duty(cast, participation_duties):
    plan_duties(date(2026, 4, 15))
    _survey, done = load(cast, GOOD)
    assert [d.responsibility for d in done] == [participation_duties["survey"]]
    assert Duty.objects.get(pk=done[0].pk).status == Status.DONE


def test_every_bad_row_is_named_by_line_and_column_and_nothing_is_loaded(cast):
    data = (
        "question,answer,count\n"
        "Do you feel safe?,Yes,40\n"
        "Do you feel safe?,No,-1\n"
        ",Maybe,2\n"
        "Do you feel safe?,Sometimes,many\n"
        "Do you feel safe?,Yes,4\n"
        "Do you feel safe?,Rarely,\n"
        "Do you feel safe?,Often,2.5\n"
    )
    assert problems(cast, data) == [
        "line 3, column count: -1 is not between 0 and 1000000",
        "line 4, column question: is empty",
        "line 5, column count: 'many' is not a whole number",
        "line 6, column answer: 'Yes' to this question is also on line 2",
        "line 7, column count: is empty",
        "line 8, column count: '2.5' is not a whole number",
    ]


def test_a_missing_or_unknown_column(cast):
    assert problems(cast, "question,answers,count\nQ,A,1\n") == [
        "line 1, column answer: is missing", "line 1, column answers: is not a column of this file"]


def test_a_file_that_is_not_utf8(cast):
    assert problems(cast, "question,answer,count\nQ,Café,1\n".encode("cp1252")) == [
        "line 2: is not UTF-8 text (save the file as CSV UTF-8)"]


def test_an_empty_file_and_a_file_of_column_names_only(cast):
    assert problems(cast, b"") == ["line 1: the file is empty"]
    assert problems(cast, "question,answer,count\n") == ["line 2: the file has no rows after its column names"]


def test_a_row_with_too_many_values(cast):
    assert problems(cast, "question,answer,count\nQ,A,1,2\n") == [
        "line 2: has 4 values where the first line names 3 columns"]


def test_the_same_survey_twice_is_refused(cast):
    load(cast, GOOD)
    with pytest.raises(ImportFailed) as failure:
        load(cast, GOOD)
    assert failure.value.errors == ["LAC survey (2026) is already loaded: nothing was loaded again"]
    assert Survey.objects.count() == 1 and SurveyResult.objects.count() == 3
    load(cast, GOOD, year=2025)
    assert Survey.objects.count() == 2
