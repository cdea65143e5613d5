"""The scorecard's values as CSV and Excel: what the page shows, for the level shown, with real
dates and numbers, and text that a spreadsheet would run as a formula made plain."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from reports.scope import ReportPeriod
from reports.scope import today as local_today
from reports.scorecard_actions import explain

from .factories import MeasureFactory, make_value

pytestmark = pytest.mark.django_db

HEADINGS = (
    "Measure",
    "Unit",
    "Period start",
    "Period",
    "Team or service",
    "Value",
    "Target",
    "Higher is better",
    "Rating",
    "Reason the target was missed",
    "Planned action",
)


@pytest.fixture
def values(cast):
    month = ReportPeriod.containing("month", local_today()).previous()
    measure = MeasureFactory(name='=HYPERLINK("http://example.com")', owner=cast.head)
    missed = make_value(measure, month.start, "82.5", team=cast.team_a)
    explain(missed, reason="=1+1 staff away", planned_action="@cover arranged", acting_user=cast.head.user)
    make_value(measure, month.previous().start, "91", team=cast.team_a)
    make_value(measure, month.start, "99", team=cast.team_b)  # another level: not in Team A's download
    return month


def test_the_excel_download(client, cast, values):
    client.force_login(cast.team_leader.user)
    response = client.get("/reports/scorecard/?download=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"scorecard-team-a-{local_today()}.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADINGS
    assert rows[1:] == [
        (
            '\'=HYPERLINK("http://example.com")',
            "%",
            datetime.combine(values.previous().start, datetime.min.time()),
            values.previous().short_label,
            "Team A",
            91,
            90,
            "Yes",
            "Green",
            None,
            None,
        ),
        (
            '\'=HYPERLINK("http://example.com")',
            "%",
            datetime.combine(values.start, datetime.min.time()),
            values.short_label,
            "Team A",
            82.5,
            90,
            "Yes",
            "Red",
            "'=1+1 staff away",
            "'@cover arranged",
        ),
    ]


def test_the_csv_download(client, cast, values):
    client.force_login(cast.head.user)
    response = client.get(f"/reports/scorecard/?level=team-{cast.team_a.pk}&download=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADINGS
    assert [row[2:7] for row in rows[1:]] == [
        [values.previous().start.isoformat(), values.previous().short_label, "Team A", "91.00", "90.00"],
        [values.start.isoformat(), values.short_label, "Team A", "82.50", "90.00"],
    ]
    assert rows[2][0].startswith("'=") and rows[2][9] == "'=1+1 staff away"
    assert Decimal(rows[2][5]) == Decimal("82.5")


def test_the_page_links_to_both(client, cast, values):
    client.force_login(cast.team_leader.user)
    text = client.get("/reports/scorecard/").content.decode()
    assert "Download these 2 rows" in text and "?download=csv" in text and "?download=xlsx" in text
    assert client.get(f"/reports/scorecard/?level=team-{cast.team_b.pk}&download=csv").status_code == 404
