"""Downloads of a list (core.exports): each cell keeps its type in both formats, text that a
spreadsheet would run as a formula comes out plain, the rows are read as they are written, and the
links keep the filters. `read_csv`, `read_xlsx` and `table` open a download for the list pages' own tests."""

import csv
import io
import tracemalloc
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter
from django.contrib.auth.models import Group
from django.http import FileResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory

from core import exports
from core.exports import FORMATS, Column, download, download_links, neutralised, requested


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV download, headings first, after checking it is UTF-8 with a byte order mark."""
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def read_xlsx(response):
    """The worksheet of an Excel download, after checking it is a file sent as an attachment."""
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def table(response) -> list[dict]:
    """The rows of a download in either format as {heading: value}: text from a CSV, each cell's
    own type (a number, a datetime for a date) from Excel."""
    if isinstance(response, FileResponse):
        found = [[cell.value for cell in row] for row in read_xlsx(response).iter_rows()]
    else:
        found = read_csv(response)
    headings, *rows = found
    return [dict(zip(headings, row, strict=True)) for row in rows]


ROW = {
    "text": "Plain text",
    "formula": '=HYPERLINK("http://evil.example","Click")',
    "at": "@SUM(A1:A2)",
    "negative": -5,
    "price": Decimal("12.50"),
    "ratio": 0.25,
    "day": date(2026, 4, 1),
    "moment": datetime(2026, 6, 1, 11, 30, tzinfo=UTC),  # 12:30 in London (BST)
    "winter": datetime(2026, 1, 15, 9, 5, tzinfo=UTC),  # 09:05 in London (GMT)
    "yes": True,
    "no": False,
    "nothing": None,
    "team": "Team A",
}
COLUMNS = [Column(heading, lambda row, heading=heading: row[heading]) for heading in ROW]


def a_download(fmt, rows=(ROW,), filename="audits-2026-04-15"):
    return download(fmt, filename, COLUMNS, iter(rows))


@pytest.mark.parametrize("text", ["=1+1", "+44 20 7946 0000", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=", "@"])
def test_text_a_spreadsheet_would_run_is_made_plain(text):
    assert neutralised(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Plain", "CR-10001", "1 = 1", " =1", "'quoted", "Team-A"])
def test_other_text_is_left_alone(text):
    assert neutralised(text) == text


def test_requested_reads_the_query_string():
    factory = RequestFactory()
    assert requested(factory.get("/audits/", {"download": "csv"})) == "csv"
    assert requested(factory.get("/audits/", {"download": "xlsx", "status": "draft"})) == "xlsx"
    assert requested(factory.get("/audits/")) is None
    assert requested(factory.get("/audits/", {"download": "pdf"})) is None
    assert set(FORMATS) == {"csv", "xlsx"}


def test_the_links_keep_the_filters_and_drop_the_page():
    request = RequestFactory().get("/audits/?status=draft&team=3&team=4&page=2&download=csv")
    assert download_links(request) == [
        ("Download as CSV", "?status=draft&team=3&team=4&download=csv"),
        ("Download as Excel (.xlsx)", "?status=draft&team=3&team=4&download=xlsx"),
    ]
    assert download_links(RequestFactory().get("/audits/")) == [
        ("Download as CSV", "?download=csv"),
        ("Download as Excel (.xlsx)", "?download=xlsx"),
    ]


def test_csv_cells_keep_their_meaning():
    response = a_download("csv")
    assert response["Content-Disposition"] == 'attachment; filename="audits-2026-04-15.csv"'
    headings, row = read_csv(response)
    assert headings == list(ROW)
    cells = dict(zip(headings, row, strict=True))
    assert cells == {
        "text": "Plain text",
        "formula": "'" + ROW["formula"],
        "at": "'@SUM(A1:A2)",
        "negative": "-5",  # a number, not text: not neutralised
        "price": "12.50",
        "ratio": "0.25",
        "day": "2026-04-01",
        "moment": "2026-06-01 12:30",
        "winter": "2026-01-15 09:05",
        "yes": "Yes",
        "no": "No",
        "nothing": "",
        "team": "Team A",
    }


def test_csv_is_written_as_the_rows_are_read():
    read = []

    def rows():
        for n in range(1200):
            read.append(n)
            yield {**ROW, "text": f"Row {n}"}

    response = download("csv", "many", COLUMNS, rows())
    assert read == []  # nothing is read until the response is sent
    chunks = iter(response.streaming_content)
    next(chunks)
    assert 0 < len(read) < 1200  # the first lines go before the last rows are read
    lines = b"".join([b"", *chunks])
    assert len(read) == 1200 and lines.endswith(b"\r\n")


def test_xlsx_cells_keep_their_types():
    response = a_download("xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="audits-2026-04-15.xlsx"'
    sheet = read_xlsx(response)
    headings, row = list(sheet.iter_rows(max_row=2))
    assert [cell.value for cell in headings] == list(ROW)
    assert all(cell.font.b for cell in headings)
    assert sheet.freeze_panes == "A2"
    cells = {heading: cell for heading, cell in zip(ROW, row, strict=True)}
    assert cells["formula"].value == "'" + ROW["formula"] and cells["formula"].data_type == "s"
    assert cells["at"].value == "'@SUM(A1:A2)" and cells["at"].data_type == "s"
    assert cells["negative"].value == -5 and cells["negative"].data_type == "n"
    assert cells["price"].value == 12.5 and cells["ratio"].value == 0.25
    assert cells["day"].is_date and cells["day"].value == datetime(2026, 4, 1)
    assert cells["day"].number_format == "dd/mm/yyyy"
    assert cells["moment"].is_date and cells["moment"].value == datetime(2026, 6, 1, 12, 30)
    assert cells["moment"].number_format == "dd/mm/yyyy hh:mm"
    assert cells["winter"].value == datetime(2026, 1, 15, 9, 5)
    assert (cells["yes"].value, cells["no"].value, cells["nothing"].value) == ("Yes", "No", None)
    assert cells["text"].value == "Plain text" and cells["team"].value == "Team A"


def test_xlsx_of_no_rows_has_its_headings():
    sheet = read_xlsx(a_download("xlsx", rows=()))
    assert [cell.value for cell in next(sheet.iter_rows())] == list(ROW)
    assert sheet.max_row == 1


def test_xlsx_is_written_with_constant_memory_to_a_file(monkeypatch):
    made, real = [], xlsxwriter.Workbook

    def workbook(file, options):
        made.append((file, options))
        return real(file, options)

    monkeypatch.setattr(exports.xlsxwriter, "Workbook", workbook)
    rows = ({**ROW, "negative": n} for n in range(3000))
    sheet = read_xlsx(download("xlsx", "many", COLUMNS, rows))
    [(file, options)] = made
    assert options["constant_memory"] is True
    assert not isinstance(file, io.BytesIO) and file.fileno() >= 0  # a file on disk, not bytes in memory
    assert sheet.max_row == 3001 and sheet.cell(3001, 4).value == 2999


def peak_memory(fmt, rows: int) -> tuple[int, int]:
    """The most memory Python held at once while making and sending a download of that many rows,
    and the bytes sent."""
    columns = [
        Column("Text", lambda n: f"Case CR-{n} audited"),
        Column("Number", lambda n: n),
        Column("Date", lambda n: date(2026, 4, 1)),
    ]
    tracemalloc.start()
    try:
        response = download(fmt, "many", columns, iter(range(rows)))
        sent = sum(len(chunk) for chunk in response.streaming_content)
        return tracemalloc.get_traced_memory()[1], sent
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_memory_stays_flat_however_many_rows(fmt):
    few, few_sent = peak_memory(fmt, 1_000)
    many, many_sent = peak_memory(fmt, 10_000)
    assert many_sent > 5 * few_sent  # the rows are all there
    assert many < few + 100_000  # but never all in memory at once


def test_any_other_value_is_written_as_its_text():
    class Person:
        def __str__(self):
            return "=Ann Example"

    columns = [Column("Person", lambda row: row)]
    assert read_csv(download("csv", "x", columns, iter([Person()])))[1] == ["'=Ann Example"]
    assert read_xlsx(download("xlsx", "x", columns, iter([Person()]))).cell(2, 1).value == "'=Ann Example"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_file_name_is_made_safe(fmt):
    response = download(fmt, 'Audits "all"\r\n/../2026-04-15', COLUMNS, iter([]))
    assert f'filename="audits-all-2026-04-15.{fmt}"' in response["Content-Disposition"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_queryset_is_read_a_chunk_at_a_time_not_cached(fmt):
    Group.objects.bulk_create(Group(name=name) for name in ["Moderators", "Auditors", "Readers"])
    groups = Group.objects.order_by("name")
    response = download(fmt, "groups", [Column("Group", lambda group: group.name)], groups)
    names = ["Auditors", "Moderators", "Readers"]
    if fmt == "csv":
        assert [row[0] for row in read_csv(response)[1:]] == names
    else:
        assert [row[0].value for row in read_xlsx(response).iter_rows(min_row=2)] == names
    assert groups._result_cache is None


def test_the_links_say_how_many_rows_and_each_format():
    links = download_links(RequestFactory().get("/audits/?status=draft"))
    html = render_to_string("includes/downloads.html", {"downloads": links, "count": 12})
    assert '<p class="govuk-body">Download these 12 rows:' in html
    assert '<a class="govuk-link" href="?status=draft&amp;download=csv">CSV</a>' in html
    assert '<a class="govuk-link" href="?status=draft&amp;download=xlsx">Excel (.xlsx)</a>' in html
    assert "Download this row:" in render_to_string("includes/downloads.html", {"downloads": links, "count": 1})
    assert render_to_string("includes/downloads.html", {"count": 12}).strip() == ""
