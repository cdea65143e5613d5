"""A service leader audits a case file in Chromium: one Inadequate grade without its reason, the
error beside it and every answer kept, then submitted, the duty done; the case-holder acknowledges.
And axe-core on every audit page, blank and with errors."""

import pytest
from django.utils import timezone

from audits.models import Audit, AuditStatus, Question
from audits.tests.factories import AuditFactory
from core.periods import local_date
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def service_leader(cast):
    leader = StaffMemberFactory(user=UserFactory(username="service_leader"), name="Service Leader",
                                job_title="Service Leader", line_manager=cast.head)
    role = RoleFactory(name="Service Leader")
    RoleAssignmentFactory(staff=leader, role=role, service=cast.service)
    ResponsibilityFactory(role=role, task="Audit 1 case file from another part of the service", frequency="monthly",
                          record="audit:case_file", purpose="Ensure objectives are met")
    plan_duties(local_date(timezone.now()))
    return leader


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")


def test_a_service_leader_audits_a_case_file_and_the_case_holder_acknowledges_it(page, cast, service_leader):
    sign_in(page, "service_leader")
    card = page.locator(".govuk-summary-card", has_text="Audit 1 case file from another part of the service").first
    card.get_by_role("link", name="Record a case file audit").click()

    assert page.get_by_role("heading", name="Case file audit", level=1).is_visible()
    page.get_by_label("Case reference").fill("CR-20001")
    page.get_by_label("Case-holder").select_option(label="Practitioner (Team A)")
    page.get_by_role("button", name="Start audit").click()
    page.wait_for_url("**/audits/*/edit/")

    audit = Audit.objects.get(case_reference="CR-20001")
    asked = list(Question.objects.filter(domain__tool=audit.tool).order_by("domain__position", "position"))
    grades = [q for q in asked if q.kind == "grade"]
    bad = grades[1]
    for question in asked:
        if question.kind == "grade":
            page.check(f"#id_q{question.id}_{4 if question == bad else 2}")  # Inadequate, or Good
        elif question.kind == "yes_no":
            page.check(f"#id_q{question.id}_1")
        else:
            page.fill(f"#id_q{question.id}", f"Notes on {question.id}")
    page.fill(f"#id_q{grades[0].id}_comment", "Chronology exemplary")
    page.get_by_role("group", name="Overall grade").get_by_label("Requires improvement").check()
    page.get_by_label("Strengths").fill("The child's voice is clear throughout")
    page.get_by_role("button", name="Submit audit").click()

    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "Your answers are saved as a draft" in summary.inner_text()
    beside = page.locator(f"#div_id_q{bad.id}_comment .govuk-error-message")
    assert "Explain why you graded this inadequate" in beside.inner_text()
    summary.get_by_role("link", name="Explain why you graded this inadequate").click()
    assert page.evaluate("document.activeElement.id") == f"id_q{bad.id}_comment"
    for question in asked:  # every answer is still there
        if question.kind == "grade":
            assert page.is_checked(f"#id_q{question.id}_{4 if question == bad else 2}")
        elif question.kind == "yes_no":
            assert page.is_checked(f"#id_q{question.id}_1")
        else:
            assert page.input_value(f"#id_q{question.id}") == f"Notes on {question.id}"
    assert page.input_value(f"#id_q{grades[0].id}_comment") == "Chronology exemplary"
    assert page.get_by_label("Strengths").input_value() == "The child's voice is clear throughout"
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DRAFT

    page.fill(f"#id_q{bad.id}_comment", "No plan since the review in May")
    page.get_by_role("button", name="Submit audit").click()
    assert page.get_by_text("Audit submitted").first.is_visible()
    assert "This completed: Audit 1 case file from another part of the service" in page.locator(
        ".govuk-notification-banner").inner_text()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED

    page.get_by_role("link", name="My duties").click()
    done = page.locator("#recently-finished + .app-table-wrapper tr", has_text="Audit 1 case file")
    assert "Done" in done.first.inner_text()
    duty = Duty.objects.get(owner=service_leader, status=Status.DONE)
    assert duty.record == audit

    page.goto(f"/audits/{audit.pk}/")
    page.get_by_role("button", name="Share with the case-holder").click()
    assert page.get_by_text("Shared with Practitioner").is_visible()
    sign_out(page)

    sign_in(page, "practitioner")
    page.get_by_role("link", name="Audits").click()
    page.get_by_role("link", name="CR-20001").click()
    assert page.get_by_text("No plan since the review in May").is_visible()
    page.get_by_label("Your response (optional)").fill("Agreed; I will update the plan this week")
    page.get_by_role("button", name="Acknowledge audit").click()
    assert page.get_by_text("Audit acknowledged").is_visible()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.ACKNOWLEDGED
    assert audit.response == "Agreed; I will update the plan this week"


def assert_accessible(page, what):
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def test_every_audit_page_is_accessible(page, cast):
    submitted = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, status=AuditStatus.SHARED,
                             overall_grade="good", strengths="Clear plan")
    sign_in(page, "team_leader")

    page.goto("/audits/new/")
    assert_accessible(page, "the type chooser")
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "the type chooser with an error")
    page.get_by_label("Case file audit").check()
    page.get_by_role("button", name="Continue").click()

    assert_accessible(page, "the details form")
    page.get_by_label("Case reference").fill("Jane Smith")
    page.get_by_role("button", name="Start audit").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "the details form with errors")
    page.get_by_label("Case reference").fill("CR-30003")
    page.get_by_label("Case-holder").select_option(label="Practitioner (Team A)")
    page.get_by_role("button", name="Start audit").click()
    page.wait_for_url("**/audits/*/edit/")

    assert_accessible(page, "the edit page")
    page.get_by_role("button", name="Submit audit").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "the edit page with errors")
    page.get_by_role("button", name="Save as draft").click()
    assert page.get_by_text("Draft saved").is_visible()

    for path, what in [(f"/audits/{submitted.pk}/", "a shared audit"),
                       (f"/audits/{Audit.objects.get(case_reference='CR-30003').pk}/", "a draft"),
                       ("/audits/", "the list"), ("/audits/?status=draft&quarter=", "the list, filtered")]:
        page.goto(path)
        assert_accessible(page, what)

    sign_out(page)
    sign_in(page, "practitioner")
    page.goto(f"/audits/{submitted.pk}/")
    assert_accessible(page, "the audit with the acknowledge form")
