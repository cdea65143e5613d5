"""The meetings list downloaded as CSV and as Excel: the meetings the user may see with the page's
filters, every page of them, how many attended and took part as numbers (never who the children
were), no notes, dates as dates, text that would run as a formula made plain, and queries that do
not grow with the meetings."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tests.test_exports import read_csv, read_xlsx, table
from participation.models import MeetingKind, ResponseStatus

from .factories import FeedbackFactory, MeetingFactory

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Meeting",
    "Kind",
    "Held",
    "Team",
    "Recorded by",
    "Staff",
    "Children and young people",
    "Parents",
    "Carers",
    "Foster carers",
    "Took part",
    "Open responses",
]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("participation.views._today", lambda: date(2026, 5, 12))


@pytest.fixture
def meetings(cast):
    council = MeetingFactory(
        title="CiCC spring",
        recorded_by=cast.team_leader,
        held_on=date(2026, 4, 20),
        attendees=[cast.team_leader, cast.head],
        children_count=12,
        carers_count=2,
        notes="Young people chose the agenda",
    )
    FeedbackFactory.create_batch(2, meeting=council, owner=cast.team_leader)
    FeedbackFactory(meeting=council, owner=cast.team_leader, status=ResponseStatus.DONE, response="Done it")
    team = MeetingFactory(
        title="Team A meeting",
        kind=MeetingKind.TEAM_MEETING,
        team=cast.team_a,
        recorded_by=cast.practitioner,
        attendees=[cast.practitioner],
        held_on=date(2026, 2, 3),
        children_count=0,
    )
    outside = MeetingFactory(title="Outside", recorded_by=cast.outsider, attendees=[cast.outsider])
    return {"council": council, "team": team, "outside": outside}


def get(client, person, query=""):
    client.force_login(person.user)
    response = client.get(f"/participation/{query}")
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [row["Meeting"] for row in table(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_downloads_the_meetings_they_may_see_newest_first(client, cast, meetings, fmt):
    assert titles(get(client, cast.head, f"?download={fmt}")) == ["CiCC spring", "Team A meeting"]
    assert titles(get(client, cast.practitioner, f"?download={fmt}")) == ["Team A meeting"]
    assert titles(get(client, cast.outsider, f"?download={fmt}")) == ["Outside"]


def test_the_csv_counts_who_took_part_and_leaves_out_the_notes(client, cast, meetings):
    response = get(client, cast.head, "?download=csv&kind=children_in_care_council")
    assert response["Content-Disposition"] == 'attachment; filename="meetings-2026-05-12.csv"'
    headings, *rows = read_csv(response)
    assert headings == HEADINGS
    assert rows == [
        [
            "CiCC spring",
            "Children in Care Council",
            "2026-04-20",
            "",
            "Team Leader",
            "2",
            "12",
            "0",
            "2",
            "0",
            "14",
            "2",
        ]
    ]
    body = b"".join(get(client, cast.head, "?download=csv").streaming_content).decode()
    assert "chose the agenda" not in body


def test_the_xlsx_has_real_dates_and_numbers(client, cast, meetings):
    sheet = read_xlsx(get(client, cast.head, "?download=xlsx"))
    assert [cell.value for cell in sheet[1]] == HEADINGS
    row = {heading: cell for heading, cell in zip(HEADINGS, sheet[2], strict=True)}
    assert row["Meeting"].value == "CiCC spring"
    assert row["Held"].is_date and row["Held"].value == datetime(2026, 4, 20)
    numbers = ["Staff", "Children and young people", "Carers", "Took part", "Open responses"]
    assert [row[heading].value for heading in numbers] == [2, 12, 2, 14, 2]
    assert all(row[heading].data_type == "n" for heading in numbers)
    assert sheet.cell(3, 4).value == "Team A" and sheet.max_row == 3


@pytest.mark.parametrize(
    "query", ["?kind=team_meeting", "?team=TEAM_A", "?period=2026-04-01", "?period=2026-01-01", "?kind=nonsense"]
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_holds_what_the_page_counts_with_its_filters(client, cast, meetings, query, fmt):
    query = query.replace("TEAM_A", str(cast.team_a.pk))
    page = get(client, cast.head, query).context["page"]
    downloaded = titles(get(client, cast.head, f"{query}&download={fmt}&page=2"))
    assert downloaded == [meeting.title for meeting in page.object_list]
    assert len(downloaded) == page.paginator.count


def test_a_download_holds_every_page(client, cast):
    MeetingFactory.create_batch(51, recorded_by=cast.team_leader)
    assert get(client, cast.team_leader).context["page"].paginator.num_pages == 2
    assert len(titles(get(client, cast.team_leader, "?download=csv"))) == 51


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_would_run_as_a_formula_is_made_plain(client, cast, fmt):
    MeetingFactory(title='=HYPERLINK("http://x.example","Minutes")', recorded_by=cast.team_leader)
    MeetingFactory(title="@SUM(1+1)", recorded_by=cast.team_leader, held_on=date(2026, 1, 5))
    assert titles(get(client, cast.team_leader, f"?download={fmt}")) == [
        '\'=HYPERLINK("http://x.example","Minutes")',
        "'@SUM(1+1)",
    ]


def test_the_page_links_to_both_downloads(client, cast, meetings):
    response = get(client, cast.head, "?kind=team_meeting")
    assert [href for _label, href in response.context["downloads"]] == [
        "?kind=team_meeting&download=csv",
        "?kind=team_meeting&download=xlsx",
    ]
    assert "Download this row:" in response.content.decode()


def download_queries(client, fmt):
    with CaptureQueriesContext(connection) as captured:
        rows = table(client.get(f"/participation/?download={fmt}"))
    return len(captured), len(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queries_are_the_same_for_3_and_30_meetings(client, cast, fmt):
    client.force_login(cast.team_leader.user)

    def add(count):
        for _ in range(count):
            meeting = MeetingFactory(
                recorded_by=cast.team_leader, team=cast.team_a, attendees=[cast.team_leader, cast.practitioner]
            )
            FeedbackFactory(meeting=meeting, owner=cast.nqsw)

    add(3)
    few, counted = download_queries(client, fmt)
    assert counted == 3
    add(27)
    assert download_queries(client, fmt) == (few, 30)
