"""The actions list downloaded as CSV and as Excel: the actions the user may see with the page's
filters, every page of them, owners by name, due dates as dates, learning themes from the prefetch,
text that would run as a formula made plain, and queries that do not grow with the actions."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tests.test_exports import read_csv, read_xlsx, table
from learning.models import Level

from .factories import ActionFactory, theme, today

pytestmark = pytest.mark.django_db

HEADINGS = ["Action", "Owner", "Raised by", "Due", "Level", "Status", "Completed", "Learning themes"]


@pytest.fixture
def actions(cast):
    chronology = ActionFactory(
        owner=cast.practitioner,
        raised_by=cast.team_leader,
        description="Update the chronology",
        due_on=today() + timedelta(days=14),
    )
    chronology.themes.set([theme("Recording"), theme("Chronologies")])
    late = ActionFactory(
        owner=cast.nqsw,
        raised_by=cast.team_leader,
        late=True,
        level=Level.STRUCTURAL,
        description="Agree the team's recording standard",
    )
    done = ActionFactory(
        owner=cast.practitioner,
        raised_by=cast.head,
        done=True,
        description="Visit the child",
        due_on=today() - timedelta(days=40),
    )
    elsewhere = ActionFactory(owner=cast.outsider, raised_by=cast.outsider.line_manager, description="Elsewhere")
    return {"chronology": chronology, "late": late, "done": done, "elsewhere": elsewhere}


def get(client, person, query=""):
    client.force_login(person.user)
    response = client.get(f"/learning/{query}")
    assert response.status_code == 200
    return response


def described(response) -> list[str]:
    return [row["Action"] for row in table(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_downloads_the_actions_they_may_see_in_the_pages_order(client, cast, actions, fmt):
    mine = ["Update the chronology", "Visit the child"]
    assert described(get(client, cast.practitioner, f"?download={fmt}")) == mine
    team = ["Agree the team's recording standard", "Update the chronology", "Visit the child"]
    assert described(get(client, cast.team_leader, f"?download={fmt}")) == team
    assert described(get(client, cast.outsider, f"?download={fmt}")) == ["Elsewhere"]


def test_the_csv_names_people_and_words_levels_statuses_and_themes(client, cast, actions):
    headings, *rows = read_csv(get(client, cast.team_leader, f"?download=csv&owner={cast.practitioner.pk}"))
    assert headings == HEADINGS
    assert rows == [
        [
            "Update the chronology",
            "Practitioner",
            "Team Leader",
            (today() + timedelta(days=14)).isoformat(),
            "Casework",
            "Open",
            "",
            "Chronologies; Recording",
        ],
        [
            "Visit the child",
            "Practitioner",
            "Head",
            (today() - timedelta(days=40)).isoformat(),
            "Casework",
            "Done",
            today().isoformat(),
            "",
        ],
    ]


def test_the_xlsx_has_the_headings_and_real_dates(client, cast, actions):
    sheet = read_xlsx(get(client, cast.team_leader, "?download=xlsx&status=done"))
    assert [cell.value for cell in sheet[1]] == HEADINGS
    row = {heading: cell for heading, cell in zip(HEADINGS, sheet[2], strict=True)}
    assert row["Action"].value == "Visit the child" and row["Raised by"].value == "Head"
    assert row["Completed"].is_date and row["Completed"].value == datetime.combine(today(), datetime.min.time())
    assert row["Due"].is_date and row["Due"].number_format == "dd/mm/yyyy"
    assert sheet.max_row == 2


@pytest.mark.parametrize(
    "query", ["?status=overdue", "?level=casework", "?owner=PRACTITIONER", "?theme=CHRONOLOGIES", "?status=nonsense"]
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_holds_what_the_page_counts_with_its_filters(client, cast, actions, query, fmt):
    query = query.replace("PRACTITIONER", str(cast.practitioner.pk))
    query = query.replace("CHRONOLOGIES", str(theme("Chronologies").pk))
    page = get(client, cast.head, query).context["page"]
    downloaded = described(get(client, cast.head, f"{query}&download={fmt}&page=2"))
    assert downloaded == [action.description for action in page.object_list]
    assert len(downloaded) == page.paginator.count


def test_a_download_holds_every_page(client, cast):
    ActionFactory.create_batch(52, owner=cast.practitioner, raised_by=cast.team_leader)
    assert get(client, cast.team_leader).context["page"].paginator.num_pages == 2
    assert len(described(get(client, cast.team_leader, "?download=xlsx"))) == 52


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_would_run_as_a_formula_is_made_plain(client, cast, fmt):
    ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader, description='=HYPERLINK("http://x.example")')
    ActionFactory(
        owner=cast.practitioner,
        raised_by=cast.team_leader,
        description="@SUM(A1:A9)",
        due_on=today() + timedelta(days=60),
    )
    assert described(get(client, cast.team_leader, f"?download={fmt}")) == [
        '\'=HYPERLINK("http://x.example")',
        "'@SUM(A1:A9)",
    ]


def test_the_page_links_to_both_downloads(client, cast, actions):
    response = get(client, cast.head, "?level=structural")
    assert [href for _label, href in response.context["downloads"]] == [
        "?level=structural&download=csv",
        "?level=structural&download=xlsx",
    ]
    assert '<a class="govuk-link" href="?level=structural&amp;download=csv">CSV</a>' in response.content.decode()


def download_queries(client, fmt):
    with CaptureQueriesContext(connection) as captured:
        rows = table(client.get(f"/learning/?download={fmt}"))
    return len(captured), len(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queries_are_the_same_for_3_and_30_actions(client, cast, fmt):
    client.force_login(cast.head.user)
    for _ in range(3):
        ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader).themes.set([theme("Planning")])
    few, counted = download_queries(client, fmt)
    assert counted == 3
    for _ in range(27):
        ActionFactory(owner=cast.nqsw, raised_by=cast.head).themes.set([theme("Planning"), theme("Recording")])
    assert download_queries(client, fmt) == (few, 30)
