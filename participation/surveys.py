"""Importing a survey's aggregated results (question, answer, count) from CSV: every row checked,
then all loaded or none, each problem reported as `line N, column X: why`.

The file holds numbers, not children: one row per answer to a question, with how many gave it.
Importing completes the importer's duty to survey (R79, record `participation:survey`).

The upload page loads the file as an import run (core.imports): `check_upload` at once (the
columns, and that no survey of that name and year is loaded), then `load_upload` in a Celery task.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.csvfile import ImportFailed, read_rows
from core.imports import CHECKING, Outcome, Progress, check_csv, quietly
from core.models import ImportRun
from people.models import StaffMember
from schedule.records import complete_duties

from .models import SURVEY_RECORD, Survey, SurveyKind, SurveyResult

REQUIRED = ["question", "answer", "count"]
LONGEST = 500  # characters of a question or an answer
MOST = 1_000_000  # answers of one kind: far beyond a council's survey; only there to catch a wrong column
RUN_KIND = "survey"  # the upload's import runs (core.imports)


def check_results(data, *, progress: Progress = quietly) -> list[SurveyResult]:
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
        progress(position, len(rows), CHECKING)
    problems = [problem for row in rows for problem in row.problems]
    if problems:
        raise ImportFailed(problems)
    return results


def import_survey(
    data, *, name: str, kind: str, year: int, imported_by, acting_user, today: date, progress: Progress = quietly
) -> tuple[Survey, list]:
    """Check a file, then load the survey and all its results, or nothing. Completes the
    importer's survey duty (R79). Returns the survey and the duties completed."""
    results = check_results(data, progress=progress)
    _check_not_loaded(name=name, kind=kind, year=year)
    try:
        return _load(
            results, name=name, kind=kind, year=year, imported_by=imported_by, acting_user=acting_user, today=today
        )
    except IntegrityError:  # the same survey, imported by someone else at the same moment
        raise ImportFailed([f"{name} ({year}) is already loaded: nothing was loaded again"]) from None


def _check_not_loaded(*, name: str, kind: str, year: int) -> None:
    if Survey.objects.filter(kind=kind, year=year, name=name).exists():
        raise ImportFailed([f"{name} ({year}) is already loaded: nothing was loaded again"])


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


# The upload page's import run (core.imports). Its options: the survey's name, kind and year,
# who ran it (a staff member's id) and the day it was uploaded.


def check_upload(data: bytes, options: dict) -> int:
    rows = check_csv(data, required=REQUIRED, optional=[])
    _check_not_loaded(name=options["name"], kind=options["kind"], year=options["year"])
    return rows


def load_upload(run: ImportRun, data: bytes, progress: Progress) -> Outcome:
    options = run.options
    survey, done = import_survey(
        data,
        name=options["name"],
        kind=options["kind"],
        year=options["year"],
        imported_by=StaffMember.objects.filter(id=options.get("imported_by")).first(),
        acting_user=run.uploaded_by,
        today=date.fromisoformat(options["today"]),
        progress=progress,
    )
    results = list(survey.results.all())
    answers, questions = len(results), len({result.question for result in results})
    summary = f"{survey.name} loaded: {answers:,} answer{'s' if answers != 1 else ''} to {questions:,} " + (
        "question" if questions == 1 else "questions"
    )
    late = sum(1 for duty in done if duty.done_late)
    details = [f"Your duty to report the surveys is done{' (late)' if late else ''}"] if done else []
    return Outcome(summary, answers, details, ("See the survey's results", survey.get_absolute_url()))


def describe_upload(options: dict) -> list[tuple[str, str]]:
    return [
        ("Survey", options.get("name", "")),
        ("Who was surveyed", SurveyKind(options["kind"]).label if options.get("kind") in SurveyKind.values else ""),
        ("Year", str(options.get("year", ""))),
    ]
