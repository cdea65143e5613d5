"""A head of service opens the reports, follows the number of missed duties to the duties behind
it and downloads them as Excel: in Chromium, from the keyboard where it matters."""

from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from core.periods import local_date
from reports.scope import ReportPeriod
from schedule.models import Status, Strand
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_of_service_follows_missed_duties_to_a_spreadsheet(signed_in, cast, tmp_path):
    today = local_date(timezone.now())
    missed_on = today - timedelta(days=1)
    visit = ResponsibilityFactory(task="=1+1 Visit the team's cases", strand=Strand.AUDIT, frequency="weekly")
    for owner in (cast.practitioner, cast.nqsw):
        DutyFactory(responsibility=visit, owner=owner, status=Status.OPEN, day=missed_on, due_on=missed_on)
    DutyFactory(responsibility=visit, owner=cast.outsider, status=Status.OPEN, day=missed_on, due_on=missed_on)
    DutyFactory(responsibility=ResponsibilityFactory(strand=Strand.AUDIT), owner=cast.team_leader,
                status=Status.DONE, day=missed_on, due_on=missed_on, completed_on=missed_on)

    page = signed_in("head")
    page.goto("/")
    page.get_by_role("link", name="Reports").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Reports: ")
    quarter = ReportPeriod.containing("quarter", missed_on)
    if quarter != ReportPeriod.containing("quarter", today):  # the first day of a quarter: yesterday's
        page.get_by_label("Period").select_option(quarter.code)
        page.get_by_role("button", name="Show figures").click()
    missed = page.locator("#compliance .app-figure").nth(2)
    assert missed.inner_text() == "2"
    missed.focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/reports/rows/duties/**")
    assert page.get_by_role("heading", name="Duties", level=1).is_visible()
    assert page.get_by_role("heading", name="2 duties").is_visible()
    assert "Missed" in page.locator(".govuk-summary-list").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    sheet = openpyxl.load_workbook(saved).active
    rows = list(sheet.iter_rows(values_only=True))
    headings, body = rows[0], rows[1:]
    assert "Owed by" in headings and "Due" in headings
    assert sorted(row[headings.index("Owed by")] for row in body) == ["Nqsw", "Practitioner"]
    assert {row[headings.index("How it went")] for row in body} == {"Missed"}
    due = body[0][headings.index("Due")]
    assert due.date() == missed_on  # a real date, not text
    assert body[0][headings.index("Task")] == "'=1+1 Visit the team's cases"  # not a formula
