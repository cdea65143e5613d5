"""axe-core at WCAG 2.2 A and AA on every complaints page, in Chromium: the list, a complaint's
page, recording and changing one, a stage's response, extension and escalation, closing, and the
quarterly and annual figures; blank, filled in and with errors."""

from datetime import timedelta

import pytest

from complaints import actions
from complaints.tests.factories import make_complaint, make_complaints_manager, today
from learning.plans import raise_action
from people.tests.factories import StaffMemberFactory, UserFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def complaints(cast):
    """A late stage 1 and an escalated, answered complaint, handled by the team leader; a
    withdrawn one with lessons learnt and an action."""
    late = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=30), case_reference="CR-501")
    answered = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=60),
                              case_reference="CR-502", category="delay")
    user = cast.team_leader.user
    actions.record_response(answered, acting_user=user, responded_on=today() - timedelta(days=50), outcome="upheld")
    actions.escalate(answered, acting_user=user, requested_on=today() - timedelta(days=40), today=today())
    actions.extend_stage(answered, acting_user=user, new_due_on=answered.stages.get(number=2).latest_due_on,
                         reason="Interviews with three workers")
    closed = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=10), complainant="child")
    actions.close_complaint(closed, acting_user=user, closed_on=today(), outcome="withdrawn",
                            lessons_learnt="Explain the procedure to young people in person")
    raise_action(acting_user=user, source=closed, owner=cast.practitioner, description="Share the leaflet",
                 due_on=today() + timedelta(days=14))
    return {"late": late, "answered": answered, "closed": closed}


def assert_accessible(page, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], f"{path}: {violations}"


def assert_errors_accessible(page):
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []


@pytest.mark.parametrize("who", ["team_leader", "head", "practitioner"])
def test_every_complaints_page_as_the_cast_see_it(page, cast, complaints, who):
    sign_in(page, who)
    for path in ["/", "/complaints/", "/complaints/?status=open&overdue=on", "/complaints/999999/"]:
        assert_accessible(page, path)
    if who != "practitioner":
        for complaint in complaints.values():
            assert_accessible(page, complaint.get_absolute_url())
        for path in ["/complaints/monitoring/", f"/complaints/annual/?period={today().year}"]:
            assert_accessible(page, path)
    page.goto("/complaints/?stage=9")
    assert_errors_accessible(page)


def test_recording_a_complaint_and_its_errors(page, cast, complaints):
    sign_in(page, "team_leader")
    assert_accessible(page, "/complaints/new/")
    page.get_by_label("What the complaint is about").fill("Typed, then kept")
    page.get_by_label("Case reference").fill("Jane Smith")
    page.get_by_role("button", name="Record complaint").click()
    assert_errors_accessible(page)
    assert page.get_by_label("What the complaint is about").input_value() == "Typed, then kept"
    page.get_by_label("Case reference").fill("CR-777")
    page.get_by_label("A parent").check()
    page.get_by_label("Team complained about").select_option(label="Team A")
    page.get_by_label("Category").select_option(label="Delay")
    page.get_by_label("Handler").select_option(label="Team Leader (Team A)")
    page.get_by_role("button", name="Record complaint").click()
    page.wait_for_url("**/complaints/*/")
    assert axe_violations(page) == []


def test_the_stage_pages_and_their_errors(page, cast, complaints):
    sign_in(page, "team_leader")
    late = complaints["late"].get_absolute_url()
    for path, button in [(f"{late}respond/", "Record the response"), (f"{late}extend/", "Extend the timescale"),
                         (f"{late}escalate/", "Start stage 2"), (f"{late}close/", "Close the complaint"),
                         (f"{late}edit/", "Save changes")]:
        assert_accessible(page, path)
        if path.endswith("edit/"):
            page.get_by_label("Case reference").fill("")
        page.get_by_role("button", name=button).click()
        assert_errors_accessible(page)


def test_the_complaints_managers_view(page, cast, complaints):
    manager = StaffMemberFactory(user=UserFactory(username="complaints_manager"), name="Linda Complaints",
                                 team=cast.outsider.team)
    make_complaints_manager(manager)
    sign_in(page, "complaints_manager")
    for path in ["/complaints/", "/complaints/monitoring/", complaints["answered"].get_absolute_url(),
                 f"{complaints['answered'].get_absolute_url()}respond/"]:
        assert_accessible(page, path)
