"""axe-core at WCAG 2.2 A and AA on every page of actions and action plans, in Chromium, as the
cast see them: blank, filled in and with errors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits.tests.factories import AuditFactory
from core.periods import local_date
from learning.models import Action, Level
from learning.plans import plan_for, raise_action
from learning.tests.factories import ThemePlanFactory, theme

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def today():
    return local_date(timezone.now())


@pytest.fixture
def actions(cast):
    """An audit by the team leader with an action for the practitioner, one overdue, one done;
    and a plan of a learning theme."""
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-777")
    plan_for(audit, title="Actions from CR-777", acting_user=cast.team_leader.user)
    raised = [
        raise_action(acting_user=cast.team_leader.user, source=audit, owner=cast.practitioner, level=Level.CASEWORK,
                     description="Update the chronology", due_on=today() + timedelta(days=14),
                     themes=[theme("Chronologies")]),
        raise_action(acting_user=cast.team_leader.user, source=audit, owner=cast.practitioner, level=Level.CASEWORK,
                     description="Record the child's wishes", due_on=today(), themes=[theme("Voice of the child")]),
        raise_action(acting_user=cast.head.user, owner=cast.team_leader, level=Level.STRUCTURAL,
                     description="Brief the team on chronologies", due_on=today() + timedelta(days=30),
                     plan=ThemePlanFactory(title="Improving chronologies")),
    ]
    Action.objects.filter(pk=raised[1].pk).update(status="overdue", due_on=today() - timedelta(days=2))
    return {"audit": audit, "mine": raised[0], "late": raised[1], "structural": raised[2]}


def assert_accessible(page, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], f"{path}: {violations}"


def assert_errors_accessible(page):
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []


@pytest.mark.parametrize("who", ["practitioner", "team_leader", "head", "outsider"])
def test_every_learning_page(page, cast, actions, who):
    sign_in(page, who)
    for path in ["/", "/team/", "/learning/", "/learning/?status=overdue&level=casework", "/learning/?owner=x",
                 "/learning/plans/", "/learning/actions/999999/"]:
        assert_accessible(page, path)
    for action in Action.objects.visible_to(getattr(cast, who).user).select_related("plan"):
        assert_accessible(page, f"/learning/actions/{action.pk}/")
        if action.plan_id:
            assert_accessible(page, f"/learning/plans/{action.plan_id}/")


def test_raising_an_action_from_an_audit(page, cast, actions):
    sign_in(page, "team_leader")
    assert_accessible(page, f"/learning/actions/new/?source=audits.audit:{actions['audit'].pk}")
    page.get_by_role("button", name="Raise action").click()
    assert_errors_accessible(page)
    page.get_by_label("What needs to be done?").fill("Convene a strategy discussion record")
    page.get_by_label("Owner").select_option(label="Nqsw (Team A)")
    day = today() + timedelta(days=10)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Structural").check()
    page.get_by_label("Multi-agency working").check()
    page.get_by_role("button", name="Raise action").click()
    page.wait_for_url(f"**/audits/{actions['audit'].pk}/")
    action = Action.objects.get(description="Convene a strategy discussion record")
    assert (action.owner, action.plan.source) == (cast.nqsw, actions["audit"])


def test_standalone_edit_and_progress_pages(page, cast, actions):
    sign_in(page, "head")
    assert_accessible(page, "/learning/actions/new/")
    page.get_by_label("What needs to be done?").fill("Typed, then kept")
    page.get_by_label("Year").fill("20")
    page.get_by_role("button", name="Raise action").click()
    assert_errors_accessible(page)
    assert page.get_by_label("What needs to be done?").input_value() == "Typed, then kept"

    assert_accessible(page, f"/learning/actions/{actions['mine'].pk}/edit/")
    page.get_by_label("What needs to be done?").fill("")
    page.get_by_role("button", name="Save changes").click()
    assert_errors_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")
    sign_in(page, "practitioner")
    assert_accessible(page, f"/learning/actions/{actions['late'].pk}/progress/")
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Save progress").click()
    assert_errors_accessible(page)
    page.get_by_label("Progress and evidence").fill("Wishes recorded in the plan on CR-777")
    page.get_by_label("Day").fill(str(today().day))
    page.get_by_label("Month").fill(str(today().month))
    page.get_by_label("Year").fill(str(today().year))
    page.get_by_role("button", name="Save progress").click()
    page.wait_for_url(f"**/learning/actions/{actions['late'].pk}/")
    assert axe_violations(page) == []
    assert Action.objects.get(pk=actions["late"].pk).status == "done"
