"""A service leader audits a case file in Chromium: one Inadequate grade without its reason, the
error beside it and every answer kept, then submitted, the duty done; the case-holder acknowledges.
A team leader audits a looked-after child's case file with the second case file tool: its guidance,
sub-domains and own numbers shown, a date that is not one refused and kept, a domain marked as not
applying and skipped. And axe-core on every audit page, blank and with errors."""

import pytest
from django.utils import timezone

from audits.models import Answer, Audit, AuditStatus, Question
from audits.tests.factories import AuditFactory, looked_after_tool
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
    card = page.locator(".govuk-task-list__item", has_text="Audit 1 case file from another part of the service").first
    card.get_by_role("link", name="Record a case file audit").click()

    assert page.get_by_role("heading", name="Case file audit", level=1).is_visible()
    page.get_by_role("group", name="Which audit tool?").get_by_label("Case file audit", exact=True).check()
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
    done = page.locator("#recently-finished + ul .govuk-task-list__item", has_text="Audit 1 case file")
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
    page.get_by_label("Case file audit", exact=True).check()
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


def test_a_looked_after_childs_case_file_with_guidance_facts_and_a_domain_that_does_not_apply(signed_in, cast):
    page = signed_in("team_leader")
    page.goto("/audits/new/?type=case_file")
    page.get_by_label("Looked-after child's case file audit").check()
    page.get_by_label("Case reference").fill("CR-40004")
    page.get_by_label("Case-holder").select_option(label="Practitioner (Team A)")
    page.get_by_role("button", name="Start audit").click()
    page.wait_for_url("**/audits/*/edit/")
    audit = Audit.objects.get(case_reference="CR-40004")
    assert audit.tool == looked_after_tool()

    # The tool's own numbers, once; a sub-domain; the guidance beside a domain and a question.
    assert page.get_by_role("heading", name="2. The care plan", level=2).is_visible()
    assert page.get_by_role("heading", name="2a. Permanence", level=3).is_visible()
    assert page.get_by_text("Read the care plan, the minutes of the last two looked-after reviews").is_visible()
    permanence = page.get_by_role("group", name="2.1 There is a clear plan for permanence")
    assert "Look for the plan for permanence" in permanence.locator(".govuk-hint").inner_text()
    descriptors = page.locator("details", has_text="What the grades look like for question 2.1")
    descriptors.locator("summary").click()
    assert descriptors.get_by_text("there is no plan for permanence").is_visible()

    asked = {question.number: question for question in Question.objects.filter(domain__tool=audit.tool)}
    looked_after_on = asked["1.2"]
    page.fill(f"#id_q{looked_after_on.id}_0", "31")  # 31 February: not a date
    page.fill(f"#id_q{looked_after_on.id}_1", "2")
    page.fill(f"#id_q{looked_after_on.id}_2", "2025")
    page.get_by_role("group", name="1.1 Legal status").get_by_label("LAC s31").check()
    page.get_by_label("1.3 Placements in the last 12 months").fill("2")
    page.get_by_role("button", name="Save as draft").click()

    assert page.title().startswith("Error: ")
    beside = page.locator(f"#div_id_q{looked_after_on.id} .govuk-error-message")
    assert "Enter a real date for question 1.2, for example 27 3 2026" in beside.inner_text()
    assert [page.input_value(f"#id_q{looked_after_on.id}_{part}") for part in range(3)] == ["31", "2", "2025"]
    assert page.is_checked(f"#id_q{asked['1.1'].id}_2")  # what else was typed is kept, and saved
    assert Answer.objects.get(audit=audit, question=asked["1.3"]).number == 2
    assert_accessible(page, "the looked-after child's case file audit, with an error")

    page.fill(f"#id_q{looked_after_on.id}_0", "28")
    page.get_by_role("group", name="1.4 Where the child lives").get_by_label("Foster care (council)").check()
    for number, question in asked.items():
        if question.domain.title in ("Case details", "Leaving care"):
            continue
        if question.kind == "grade":
            page.check(f"#id_q{question.id}_2")  # Good
        elif question.kind == "yes_no":
            page.check(f"#id_q{question.id}_1")
        elif question.kind == "date":
            for part, value in enumerate(["1", "3", "2026"]):
                page.fill(f"#id_q{question.id}_{part}", value)
        elif question.kind == "number":
            page.fill(f"#id_q{question.id}", "0")
        elif question.kind == "text":
            page.fill(f"#id_q{question.id}", f"Notes on {number}")
    leaving = page.get_by_role("group", name="5. Leaving care")
    leaving.get_by_label("This domain does not apply to this case").check()
    page.get_by_role("group", name="Overall grade").get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Submit audit").click()

    page.wait_for_url(f"**/audits/{audit.pk}/")
    assert page.get_by_text("Audit submitted").first.is_visible()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED
    assert [domain.title for domain in audit.domains_not_applicable.all()] == ["Leaving care"]
    assert Answer.objects.get(audit=audit, question=looked_after_on).date.isoformat() == "2025-02-28"
    card = page.locator(".govuk-summary-card", has_text="5. Leaving care")
    assert "The auditor marked this domain as not applying to this case." in card.inner_text()
    assert page.get_by_role("heading", name="2b. Health and education", level=4).is_visible()
