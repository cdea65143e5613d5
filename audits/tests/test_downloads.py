"""The audits list downloaded as CSV and as Excel: the audits the user may see with the page's
filters, every page of them, the case by reference only, dates as dates, text that would run as a
formula made plain, and the same number of queries however many audits there are."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditStatus
from core.periods import LONDON
from core.tests.test_exports import read_csv, read_xlsx, table

from .factories import AuditFactory

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Case reference",
    "Type",
    "Theme",
    "Case-holder",
    "Team",
    "Auditor",
    "Audited",
    "Grade",
    "Moderated grade",
    "Status",
    "Safeguarding concern",
    "Submitted",
    "Shared",
    "Acknowledged",
]


@pytest.fixture
def audits(cast):
    return {
        "draft": AuditFactory(
            auditor=cast.team_leader,
            case_holder=cast.practitioner,
            team=cast.team_a,
            case_reference="CR-DRAFT",
            audited_on=date(2026, 5, 2),
        ),
        "submitted": AuditFactory(
            auditor=cast.team_leader,
            case_holder=cast.practitioner,
            team=cast.team_a,
            case_reference="CR-SUB",
            status=AuditStatus.SUBMITTED,
            overall_grade="good",
            audited_on=date(2026, 4, 20),
            safeguarding_concern=True,
            submitted_at=datetime(2026, 4, 20, 16, 45, tzinfo=LONDON),
        ),
        "shared": AuditFactory(
            auditor=cast.head,
            case_holder=cast.practitioner,
            team=cast.team_a,
            audit_type="supervision_file",
            case_reference="CR-SHARED",
            status=AuditStatus.SHARED,
            overall_grade="inadequate",
            audited_on=date(2026, 1, 10),
        ),
        "elsewhere": AuditFactory(
            auditor=cast.outsider,
            case_holder=cast.outsider,
            team=cast.outsider.team,
            case_reference="CR-ELSE",
            status=AuditStatus.SUBMITTED,
            audited_on=date(2026, 3, 3),
        ),
    }


def get(client, person, query=""):
    client.force_login(person.user)
    response = client.get(f"/audits/{query}")
    assert response.status_code == 200
    return response


def references(response) -> list[str]:
    return [row["Case reference"] for row in table(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_downloads_the_audits_they_may_see_newest_first(client, cast, audits, fmt):
    assert references(get(client, cast.team_leader, f"?download={fmt}")) == ["CR-DRAFT", "CR-SUB", "CR-SHARED"]
    assert references(get(client, cast.practitioner, f"?download={fmt}")) == ["CR-SHARED"]  # shared with them
    assert references(get(client, cast.outsider, f"?download={fmt}")) == ["CR-ELSE"]
    assert references(get(client, cast.nqsw, f"?download={fmt}")) == []


def test_the_csv_names_people_and_words_statuses(client, cast, audits):
    response = get(client, cast.head, "?download=csv&status=submitted")
    assert response["Content-Disposition"].startswith('attachment; filename="audits-')
    headings, *rows = read_csv(response)
    assert headings == HEADINGS
    assert rows == [
        [
            "CR-SUB",
            "Case file audit",
            "",
            "Practitioner",
            "Team A",
            "Team Leader",
            "2026-04-20",
            "Good",
            "",
            "Submitted",
            "Yes",
            "2026-04-20 16:45",
            "",
            "",
        ]
    ]


def test_the_xlsx_has_the_headings_and_real_dates(client, cast, audits):
    sheet = read_xlsx(get(client, cast.head, "?download=xlsx&status=submitted"))
    assert [cell.value for cell in sheet[1]] == HEADINGS
    row = {heading: cell for heading, cell in zip(HEADINGS, sheet[2], strict=True)}
    assert row["Case reference"].value == "CR-SUB" and row["Auditor"].value == "Team Leader"
    assert row["Audited"].is_date and row["Audited"].value == datetime(2026, 4, 20)
    assert row["Submitted"].is_date and row["Submitted"].value == datetime(2026, 4, 20, 16, 45)
    assert row["Safeguarding concern"].value == "Yes" and row["Status"].value == "Submitted"
    assert sheet.max_row == 2


@pytest.mark.parametrize(
    "query",
    [
        "?quarter=2026-04-01",
        "?audit_type=supervision_file",
        "?overall_grade=good",
        "?status=draft&team=TEAM_A",
        "?auditor=999999",
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_holds_what_the_page_counts_with_its_filters(client, cast, audits, query, fmt, monkeypatch):
    monkeypatch.setattr("audits.views._today", lambda: date(2026, 5, 12))
    query = query.replace("TEAM_A", str(cast.team_a.pk))
    page = get(client, cast.head, query).context["page"]
    downloaded = references(get(client, cast.head, f"{query}&download={fmt}"))
    assert downloaded == [audit.case_reference for audit in page.object_list]
    assert len(downloaded) == page.paginator.count


def test_a_download_holds_every_page(client, cast):
    AuditFactory.create_batch(53, auditor=cast.team_leader)
    page = get(client, cast.team_leader, "?page=2").context["page"]
    assert page.paginator.num_pages == 2
    assert len(references(get(client, cast.team_leader, "?page=2&download=csv"))) == 53


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_would_run_as_a_formula_is_made_plain(client, cast, fmt):
    AuditFactory(auditor=cast.team_leader, case_reference='=HYPERLINK("http://x.example","Open")')
    AuditFactory(auditor=cast.team_leader, case_reference="@SUM(1+1)")
    assert sorted(references(get(client, cast.team_leader, f"?download={fmt}"))) == [
        '\'=HYPERLINK("http://x.example","Open")',
        "'@SUM(1+1)",
    ]


def test_the_page_links_to_both_downloads_with_its_filters(client, cast, audits):
    response = get(client, cast.head, "?status=submitted&page=1")
    assert response.context["downloads"] == [
        ("Download as CSV", "?status=submitted&download=csv"),
        ("Download as Excel (.xlsx)", "?status=submitted&download=xlsx"),
    ]
    text = response.content.decode()
    assert "Download this row:" in text
    assert '<a class="govuk-link" href="?status=submitted&amp;download=xlsx">Excel (.xlsx)</a>' in text
    assert "Download these" not in get(client, cast.nqsw).content.decode()  # nothing to download


def download_queries(client, fmt) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/audits/?download={fmt}")
        rows = table(response)  # a CSV is read from the database as it is sent
    return len(captured), len(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queries_are_the_same_for_3_and_30_audits(client, cast, fmt):
    client.force_login(cast.head.user)
    AuditFactory.create_batch(3, auditor=cast.team_leader, case_holder=cast.practitioner, status=AuditStatus.SUBMITTED)
    few, counted = download_queries(client, fmt)
    assert counted == 3
    AuditFactory.create_batch(27, auditor=cast.nqsw, status=AuditStatus.SUBMITTED)
    assert download_queries(client, fmt) == (few, 30)
