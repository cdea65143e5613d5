"""The accessibility walk: axe-core, at WCAG 2.0, 2.1 and 2.2 A and AA, and reflow at a phone's
390 px (no sideways scrolling of the page itself), in Chromium, over every
page of the portal in every state the tests know it in (blank, filled in, a form showing its
errors, just after saving), each signed in as someone who sees it.

The walk is one table. Each section below builds its records and returns its rows, and every
section is built before the first row is walked, so the data is made once and every row reads
the same world. A row is one state of one page: an id, who signs in (None: nobody), the address,
and optionally what to do there before axe looks (press the button of an empty form, type a bad
date). A row with `errors` must be showing that error, under an "Error: " title, when axe looks,
and its address must answer with the row's status without sending the browser elsewhere, so that
a refused page or a lost session fails the row instead of being checked in its place. Rows that
save something come last in their section, after the rows that read what they change.

One browser serves the session and each person signs in once. Each row is a subtest named by its
id and who is signed in; a failing row lists axe's violations.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from playwright.sync_api import expect

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
from audits.tools import as_text, save_version
from cases.tests.factories import CaseFactory
from complaints import actions as complaint_actions
from complaints.tests.factories import make_complaint, make_complaints_manager
from core.fields import CASE_HINT
from core.periods import local_date
from core.tasks import run_import
from learning.models import Action, Level
from learning.plans import plan_for, raise_action
from learning.tests.factories import ActionFactory, ThemePlanFactory, theme
from observations.actions import record_observation
from observations.models import Observation, Setting
from participation.actions import add_feedback, record_meeting
from participation.models import Feedback, Meeting
from participation.surveys import import_survey
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory
from reports import board_actions
from reports.board_kinds import QA_LEAD, QUARTERLY
from reports.scope import ReportPeriod
from reports.tests.factories import MeasureFactory, make_value, scorecard_responsibility
from reports.tests.test_board_actions import files_in_tmp
from schedule.grouping import GROUP_FROM
from schedule.models import AppliesTo, Duty
from schedule.planner import plan_duties
from schedule.tests.factories import DutyFactory, ResponsibilityFactory
from standards.models import Kind, Standard
from standards.tests.factories import StandardFactory
from supervision.actions import record_pdr, record_session
from supervision.tests.factories import ObservationFactory, shared_audit, supervision_duties

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = ".govuk-error-summary"
EVERYONE = ["practitioner", "team_leader", "head", "outsider"]


@dataclass(frozen=True)
class Row:
    id: str
    who: str | None
    url: str
    then: Callable | None = None  # given the page, does what makes the state
    errors: str | None = None  # the error the state shows, as a CSS selector
    status: int = 200  # 404: a page that does not exist, or that is hidden from this person


def today() -> date:
    return local_date(timezone.now())


def press(button: str) -> Callable:
    def step(page):
        page.get_by_role("button", name=button).click()

    return step


def submit(button: str, fields: dict[str, str]) -> Callable:
    """Type each field's text, by its label, and press the button; what was typed must survive."""

    def step(page):
        for label, text in fields.items():
            page.get_by_label(label).fill(text)
        page.get_by_role("button", name=button).click()
        for label, text in fields.items():
            if text:
                assert page.get_by_label(label).input_value() == text, f"{label!r} lost what was typed"

    return step


# The sign-in page and the schedule's pages.


def sign_in_pages(cast) -> list[Row]:
    return [
        Row("the sign-in page", None, "/sign-in/"),
        Row("the sign-in page, with a wrong password", None, "/sign-in/", then=wrong_password, errors=SUMMARY),
    ]


def wrong_password(page):
    page.get_by_label("Username").fill("team_leader")
    page.get_by_label("Password", exact=True).fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_label("Username").input_value() == "team_leader"


def duties(cast) -> list[Row]:
    """Supervision and a meeting for team leaders, observation visits for heads of service."""
    responsibilities = [
        ResponsibilityFactory(role=cast.team_leader_role, task="Supervise each practitioner", frequency="monthly",
                              applies_to="reports", strand="supervision"),
        ResponsibilityFactory(role=cast.team_leader_role, task="Attend the all managers meeting",
                              frequency="monthly", strand="meeting", notes="frequency not printed; monthly assumed"),
        ResponsibilityFactory(role=cast.head_role, task="Undertake observation visits", frequency="quarterly",
                              count=2, strand="observation"),
        ResponsibilityFactory(role=cast.head_role, task="Act as decision maker", frequency="ongoing", count=0),
    ]
    plan_duties(today())
    # Other sections' duties are recorded through their own pages, not marked done or waived.
    planned = Duty.objects.filter(responsibility__in=responsibilities).order_by("id")
    # A coverage duty about many people: one line on the head's My duties, and its own page.
    coverage = ResponsibilityFactory(role=cast.head_role, task="Audit a case of every case-holder",
                                     frequency="financial_year", applies_to="case_holders", strand="audit")
    for _ in range(GROUP_FROM):
        StaffMemberFactory(team=cast.team_b, is_case_holder=True)
    plan_duties(today())
    rows = [Row("a group of duties", "head", f"/duties/of/{coverage.pk}/"),
            Row("a group of duties, the open ones", "head", f"/duties/of/{coverage.pk}/?status=open")]
    for who in EVERYONE:
        # My duties and My team show every strand's deadlines, so they are walked here only, once
        # every section's records are built.
        rows += [Row(path, who, path) for path in [
            "/", "/team/", "/team/?status=overdue&period=", "/framework/", "/framework/?by=strand",
            f"/framework/roles/{cast.team_leader_role.slug}/", "/more/", "/reminders/calendar/",
        ]]
        rows.append(Row("a duty that does not exist", who, "/duties/999999/", status=404))
        me = getattr(cast, who)
        for duty in planned.filter(owner=me)[:1]:
            rows += [
                Row("a duty of mine", who, f"/duties/{duty.pk}/"),
                Row("marking a duty done", who, f"/duties/{duty.pk}/done/"),
                Row("marking a duty done, without a date", who, f"/duties/{duty.pk}/done/",
                    then=submit("Mark as done", {"Day": ""}), errors=SUMMARY),
            ]
        for duty in planned.filter(owner__line_manager=me)[:1]:
            rows += [
                Row("a duty of someone I manage", who, f"/duties/{duty.pk}/"),
                Row("waiving a duty", who, f"/duties/{duty.pk}/waive/"),
                Row("waiving a duty, without a reason", who, f"/duties/{duty.pk}/waive/",
                    then=press("Waive this duty"), errors=SUMMARY),
            ]
    return rows


# Audits: the tools, and reviewing audits once they are submitted.


