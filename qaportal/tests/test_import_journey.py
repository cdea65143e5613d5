"""Uploading the case list in Chromium: the page answers at once with the load's progress page
(waiting), the load runs as the worker would run it, and the page's script follows it and reloads
to show the result; a file with a wrong line shows every line's error, and nothing was loaded.
Each page with axe at WCAG 2.2 AA, and no console error (the CSP allows the page's one script).

The test is the worker: the run's task is not sent to a broker but called here, by its id, once
the page shows the run waiting."""

import re

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from cases.models import Case
from core import imports
from core.models import ImportRun, ImportStatus
from core.tasks import run_import

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queued(monkeypatch):
    """The ids of the runs the pages queued, for the test to run as the worker would."""
    ids = []
    monkeypatch.setattr(imports, "_queue", ids.append)
    return ids


@pytest.fixture
def uploader(cast):
    cast.head.user.user_permissions.add(Permission.objects.get(codename="add_case", content_type__app_label="cases"))
    return cast.head


def console_of(page) -> list[str]:
    said = []
    page.on(
        "console", lambda message: said.append(f"{message.type}: {message.text}") if message.type == "error" else None
    )
    page.on("pageerror", lambda error: said.append(f"error: {error}"))
    return said


def upload(page, text: str, name: str) -> None:
    page.goto("/cases/upload/")
    page.get_by_label("The case list file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))


def test_a_case_list_uploaded_is_followed_to_its_result(signed_in, uploader, cast, queued):
    page = signed_in("head")
    said = console_of(page)
    number = cast.practitioner.staff_number
    rows = "".join(f"CR-{9000 + n},{number},2025-06-01\n" for n in range(30))
    upload(page, "case_reference,case_holder,opened_on\n" + rows, "june.csv")

    run = ImportRun.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == "Loading the case list"
    status = page.get_by_role("status")
    assert status.inner_text() == "Waiting to start (30 rows)."
    assert page.locator(".govuk-summary-list").inner_text().count("june.csv") == 1
    assert queued == [run.id] and not Case.objects.exists()  # the request loaded nothing
    assert axe_violations(page) == []

    assert run_import(run.id)  # the worker
    # The script follows the run, and reloads the page once it is done.
    expect(page.locator(".govuk-panel__title")).to_have_text("The case list loaded", timeout=10_000)
    assert page.locator(".govuk-panel__body").inner_text() == "30 cases loaded: 30 added, 0 changed"
    assert page.get_by_role("status").count() == 0
    assert axe_violations(page) == []
    page.get_by_role("button", name="Go to the case list").click()
    page.wait_for_url("**/cases/")
    assert Case.objects.count() == 30 and said == [], said


def test_a_file_with_a_wrong_line_shows_every_error_and_loads_nothing(signed_in, uploader, cast, queued):
    page = signed_in("head")
    said = console_of(page)
    number = cast.practitioner.staff_number
    upload(
        page,
        f"case_reference,case_holder,opened_on\nCR-9101,{number},2025-06-01\nCR-9102,NOBODY,2025-06-01\n"
        f"CR-9103,{number},someday\n",
        "july.csv",
    )
    run_import(queued[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Nothing was loaded", timeout=10_000)
    assert ImportRun.objects.get().status == ImportStatus.FAILED and not Case.objects.exists()
    table = page.get_by_role("table", name=re.compile("Problems in the file"))
    rows = table.locator("tbody tr").all_inner_texts()
    assert [re.sub(r"\s+", " ", row).strip() for row in rows] == [
        "3 case_holder nobody has staff number NOBODY in the portal",
        "4 opened_on 'someday' is not a date (use 2026-04-01 or 01/04/2026)",
    ]
    assert axe_violations(page) == []
    page.get_by_role("link", name="upload it again").click()
    page.wait_for_url("**/cases/upload/")
    assert said == [], said
