"""Importing the scorecard's values from the case management system's reports: a CSV file or
an Excel workbook (.xlsx), one value a row, by measure, period and team or service.

Every row is checked first and every problem listed as `line N, column X: why` (a workbook's line
is its row number); nothing is saved unless there were none, and then all of it is, in one
transaction. A value already there for the same measure, period and team or service is changed
(its history keeps the old one), so a corrected file can be imported again.

The import page loads the file as an import run (core.imports): `check_upload` at once (that the
file can be read and names its columns right), then `load_upload` in a Celery task, where the
measures the uploader may enter are those they may enter when it runs.
"""

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import openpyxl
from django.db import transaction
from django.urls import reverse
from openpyxl.utils.exceptions import InvalidFileException

from core.csvfile import ImportFailed, Row, read_rows
from core.imports import CHECKING, LOADING, Outcome, Progress, check_csv, quietly
from core.models import ImportRun
from people.models import Service, Team

from .models import Measure, Source
from .scorecard import parse_amount, parse_period_day
from .scorecard_actions import may_enter, put_value

REQUIRED = ["measure", "period", "value"]
OPTIONAL = ["team", "service"]
MOST_ROWS = 20_000  # far beyond a council's scorecard (measures x teams x months); stops a wrong file
XLSX_START = b"PK\x03\x04"  # an .xlsx is a zip file
RUN_KIND = "scorecard"  # the import page's runs (core.imports)


@dataclass
class ScorecardImport:
    created: int
    changed: int
    unchanged: int

    def __str__(self):
        return f"{self.created} values added, {self.changed} changed, {self.unchanged} already as in the file"


def _name(text: str) -> str:
    return " ".join(text.split()).casefold()


def _cell_text(cell) -> str:
    """A workbook cell as the CSV reader would see it typed: dates as 2026-04-01, a percentage
    cell (0.875 shown as 87.5%) as 87.5, whole numbers without ".0"."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", "") or ""):
            number *= 100
        return format(number.normalize(), "f")
    # One sheet row is one line of the CSV, so that a line number is the row's number.
    return " ".join(str(value).splitlines())


UNREADABLE = "line 1: the file is not an Excel workbook (.xlsx) that can be read: save it again as .xlsx or as CSV"


def workbook_as_csv(data: bytes, *, max_row: int | None = None) -> str:
    """The first sheet of an .xlsx workbook (its first `max_row` rows) as CSV text, row N of the
    sheet on line N."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise ImportFailed([UNREADABLE]) from None
    try:
        return _sheet_as_csv(workbook.worksheets[0], max_row)
    except ImportFailed:
        raise
    except Exception:  # a damaged sheet fails as it is read, in any of the XML parser's ways
        raise ImportFailed([UNREADABLE]) from None
    finally:
        workbook.close()


def _sheet_as_csv(sheet, max_row: int | None = None) -> str:
    lines = io.StringIO()
    writer = csv.writer(lines, lineterminator="\n")
    width = None
    for number, cells in enumerate(sheet.iter_rows(max_row=max_row), start=1):
        if number > MOST_ROWS + 1:
            raise ImportFailed([f"line {number}: the file has more than {MOST_ROWS:,} rows"])
        texts = [_cell_text(cell) for cell in cells]
        while texts and not texts[-1].strip():
            texts.pop()  # formatted but empty cells at the end of a row are not values
        if width is None:
            width = len(texts)  # the column names' row
        writer.writerow(texts + [""] * (width - len(texts)))
    return lines.getvalue()


def read_file(data: bytes) -> list[Row]:
    """The rows of a CSV file or an .xlsx workbook (told apart by what the file holds, not its
    name). ImportFailed when the file cannot be read at all."""
    text = workbook_as_csv(data) if data.startswith(XLSX_START) else data
    rows = read_rows(text, required=REQUIRED, optional=OPTIONAL)
    if len(rows) > MOST_ROWS:
        raise ImportFailed([f"line {rows[MOST_ROWS].line}: the file has more than {MOST_ROWS:,} rows"])
    return rows


@dataclass
class _Parsed:
    measure: Measure
    day: date
    value: Decimal
    team: Team | None
    service: Service | None


