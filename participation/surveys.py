"""Importing a survey's aggregated results (question, answer, count) from CSV: every row checked,
then all loaded or none, each problem reported as `line N, column X: why`.

The file holds numbers, not children: one row per answer to a question, with how many gave it.
Importing completes the importer's duty to survey (R79, record `participation:survey`).
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.csvfile import ImportFailed, read_rows
from schedule.records import complete_duties

from .models import SURVEY_RECORD, Survey, SurveyResult

REQUIRED = ["question", "answer", "count"]
LONGEST = 500  # characters of a question or an answer
MOST = 1_000_000  # answers of one kind: far beyond a council's survey; only there to catch a wrong column


def check_results(data) -> list[SurveyResult]:
    """The results of a file (bytes, text or an open file), unsaved. ImportFailed lists every
    problem by line and column."""
    data = data.read() if hasattr(data, "read") else data
    rows = read_rows(data, required=REQUIRED, optional=[])
    results, seen = [], {}
    for position, row in enumerate(rows, start=1):
        question, answer = row.required("question"), row.required("answer")
        for column, value in (("question", question), ("answer", answer)):
            if len(value) > LONGEST:
                row.error(column, f"is {len(value)} characters long; the most is {LONGEST}")
        count = row.whole_number("count", high=MOST)
        if question and answer:
            key = (question.casefold(), answer.casefold())
            if key in seen:
                row.error("answer", f"{answer!r} to this question is also on line {seen[key]}")
            seen.setdefault(key, row.line)
        results.append(SurveyResult(position=position, question=question, answer=answer, count=count))
    problems = [problem for row in rows for problem in row.problems]
    if problems:
        raise ImportFailed(problems)
    return results


def import_survey(
    data, *, name: str, kind: str, year: int, imported_by, acting_user, today: date
) -> tuple[Survey, list]:
    """Check a file, then load the survey and all its results, or nothing. Completes the
    importer's survey duty (R79). Returns the survey and the duties completed."""
    results = check_results(data)
    if Survey.objects.filter(kind=kind, year=year, name=name).exists():
        raise ImportFailed([f"{name} ({year}) is already loaded: nothing was loaded again"])
    try:
        return _load(results, name=name, kind=kind, year=year, imported_by=imported_by, acting_user=acting_user,
                     today=today)
    except IntegrityError:  # the same survey, imported by someone else at the same moment
        raise ImportFailed([f"{name} ({year}) is already loaded: nothing was loaded again"]) from None


@transaction.atomic
def _load(results, *, name, kind, year, imported_by, acting_user, today):
    survey = Survey(name=name, kind=kind, year=year, imported_by=imported_by, imported_at=timezone.now())
    survey._history_user, survey._change_reason = acting_user, "imported"
    survey.save()
    for result in results:
        result.survey = survey
    SurveyResult.objects.bulk_create(results, batch_size=500)
    done = []
    if imported_by is not None:
        done = complete_duties(SURVEY_RECORD, on=today, record=survey, acting_user=acting_user, owner=imported_by)
    return survey, done
