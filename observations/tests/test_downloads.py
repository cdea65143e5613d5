"""The observations list downloaded as CSV and as Excel: the observations the user may see with the
page's filters, every page of them, staff by name, dates as dates, no free text about the visit,
text that would run as a formula made plain, and queries that do not grow with the observations."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tests.test_exports import read_csv, read_xlsx, table
from people.tests.factories import StaffMemberFactory

from .factories import ObservationFactory

pytestmark = pytest.mark.django_db

HEADINGS = ["Practitioner observed", "Team", "Setting", "Observer", "Observed", "Feedback given"]


def get(client, person, query=""):
    client.force_login(person.user)
    response = client.get(f"/observations/{query}")
    assert response.status_code == 200
    return response


def observed(response) -> list[str]:
    return [row["Practitioner observed"] for row in table(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_downloads_the_observations_they_may_see_newest_first(client, cast, observations, fmt):
    assert observed(get(client, cast.team_leader, f"?download={fmt}")) == ["Team Leader", "Practitioner", "Nqsw"]
    assert observed(get(client, cast.practitioner, f"?download={fmt}")) == ["Practitioner"]
    assert observed(get(client, cast.outsider, f"?download={fmt}")) == ["Outsider"]


def test_the_csv_names_people_words_settings_and_leaves_out_the_free_text(client, cast, observations):
    response = get(client, cast.team_leader, f"?download=csv&practitioner={cast.nqsw.pk}")
    assert response["Content-Disposition"].startswith('attachment; filename="observations-')
    headings, *rows = read_csv(response)
    assert headings == HEADINGS
    assert rows == [["Nqsw", "Team A", "Team meeting", "Team Leader", "2026-03-10", "2026-03-12"]]
    body = b"".join(get(client, cast.team_leader, "?download=csv").streaming_content).decode()
    assert "Warm, clear conversation" not in body and "the child's own words" not in body


def test_the_xlsx_has_the_headings_and_real_dates(client, cast, observations):
    sheet = read_xlsx(get(client, cast.team_leader, "?download=xlsx&feedback=given"))
    assert [cell.value for cell in sheet[1]] == HEADINGS
    row = {heading: cell for heading, cell in zip(HEADINGS, sheet[2], strict=True)}
    assert row["Practitioner observed"].value == "Nqsw" and row["Setting"].value == "Team meeting"
    assert row["Observed"].is_date and row["Observed"].value == datetime(2026, 3, 10)
    assert row["Feedback given"].is_date and row["Feedback given"].value == datetime(2026, 3, 12)
    assert sheet.max_row == 2


@pytest.mark.parametrize(
    "query",
    ["?setting=home_visit", "?observer=TL", "?period=quarter-2026-04-01", "?feedback=not_given", "?observer=999999"],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_holds_what_the_page_counts_with_its_filters(client, cast, observations, query, fmt, monkeypatch):
    monkeypatch.setattr("observations.views._today", lambda: date(2026, 5, 12))
    query = query.replace("TL", str(cast.team_leader.pk))
    page = get(client, cast.head, query).context["page"]
    downloaded = observed(get(client, cast.head, f"{query}&download={fmt}&page=3"))
    assert downloaded == [observation.practitioner.name for observation in page.object_list]
    assert len(downloaded) == page.paginator.count


def test_a_download_holds_every_page(client, cast):
    ObservationFactory.create_batch(51, observer=cast.team_leader)
    assert get(client, cast.team_leader).context["page"].paginator.num_pages == 2
    assert len(observed(get(client, cast.team_leader, "?download=csv"))) == 51


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_would_run_as_a_formula_is_made_plain(client, cast, fmt):
    tricky = StaffMemberFactory(
        name='=HYPERLINK("http://x.example","Ann")', team=cast.team_a, line_manager=cast.team_leader
    )
    ObservationFactory(observer=cast.team_leader, practitioner=tricky)
    assert observed(get(client, cast.team_leader, f"?download={fmt}")) == ['\'=HYPERLINK("http://x.example","Ann")']


def test_the_page_links_to_both_downloads(client, cast, observations):
    response = get(client, cast.team_leader, "?setting=home_visit")
    assert [href for _label, href in response.context["downloads"]] == [
        "?setting=home_visit&download=csv",
        "?setting=home_visit&download=xlsx",
    ]
    assert "Download this row:" in response.content.decode()


def download_queries(client, fmt):
    with CaptureQueriesContext(connection) as captured:
        rows = table(client.get(f"/observations/?download={fmt}"))
    return len(captured), len(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queries_are_the_same_for_3_and_30_observations(client, cast, fmt):
    client.force_login(cast.head.user)
    ObservationFactory.create_batch(3, observer=cast.team_leader, practitioner=cast.practitioner)
    few, counted = download_queries(client, fmt)
    assert counted == 3
    for _ in range(27):
        ObservationFactory(
            observer=cast.team_leader, practitioner=StaffMemberFactory(team=cast.team_b, line_manager=cast.team_leader)
        )
    assert download_queries(client, fmt) == (few, 30)
