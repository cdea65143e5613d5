"""Loading the case list from the case management system's CSV export: every row checked, then
all loaded or none.

Cases are matched on their reference, so next month's list updates the cases already in the
portal. A column the file does not have (team, closed_on, transferred_on) leaves that field as it
is; a column the file has is taken as the truth, blanks included. A case the portal has that the
file does not list is left as it is (its `last_listed_on` says when it was last seen).

A case newly recorded as closed or transferred raises its closure audit duties (cases.duties);
one that arrives in the portal already closed or transferred does so only when that happened in
the last RECENT_MONTHS months, so a first upload of years of history asks for no old audits.

An upload takes `at`, the moment it was made (default: now), so that one loaded later (the demo's
upload of a month ago) carries that moment in the cases' history. The duties it raises are
written now (cases.duties takes no moment).

The upload page loads the file as an import run (core.imports): `check_upload` at once, then
`load_upload` in a Celery task, with the day of the upload as the run's `today`.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.urls import reverse
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.csvfile import ImportFailed, Row, read_rows
from core.imports import CHECKING, LOADING, Outcome, Progress, check_csv, quietly
from core.models import ImportRun
from people.models import StaffMember, Team

from .dates import months_before
from .duties import CaseEvent, raise_closure_duties
from .models import Case
from .references import is_case_reference

REQUIRED = ["case_reference", "case_holder", "opened_on"]
OPTIONAL = ["team", "closed_on", "transferred_on"]
# The columns that say a case has ended, and what happened.
ENDINGS = {"closed_on": "closed", "transferred_on": "transferred"}
RECENT_MONTHS = 3
CHANGE_REASON = "case list upload"
BATCH = 500  # cases written at a time
RUN_KIND = "cases"  # the upload's import runs (core.imports)


@dataclass
class CaseImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ended: int = 0  # newly recorded as closed or transferred
    duties_raised: int = 0
    not_listed: int = 0  # open cases in the portal that the file did not list

    def __str__(self):
        text = (
            f"{self.created} new, {self.updated} updated, {self.ended} closed or transferred, "
            f"{_count(self.duties_raised, 'duty', 'duties')} raised"
        )
        if self.not_listed:
            text += f"; {self.not_listed} open in the portal but not in this file (left as they are)"
        return text


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


@dataclass
class Parsed:
    """One checked row, before it touches the database."""

    reference: str
    case_holder: StaffMember | None
    team: Team | None
    dates: dict  # opened_on, and closed_on / transferred_on where the file has those columns


def import_cases(
    file, *, today: date, acting_user, at: datetime | None = None, progress: Progress = quietly
) -> CaseImport:
    """Load a case list (bytes, text or an open file). ImportFailed lists every problem, by line
    and column, and nothing is loaded. `progress(done, total, stage)` hears how far it has gone."""
    data = file.read() if hasattr(file, "read") else file
    rows = read_rows(data, required=REQUIRED, optional=OPTIONAL)
    columns = set().union(*(row.values for row in rows))
    staff = {person.staff_number: person for person in StaffMember.objects.select_related("team")}
    teams = {team.name.casefold(): team for team in Team.objects.all()}

    parsed, seen = [], {}
    for done, row in enumerate(rows, start=1):
        entry = _parse(row, columns, staff, teams, today)
        if entry.reference and entry.reference in seen:
            row.error("case_reference", f"{entry.reference} is also on line {seen[entry.reference]}")
        seen.setdefault(entry.reference, row.line)
        parsed.append(entry)
        progress(done, len(rows), CHECKING)
    problems = [problem for row in rows for problem in row.problems]
    if problems:
        raise ImportFailed(problems)
    return _load(parsed, today=today, acting_user=acting_user, at=at, progress=progress)


def _parse(row: Row, columns: set[str], staff: dict, teams: dict, today: date) -> Parsed:
    reference = row.required("case_reference")
    if reference and not is_case_reference(reference):
        # Not echoed back: it may be a child's name, typed where the reference should be.
        row.error("case_reference", "is not a case reference as the case management system writes it")

    holder = None
    if number := row["case_holder"]:
        holder = staff.get(number)
        if holder is None:
            row.error("case_holder", f"nobody has staff number {number} in the portal")

    team = None
    if name := row["team"]:
        team = teams.get(name.casefold())
        if team is None:
            row.error("team", f"{name!r} is not a team in the portal")
    elif holder is not None:
        team = holder.team
    elif not number:
        column = "team" if "team" in columns else "case_holder"
        row.error(column, "is empty: a case with no case-holder needs its team")

    dates = {"opened_on": row.day("opened_on", required=True)}
    for column in ENDINGS:
        if column in columns:
            dates[column] = row.day(column)
    for column, day in dates.items():
        if day and day > today:
            row.error(column, f"{day:%d/%m/%Y} is in the future")
        elif day and dates["opened_on"] and day < dates["opened_on"]:
            row.error(column, f"{day:%d/%m/%Y} is before the case opened ({dates['opened_on']:%d/%m/%Y})")
    return Parsed(reference, holder, team, dates)


def _one_import_at_a_time() -> None:
    """Two uploads at once wait for each other, so neither raises a duty the other is raising.
    SQLite's IMMEDIATE transactions already do; PostgreSQL takes a lock for this transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('qaportal.import_cases'))")