def audit_tools(cast) -> list[Row]:
    UserFactory(username="administrator", is_staff=True, is_superuser=True)
    broken = "title: Broken\n## Planning\nscore: Is there a plan?\n"
    return [
        Row("the audit tools", "administrator", "/audits/tools/"),
        Row("editing an audit tool", "administrator", "/audits/tools/case_file/edit/"),
        Row("editing an audit tool, with a question of an unknown kind", "administrator",
            "/audits/tools/case_file/edit/", then=submit("Save as a new version", {"Questions": broken}),
            errors=SUMMARY),
    ]


def audit_reviews(cast) -> list[Row]:
    """Moderation and scrutiny, themes, a partner agency's part, the month at a glance and
    correcting an audit's details."""
    moderator, _officer = moderators()
    awaiting = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                            moderation_requested=True, audited_on=today())
    graded = next(answer for answer in answer_every_question(awaiting) if answer.question.kind == AnswerKind.GRADE)
    submit_audit(awaiting, acting_user=cast.team_leader.user)
    moderated = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                             moderated_grade="inadequate", status=AuditStatus.MODERATED, moderator=moderator,
                             moderated_at=timezone.now(), moderation_comment="The plan has drifted")

    director = StaffMemberFactory(user=UserFactory(username="director"), name="Dana Director")
    cast.head.line_manager = director
    cast.head.save()
    role = RoleFactory(name="Director of Children's Services")
    RoleAssignmentFactory(staff=director, role=role)
    ResponsibilityFactory(role=role, task="Scrutinise one audit", frequency="quarterly", record=SCRUTINY_RECORD)
    plan_duties(today())
    to_scrutinise = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                                 status=AuditStatus.SUBMITTED, audited_on=today())

    allowed_to_set_themes(StaffMemberFactory(user=UserFactory(username="programme"), name="Pat Programme"))
    neglect = theme_with_questions(description="Neglect is rising in referrals")
    AuditFactory(audit_type="themed", theme=neglect, tool=AuditTool.objects.current("themed", theme=neglect),
                 auditor=cast.team_leader, status=AuditStatus.SUBMITTED, overall_grade="good",
                 improvements="Act on neglect sooner")

    exploitation = theme_with_questions(audit_type=AuditType.MULTI_AGENCY, title="Child exploitation",
                                        set_by="The MESC")
    multi_agency = AuditFactory(audit_type=AuditType.MULTI_AGENCY, theme=exploitation, auditor=cast.team_leader,
                                tool=AuditTool.objects.current(AuditType.MULTI_AGENCY, theme=exploitation),
                                case_holder=cast.practitioner, status=AuditStatus.SUBMITTED, overall_grade="good")
    police = partner("police_officer", "Police")
    part = invite_agency(multi_agency, acting_user=cast.team_leader.user, agency=police.agency, contributor=police)

    AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                 status=AuditStatus.SUBMITTED, audited_on=today())
    draft = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-40004",
                         audited_on=today())
    return [
        Row("the moderation queue", "monitoring", "/audits/moderation/"),
        Row("an audit awaiting moderation, as its moderator", "monitoring", f"/audits/{awaiting.pk}/"),
        Row("the moderation form", "monitoring", f"/audits/{awaiting.pk}/moderate/"),
        Row("the moderation form, a grade changed without a reason", "monitoring",
            f"/audits/{awaiting.pk}/moderate/", then=inadequate_without_a_reason(graded), errors=SUMMARY),
        Row("a moderated audit", "monitoring", f"/audits/{moderated.pk}/"),
        Row("the scrutiny page", "director", "/audits/scrutiny/"),
        Row("an audit with the scrutiny form", "director", f"/audits/{to_scrutinise.pk}/"),
        Row("the scrutiny form, empty", "director", f"/audits/{to_scrutinise.pk}/",
            then=press("Record scrutiny"), errors=SUMMARY),
        Row("the themes", "programme", "/audits/themes/"),
        Row("a theme", "programme", f"/audits/themes/{neglect.pk}/"),
        Row("setting a theme", "programme", "/audits/themes/new/"),
        Row("changing a theme", "programme", f"/audits/themes/{neglect.pk}/edit/"),
        Row("changing a theme, with errors in its questions", "programme", f"/audits/themes/{neglect.pk}/edit/",
            then=theme_questions_of_an_unknown_kind, errors=SUMMARY),
        Row("a multi-agency audit, as a partner", "police_officer", f"/audits/{multi_agency.pk}/"),
        Row("an agency's part", "police_officer", f"/audits/{multi_agency.pk}/agencies/{part.pk}/"),
        Row("an agency's part, empty", "police_officer", f"/audits/{multi_agency.pk}/agencies/{part.pk}/",
            then=press("Submit your agency's part"), errors=SUMMARY),
        Row("the month at a glance", "team_leader", "/audits/month/"),
        Row("the month at a glance, a month out of range", "team_leader", "/audits/month/?month=2019-01",
            errors="#month-error"),
        Row("correcting an audit's details", "team_leader", f"/audits/{draft.pk}/details/"),
        Row("correcting an audit's details, a name for a case reference", "team_leader",
            f"/audits/{draft.pk}/details/", then=submit("Save details", {"Case reference": "Jane Smith"}),
            errors=SUMMARY),
    ]


def inadequate_without_a_reason(answer) -> Callable:
    def step(page):
        page.check(f"#id_a{answer.id}_4")  # inadequate
        page.get_by_role("button", name="Save moderation").click()
        assert page.is_checked(f"#id_a{answer.id}_4")

    return step


def theme_questions_of_an_unknown_kind(page):
    page.fill("#id_questions", "title: Neglect\n## Early help\nscore: Was neglect seen?\n")
    page.get_by_role("button", name="Save theme").click()
    assert "score: Was neglect seen?" in page.input_value("#id_questions")


# Cases.


def cases(cast) -> list[Row]:
    cast.head.user.user_permissions.add(Permission.objects.get(codename="add_case", content_type__app_label="cases"))
    case = CaseFactory(reference="CR-1001", case_holder=cast.practitioner)
    CaseFactory(reference="CR-1002", case_holder=cast.nqsw, closed_on=date(2026, 3, 2))
    AuditFactory(case_reference="CR-1001", auditor=cast.team_leader, case_holder=cast.practitioner,
                 status=AuditStatus.SUBMITTED)
    return [
        Row("/cases/", "head", "/cases/"),
        Row("/cases/?status=all", "head", "/cases/?status=all"),
        Row("the cases, filtered by a team that does not exist", "head", "/cases/?team=999999", errors=SUMMARY),
        Row("a case", "head", f"/cases/{case.pk}/"),
        Row("uploading the case list", "head", "/cases/upload/"),
        Row("uploading the case list, naming a case-holder nobody is", "head", "/cases/upload/",
            then=upload_a_case_list_naming_nobody),
        Row("the sample to audit", "head", "/cases/sample/"),
        Row("the sample to audit, of no cases", "head", "/cases/sample/?size=0", errors=SUMMARY),
    ]


