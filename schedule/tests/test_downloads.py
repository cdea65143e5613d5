"""My team's duties and one responsibility's duties (/duties/of/<id>/) downloaded as CSV and as
Excel: the duties the user may see with the page's filters, every page of them, staff and teams by
name and a case by its reference, dates as dates, statuses in words, text that would run as a
formula made plain, and queries that do not grow with the duties."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tests.test_exports import read_csv, read_xlsx, table
from people.tests.factories import StaffMemberFactory
from schedule.models import AppliesTo, Frequency, Status
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 15)
HEADINGS = [
    "Ref",
    "Duty",
    "Strand",
    "Owed by",
    "About",
    "Case reference",
    "Period",
    "Period starts",
    "Period ends",
    "Due",
    "Status",
    "Done or waived",
    "Done late",
]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("schedule.views._today", lambda: TODAY)


@pytest.fixture
def duties(cast):
    supervise = ResponsibilityFactory(
        ref="R67", role=cast.team_leader_role, task="Supervise", strand="supervision", applies_to=AppliesTo.REPORTS
    )
    visits = ResponsibilityFactory(ref="R90", task="Record visits", strand="other")
    return {
        "practitioner": DutyFactory(
            responsibility=supervise,
            owner=cast.team_leader,
            subject_staff=cast.practitioner,
            day=TODAY,
            status=Status.DONE,
            completed_on=date(2026, 5, 2),
            completed_late=True,
        ),
        "nqsw": DutyFactory(responsibility=supervise, owner=cast.team_leader, subject_staff=cast.nqsw, day=TODAY),
        "visits": DutyFactory(
            responsibility=visits,
            owner=cast.practitioner,
            day=TODAY,
            case_reference="CR-777",
            due_on=date(2026, 4, 10),  # open, and overdue by the date
        ),
        "head": DutyFactory(owner=cast.head, day=TODAY),
        "outsider": DutyFactory(owner=cast.outsider, day=TODAY),
    }


def get(client, person, path, query=""):
    client.force_login(person.user)
    response = client.get(f"{path}{query}")
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [row["Duty"] for row in table(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_downloads_their_teams_duties_by_due_date(client, cast, duties, fmt):
    query = f"?download={fmt}"
    team = ["Record visits: case CR-777", "Supervise: Practitioner", "Supervise: Nqsw"]
    assert titles(get(client, cast.team_leader, "/team/", query)) == team
    assert titles(get(client, cast.head, "/team/", query)) == team  # not the head's own duty
    assert titles(get(client, cast.practitioner, "/team/", query)) == []


def test_my_teams_csv_words_each_duty(client, cast, duties):
    response = get(client, cast.team_leader, "/team/", "?download=csv&status=done")
    assert response["Content-Disposition"] == 'attachment; filename="my-team-duties-2026-04-15.csv"'
    headings, *rows = read_csv(response)
    assert headings == HEADINGS
    assert rows == [
        [
            "R67",
            "Supervise: Practitioner",
            "Supervision and PDR",
            "Team Leader",
            "Practitioner",
            "",
            "April 2026",
            "2026-04-01",
            "2026-04-30",
            "2026-04-30",
            "Done",
            "2026-05-02",
            "Yes",
        ]
    ]


def test_my_teams_xlsx_has_real_dates(client, cast, duties):
    sheet = read_xlsx(get(client, cast.team_leader, "/team/", "?download=xlsx&status=overdue"))
    assert [cell.value for cell in sheet[1]] == HEADINGS
    row = {heading: cell for heading, cell in zip(HEADINGS, sheet[2], strict=True)}
    assert row["Duty"].value == "Record visits: case CR-777" and row["Case reference"].value == "CR-777"
    assert row["Owed by"].value == "Practitioner" and row["About"].value is None
    assert row["Due"].is_date and row["Due"].value == datetime(2026, 4, 10)
    assert row["Period starts"].is_date and row["Period starts"].value == datetime(2026, 4, 1)
    assert (row["Status"].value, row["Done late"].value, sheet.max_row) == ("Overdue", "No", 2)


@pytest.mark.parametrize(
    "query",
    ["?period=", "?status=open", "?strand=supervision", "?person=NQSW", "?period=2026-01-01", "?person=OUTSIDER"],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_my_teams_download_holds_what_the_page_counts(client, cast, duties, query, fmt):
    query = query.replace("NQSW", str(cast.nqsw.pk)).replace("OUTSIDER", str(cast.outsider.pk))
    page = get(client, cast.head, "/team/", query).context["page"]
    downloaded = titles(get(client, cast.head, "/team/", f"{query}&download={fmt}&page=2"))
    assert downloaded == [duty.title() for duty in page.object_list]
    assert len(downloaded) == page.paginator.count


def test_my_teams_download_holds_every_page(client, cast):
    for _ in range(51):
        DutyFactory(owner=cast.practitioner, day=TODAY)
    assert get(client, cast.team_leader, "/team/").context["page"].paginator.num_pages == 2
    assert len(titles(get(client, cast.team_leader, "/team/", "?download=csv"))) == 51


@pytest.fixture
def coverage(cast):
    return ResponsibilityFactory(
        ref="R51",
        role=cast.head_role,
        task="Audit a case of every case-holder",
        frequency=Frequency.FINANCIAL_YEAR,
        applies_to=AppliesTo.CASE_HOLDERS,
    )


def owe(cast, responsibility, how_many, **fields):
    return [
        DutyFactory(
            responsibility=responsibility,
            owner=cast.head,
            day=TODAY,
            subject_staff=StaffMemberFactory(team=cast.team_a, name=f"Case-holder {n:02d}"),
            **fields,
        )
        for n in range(how_many)
    ]


def about(response) -> list[str]:
    return [row["About"] for row in table(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_responsibilitys_duties_download_every_page_in_the_pages_order(client, cast, coverage, fmt):
    duties = owe(cast, coverage, 52)
    late = duties[-1]
    late.due_on = TODAY - timedelta(days=1)
    late.save()
    url = f"/duties/of/{coverage.pk}/"
    page = get(client, cast.head, url).context["page"]
    assert page.paginator.num_pages == 2
    downloaded = about(get(client, cast.head, url, f"?download={fmt}&page=2"))
    assert len(downloaded) == 52 and downloaded[0] == "Case-holder 51"  # overdue first, as on the page
    assert downloaded[:50] == [duty.subject_staff.name for duty in page.object_list]


@pytest.mark.parametrize("status", ["overdue", "open", "done", ""])
def test_a_responsibilitys_download_holds_what_the_page_counts(client, cast, coverage, status):
    owe(cast, coverage, 3)
    owe(cast, coverage, 2, due_on=TODAY - timedelta(days=3))  # overdue
    url = f"/duties/of/{coverage.pk}/"
    page = get(client, cast.head, url, f"?status={status}").context["page"]
    downloaded = about(get(client, cast.head, url, f"?status={status}&download=csv"))
    assert downloaded == [duty.subject_staff.name for duty in page.object_list]
    assert len(downloaded) == page.paginator.count


def test_a_responsibilitys_xlsx_and_who_may_have_it(client, cast, coverage):
    owe(cast, coverage, 2)
    url = f"/duties/of/{coverage.pk}/"
    response = get(client, cast.head, url, "?download=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="duties-r51-2026-04-15.xlsx"'
    sheet = read_xlsx(response)
    assert [cell.value for cell in sheet[1]] == HEADINGS
    row = {heading: cell for heading, cell in zip(HEADINGS, sheet[2], strict=True)}
    assert row["Ref"].value == "R51" and row["Period"].value == "2026/27"
    assert row["Due"].is_date and row["Due"].value == datetime(2027, 3, 31)
    client.force_login(cast.team_leader.user)
    assert client.get(url, {"download": "csv"}).status_code == 404  # not theirs


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_would_run_as_a_formula_is_made_plain(client, cast, fmt):
    tricky = ResponsibilityFactory(task='=HYPERLINK("http://x.example")')
    DutyFactory(responsibility=tricky, owner=cast.practitioner, day=TODAY)
    summing = ResponsibilityFactory(task="@SUM(1+1)")
    DutyFactory(responsibility=summing, owner=cast.head, day=TODAY)
    assert titles(get(client, cast.team_leader, "/team/", f"?download={fmt}")) == ['\'=HYPERLINK("http://x.example")']
    assert titles(get(client, cast.head, f"/duties/of/{summing.pk}/", f"?download={fmt}")) == ["'@SUM(1+1)"]


def test_both_pages_say_where_to_download(client, cast, duties, coverage):
    owe(cast, coverage, 1)
    response = get(client, cast.team_leader, "/team/", "?status=open&page=1")
    assert [href for _label, href in response.context["downloads"]] == [
        "?status=open&download=csv",
        "?status=open&download=xlsx",
    ]
    response = get(client, cast.head, f"/duties/of/{coverage.pk}/", "?status=open")
    assert [label for label, _href in response.context["downloads"]] == ["Download as CSV", "Download as Excel (.xlsx)"]


def download_queries(client, url, fmt):
    with CaptureQueriesContext(connection) as captured:
        rows = table(client.get(url, {"download": fmt}))
    return len(captured), len(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queries_are_the_same_for_3_and_30_duties(client, cast, coverage, fmt):
    client.force_login(cast.head.user)
    urls = ["/team/", f"/duties/of/{coverage.pk}/"]

    def add(count):
        owe(cast, coverage, count)
        for _ in range(count):
            DutyFactory(owner=StaffMemberFactory(team=cast.team_a, line_manager=cast.team_leader), day=TODAY)

    add(3)
    few = [download_queries(client, url, fmt) for url in urls]
    # My team starts with this quarter: the others' monthly duties, not the head's due next March.
    assert [counted for _queries, counted in few] == [3, 3]
    add(27)
    assert [download_queries(client, url, fmt) for url in urls] == [(queries, 30) for queries, _counted in few]