@transaction.atomic
def _load(parsed: list[Parsed], *, today: date, acting_user, at: datetime | None, progress: Progress) -> CaseImport:
    _one_import_at_a_time()
    result = CaseImport()
    existing = Case.objects.select_for_update().in_bulk([entry.reference for entry in parsed], field_name="reference")
    recent = months_before(today, RECENT_MONTHS)
    new, changed, unchanged, events = [], [], [], []
    for entry in parsed:
        values = {
            "case_holder_id": getattr(entry.case_holder, "id", None),
            "team_id": getattr(entry.team, "id", None),
            **entry.dates,
        }
        case = existing.get(entry.reference)
        if case is None:
            case = Case(reference=entry.reference, last_listed_on=today, **values)
            new.append(case)
            ended = {column: day for column in ENDINGS if (day := values.get(column))}
            recent_enough = ended and min(ended.values()) >= recent
        else:
            ended = {column: day for column in ENDINGS if (day := values.get(column)) and not getattr(case, column)}
            recent_enough = True
            if any(getattr(case, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(case, name, value)
                case.last_listed_on = today
                changed.append(case)
            else:
                unchanged.append(case.id)
        if ended:
            result.ended += 1
            if recent_enough:
                # Closed and transferred at once: one event, the first of the two.
                column = min(ended, key=lambda c: ended[c])
                events.append(CaseEvent(case.reference, case.team_id, ENDINGS[column], ended[column]))

    history = {"default_user": acting_user, "default_change_reason": CHANGE_REASON, "default_date": at}
    saved = 0
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        bulk_create_with_history(batch, Case, batch_size=BATCH, **history)
        saved += len(batch)
        progress(saved, len(parsed), LOADING)
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        bulk_update_with_history(
            batch,
            Case,
            ["case_holder", "team", "opened_on", "closed_on", "transferred_on", "last_listed_on"],
            batch_size=BATCH,
            **history,
        )
        saved += len(batch)
        progress(saved, len(parsed), LOADING)
    # Listed again and otherwise the same: only the day it was last listed moves, which is no
    # change to the case and keeps no history.
    for start in range(0, len(unchanged), BATCH):
        batch = unchanged[start : start + BATCH]
        Case.objects.filter(id__in=batch).update(last_listed_on=today)
        saved += len(batch)
        progress(saved, len(parsed), LOADING)

    result.created, result.updated, result.unchanged = len(new), len(changed), len(unchanged)
    result.duties_raised = len(raise_closure_duties(events, today=today, acting_user=acting_user))
    result.not_listed = Case.objects.open_on(today).filter(last_listed_on__lt=today).count()
    return result


# The upload page's import run (core.imports).


def check_upload(data: bytes, options: dict) -> int:
    """The check made as the file is uploaded: it can be read and names its columns right."""
    return check_csv(data, required=REQUIRED, optional=OPTIONAL)


def load_upload(run: ImportRun, data: bytes, progress: Progress) -> Outcome:
    result = import_cases(
        data, today=date.fromisoformat(run.options["today"]), acting_user=run.uploaded_by, progress=progress
    )
    rows = result.created + result.updated + result.unchanged
    summary = f"{_count(rows, 'case', 'cases')} loaded: {result.created:,} added, {result.updated:,} changed"
    if result.unchanged:
        summary += f", {result.unchanged:,} as they were"
    details = [
        f"{result.ended:,} newly closed or transferred",
        f"{_count(result.duties_raised, 'duty', 'duties')} raised for the audit on closure or transfer",
    ]
    if result.not_listed:
        details.append(
            f"{_count(result.not_listed, 'open case', 'open cases')} in the portal not in this file (left as they are)"
        )
    return Outcome(summary, rows, details, ("Go to the case list", reverse("cases:list")))