def upload_a_case_list_naming_nobody(page):
    csv = b"case_reference,case_holder,opened_on\nCR-2001,NOBODY,2025-06-01\n"
    page.get_by_label("The case list file").set_input_files(
        files=[{"name": "cases.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.get_by_role("button", name="Upload and check").click()
    load_what_was_uploaded(page)


def load_what_was_uploaded(page):
    """The upload goes to its import run's page; the worker's part is done here, and the page
    then shows what could not be loaded."""
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    run_import(int(urlsplit(page.url).path.strip("/").split("/")[-1]))
    page.reload()
    expect(page.get_by_role("region", name="Problems in the file")).to_be_visible()


# Complaints.


def complaints(cast) -> list[Row]:
    """A late stage 1 and an escalated, answered complaint, handled by the team leader; a
    withdrawn one with lessons learnt and an action; a complaints manager in another service."""
    user = cast.team_leader.user
    late = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=30), case_reference="CR-501")
    answered = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=60),
                              case_reference="CR-502", category="delay")
    complaint_actions.record_response(answered, acting_user=user, responded_on=today() - timedelta(days=50),
                                      outcome="upheld")
    complaint_actions.escalate(answered, acting_user=user, requested_on=today() - timedelta(days=40), today=today())
    complaint_actions.extend_stage(answered, acting_user=user, new_due_on=answered.stages.get(number=2).latest_due_on,
                                   reason="Interviews with three workers")
    closed = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=10), complainant="child")
    complaint_actions.close_complaint(closed, acting_user=user, closed_on=today(), outcome="withdrawn",
                                      lessons_learnt="Explain the procedure to young people in person")
    raise_action(acting_user=user, source=closed, owner=cast.practitioner, description="Share the leaflet",
                 due_on=today() + timedelta(days=14))
    make_complaints_manager(StaffMemberFactory(user=UserFactory(username="complaints_manager"),
                                               name="Linda Complaints", team=cast.outsider.team))

    rows = []
    for who in ["team_leader", "head", "practitioner"]:
        rows += [
            Row("/complaints/", who, "/complaints/"),
            Row("/complaints/?status=open&overdue=on", who, "/complaints/?status=open&overdue=on"),
            Row("the complaints, filtered by a stage there is not", who, "/complaints/?stage=9", errors=SUMMARY),
            Row("a complaint that does not exist", who, "/complaints/999999/", status=404),
        ]
        if who != "practitioner":
            rows += [
                Row("a late complaint", who, late.get_absolute_url()),
                Row("an escalated, answered complaint", who, answered.get_absolute_url()),
                Row("a withdrawn complaint", who, closed.get_absolute_url()),
                Row("the quarter's figures", who, "/complaints/monitoring/"),
                Row("the year's figures", who, f"/complaints/annual/?period={today().year}"),
            ]
    rows += [
        Row("recording a complaint", "team_leader", "/complaints/new/"),
        Row("recording a complaint, with a name for a case reference", "team_leader", "/complaints/new/",
            then=submit("Record complaint", {"What the complaint is about": "Typed, then kept",
                                             "Case reference": "Jane Smith"}),
            errors=SUMMARY),
    ]
    for form, button in [("respond", "Record the response"), ("extend", "Extend the timescale"),
                         ("escalate", "Start stage 2"), ("close", "Close the complaint")]:
        url = f"{late.get_absolute_url()}{form}/"
        rows += [
            Row(f"a complaint's {form} form", "team_leader", url),
            Row(f"a complaint's {form} form, empty", "team_leader", url, then=press(button), errors=SUMMARY),
        ]
    edit = f"{late.get_absolute_url()}edit/"
    rows += [
        Row("changing a complaint", "team_leader", edit),
        Row("changing a complaint, without a case reference", "team_leader", edit,
            then=submit("Save changes", {"Case reference": ""}), errors=SUMMARY),
        Row("/complaints/", "complaints_manager", "/complaints/"),
        Row("the quarter's figures", "complaints_manager", "/complaints/monitoring/"),
        Row("an escalated complaint", "complaints_manager", answered.get_absolute_url()),
        Row("the stage 2 response form", "complaints_manager", f"{answered.get_absolute_url()}respond/"),
        # Saves a complaint: after every row that reads the complaints.
        Row("a complaint just recorded", "team_leader", "/complaints/new/", then=record_a_complaint),
    ]
    return rows


def record_a_complaint(page):
    page.get_by_label("What the complaint is about").fill("Calls to the team were not returned")
    page.get_by_label("Case reference").fill("CR-777")
    page.get_by_label("A parent").check()
    page.get_by_label("Team complained about").select_option(label="Team A")
    page.get_by_label("Category").select_option(label="Delay")
    page.get_by_label("Handler").select_option(label="Team Leader (Team A)")
    page.get_by_role("button", name="Record complaint").click()
    page.wait_for_url("**/complaints/*/")


# Actions and action plans.


