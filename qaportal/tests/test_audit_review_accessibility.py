"""axe-core at WCAG 2.2 A and AA, in Chromium, on the pages that review audits after they are
submitted (moderation, scrutiny), themes, a partner agency's part, the month at a glance and the
correction of an audit's details: each blank, and the forms with an error."""

import pytest
from django.utils import timezone

from audits.actions import invite_agency, submit_audit
from audits.models import SCRUTINY_RECORD, AnswerKind, AuditStatus, AuditTool, AuditType
from audits.tests.factories import (
    AuditFactory,
    allowed_to_set_themes,
    answer_every_question,
    moderators,
    partner,
    theme_with_questions,
)
from core.periods import local_date
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, what):
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def visit(page, path, what):
    response = page.goto(path)
    assert response.status == 200, f"{what}: {response.status}"
    assert_accessible(page, what)


def assert_error_state(page, what):
    assert page.locator(".govuk-error-summary").is_visible(), what
    assert page.title().startswith("Error: "), what
    assert_accessible(page, what)


def today():
    return local_date(timezone.now())


def test_moderation_pages(page, cast):
    head, _officer = moderators()
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                         moderation_requested=True, audited_on=today())
    answers = answer_every_question(audit)
    submit_audit(audit, acting_user=cast.team_leader.user)
    done = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                        moderated_grade="inadequate", status=AuditStatus.MODERATED, moderator=head,
                        moderated_at=timezone.now(), moderation_comment="The plan has drifted")

    sign_in(page, "monitoring")
    visit(page, "/audits/moderation/", "the moderation queue")
    visit(page, f"/audits/{audit.pk}/", "an audit awaiting moderation, as its moderator")
    visit(page, f"/audits/{audit.pk}/moderate/", "the moderation form")
    changed = next(answer for answer in answers if answer.question.kind == AnswerKind.GRADE)
    page.check(f"#id_a{changed.id}_4")  # inadequate, with no reason
    page.get_by_role("button", name="Save moderation").click()
    assert_error_state(page, "the moderation form with an error")
    assert page.is_checked(f"#id_a{changed.id}_4")
    visit(page, f"/audits/{done.pk}/", "a moderated audit")


def test_scrutiny_pages(page, cast):
    director = StaffMemberFactory(user=UserFactory(username="director"), name="Dana Director")
    cast.head.line_manager = director
    cast.head.save()
    role = RoleFactory(name="Director of Children's Services")
    RoleAssignmentFactory(staff=director, role=role)
    ResponsibilityFactory(role=role, task="Scrutinise one audit", frequency="quarterly", record=SCRUTINY_RECORD)
    plan_duties(today())
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                         status=AuditStatus.SUBMITTED, audited_on=today())

    sign_in(page, "director")
    visit(page, "/audits/scrutiny/", "the scrutiny page")
    visit(page, f"/audits/{audit.pk}/", "an audit with the scrutiny form")
    page.get_by_role("button", name="Record scrutiny").click()
    assert_error_state(page, "the scrutiny form with an error")


def test_theme_pages(page, cast):
    allowed_to_set_themes(StaffMemberFactory(user=UserFactory(username="programme"), name="Pat Programme"))
    theme = theme_with_questions(description="Neglect is rising in referrals")
    AuditFactory(audit_type="themed", theme=theme, tool=AuditTool.objects.current("themed", theme=theme),
                 auditor=cast.team_leader, status=AuditStatus.SUBMITTED, overall_grade="good",
                 improvements="Act on neglect sooner")

    sign_in(page, "programme")
    visit(page, "/audits/themes/", "the themes")
    visit(page, f"/audits/themes/{theme.pk}/", "a theme's page")
    visit(page, "/audits/themes/new/", "setting a theme")
    visit(page, f"/audits/themes/{theme.pk}/edit/", "changing a theme")
    page.fill("#id_questions", "title: Neglect\n## Early help\nscore: Was neglect seen?\n")
    page.get_by_role("button", name="Save theme").click()
    assert_error_state(page, "changing a theme, with errors in its questions")
    assert "score: Was neglect seen?" in page.input_value("#id_questions")


def test_a_partner_agencys_part(page, cast):
    theme = theme_with_questions(audit_type=AuditType.MULTI_AGENCY, title="Child exploitation", set_by="The MESC")
    audit = AuditFactory(audit_type=AuditType.MULTI_AGENCY, theme=theme, auditor=cast.team_leader,
                         tool=AuditTool.objects.current(AuditType.MULTI_AGENCY, theme=theme),
                         case_holder=cast.practitioner, status=AuditStatus.SUBMITTED, overall_grade="good")
    police = partner("police_officer", "Police")
    part = invite_agency(audit, acting_user=cast.team_leader.user, agency=police.agency, contributor=police)

    sign_in(page, "police_officer")
    visit(page, f"/audits/{audit.pk}/", "a multi-agency audit, as a partner")
    visit(page, f"/audits/{audit.pk}/agencies/{part.pk}/", "an agency's part")
    page.get_by_role("button", name="Submit your agency's part").click()
    assert_error_state(page, "an agency's part with errors")


def test_the_month_and_correcting_details(page, cast):
    AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                 status=AuditStatus.SUBMITTED, audited_on=today())
    draft = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-40004",
                         audited_on=today())

    sign_in(page, "team_leader")
    visit(page, "/audits/month/", "the month at a glance")
    visit(page, "/audits/month/?month=2019-01", "the month at a glance, with a month out of range")
    assert page.locator("#month-error").is_visible()
    visit(page, f"/audits/{draft.pk}/details/", "correcting the details")
    page.get_by_label("Case reference").fill("Jane Smith")
    page.get_by_role("button", name="Save details").click()
    assert_error_state(page, "correcting the details, with an error")
    assert page.get_by_label("Case reference").input_value() == "Jane Smith"
