"""The complaints list downloaded as CSV and as Excel: the complaints the user may see with the
page's filters, every page of them, the child by case reference only and whoever complained by
role, dates as dates, the stage as a number, no summary, text that would run as a formula made
plain, and queries that do not grow with the complaints."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints import actions
from core.tests.test_exports import read_csv, read_xlsx, table

from .factories import make_complaint, today

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Reference",
    "Case reference",
    "Received",
    "Who complained",
    "Category",
    "Team",
    "Handler",
    "Stage",
    "Response due",
    "Status",
    "Overdue",
    "Outcome",
    "Closed",
    "Referred to the Ombudsman",
    "The Ombudsman's decision",
]


@pytest.fixture
def several(cast):
    late = make_complaint(
        handler=cast.team_leader,
        team=cast.team_a,
        received_on=today() - timedelta(days=60),
        category="delay",
        case_reference="CR-LATE",
    )
    fresh = make_complaint(handler=cast.team_leader, team=cast.team_b, received_on=today(), case_reference="CR-NEW")
    second = make_complaint(
        handler=cast.team_leader, team=cast.team_a, received_on=today() - timedelta(days=30), case_reference="CR-TWO"
    )
    actions.record_response(
        second, acting_user=cast.team_leader.user, responded_on=today() - timedelta(days=20), outcome="not_upheld"
    )
    actions.escalate(
        second, acting_user=cast.team_leader.user, requested_on=today() - timedelta(days=10), today=today()
    )
    elsewhere = make_complaint(handler=cast.outsider, received_on=today(), case_reference="CR-ELSE")
    for complaint in (late, fresh, second, elsewhere):
        complaint.refresh_from_db()
    return {"late": late, "fresh": fresh, "second": second, "elsewhere": elsewhere}


def get(client, person, query=""):
    client.force_login(person.user)
    response = client.get(f"/complaints/{query}")
    assert response.status_code == 200
    return response


def cases(response) -> list[str]:
    return [row["Case reference"] for row in table(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_downloads_the_complaints_they_may_see_newest_first(client, cast, several, complaints_manager, fmt):
    assert cases(get(client, cast.team_leader, f"?download={fmt}")) == ["CR-NEW", "CR-TWO", "CR-LATE"]
    assert cases(get(client, cast.head, f"?download={fmt}")) == ["CR-NEW", "CR-TWO", "CR-LATE"]
    assert cases(get(client, cast.practitioner, f"?download={fmt}")) == []
    assert sorted(cases(get(client, complaints_manager, f"?download={fmt}"))) == [
        "CR-ELSE",
        "CR-LATE",
        "CR-NEW",
        "CR-TWO",
    ]


def test_the_csv_words_the_complaint_and_leaves_out_its_summary(client, cast, several):
    late = several["late"]
    response = get(client, cast.team_leader, "?download=csv&category=delay")
    assert response["Content-Disposition"].startswith('attachment; filename="complaints-')
    headings, *rows = read_csv(response)
    assert headings == HEADINGS
    assert rows == [
        [
            late.reference,
            "CR-LATE",
            late.received_on.isoformat(),
            "A parent",
            "Delay",
            "Team A",
            "Team Leader",
            "1",
            late.due_on.isoformat(),
            "Awaiting a response",
            "Yes",
            "",
            "",
            "",
            "",
        ]
    ]
    body = b"".join(get(client, cast.team_leader, "?download=csv").streaming_content).decode()
    assert "Calls to the social worker" not in body


def test_the_xlsx_has_real_dates_and_the_stage_as_a_number(client, cast, several):
    second = several["second"]
    sheet = read_xlsx(get(client, cast.team_leader, "?download=xlsx&stage=2"))
    assert [cell.value for cell in sheet[1]] == HEADINGS
    row = {heading: cell for heading, cell in zip(HEADINGS, sheet[2], strict=True)}
    assert row["Reference"].value == second.reference and row["Case reference"].value == "CR-TWO"
    assert row["Received"].is_date and row["Received"].value == datetime.combine(
        second.received_on, datetime.min.time()
    )
    assert row["Response due"].is_date and row["Response due"].number_format == "dd/mm/yyyy"
    assert row["Stage"].value == 2 and row["Stage"].data_type == "n"
    assert row["Status"].value == "Awaiting a response" and row["Overdue"].value == "No"
    assert sheet.max_row == 2


@pytest.mark.parametrize(
    "query", ["?overdue=on", "?stage=2", "?team=TEAM_B", "?category=delay", "?status=open&stage=1", "?stage=9"]
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_holds_what_the_page_counts_with_its_filters(client, cast, several, query, fmt):
    query = query.replace("TEAM_B", str(cast.team_b.pk))
    page = get(client, cast.team_leader, query).context["page"]
    downloaded = cases(get(client, cast.team_leader, f"{query}&download={fmt}&page=2"))
    assert downloaded == [complaint.case_reference for complaint in page.object_list]
    assert len(downloaded) == page.paginator.count


def test_a_download_holds_every_page(client, cast):
    for _ in range(51):
        make_complaint(handler=cast.team_leader)
    assert get(client, cast.team_leader).context["page"].paginator.num_pages == 2
    assert len(cases(get(client, cast.team_leader, "?download=xlsx"))) == 51


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_would_run_as_a_formula_is_made_plain(client, cast, fmt):
    make_complaint(handler=cast.team_leader, case_reference='=HYPERLINK("http://x.example")')
    make_complaint(handler=cast.team_leader, case_reference="-1+cmd|' /C calc'!A0")
    assert sorted(cases(get(client, cast.team_leader, f"?download={fmt}"))) == [
        "'-1+cmd|' /C calc'!A0",
        '\'=HYPERLINK("http://x.example")',
    ]


def test_the_page_links_to_both_downloads(client, cast, several):
    response = get(client, cast.team_leader, "?overdue=on")
    assert [href for _label, href in response.context["downloads"]] == [
        "?overdue=on&download=csv",
        "?overdue=on&download=xlsx",
    ]
    assert "Download this row:" in response.content.decode()


def download_queries(client, fmt):
    with CaptureQueriesContext(connection) as captured:
        rows = table(client.get(f"/complaints/?download={fmt}"))
    return len(captured), len(rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queries_are_the_same_for_3_and_30_complaints(client, cast, fmt):
    client.force_login(cast.head.user)
    for _ in range(3):
        make_complaint(handler=cast.team_leader)
    few, counted = download_queries(client, fmt)
    assert counted == 3
    for n in range(27):
        make_complaint(handler=cast.team_leader if n % 2 else cast.practitioner, team=cast.team_b)
    assert download_queries(client, fmt) == (few, 30)