def learning(cast) -> list[Row]:
    """An audit by the team leader with actions for the practitioner, one overdue; an action for
    the team leader in the plan of a learning theme."""
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-777")
    plan_for(audit, title="Actions from CR-777", acting_user=cast.team_leader.user)
    mine = raise_action(acting_user=cast.team_leader.user, source=audit, owner=cast.practitioner,
                        level=Level.CASEWORK, description="Update the chronology",
                        due_on=today() + timedelta(days=14), themes=[theme("Chronologies")])
    late = raise_action(acting_user=cast.team_leader.user, source=audit, owner=cast.practitioner,
                        level=Level.CASEWORK, description="Record the child's wishes", due_on=today(),
                        themes=[theme("Voice of the child")])
    structural = raise_action(acting_user=cast.head.user, owner=cast.team_leader, level=Level.STRUCTURAL,
                              description="Brief the team on chronologies", due_on=today() + timedelta(days=30),
                              plan=ThemePlanFactory(title="Improving chronologies"))
    Action.objects.filter(pk=late.pk).update(due_on=today() - timedelta(days=2))

    rows = []
    for who in EVERYONE:
        rows += [Row(path, who, path) for path in [
            "/learning/", "/learning/?status=overdue&level=casework", "/learning/plans/",
        ]]
        rows += [
            Row("the actions, filtered by an owner there is not", who, "/learning/?owner=x", errors=SUMMARY),
            Row("an action that does not exist", who, "/learning/actions/999999/", status=404),
        ]
        # Other sections raise actions too; these rows are about this section's.
        seen = Action.objects.visible_to(getattr(cast, who).user).filter(pk__in=[mine.pk, late.pk, structural.pk])
        plans = {}
        for action in seen.select_related("plan").order_by("pk"):
            rows.append(Row(f"the action {action.description!r}", who, f"/learning/actions/{action.pk}/"))
            if action.plan_id:
                plans[action.plan_id] = action.plan
        rows += [Row(f"the plan {plan.title!r}", who, f"/learning/plans/{plan.pk}/") for plan in plans.values()]

    from_the_audit = f"/learning/actions/new/?source=audits.audit:{audit.pk}"
    rows += [
        Row("raising an action from an audit", "team_leader", from_the_audit),
        Row("raising an action from an audit, empty", "team_leader", from_the_audit,
            then=press("Raise action"), errors=SUMMARY),
        Row("raising an action", "head", "/learning/actions/new/"),
        Row("raising an action, with a two-digit year", "head", "/learning/actions/new/",
            then=submit("Raise action", {"What needs to be done?": "Typed, then kept", "Year": "20"}),
            errors=SUMMARY),
        Row("changing an action", "head", f"/learning/actions/{mine.pk}/edit/"),
        Row("changing an action, with nothing to be done", "head", f"/learning/actions/{mine.pk}/edit/",
            then=submit("Save changes", {"What needs to be done?": ""}), errors=SUMMARY),
        Row("updating an overdue action's progress", "practitioner", f"/learning/actions/{late.pk}/progress/"),
        Row("updating progress, done without evidence", "practitioner", f"/learning/actions/{late.pk}/progress/",
            then=done_without_evidence, errors=SUMMARY),
        # These save: after every row that reads the audit's plan and the overdue action.
        Row("an audit with an action just raised from it", "team_leader", from_the_audit,
            then=raise_an_action_for_the_nqsw(audit, cast.nqsw)),
        Row("an action just done", "practitioner", f"/learning/actions/{late.pk}/progress/",
            then=mark_done(late)),
    ]
    return rows


def done_without_evidence(page):
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Save progress").click()


def raise_an_action_for_the_nqsw(audit, nqsw) -> Callable:
    def step(page):
        page.get_by_label("What needs to be done?").fill("Convene a strategy discussion record")
        page.get_by_label("Owner").select_option(label="Nqsw (Team A)")
        day = today() + timedelta(days=10)
        page.get_by_label("Day").fill(str(day.day))
        page.get_by_label("Month").fill(str(day.month))
        page.get_by_label("Year").fill(str(day.year))
        page.get_by_label("Structural").check()
        page.get_by_label("Multi-agency working").check()
        page.get_by_role("button", name="Raise action").click()
        page.wait_for_url(f"**/audits/{audit.pk}/")
        action = Action.objects.get(description="Convene a strategy discussion record")
        assert (action.owner, action.plan.source) == (nqsw, audit)

    return step


def mark_done(action) -> Callable:
    def step(page):
        page.get_by_label("Done").check()
        page.get_by_label("Progress and evidence").fill("Wishes recorded in the plan on CR-777")
        page.get_by_label("Day").fill(str(today().day))
        page.get_by_label("Month").fill(str(today().month))
        page.get_by_label("Year").fill(str(today().year))
        page.get_by_role("button", name="Save progress").click()
        page.wait_for_url(f"**/learning/actions/{action.pk}/")
        assert Action.objects.get(pk=action.pk).status == "done"

    return step


# Observations of practice.


def observations(cast) -> list[Row]:
    """The team leader's observation of the practitioner, completing a duty and with an action;
    the head's of the team leader at a conference, with feedback given."""
    ResponsibilityFactory(ref="R17", role=cast.team_leader_role, task="Practice review observation",
                          frequency="quarterly", strand="observation", record="observation:practice")
    ResponsibilityFactory(ref="R59", role=cast.head_role, task="Every practitioner observed each year",
                          frequency="financial_year", applies_to=AppliesTo.PRACTITIONERS, strand="observation",
                          record="observation:practitioner")
    plan_duties(today())
    of_practitioner, _ = record_observation(
        acting_user=cast.team_leader.user, practitioner=cast.practitioner, observed_on=today(),
        setting=Setting.HOME_VISIT, went_well="Saw the child alone; the child's words are in the record.",
        to_develop="Share the genogram with the family before the meeting.",
    )
    raise_action(acting_user=cast.team_leader.user, source=of_practitioner, owner=cast.practitioner,
                 level=Level.CASEWORK, description="Update the genogram on CR-1234",
                 due_on=today() + timedelta(days=14))
    of_team_leader, _ = record_observation(
        acting_user=cast.head.user, practitioner=cast.team_leader, observed_on=today() - timedelta(days=3),
        setting=Setting.CP_CONFERENCE, went_well="A clear report, shared in time.", feedback_given_on=today(),
    )

    rows = []
    for who in EVERYONE:
        rows += [Row(path, who, path) for path in [
            "/observations/", "/observations/?setting=home_visit&feedback=not_given", "/observations/new/",
            "/observations/new/?kind=observation:cp_conference",
        ]]
        rows += [
            Row("the observations, filtered by an observer there is not", who, "/observations/?observer=x",
                errors=SUMMARY),
            Row("an observation that does not exist", who, "/observations/999999/", status=404),
        ]
        user = getattr(cast, who).user
        # Supervision's records hold an observation too; these rows are about this section's.
        for observation in Observation.objects.visible_to(user).filter(pk__in=[of_practitioner.pk,
                                                                              of_team_leader.pk]):
            name = observation.practitioner.name
            rows.append(Row(f"the observation of {name}", who, observation.get_absolute_url()))
            if observation.may_edit(user):
                rows += [
                    Row(f"changing the observation of {name}", who, f"/observations/{observation.pk}/edit/"),
                    Row(f"the feedback date of the observation of {name}", who,
                        f"/observations/{observation.pk}/feedback/"),
                ]
    practice = "/observations/new/?kind=observation:practice"
    rows += [
        Row("recording a practice review observation", "team_leader", practice),
        Row("recording an observation, with a two-digit year", "team_leader", practice,
            then=observed_in_a_two_digit_year, errors=SUMMARY),
        Row("recording feedback given in 1999", "team_leader", of_practitioner.get_absolute_url(),
            then=feedback_given_in_1999, errors=SUMMARY),
        # Saves an observation: after every row that reads the observations.
        Row("an observation just recorded", "team_leader", practice, then=record_an_observation_of_the_nqsw),
    ]
    return rows


