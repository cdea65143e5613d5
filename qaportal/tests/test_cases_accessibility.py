"""axe-core at WCAG 2.2 A and AA on the case list's pages, in Chromium, with their errors showing."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from audits.models import AuditStatus
from audits.tests.factories import AuditFactory
from cases.tests.factories import CaseFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, path=None):
    if path:
        page.goto(path)
    violations = axe_violations(page)
    assert violations == [], f"{path or page.url}: {violations}"


def test_the_case_pages(page, cast, tmp_path):
    cast.head.user.user_permissions.add(Permission.objects.get(codename="add_case", content_type__app_label="cases"))
    case = CaseFactory(reference="CR-1001", case_holder=cast.practitioner)
    CaseFactory(reference="CR-1002", case_holder=cast.nqsw, closed_on=date(2026, 3, 2))
    AuditFactory(case_reference="CR-1001", auditor=cast.team_leader, case_holder=cast.practitioner,
                 status=AuditStatus.SUBMITTED)
    sign_in(page, "head")
    for path in ["/cases/", "/cases/?status=all", "/cases/?team=999999", f"/cases/{case.pk}/", "/cases/upload/",
                 "/cases/sample/", "/cases/sample/?size=0"]:
        assert_accessible(page, path)

    bad = tmp_path / "cases.csv"
    bad.write_text("case_reference,case_holder,opened_on\nCR-2001,NOBODY,2025-06-01\n")
    page.goto("/cases/upload/")
    page.get_by_label("The case list file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
