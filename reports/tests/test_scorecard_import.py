"""Importing the scorecard's values from CSV and from Excel (reports.scorecard_import, and its
page): a good file loads, a bad one loads nothing and lists every problem as `line N, column X`."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from core.csvfile import ImportFailed
from core.models import ImportRun, ImportStatus
from core.tests.imports import eager_tasks, post_and_load  # noqa: F401 (a fixture)
from reports.models import MeasureValue, Source
from reports.scorecard_import import import_values

from .factories import MeasureFactory, make_value

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

HEADER = "measure,period,team,service,value"


@pytest.fixture
def measures(cast):
    return {
        "visits": MeasureFactory(name="Child protection visits within timescale", owner=cast.head),
        "rereferrals": MeasureFactory(
            name="Re-referrals within 12 months",
            higher_is_better=False,
            target=Decimal("20"),
            amber_band=Decimal("3"),
            owner=cast.head,
        ),
        "leavers": MeasureFactory(
            name="Care leavers in education, employment or training",
            frequency="quarterly",
            target=Decimal("60"),
            owner=cast.team_leader,
        ),
    }


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def csv(*lines: str) -> bytes:
    return "\n".join([HEADER, *lines]).encode()


COLUMNS = HEADER.split(",")


def workbook(rows, *, percent_cells=(), header=COLUMNS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in percent_cells:
        sheet[cell].number_format = "0.0%"
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def load(data, cast, **kwargs):
    return import_values(data, acting_user=cast.head.user, today=date(2026, 4, 15), filename="values.csv", **kwargs)


def test_a_good_csv_file_loads_every_value(cast, measures):
    result = load(
        csv(
            "Child protection visits within timescale,2026-03,,,96.5",
            "child protection visits  within timescale,2026-03,Team A,,88",  # names as people type them
            "Re-referrals within 12 months,01/03/2026,,Children's Social Care,24%",
            '"Care leavers in education, employment or training",2026-02-14,,,58',
        ),
        cast,
    )
    assert (result.created, result.changed, result.unchanged) == (4, 0, 0)
    rows = {(v.measure.name[:5], v.period_start, v.team_id, v.service_id): v for v in MeasureValue.objects.all()}
    assert rows[("Child", date(2026, 3, 1), None, None)].value == Decimal("96.5")
    team_value = rows[("Child", date(2026, 3, 1), cast.team_a.id, None)]
    assert team_value.value == Decimal("88") and team_value.awaiting_reason  # amber: still a miss
    assert rows[("Re-re", date(2026, 3, 1), None, cast.service.id)].value == Decimal("24")
    assert rows[("Care ", date(2026, 1, 1), None, None)].period_end == date(2026, 3, 31)  # its quarter
    assert {(v.source, v.entered_by) for v in rows.values()} == {(Source.IMPORTED, cast.head.user)}
    assert {h.history_change_reason for h in MeasureValue.history.all()} == {"imported from values.csv"}


def test_importing_again_changes_what_changed(cast, measures):
    make_value(measures["visits"], date(2026, 3, 1), "90")
    make_value(measures["visits"], date(2026, 2, 1), "91")
    result = load(
        csv(
            "Child protection visits within timescale,2026-03,,,92",
            "Child protection visits within timescale,2026-02,,,91.00",
            "Child protection visits within timescale,2026-01,,,93",
        ),
        cast,
    )
    assert (result.created, result.changed, result.unchanged) == (1, 1, 1)
    assert str(result) == "1 values added, 1 changed, 1 already as in the file"
    assert MeasureValue.objects.get(period_start=date(2026, 3, 1)).history.count() == 2


def test_a_bad_file_loads_nothing_and_lists_every_problem(cast, measures):
    make_value(measures["visits"], date(2026, 1, 1), "97")
    data = csv(
        "Child protection visits within timescale,2026-01,,,12",  # would change a value: still nothing is saved
        "Visits on time,2026-03,,,90",
        "Child protection visits within timescale,March,,,90",
        "Child protection visits within timescale,2026-03,Team Z,,90",
        "Child protection visits within timescale,2026-03,,Adults,90",
        "Child protection visits within timescale,2026-03,Team A,Children's Social Care,90",
        "Child protection visits within timescale,2026-03,,,ninety",
        "Child protection visits within timescale,2026-03,,,12,5",
        "Child protection visits within timescale,2026-03,,,",
        ",,,,",  # a blank line is skipped
        "Child protection visits within timescale,2026-03-31,,,91",
        "Child protection visits within timescale,2026-03,,,92",
        "Child protection visits within timescale,2099-01,,,92",
    )
    with pytest.raises(ImportFailed) as failure:
        load(data, cast)
    assert failure.value.errors == [
        "line 3, column measure: no measure is called 'Visits on time'",
        "line 4, column period: 'March' is not a month or a date (use 2026-04 for April 2026, or a date in the period)",
        "line 5, column team: no team is called 'Team Z'",
        "line 6, column service: no service is called 'Adults'",
        "line 7, column service: give a team or a service, not both (leave both empty for the whole department)",
        "line 8, column value: 'ninety' is not a number (for example 87.5)",
        "line 9: has 6 values where the first line names 5 columns",
        "line 10, column value: is empty",
        "line 13, column period: Child protection visits within timescale, Mar 2026, the whole department is also "
        "on line 12",
        "line 14, column period: Jan 2099 has not begun yet",
    ]
    assert MeasureValue.objects.get().value == Decimal("97")  # untouched
    assert MeasureValue.history.count() == 1


def test_only_the_measures_one_may_enter(cast, measures):
    with pytest.raises(ImportFailed) as failure:
        import_values(
            csv(
                "Child protection visits within timescale,2026-03,,,90",
                '"Care leavers in education, employment or training",2026-03,,,61',
            ),
            acting_user=cast.team_leader.user,
            today=date(2026, 4, 15),
            may_enter=lambda measure: measure.owner_id == cast.team_leader.id,
        )
    assert failure.value.errors == [
        "line 2, column measure: you may not enter the values of 'Child protection visits within timescale' "
        "(its owner and the QA lead may)"
    ]
    measures["visits"].active = False
    measures["visits"].save()
    with pytest.raises(ImportFailed, match="is no longer on the scorecard"):
        load(csv("Child protection visits within timescale,2026-03,,,90"), cast)


def test_a_file_that_cannot_be_read(cast, measures):
    with pytest.raises(ImportFailed) as failure:
        load(b"measure,when,value\nx,2026-03,1\n", cast)
    assert failure.value.errors == [
        "line 1, column period: is missing",
        "line 1, column when: is not a column of this file",
    ]
    with pytest.raises(ImportFailed, match="not UTF-8"):
        load("measure,period,value\nVisites à domicile,2026-03,1\n".encode("latin-1"), cast)
    with pytest.raises(ImportFailed, match="not an Excel workbook"):
        load(b"PK\x03\x04 and then nonsense", cast)


def test_a_good_workbook_loads_with_its_dates_and_percentages(cast, measures):
    data = workbook(
        [
            ["Child protection visits within timescale", "2026-03", None, None, 96],
            ["Child protection visits within timescale", datetime(2026, 2, 1), "Team A", None, 0.875],
            [],  # an empty row is skipped, and the rows after it keep their numbers
            ["Re-referrals within 12 months", date(2026, 3, 15), None, "Children's Social Care", 21.25],
        ],
        percent_cells=["E3"],
    )
    result = load(data, cast)
    assert result.created == 3
    assert MeasureValue.objects.get(team=cast.team_a).value == Decimal("87.5")  # shown as 87.5% in Excel
    assert MeasureValue.objects.get(service=cast.service).value == Decimal("21.25")


def test_a_bad_workbook_says_line_and_column_by_the_sheets_row_numbers(cast, measures):
    data = workbook(
        [
            ["Child protection visits within timescale", "2026-03", None, None, 96],
            [],
            ["Unknown measure", "2026-03", None, None, 96],
            ["Child protection visits within timescale", "someday", None, None, "n/a"],
            ["Child protection visits within timescale", "2026-03", None, None, 97],
        ]
    )
    with pytest.raises(ImportFailed) as failure:
        load(data, cast)
    assert failure.value.errors == [
        "line 4, column measure: no measure is called 'Unknown measure'",
        "line 5, column period: 'someday' is not a month or a date (use 2026-04 for April 2026, or a date in the "
        "period)",
        "line 5, column value: 'n/a' is not a number (for example 87.5)",
        "line 6, column period: Child protection visits within timescale, Mar 2026, the whole department is also "
        "on line 2",
    ]
    assert not MeasureValue.objects.exists()


def test_a_workbook_with_a_missing_column(cast, measures):
    with pytest.raises(ImportFailed) as failure:
        load(workbook([["x", "2026-03"]], header=["measure", "period"]), cast)
    assert failure.value.errors == ["line 1, column value: is missing"]


# The import page: the file checked at once, then loaded by Celery as an import run.


def test_the_page_answers_at_once_and_lists_every_problem_on_the_run(client, cast, measures, capture):
    client.force_login(cast.head.user)
    assert client.get("/reports/scorecard/import/").status_code == 200
    upload = SimpleUploadedFile(
        "values.csv", csv("Visits on time,2026-03,,,90", "Child protection visits within timescale,2026-03,,,lots")
    )
    run = post_and_load(client, "/reports/scorecard/import/", {"file": upload}, capture)
    assert run.status == ImportStatus.FAILED and not MeasureValue.objects.exists()
    assert run.errors == [
        {"line": 2, "column": "measure", "message": "no measure is called 'Visits on time'"},
        {"line": 3, "column": "value", "message": "'lots' is not a number (for example 87.5)"},
    ]
    text = client.get(run.get_absolute_url()).content.decode()
    assert "Nothing was loaded" in text and "The file has 2 problems" in text
    assert "no measure is called &#x27;Visits on time&#x27;" in text


def test_the_page_loads_a_workbook(client, cast, measures, capture):
    client.force_login(cast.head.user)
    upload = SimpleUploadedFile(
        "values.xlsx", workbook([["Child protection visits within timescale", "2026-03", None, None, 96]])
    )
    run = post_and_load(client, "/reports/scorecard/import/", {"file": upload}, capture)
    assert run.status == ImportStatus.DONE and run.summary == "1 value loaded: 1 added, 0 changed"
    assert run.result_url == "/reports/scorecard/"
    assert "1 value loaded: 1 added, 0 changed" in client.get(run.get_absolute_url()).content.decode()
    assert MeasureValue.objects.get().history.get().history_change_reason == "imported from values.xlsx"


def test_a_file_with_the_wrong_columns_is_refused_at_once(client, cast, measures, capture):
    client.force_login(cast.head.user)
    for name, data in [
        ("values.csv", b"measure,month,value\nx,2026-03,1\n"),
        ("values.xlsx", workbook([["x", "2026-03", 1]], header=["measure", "month", "value"])),
    ]:
        with capture() as callbacks:
            response = client.post("/reports/scorecard/import/", {"file": SimpleUploadedFile(name, data)})
        text = response.content.decode()
        assert response.status_code == 200 and callbacks == [] and "There is a problem" in text
        assert "line 1, column period: is missing" in text and "line 1, column month: is not a column" in text
    response = client.post("/reports/scorecard/import/", {"file": SimpleUploadedFile("v.xlsx", b"PK\x03\x04 broken")})
    assert "is not an Excel workbook (.xlsx) that can be read" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_run_enters_only_the_measures_its_uploader_may(client, cast, measures, capture):
    client.force_login(cast.team_leader.user)  # owns the care leavers' measure only
    upload = SimpleUploadedFile("values.csv", csv("Child protection visits within timescale,2026-03,,,90"))
    run = post_and_load(client, "/reports/scorecard/import/", {"file": upload}, capture)
    assert run.status == ImportStatus.FAILED and "you may not enter the values of" in run.errors[0]["message"]


def test_the_page_needs_a_file_and_someone_who_may_import(client, cast, measures):
    client.force_login(cast.head.user)
    response = client.post("/reports/scorecard/import/", {})
    assert "Select the file of values" in response.content.decode()
    client.force_login(cast.practitioner.user)
    assert client.get("/reports/scorecard/import/").status_code == 403
    cast.practitioner.user.user_permissions.add(Permission.objects.get(codename="add_measurevalue"))
    assert client.get("/reports/scorecard/import/").status_code == 200