def observed_in_a_two_digit_year(page):
    page.get_by_label("What to develop (optional)").fill("Typed, then kept")
    page.locator("#id_observed_on_2").fill("20")
    page.get_by_role("button", name="Save observation").click()
    assert page.get_by_label("What to develop (optional)").input_value() == "Typed, then kept"


def feedback_given_in_1999(page):
    page.get_by_role("button", name="Record that feedback was given").click()
    page.wait_for_url("**/feedback/")
    page.get_by_label("Year").fill("1999")
    page.get_by_role("button", name="Save the date").click()


def record_an_observation_of_the_nqsw(page):
    page.get_by_label("Practitioner observed").select_option(label="Nqsw (Team A)")
    page.locator("#id_observed_on_0").fill(str(today().day))
    page.locator("#id_observed_on_1").fill(str(today().month))
    page.locator("#id_observed_on_2").fill(str(today().year))
    page.get_by_label("Team meeting").check()
    page.get_by_label("What went well").fill("Presented case CR-20431 with a clear chronology.")
    page.get_by_role("button", name="Save observation").click()
    page.wait_for_url("**/observations/*/")


# Participation: meetings and events, "you said, we did", surveys.


def participation(cast) -> list[Row]:
    """A Children in Care Council the head attended and the team leader recorded, with one
    response owned by the practitioner and one done; a team meeting of team A; a survey."""
    ResponsibilityFactory(role=cast.head_role, task="Meet the Children in Care Council", frequency="six_monthly",
                          strand="participation", record="participation:children_in_care_council")
    plan_duties(today())
    recorder = cast.team_leader.user
    cicc, _ = record_meeting(acting_user=recorder, recorded_by=cast.team_leader, kind="children_in_care_council",
                             held_on=today(), title="Children in Care Council", team=None,
                             attendees=[cast.head, cast.team_leader], children_count=11, carers_count=2)
    add_feedback(cicc, acting_user=recorder, from_whom="child", said="We want to meet our IRO first",
                 owner=cast.practitioner, respond_by=today() + timedelta(days=20), status="open")
    add_feedback(cicc, acting_user=recorder, from_whom="carer", said="Paperwork is too long",
                 owner=cast.head, respond_by=today() - timedelta(days=2), status="done", response="Form shortened")
    record_meeting(acting_user=recorder, recorded_by=cast.team_leader, kind="team_meeting", held_on=today(),
                   title="Team A meeting", team=cast.team_a, attendees=[cast.team_leader, cast.practitioner])
    survey, _ = import_survey("question,answer,count\nDo you feel safe?,Yes,12\nDo you feel safe?,No,1\n",
                              name="LAC survey", kind="looked_after", year=today().year, imported_by=cast.head,
                              acting_user=cast.head.user, today=today())
    cast.head.user.user_permissions.add(Permission.objects.get(codename="add_survey"))

    rows = []
    for who in EVERYONE:
        rows += [Row(path, who, path) for path in [
            "/participation/", "/participation/?kind=team_meeting&period=&team=",
            "/participation/you-said-we-did/", "/participation/you-said-we-did/?status=all",
            "/participation/surveys/", f"/participation/surveys/{survey.pk}/", "/participation/meetings/new/",
        ]]
        rows += [
            Row("the meetings, filtered by a kind there is not", who, "/participation/?kind=nonsense",
                errors=SUMMARY),
            Row("a meeting that does not exist", who, "/participation/meetings/999999/", status=404),
        ]
        user = getattr(cast, who).user
        for meeting in Meeting.objects.visible_to(user).order_by("pk"):
            rows.append(Row(f"the meeting {meeting.title!r}", who, f"/participation/meetings/{meeting.pk}/"))
            if meeting.may_edit(user):
                rows += [
                    Row(f"changing the meeting {meeting.title!r}", who, f"/participation/meetings/{meeting.pk}/edit/"),
                    Row(f"adding feedback to {meeting.title!r}", who,
                        f"/participation/meetings/{meeting.pk}/feedback/new/"),
                ]
        for feedback in Feedback.objects.visible_to(user).select_related("meeting").order_by("pk"):
            if feedback.may_edit(user):
                rows.append(Row(f"changing the feedback {feedback.said!r}", who,
                                f"/participation/feedback/{feedback.pk}/edit/"))
    rows += [
        Row("recording a meeting, no kind chosen", "team_leader", "/participation/meetings/new/",
            then=press("Continue"), errors=SUMMARY),
        Row("recording a focus group", "team_leader", "/participation/meetings/new/", then=choose_a_focus_group),
        Row("recording a focus group, with errors", "team_leader", "/participation/meetings/new/",
            then=a_focus_group_with_errors, errors=SUMMARY),
        Row("adding feedback, done but nothing said", "team_leader",
            f"/participation/meetings/{cicc.pk}/feedback/new/", then=done_with_nothing_said, errors=SUMMARY),
        Row("uploading a survey", "head", "/participation/surveys/upload/"),
        Row("uploading a survey, empty", "head", "/participation/surveys/upload/",
            then=press("Upload and check"), errors=SUMMARY),
        Row("uploading a survey, with a count that is not a number", "head", "/participation/surveys/upload/",
            then=upload_a_survey_counting_many),
        # These save: after every row that reads the meetings and their feedback.
        Row("a focus group just recorded", "team_leader", "/participation/meetings/new/",
            then=record_a_focus_group),
        Row("a meeting with feedback just added", "team_leader", f"/participation/meetings/{cicc.pk}/",
            then=add_feedback_done(cicc)),
    ]
    return rows


def choose_a_focus_group(page):
    page.get_by_label("Focus group").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/meetings/new/?kind=focus_group**")


def a_focus_group_with_errors(page):
    choose_a_focus_group(page)
    submit("Save meeting", {"Title": "Kept title", "Year": "20", "Children and young people": "-1"})(page)


def record_a_focus_group(page):
    choose_a_focus_group(page)
    page.get_by_label("Title").fill("Focus group on reviews")
    page.get_by_label("Children and young people").fill("6")
    page.get_by_role("button", name="Save meeting").click()
    page.wait_for_url("**/participation/meetings/*/")


def done_with_nothing_said(page):
    page.get_by_label("Done", exact=True).check()
    page.get_by_role("button", name="Add feedback").click()


