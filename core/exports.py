"""Downloads of a list as CSV or as Excel (.xlsx): the rows a page shows under its filters, all
of them, written as they are read from the database so that a long list never sits whole in memory.

A list page says its columns (`Column`), answers `?download=csv|xlsx` with `download()` and links
to both with `download_links()`. Each cell keeps its type: numbers stay numbers and dates real dates
in Excel; text that a spreadsheet would run as a formula is made plain (`neutralised`).
"""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from core.periods import LONDON

# Rows read from the database at a time: a queryset is never read, nor cached, whole.
CHUNK_SIZE = 2000

# The first characters by which Excel, LibreOffice and Google Sheets take a cell for a formula
# (OWASP, "CSV injection"); a tab or carriage return first lets one slip past a trimmed check.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Lines of CSV sent at a time: fewer, larger writes to the client, and still flat memory.
CSV_LINES_PER_CHUNK = 500


@dataclass(frozen=True)
class Column:
    """One column of a download: its heading and the value of a row. The value is a str, int,
    float, Decimal, date, datetime, bool or None; anything else (a member of staff, a team) is
    written as its text."""

    heading: str
    value: Callable[[Any], Any]  # a row -> str | int | float | Decimal | date | datetime | bool | None


def neutralised(value: str) -> str:
    """A text cell that a spreadsheet would read as a formula (starts with = + - @, or a tab or
    carriage return), made plain by a leading apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _cell(value):
    """The value as a download holds it: None, a number, a date, a naive London datetime, or text."""
    if value is None:
        return None
    if isinstance(value, bool):  # before numbers: a bool is an int
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):  # before dates: a datetime is a date
        # Spreadsheets know no time zones: the time as it was on a clock in London.
        return value.astimezone(LONDON).replace(tzinfo=None) if value.tzinfo is not None else value
    if isinstance(value, date):
        return value
    return neutralised(str(value))


def _csv_text(value) -> str:
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Echo:
    """A file that hands back what is written to it, so that csv.writer makes one line at a time."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(columns: list[Column], rows: Iterable) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte order mark tells Excel the file is UTF-8, or it reads it in the machine's code page.
    lines = ["\ufeff" + writer.writerow([column.heading for column in columns])]
    for row in rows:
        lines.append(writer.writerow([_csv_text(column.value(row)) for column in columns]))
        if len(lines) >= CSV_LINES_PER_CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def _csv_response(name: str, columns: list[Column], rows: Iterable) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _xlsx_response(name: str, columns: list[Column], rows: Iterable) -> FileResponse:
    # An unnamed temporary file, gone once closed: the response closes it when it has been sent.
    # constant_memory writes each row out as the next begins, so rows must come in order.
    file = tempfile.TemporaryFile()
    workbook = xlsxwriter.Workbook(file, {"constant_memory": True, "nan_inf_to_errors": True})
    sheet = workbook.add_worksheet(name.rsplit(".", 1)[0][:31])
    bold = workbook.add_format({"bold": True})
    formats = {
        datetime: workbook.add_format({"num_format": DATETIME_FORMAT}),
        date: workbook.add_format({"num_format": DATE_FORMAT}),
    }
    for number, column in enumerate(columns):
        sheet.set_column(number, number, max(12, len(column.heading) + 4))
        sheet.write_string(0, number, column.heading, bold)
    sheet.freeze_panes(1, 0)
    last = 0
    for last, row in enumerate(rows, start=1):
        for number, column in enumerate(columns):
            value = _cell(column.value(row))
            if value is None:
                continue
            if isinstance(value, str):
                # write_string, never write(): write() would turn "=..." back into a formula.
                sheet.write_string(last, number, value)
            elif isinstance(value, date):
                sheet.write_datetime(last, number, value, formats[datetime if isinstance(value, datetime) else date])
            else:
                sheet.write_number(last, number, float(value) if isinstance(value, Decimal) else value)
    sheet.autofilter(0, 0, last, max(len(columns) - 1, 0))
    workbook.close()
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


@dataclass(frozen=True)
class Format:
    """A download format: what a link calls it, and how it answers."""

    name: str
    respond: Callable[[str, list[Column], Iterable], HttpResponseBase]


# The download formats, keyed by the ?download= value.
FORMATS = {
    "csv": Format("CSV", _csv_response),
    "xlsx": Format("Excel (.xlsx)", _xlsx_response),
}


def requested(request) -> str | None:
    """The download the query string asks for (?download=csv): "csv" or "xlsx", else None."""
    fmt = request.GET.get("download")
    return fmt if fmt in FORMATS else None


def download(fmt: str, filename: str, columns: list[Column], rows: Iterable) -> HttpResponseBase:
    """The rows as a CSV or xlsx attachment named f"{filename}.{fmt}"; streams.

    `filename` is made safe for a file name (a slug: "audits-2026-04-15"). A queryset given as the
    rows is read CHUNK_SIZE rows at a time (its prefetches too), never cached whole."""
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=CHUNK_SIZE)
    name = f"{slugify(filename) or 'download'}.{fmt}"
    return FORMATS[fmt].respond(name, columns, rows)


def download_links(request) -> list[tuple[str, str]]:
    """[(label, href)] for "Download as CSV" and "Download as Excel (.xlsx)": the current query
    string with download=<fmt> set and any page= removed."""
    links = []
    for fmt, format_ in FORMATS.items():
        query = request.GET.copy()
        query.pop("page", None)
        query["download"] = fmt
        links.append((f"Download as {format_.name}", f"?{query.urlencode()}"))
    return links
