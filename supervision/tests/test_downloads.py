"""The supervision sessions and PDRs lists downloaded as CSV and as Excel: the records the user may
see with the page's filters, every page of them, staff by name, dates as dates, the agenda's counts
as numbers, no QA notes nor PDR summaries, text that would run as a formula made plain, and queries
that do not grow with the records."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tests.test_exports import read_csv, read_xlsx, table
from people.tests.factories import StaffMemberFactory
from supervision.models import AgendaItem, Outcome

from .factories import ObservationFactory, PDRFactory, SessionFactory

pytestmark = pytest.mark.django_db

SESSION_HEADINGS = [
    "Date",
    "Supervisee",
    "Team",
    "Supervisor",
    "Kind",
    "Held",
    "Agenda items",
    "Agenda items discussed",
]
PDR_HEADINGS = ["Date", "Appraisee", "Team", "Appraiser"]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("supervision.views._today", lambda: date(2026, 5, 12))


@pytest.fixture
def sessions(cast):
    practitioner = SessionFactory(
        supervisor=cast.team_leader,
        supervisee=cast.practitioner,
        held_on=date(2026, 4, 22),
        notes="Agreed to read the chronology standard",
    )
    for discussed in (True, True, False):
        AgendaItem.objects.create(
            session=practitioner,
            discussed=discussed,
            observation=ObservationFactory(observer=cast.team_leader, practitioner=cast.practitioner),
        )
    return {
        "practitioner": practitioner,
        "nqsw": SessionFactory(
            supervisor=cast.team_leader, supervisee=cast.nqsw, kind="reflective", held_on=date(2026, 5, 7)
        ),
        "cancelled": SessionFactory(
            supervisor=cast.team_leader,
            supervisee=cast.nqsw,
            outcome=Outcome.CANCELLED,
            cancelled_reason="Off sick",
            held_on=date(2026, 3, 2),
        ),
        "elsewhere": SessionFactory(
            supervisor=cast.outsider.line_manager, supervisee=cast.outsider, held_on=date(2026, 5, 1)
        ),
    }


def get(client, person, path, query=""):
    client.force_login(person.user)
    response = client.get(f"{path}{query}")
    assert response.status_code == 200
    return response


def column(response, heading) -> list:
    return [row[heading] for row in table(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_downloads_the_sessions_they_may_see_newest_first(client, cast, sessions, fmt):
    query = f"?download={fmt}"
    assert column(get(client, cast.team_leader, "/supervision/", query), "Supervisee") == [
        "Nqsw",
        "Practitioner",
        "Nqsw",
    ]
    assert column(get(client, cast.practitioner, "/supervision/", query), "Supervisee") == ["Practitioner"]
    assert column(get(client, cast.outsider, "/supervision/", query), "Supervisee") == ["Outsider"]


def test_the_sessions_csv_names_people_words_kinds_and_counts_the_agenda(client, cast, sessions):
    response = get(client, cast.team_leader, "/supervision/", "?download=csv")
    assert response["Content-Disposition"].startswith('attachment; filename="supervision-sessions-2026-05-12')
    headings, *rows = read_csv(response)
    assert headings == SESSION_HEADINGS
    assert rows == [
        ["2026-05-07", "Nqsw", "Team A", "Team Leader", "Reflective supervision", "Held", "0", "0"],
        ["2026-04-22", "Practitioner", "Team A", "Team Leader", "Case supervision", "Held", "3", "2"],
        ["2026-03-02", "Nqsw", "Team A", "Team Leader", "Case supervision", "Cancelled", "0", "0"],
    ]
    body = b"".join(get(client, cast.team_leader, "/supervision/", "?download=csv").streaming_content).decode()
    assert "chronology standard" not in body and "Off sick" not in body


def test_the_sessions_xlsx_has_real_dates_and_numbers(client, cast, sessions):
    sheet = read_xlsx(
        get(client, cast.team_leader, "/supervision/", f"?download=xlsx&supervisee={cast.practitioner.pk}")
    )
    assert [cell.value for cell in sheet[1]] == SESSION_HEADINGS
    row = {heading: cell for heading, cell in zip(SESSION_HEADINGS, sheet[2], strict=True)}
    assert row["Date"].is_date and row["Date"].value == datetime(2026, 4, 22)
    assert row["Agenda items"].value == 3 and row["Agenda items"].data_type == "n"
    assert row["Agenda items discussed"].value == 2 and row["Agenda items discussed"].data_type == "n"
    assert row["Kind"].value == "Case supervision" and sheet.max_row == 2


@pytest.mark.parametrize(
    "query",
    [
        "?kind=reflective",
        "?outcome=cancelled",
        "?supervisee=NQSW&outcome=held",
        "?period=2026-04-01",
        "?period=2026-01-01",
        "?kind=nonsense",
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_sessions_download_holds_what_the_page_counts(client, cast, sessions, query, fmt):
    query = query.replace("NQSW", str(cast.nqsw.pk))
    page = get(client, cast.team_leader, "/supervision/", query).context["page"]
    downloaded = column(get(client, cast.team_leader, "/supervision/", f"{query}&download={fmt}&page=2"), "Supervisee")
    assert downloaded == [session.supervisee.name for session in page.object_list]
    assert len(downloaded) == page.paginator.count


def test_a_sessions_download_holds_every_page(client, cast):
    SessionFactory.create_batch(51, supervisor=cast.team_leader, supervisee=cast.practitioner)
    assert get(client, cast.team_leader, "/supervision/").context["page"].paginator.num_pages == 2
    assert len(table(get(client, cast.team_leader, "/supervision/", "?download=csv"))) == 51


@pytest.fixture
def pdrs(cast):
    return {
        "practitioner": PDRFactory(
            appraiser=cast.team_leader,
            appraisee=cast.practitioner,
            held_on=date(2026, 4, 30),
            summary="A strong year; wants to train as a practice educator",
        ),
        "team_leader": PDRFactory(appraiser=cast.head, appraisee=cast.team_leader, held_on=date(2026, 4, 2)),
        "elsewhere": PDRFactory(appraiser=cast.outsider.line_manager, appraisee=cast.outsider),
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_downloads_the_pdrs_they_may_see(client, cast, pdrs, fmt):
    query = f"?download={fmt}"
    assert column(get(client, cast.team_leader, "/supervision/pdrs/", query), "Appraisee") == [
        "Practitioner",
        "Team Leader",
    ]
    assert column(get(client, cast.practitioner, "/supervision/pdrs/", query), "Appraisee") == ["Practitioner"]
    assert column(get(client, cast.nqsw, "/supervision/pdrs/", query), "Appraisee") == []


def test_the_pdrs_csv_and_xlsx(client, cast, pdrs):
    response = get(client, cast.team_leader, "/supervision/pdrs/", f"?download=csv&appraisee={cast.practitioner.pk}")
    assert response["Content-Disposition"].startswith('attachment; filename="pdrs-2026-05-12')
    headings, *rows = read_csv(response)
    assert (headings, rows) == (PDR_HEADINGS, [["2026-04-30", "Practitioner", "Team A", "Team Leader"]])
    sheet = read_xlsx(get(client, cast.team_leader, "/supervision/pdrs/", f"?download=xlsx&appraiser={cast.head.pk}"))
    assert [cell.value for cell in sheet[1]] == PDR_HEADINGS
    date_cell, appraisee, _team, appraiser = sheet[2]
    assert date_cell.is_date and date_cell.value == datetime(2026, 4, 2)
    assert (appraisee.value, appraiser.value, sheet.max_row) == ("Team Leader", "Head", 2)
    body = b"".join(get(client, cast.team_leader, "/supervision/pdrs/", "?download=csv").streaming_content)
    assert b"practice educator" not in body


@pytest.mark.parametrize("query", ["?appraisee=TL", "?appraiser=TL", "?appraisee=999999"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_pdrs_download_holds_what_the_page_counts(client, cast, pdrs, query, fmt):
    query = query.replace("TL", str(cast.team_leader.pk))
    page = get(client, cast.head, "/supervision/pdrs/", query).context["page"]
    downloaded = column(get(client, cast.head, "/supervision/pdrs/", f"{query}&download={fmt}"), "Appraisee")
    assert downloaded == [pdr.appraisee.name for pdr in page.object_list]
    assert len(downloaded) == page.paginator.count


@pytest.mark.parametrize("path", ["/supervision/", "/supervision/pdrs/"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_would_run_as_a_formula_is_made_plain(client, cast, path, fmt):
    tricky = StaffMemberFactory(name="@SUM(1+1)", team=cast.team_a, line_manager=cast.team_leader)
    other = StaffMemberFactory(name='=HYPERLINK("http://x.example")', team=cast.team_a, line_manager=cast.team_leader)
    for person in (tricky, other):
        SessionFactory(supervisor=cast.team_leader, supervisee=person)
        PDRFactory(appraiser=cast.team_leader, appraisee=person)
    heading = "Supervisee" if path == "/supervision/" else "Appraisee"
    assert sorted(column(get(client, cast.team_leader, path, f"?download={fmt}"), heading)) == [
        '\'=HYPERLINK("http://x.example")',
        "'@SUM(1+1)",
    ]


def test_both_pages_link_to_their_downloads(client, cast, sessions, pdrs):
    for path in ["/supervision/", "/supervision/pdrs/"]:
        response = get(client, cast.team_leader, path, "?page=1")
        assert [href for _label, href in response.context["downloads"]] == ["?download=csv", "?download=xlsx"]
        assert '<a class="govuk-link" href="?download=xlsx">Excel (.xlsx)</a>' in response.content.decode()


def download_queries(client, path, fmt):
    with CaptureQueriesContext(connection) as captured:
        rows = table(client.get(f"{path}?download={fmt}"))
    return len(captured), len(rows)


@pytest.mark.parametrize("path", ["/supervision/", "/supervision/pdrs/"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queries_are_the_same_for_3_and_30_records(client, cast, path, fmt):
    client.force_login(cast.head.user)

    def add(count):
        for _ in range(count):
            person = StaffMemberFactory(team=cast.team_a, line_manager=cast.team_leader)
            session = SessionFactory(supervisor=cast.team_leader, supervisee=person)
            AgendaItem.objects.create(
                session=session,
                discussed=True,
                observation=ObservationFactory(observer=cast.team_leader, practitioner=person),
            )
            PDRFactory(appraiser=cast.team_leader, appraisee=person)

    add(3)
    few, counted = download_queries(client, path, fmt)
    assert counted == 3
    add(27)
    assert download_queries(client, path, fmt) == (few, 30)