def add_feedback_done(meeting) -> Callable:
    def step(page):
        page.get_by_role("button", name="Add feedback").click()
        page.wait_for_url("**/feedback/new/")
        page.get_by_label("Staff", exact=True).check()
        page.get_by_label("What was said (you said)").fill("More time for reflective supervision")
        page.get_by_label("Owner of the response").select_option(label="Practitioner (Team A)")
        page.get_by_label("Done", exact=True).check()
        page.get_by_label("What we did (optional until it is done)").fill("Fortnightly group sessions started")
        page.get_by_role("button", name="Add feedback").click()
        page.wait_for_url(f"**/participation/meetings/{meeting.pk}/")
        assert Feedback.objects.get(said="More time for reflective supervision").status == "done"

    return step


def upload_a_survey_counting_many(page):
    page.get_by_label("Name of the survey").fill("CIN survey")
    page.get_by_label("Children in need").check()
    page.get_by_label("Year").fill(str(today().year))
    page.get_by_label("The results file").set_input_files(
        files=[{"name": "cin.csv", "mimeType": "text/csv", "buffer": b"question,answer,count\nSafe?,Yes,many\n"}]
    )
    page.get_by_role("button", name="Upload and check").click()
    load_what_was_uploaded(page)
    expect(page.get_by_text("'many' is not a whole number").first).to_be_visible()


# The library of policies and standards.


@pytest.fixture
def library_files(tmp_path, monkeypatch):
    """Documents put in the library are kept in a temporary folder."""
    monkeypatch.setattr(Standard._meta.get_field("document"), "storage", FileSystemStorage(location=tmp_path))


def standards(cast) -> list[Row]:
    """A practice standard due for review, reviewed once and named by a question of the case file
    audit tool; an overdue one-minute guide with a document; a policy."""
    chronologies = StandardFactory(title="Chronologies practice standard", code="chronologies",
                                   owner=cast.team_leader, next_review_on=today() + timedelta(days=10),
                                   summary="What a good chronology records.")
    guide = StandardFactory(title="Case recording one-minute guide", code="case-recording",
                            kind=Kind.ONE_MINUTE_GUIDE, owner=cast.head, next_review_on=today() - timedelta(days=5),
                            link="")
    guide.document.save("case-recording.pdf", ContentFile(b"%PDF-1.4\n"))
    StandardFactory(title="Supervision policy", kind=Kind.POLICY, owner=cast.team_leader)
    chronologies.record_review(acting_user=cast.team_leader.user, reviewed_on=today(), note="No change",
                               next_review_on=today() + timedelta(days=10))
    # A new version of the case file tool: audits made after it would use it, so this section
    # comes after every section that makes case file audits.
    shipped = as_text(AuditTool.objects.current("case_file"))
    save_version("case_file", shipped.replace("significant events", "significant events [standard: chronologies]"))
    cast.head.user.user_permissions.add(*Permission.objects.filter(content_type__app_label="standards"))

    rows = []
    for who in ["practitioner", "team_leader"]:
        rows += [Row(path, who, path) for path in [
            "/standards/", "/standards/?review=month&kind=practice_standard", "/standards/?status=all",
            f"/standards/{chronologies.pk}/", "/audits/tools/",
        ]]
    review = f"/standards/{chronologies.pk}/review/"
    edit = f"/standards/{chronologies.pk}/edit/"
    rows += [
        Row("the library, filtered by a kind there is not", "practitioner", "/standards/?kind=novel",
            errors=SUMMARY),
        Row("recording a review", "team_leader", review),
        Row("recording a review, without a date", "team_leader", review, then=review_without_a_date,
            errors=SUMMARY),
        Row("adding to the library", "head", "/standards/new/"),
        Row("adding to the library, a short code already taken", "head", "/standards/new/",
            then=submit("Add to the library", {"Title": "Assessment practice standard",
                                               "Short code": "chronologies"}),
            errors=SUMMARY),
        Row("changing a standard", "head", edit),
        Row("changing a standard, without a version", "head", edit,
            then=submit("Save changes", {"Version": ""}), errors=SUMMARY),
    ]
    return rows


def review_without_a_date(page):
    page.get_by_label("Day").first.fill("")
    page.get_by_role("button", name="Record the review").click()
    assert "Enter what the review found or changed" in page.content()


# Supervision and PDRs.


def supervision(cast) -> list[Row]:
    """The team leader's supervision of the NQSW (and a cancelled one of the practitioner), with
    an audit, an observation and an action since; the NQSW's PDR."""
    supervision_duties(cast)
    plan_duties(today())
    shared_audit(cast.head, cast.nqsw, today() - timedelta(days=20), case_reference="CR-70007")
    ObservationFactory(observer=cast.team_leader, practitioner=cast.nqsw, observed_on=today() - timedelta(days=3))
    ActionFactory(owner=cast.nqsw, raised_by=cast.team_leader)
    user = cast.team_leader.user
    session, _ = record_session(acting_user=user, supervisor=cast.team_leader, supervisee=cast.nqsw,
                                held_on=today() - timedelta(days=1), kind="case", notes="Talked through")
    record_session(acting_user=user, supervisor=cast.team_leader, supervisee=cast.practitioner, held_on=today(),
                   kind="reflective", outcome="cancelled", cancelled_reason="Court all day")
    pdr, _ = record_pdr(acting_user=user, appraiser=cast.team_leader, appraisee=cast.nqsw, held_on=today(),
                        summary="A good first year")

    rows = [Row(path, "team_leader", path) for path in [
        "/supervision/", "/supervision/?kind=case&outcome=held&period=", f"/supervision/{session.pk}/",
        "/supervision/pdrs/", f"/supervision/pdrs/?appraisee={cast.nqsw.pk}", f"/supervision/pdrs/{pdr.pk}/",
        f"/supervision/pdrs/{pdr.pk}/edit/",
    ]]
    rows += [
        Row("the sessions, filtered by a kind there is not", "team_leader", "/supervision/?kind=nonsense",
            errors=SUMMARY),
        Row("recording a supervision", "team_leader", "/supervision/new/"),
        Row("recording a supervision, nobody chosen", "team_leader", "/supervision/new/",
            then=press("Continue"), errors=SUMMARY),
        Row("recording a supervision of the NQSW", "team_leader", "/supervision/new/", then=choose_the_nqsw),
        Row("recording a supervision, cancelled, with a two-digit year", "team_leader", "/supervision/new/",
            then=a_cancelled_session_with_errors, errors=SUMMARY),
        Row("changing a supervision", "team_leader", f"/supervision/{session.pk}/edit/"),
        Row("changing a supervision, without a date", "team_leader", f"/supervision/{session.pk}/edit/",
            then=submit("Save changes", {"Day": ""}), errors=SUMMARY),
        Row("recording a PDR", "team_leader", "/supervision/pdrs/new/"),
        Row("recording the practitioner's PDR", "team_leader", "/supervision/pdrs/new/",
            then=choose_the_practitioner),
        Row("recording the practitioner's PDR, empty", "team_leader", "/supervision/pdrs/new/",
            then=an_empty_pdr, errors=SUMMARY),
    ]
    for who in ["nqsw", "head", "outsider"]:
        # The outsider is not told that the session or the PDR exist.
        hidden = 404 if who == "outsider" else 200
        rows += [
            Row("/supervision/", who, "/supervision/"),
            Row("/supervision/pdrs/", who, "/supervision/pdrs/"),
            Row("the NQSW's supervision", who, f"/supervision/{session.pk}/", status=hidden),
            Row("the NQSW's PDR", who, f"/supervision/pdrs/{pdr.pk}/", status=hidden),
            Row("/supervision/new/", who, "/supervision/new/"),
        ]
    return rows


