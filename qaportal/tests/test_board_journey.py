"""The QA lead writes the quarterly QA and performance report on the whole department, in Chromium:
from the duty on My duties to the start page, the summary written and saved, the PDF made by a
real Celery worker while the page follows its progress, downloaded and read back with poppler,
then finalised, and the duties it completes seen done today: the lead's own and an elected
member's (R01: members receive the report), each of the quarter in which the report is finalised
(reports.board_actions.finalise). From the keyboard where it matters.

The worker is a subprocess on the test's own broker and database, as in schedule's worker test;
it is started only once the page shows the PDF queued, so that the queued state is seen."""

import re
import shutil
import subprocess
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.periods import local_date
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory
from reminders.tests.services import celery
from reports.board_kinds import QA_LEAD, QUARTERLY
from reports.models import BoardReport, ReportStatus, board_storage
from reports.scope import ReportPeriod
from schedule.models import Duty, Status, Strand
from schedule.planner import plan_duties
from schedule.tests.factories import DutyFactory, ResponsibilityFactory
from schedule.tests.test_tasks import database_url_of_test_database

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TASK = "Write the quarterly quality assurance and performance report"
R01 = "Monitor performance via Cabinet, Corporate Parenting Board and the Safeguarding Children Board (PSCB)"
SUMMARY = (
    "This report gives Cabinet and the boards an overview of quality assurance in the quarter.\n\n"
    "The board is asked to note the findings of the audits and to agree next quarter's programme."
)
STATES = ["Queued", "Gathering figures", "Rendering", "Done"]  # a version's progress, in order
DEADLINE = 90  # seconds the worker may take to start and build a version


@pytest.fixture
def this_quarter():
    """The quarter whose duties the report completes, and in which it is written."""
    return ReportPeriod.containing("quarter", local_date(timezone.now()))


@pytest.fixture
def last_quarter(this_quarter):
    """The quarter the report is on: the last one that has ended, so the report can be final."""
    return this_quarter.previous()


@pytest.fixture
def qa_lead(cast, last_quarter):
    """The QA lead, who sees the whole department and owes the quarter's report; an elected member,
    who receives it (R01); and an audit duty done and one missed in the quarter, for figures."""
    lead = StaffMemberFactory(user=UserFactory(username="qa_lead"), name="Quinn Lead", job_title=QA_LEAD)
    role = RoleFactory(name=QA_LEAD, oversees_scope=True)
    RoleAssignmentFactory(staff=lead, role=role)  # held over neither a service nor a team: everyone
    ResponsibilityFactory(
        role=role,
        task=TASK,
        frequency="quarterly",
        strand=Strand.REPORT,
        record=QUARTERLY.record_kind,
        purpose="Tell the boards how practice is",
    )
    member = StaffMemberFactory(
        user=UserFactory(username="councillor"),
        name="Cllr Casey Member",
        job_title="Lead Member for Children's Services",
    )
    members = RoleFactory(name="Elected Members")
    RoleAssignmentFactory(staff=member, role=members)
    ResponsibilityFactory(
        ref="R01",
        role=members,
        task=R01,
        frequency="quarterly",
        strand=Strand.PERFORMANCE,
        record=QUARTERLY.record_kind,
    )
    audits = ResponsibilityFactory(strand=Strand.AUDIT)
    for owner, done in [(cast.practitioner, True), (cast.nqsw, False)]:
        DutyFactory(
            responsibility=audits,
            owner=owner,
            day=last_quarter.start,
            due_on=last_quarter.end,
            status=Status.DONE if done else Status.OPEN,
            completed_on=last_quarter.start if done else None,
        )
    plan_duties(local_date(timezone.now()))
    return lead


def duty_of(username: str, period: ReportPeriod) -> Duty:
    return Duty.objects.get(
        owner__user__username=username, responsibility__record=QUARTERLY.record_kind, period_start=period.start
    )


def run(*args) -> str:
    return subprocess.run([str(arg) for arg in args], check=True, capture_output=True, text=True).stdout


def follow_progress(page, url: str, processes) -> list[str]:
    """The labels the progress JSON gives, each once, in the order seen, until it says done."""
    seen, deadline = [], time.monotonic() + DEADLINE
    while True:
        progress = page.request.get(url).json()
        if not seen or seen[-1] != progress["label"]:
            seen.append(progress["label"])
        if progress["done"]:
            return seen
        assert processes.alive("worker"), processes.tails()
        assert time.monotonic() < deadline, f"the PDF was not made: {seen}\n{processes.tails()}"
        time.sleep(0.1)


def download_link(page, number: int):
    return page.get_by_role("link", name=re.compile(rf"^Download PDF\s+of version {number}$"))


def press(locator) -> None:
    locator.focus()
    locator.page.keyboard.press("Enter")