def import_values(
    data: bytes,
    *,
    acting_user,
    today: date,
    may_enter: Callable[[Measure], bool] = lambda measure: True,
    filename: str = "",
    progress: Progress = quietly,
) -> ScorecardImport:
    """Check every row of the file, then save every value or none (ImportFailed listing each
    problem). `may_enter` says whether the user may enter a measure's values."""
    rows = read_file(data)
    measures = {_name(measure.name): measure for measure in Measure.objects.all()}
    teams = {_name(team.name): team for team in Team.objects.all()}
    services = {_name(service.name): service for service in Service.objects.all()}
    parsed, problems, seen = [], [], {}
    for done, row in enumerate(rows, start=1):
        progress(done, len(rows), CHECKING)
        found = _parse(row, measures, teams, services, may_enter, today)
        if found is not None and not row.problems:
            period = found.measure.period_containing(found.day)
            key = (found.measure.id, period.start, found.team, found.service)
            if key in seen:
                where = found.team or found.service or "the whole department"
                row.error("period", f"{found.measure.name}, {period.short_label}, {where} is also on line {seen[key]}")
            seen.setdefault(key, row.line)
        problems += row.problems
        parsed.append(found)
    if problems:
        raise ImportFailed(problems)
    return _save(parsed, acting_user, filename, progress)


def _parse(row: Row, measures, teams, services, may_enter, today: date) -> _Parsed | None:
    name = row.required("measure")
    measure = measures.get(_name(name)) if name else None
    if name and measure is None:
        row.error("measure", f"no measure is called {name!r}")
    elif measure is not None and not measure.active:
        row.error("measure", f"{measure.name!r} is no longer on the scorecard")
    elif measure is not None and not may_enter(measure):
        row.error("measure", f"you may not enter the values of {measure.name!r} (its owner and the QA lead may)")

    team = service = None
    if row["team"] and row["service"]:
        row.error("service", "give a team or a service, not both (leave both empty for the whole department)")
    elif row["team"]:
        team = teams.get(_name(row["team"]))
        if team is None:
            row.error("team", f"no team is called {row['team']!r}")
    elif row["service"]:
        service = services.get(_name(row["service"]))
        if service is None:
            row.error("service", f"no service is called {row['service']!r}")

    day = None
    if row.required("period"):
        try:
            day = parse_period_day(row["period"])
        except ValueError as error:
            row.error("period", str(error))
    if day is not None and measure is not None and measure.period_containing(day).start > today:
        row.error("period", f"{measure.period_containing(day).short_label} has not begun yet")

    value = None
    if row.required("value"):
        try:
            value = parse_amount(row["value"])
        except ValueError as error:
            row.error("value", str(error))
    if row.problems or measure is None:
        return None
    return _Parsed(measure, day, value, team, service)


@transaction.atomic
def _save(parsed: list[_Parsed], acting_user, filename: str, progress: Progress) -> ScorecardImport:
    created = changed = unchanged = 0
    why = f"imported from {filename}" if filename else "imported"
    for done, item in enumerate(parsed, start=1):
        progress(done, len(parsed), LOADING)
        entered = put_value(
            measure=item.measure,
            day=item.day,
            value=item.value,
            source=Source.IMPORTED,
            acting_user=acting_user,
            team=item.team,
            service=item.service,
            why=why,
        )
        if entered.created:
            created += 1
        elif entered.previous is not None:
            changed += 1
        else:
            unchanged += 1
    return ScorecardImport(created, changed, unchanged)


# The import page's run (core.imports). Its options: the day of the upload.


def check_upload(data: bytes, options: dict) -> int:
    """The file can be read and its first line names its columns (of a workbook, its first two
    rows are read: reading all of a large one takes a while, and its rows are read by the load).
    The rows of a CSV file, or 0 for a workbook (not yet counted)."""
    if data.startswith(XLSX_START):
        read_rows(workbook_as_csv(data, max_row=2), required=REQUIRED, optional=OPTIONAL)
        return 0
    rows = check_csv(data, required=REQUIRED, optional=OPTIONAL)
    if rows > MOST_ROWS:
        raise ImportFailed([f"line {MOST_ROWS + 2}: the file has more than {MOST_ROWS:,} rows"])
    return rows


def load_upload(run: ImportRun, data: bytes, progress: Progress) -> Outcome:
    user = run.uploaded_by
    result = import_values(
        data,
        acting_user=user,
        today=date.fromisoformat(run.options["today"]),
        filename=run.filename,
        may_enter=lambda measure: user is not None and may_enter(user, measure),
        progress=progress,
    )
    rows = result.created + result.changed + result.unchanged
    summary = f"{rows:,} value{'s' if rows != 1 else ''} loaded: {result.created:,} added, {result.changed:,} changed"
    if result.unchanged:
        summary += f", {result.unchanged:,} already as in the file"
    return Outcome(summary, rows, [], ("Go to the scorecard", reverse("reports:scorecard")))