def choose_the_nqsw(page):
    page.get_by_label("Who was supervised?").select_option(label="Nqsw (Team A)")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/supervision/new/?*")


def a_cancelled_session_with_errors(page):
    choose_the_nqsw(page)
    page.get_by_label("Year").fill("20")
    page.get_by_role("group", name="Was the session held?").get_by_label("Cancelled").check()
    page.get_by_role("button", name="Record supervision").click()


def choose_the_practitioner(page):
    page.get_by_label("Whose PDR is it?").select_option(label="Practitioner (Team A)")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/supervision/pdrs/new/?*")


def an_empty_pdr(page):
    choose_the_practitioner(page)
    page.get_by_role("button", name="Record PDR").click()


def reminders(cast) -> list[Row]:
    """The log of every e-mail sent, for the QA lead who may read it."""
    lead = StaffMemberFactory(user=UserFactory(username="qa_lead"), name="Quinn Lead")
    lead.user.user_permissions.add(Permission.objects.get(codename="view_notice"))
    return [Row("the e-mails sent", "qa_lead", "/reminders/"), Row("the e-mails that failed", "qa_lead",
                                                                   "/reminders/?state=failed")]


def reports(cast) -> list[Row]:
    """The dashboard as each person sees it, a period that cannot be read, and rows behind figures."""
    today = local_date(timezone.now())
    visit = ResponsibilityFactory(task="Visit the team's cases", frequency="weekly")
    DutyFactory(responsibility=visit, owner=cast.practitioner, day=today - timedelta(days=1),
                due_on=today - timedelta(days=1))
    DutyFactory(responsibility=visit, owner=cast.nqsw, day=today, due_on=today)
    quarter = ReportPeriod.containing("quarter", today).code
    return [
        Row("the reports", "head", "/reports/"),
        Row("the reports of a team", "head", f"/reports/?team={cast.team_a.id}"),
        Row("the reports of a strand, last quarter", "team_leader",
            f"/reports/?period={ReportPeriod.containing('quarter', today).previous().code}&strand=audit"),
        Row("the reports of one's own work", "practitioner", "/reports/"),
        Row("the reports, a period that is no period", "head", "/reports/?period=quarter-1999-05", errors=SUMMARY),
        Row("the reports of a team out of sight", "team_leader", f"/reports/?team={cast.outsider.team_id}",
            status=404),
        Row("the duties behind a figure", "head", f"/reports/rows/duties/?period={quarter}&outcome=missed"),
        Row("the duties behind a figure, none", "head", f"/reports/rows/duties/?period={quarter}&outcome=late"),
        Row("the people not yet covered", "head", f"/reports/rows/staff/?period={quarter}&coverage=case_audit-no"),
        Row("the audits behind a figure", "head", f"/reports/rows/audits/?period={quarter}&final_grade=graded"),
        Row("the answers behind a figure", "head", f"/reports/rows/answers/?period={quarter}"),
        Row("the audits of a theme", "head", f"/reports/rows/themed-audits/?period={quarter}"),
        Row("the actions of a theme", "head", f"/reports/rows/theme-actions/?period={quarter}"),
        Row("the actions behind a figure", "head", f"/reports/rows/actions/?period={quarter}&state=overdue"),
        Row("the complaints behind a figure", "head", f"/reports/rows/complaints/?period={quarter}"),
        Row("the complaint stages behind a figure", "head", f"/reports/rows/complaint-stages/?period={quarter}"),
        Row("the meetings behind a figure", "head", f"/reports/rows/meetings/?period={quarter}"),
        Row("the feedback behind a figure", "head", f"/reports/rows/feedback/?period={quarter}"),
    ]


def scorecard(cast) -> list[Row]:
    """The performance scorecard, a measure, typing a value in, explaining a miss, importing, reviewing."""
    measure = MeasureFactory(name="Assessments within 45 working days", owner=cast.head, target=90, amber_band=5)
    last_month = ReportPeriod.containing("month", local_date(timezone.now())).previous()
    missed = make_value(measure, last_month.start, 71, service=cast.service)
    make_value(measure, last_month.previous().start, 93, service=cast.service)
    scorecard_responsibility(cast.head_role)
    return [
        Row("the scorecard", "head", "/reports/scorecard/"),
        Row("the scorecard of a team", "team_leader", "/reports/scorecard/"),
        Row("a measure", "head", f"/reports/scorecard/measures/{measure.pk}/"),
        Row("typing a value in", "head", "/reports/scorecard/values/new/"),
        Row("typing a value in, with nothing typed", "head", "/reports/scorecard/values/new/",
            then=lambda page: page.get_by_role("button", name="Save value").click(), errors=SUMMARY),
        Row("explaining a missed target", "head", f"/reports/scorecard/values/{missed.pk}/explain/"),
        Row("explaining a missed target, saying nothing", "head", f"/reports/scorecard/values/{missed.pk}/explain/",
            then=lambda page: page.get_by_role("button", name="Save reason and action").click(), errors=SUMMARY),
        Row("importing values", "head", "/reports/scorecard/import/"),
        Row("importing a file that cannot be read", "head", "/reports/scorecard/import/",
            then=upload_a_scorecard_with_a_bad_value),
        Row("recording the scorecard reviewed", "head", "/reports/scorecard/reviewed/"),
    ]


def upload_a_scorecard_with_a_bad_value(page):
    page.get_by_label("The file of values").set_input_files(files=[{
        "name": "values.csv", "mimeType": "text/csv",
        "buffer": b"measure,period,team,service,value\nAssessments within 45 working days,2026-04,,,lots\n",
    }])
    page.get_by_role("button", name="Upload and check").click()
    load_what_was_uploaded(page)


# Board reports.


@pytest.fixture(autouse=True)
def board_files(tmp_path, monkeypatch):
    """The board reports' PDFs are kept in a temporary folder."""
    yield from files_in_tmp(monkeypatch, tmp_path)