def test_the_qa_lead_writes_prints_and_finalises_the_quarterly_report(
    signed_in, qa_lead, this_quarter, last_quarter, tmp_path
):
    today = local_date(timezone.now())
    owed = duty_of("qa_lead", this_quarter)
    assert owed.is_outstanding

    page = signed_in("qa_lead")
    page.goto("/")
    card = page.locator("#this-period + ul .govuk-task-list__item", has_text=TASK)
    assert owed.period_label in card.inner_text()
    press(card.get_by_role("link", name=f"Record the {QUARTERLY.title.lower()}"))
    page.wait_for_url("**/reports/board/**")
    press(page.get_by_role("button", name="Start a report"))

    page.wait_for_url("**/reports/board/start/?kind=report%3Aquarterly_qa")
    assert page.get_by_label("Kind of report").input_value() == QUARTERLY.key  # the duty's kind, chosen already
    page.get_by_label("Period", exact=True).select_option(label=last_quarter.label)
    page.get_by_label("For", exact=True).select_option(label="The whole department")
    press(page.get_by_role("button", name="Start report"))

    page.wait_for_url(re.compile(r"/reports/board/\d+/$"))
    report = BoardReport.objects.get()
    folder = board_storage().path(f"report-{report.pk}")
    shutil.rmtree(folder, ignore_errors=True)  # an earlier test database's report of the same number
    try:
        assert (report.kind, report.period_start, report.service, report.team) == (
            QUARTERLY.key,
            last_quarter.start,
            None,
            None,
        )
        assert page.get_by_role("heading", level=1).inner_text() == QUARTERLY.title
        assert page.locator(".govuk-caption-l").inner_text() == f"{last_quarter.label}, The whole department"
        assert page.locator(".govuk-warning-text").count() == 0  # the quarter has ended: not provisional
        assert page.get_by_text("Not printed yet.").is_visible()

        # The summary, written and saved.
        page.get_by_role("textbox", name="Summary and recommendation").fill(SUMMARY)
        page.get_by_role("button", name="Save the words").click()
        expect(page.get_by_text("The words are saved.")).to_be_visible()
        assert page.get_by_role("textbox", name="Summary and recommendation").input_value() == SUMMARY
        report.refresh_from_db()
        assert report.narrative["summary"].replace("\r\n", "\n") == SUMMARY  # a form sends CR LF

        # Generate PDF: queued on commit; nothing builds it until the worker starts.
        press(page.get_by_role("button", name="Generate PDF"))
        expect(page.get_by_text("The PDF is being made. This page shows when it is ready.")).to_be_visible()
        status = page.locator("[data-board-progress]")
        assert status.get_attribute("role") == "status"
        assert status.inner_text().startswith("The PDF is being made: queued.")
        assert "Queued" in page.locator(".govuk-table__body tr").first.inner_text()
        progress = f"/reports/board/{report.pk}/progress/"
        assert page.request.get(progress).json() == {"number": 1, "state": "queued", "label": "Queued", "done": False}

        environment = {
            "DATABASE_URL": database_url_of_test_database(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "SECRET_KEY": "board-journey",  # else the worker may race the live server to write one
        }
        with celery(tmp_path, **environment) as processes:
            processes.worker("worker")
            seen = follow_progress(page, progress, processes)
            assert seen[0] == "Queued" and seen[-1] == "Done", seen
            assert seen == [state for state in STATES if state in seen], f"out of order: {seen}"
            # The page's script follows the same JSON and reloads itself once the PDF is ready.
            first = download_link(page, 1)
            expect(first).to_be_visible(timeout=10_000)
            assert page.locator("[data-board-progress]").count() == 0
            assert page.request.get(progress).json()["state"] == "done"

            with page.expect_download() as info:
                first.click()
            download = info.value
            assert download.suggested_filename == f"{QUARTERLY.key}-{last_quarter.code}-v1.pdf"
            pdf = tmp_path / download.suggested_filename
            download.save_as(pdf)
            assert pdf.read_bytes().startswith(b"%PDF-")
            pages = int(re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", pdf), re.MULTILINE).group(1))
            assert pages >= 2
            run("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", pdf, tmp_path / "page")
            pngs = sorted(tmp_path.glob("page-*.png"))
            assert len(pngs) == 2, pngs
            assert all(png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") for png in pngs)
            text = run("pdftotext", pdf, "-")
            assert "board is asked to note the findings" in text and "DRAFT" in text

            # Finalised: asked first, then the final PDF made from the frozen figures.
            press(page.get_by_role("button", name="Finalise", exact=True))
            page.wait_for_url(f"**/reports/board/{report.pk}/finalise/")
            assert page.get_by_role("heading", level=1).inner_text() == "Finalise the report?"
            press(page.get_by_role("button", name="Finalise the report"))
            page.wait_for_url(f"**/reports/board/{report.pk}/")
            expect(page.get_by_text("The report is final. Its final PDF is being made.")).to_be_visible()
            expect(download_link(page, 2)).to_be_visible(timeout=DEADLINE * 1000)
            assert "2 (final)" in page.locator(".govuk-table__body tr").first.inner_text()
        assert page.locator(".govuk-summary-list .govuk-tag").first.inner_text() == "Final"
        assert page.locator("textarea").count() == 0
        assert page.get_by_role("button", name="Correct this report").is_visible()
        report.refresh_from_db()
        assert report.status == ReportStatus.FINAL and report.versions.get(number=2).final

        # The duties it completes, done today: the lead's own, seen on My duties, and the elected member's.
        page.goto("/")
        finished = page.locator("#recently-finished + ul .govuk-task-list__item", has_text=TASK)
        assert f"done {today:%-d %B}" in finished.inner_text() and "Done" in finished.inner_text()
        press(finished.get_by_role("link", name=TASK))
        page.wait_for_url(f"**/duties/{owed.pk}/")
        assert page.locator("h1 + p .govuk-tag").inner_text() == "Done"
        done_on = page.locator(".govuk-summary-list__row", has_text="Done on").locator("dd")
        assert done_on.inner_text() == f"{today:%-d %B %Y}, recorded by Quinn Lead"
        assert page.locator(f'a[href="{report.get_absolute_url()}"]').is_visible()  # "Completed by" the report
        member = signed_in("councillor")
        members = duty_of("councillor", this_quarter)
        member.goto(f"/duties/{members.pk}/")
        assert member.get_by_role("heading", level=1).inner_text() == R01
        assert member.locator("h1 + p .govuk-tag").inner_text() == "Done"
        for duty in (owed, members):
            duty.refresh_from_db()
            assert (duty.status, duty.completed_on, duty.record) == (Status.DONE, today, report)
            assert duty.history.first().history_user.username == "qa_lead"
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the worker wrote under the portal's var/ folder