def board_reports(cast) -> list[Row]:
    """The quarterly report on the service by its QA lead: final for the quarter before last; a
    draft of the last quarter, its PDF queued and never made; and this quarter's, printed once."""
    lead = StaffMemberFactory(user=UserFactory(username="board_lead"), name="Bea Lead", job_title=QA_LEAD)
    RoleAssignmentFactory(staff=lead, role=RoleFactory(name=QA_LEAD), service=cast.service)
    RoleAssignmentFactory(staff=lead, role=cast.head_role, service=cast.service)  # who sees the service
    user, this_quarter = lead.user, ReportPeriod.containing("quarter", today())
    words = {
        "summary": "The board is asked to note the quarter's audits.\n\n- Plans are specific\n- Reviewed on time",
        "compliance": "Most duties were done on time.",
    }

    def started(period):
        report = board_actions.start_report(QUARTERLY, period, service=cast.service, acting_user=user)
        return board_actions.save_narrative(report, words, acting_user=user)

    # Nothing is sent to a broker: the PDFs are built in place, as the demo builds them.
    with mock.patch.object(board_actions, "signature"):
        final = started(this_quarter.previous().previous())
        board_actions.build_version(board_actions.finalise(final, acting_user=user).id)
        queued = started(this_quarter.previous())
        board_actions.request_pdf(queued, acting_user=user)
        draft = started(this_quarter)
        board_actions.build_version(board_actions.request_pdf(draft, acting_user=user).id)
    reports, start = "/reports/board/", "/reports/board/start/"
    return [
        Row("the board reports", "board_lead", reports),
        Row("the board reports, as a reader", "head", reports),
        Row("the board reports, none to read", "team_leader", reports),
        Row("starting a board report", "board_lead", start),
        Row(
            "starting a board report, a month for the quarterly report",
            "board_lead",
            start,
            then=a_month_for_the_quarterly_report,
            errors=SUMMARY,
        ),
        Row("starting a board report, without a role that writes one", "head", start, status=403),
        Row("a draft board report, printed", "board_lead", draft.get_absolute_url()),
        Row("a draft board report, its PDF being made", "board_lead", queued.get_absolute_url()),
        Row("a draft board report, as a reader", "head", draft.get_absolute_url()),
        Row("a final board report", "board_lead", final.get_absolute_url()),
        Row("a final board report, as a reader", "head", final.get_absolute_url()),
        Row("finalising a board report", "board_lead", f"{queued.get_absolute_url()}finalise/"),
        Row("a board report out of sight", "outsider", final.get_absolute_url(), status=404),
    ]


def a_month_for_the_quarterly_report(page):
    month = ReportPeriod.containing("month", today()).previous().code
    page.get_by_label("Kind of report").select_option(label=QUARTERLY.title)
    page.get_by_label("Period", exact=True).select_option(month)
    page.get_by_role("button", name="Start report").click()
    assert page.get_by_label("Period", exact=True).input_value() == month


# Standards come after every section that makes case file audits (see there).
SECTIONS = [sign_in_pages, duties, audit_tools, audit_reviews, cases, complaints, learning, observations,
            participation, supervision, reminders, reports, scorecard, board_reports, standards]


def test_every_page_in_every_state(cast, signed_in, subtests, library_files):
    rows = [row for section in SECTIONS for row in section(cast)]
    named = [(row.id, row.who) for row in rows]
    assert len(set(named)) == len(named), "two rows of the walk have the same id and person"
    for row in rows:
        with subtests.test(f"{row.id}, as {row.who or 'nobody signed in'}"):
            walk(signed_in(row.who), row)


def walk(page, row: Row):
    response = page.goto(row.url)
    shown = urlsplit(page.url)
    # A page that sends you elsewhere (to sign in again, say) is not the page the row names.
    assert shown.path + (f"?{shown.query}" if shown.query else "") == row.url, f"{row.url} went to {page.url}"
    assert response.status == row.status, f"{row.url} answered {response.status}"
    if row.then:
        row.then(page)
    if row.errors:
        expect(page.locator(row.errors).first).to_be_visible()
        assert page.title().startswith("Error: "), f"{page.url}: the title {page.title()!r} does not say Error"
    violations = axe_violations(page)
    assert not violations, "\n".join(
        [f"{page.url}: {len(violations)} axe violation(s)"]
        + [f"  {v['id']} ({v['impact']}): {v['help']}: {', '.join(v['targets'])}" for v in violations]
    )
    wider = wider_than_a_phone(page)
    assert not wider, f"{page.url} at {PHONE['width']} px is wider than the screen: {'; '.join(wider)}"
    unhinted = boxes_without_the_case_hint(page)
    assert not unhinted, f"{page.url}: these free-text boxes do not say {CASE_HINT!r}: {', '.join(unhinted)}"


# Free-text boxes that are not about a child's case: an audit tool's or a theme's questions, and
# what a standard covers or what its review found. Every other box says how to refer to a child.
NOT_ABOUT_A_CASE = {"/audits/tools/": {"text"}, "/audits/themes/": {"description", "questions"},
                    "/standards/": {"summary", "note"}}
# The names of the textareas whose hints (aria-describedby) do not contain the words.
UNHINTED = r"""(words) => [...document.querySelectorAll('form textarea[name]')]
    .filter(box => !(box.getAttribute('aria-describedby') || '').split(/\s+/)
      .some(id => (document.getElementById(id)?.textContent || '').includes(words)))
    .map(box => box.name)"""


def boxes_without_the_case_hint(page) -> list[str]:
    path = urlsplit(page.url).path
    allowed = set().union(*(names for prefix, names in NOT_ABOUT_A_CASE.items() if path.startswith(prefix)))
    return [name for name in page.evaluate(UNHINTED, CASE_HINT) if name not in allowed]


PHONE = {"width": 390, "height": 844}
# What sticks out of the page at a phone's width: anything but what scrolls inside a table's
# own scroll container (.app-table-wrapper), and only when the page itself is wider for it.
WIDER = """(width) => document.documentElement.scrollWidth <= width ? [] :
    [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.app-table-wrapper'))
      .slice(0, 5)
      .map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`)"""


def wider_than_a_phone(page) -> list[str]:
    """Reflow (WCAG 1.4.10): at 390 px the page itself never scrolls sideways; wide tables
    scroll in their own container. Measured on the same page, then the desktop width is back."""
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        wider = page.evaluate(WIDER, PHONE["width"])
        if wider == [] and page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            wider = ["the page (nothing outside a table's scroll container)"]
        return wider
    finally:
        page.set_viewport_size(desktop)
