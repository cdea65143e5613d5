"""axe-core at WCAG 2.2 A and AA on every page, in Chromium, as the cast see them."""

import pytest
from django.utils import timezone

from core.periods import local_date
from schedule.models import Duty
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def duties(cast):
    ResponsibilityFactory(role=cast.team_leader_role, task="Supervise each practitioner", frequency="monthly",
                          applies_to="reports", strand="supervision")
    ResponsibilityFactory(role=cast.team_leader_role, task="Attend the all managers meeting",
                          frequency="monthly", strand="meeting", notes="frequency not printed; monthly assumed")
    ResponsibilityFactory(role=cast.head_role, task="Undertake observation visits", frequency="quarterly",
                          count=2, strand="observation")
    ResponsibilityFactory(role=cast.head_role, task="Act as decision maker", frequency="ongoing", count=0)
    plan_duties(local_date(timezone.now()))
    return Duty.objects.order_by("id")


def assert_accessible(page, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], f"{path}: {violations}"


def test_sign_in_pages(page, cast):
    assert_accessible(page, "/sign-in/")
    page.get_by_label("Username").fill("team_leader")
    page.get_by_label("Password", exact=True).fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Username").input_value() == "team_leader"
    assert axe_violations(page) == []


@pytest.mark.parametrize("who", ["practitioner", "team_leader", "head", "outsider"])
def test_every_page(page, cast, duties, who):
    sign_in(page, who)
    me = getattr(cast, who)
    for path in ["/", "/team/", "/team/?status=overdue&period=", "/framework/", "/framework/?by=strand",
                 f"/framework/roles/{cast.team_leader_role.slug}/", "/duties/999999/"]:
        assert_accessible(page, path)
    for duty in duties.filter(owner=me)[:1]:
        assert_accessible(page, f"/duties/{duty.pk}/")
        assert_accessible(page, f"/duties/{duty.pk}/done/")
        page.get_by_label("Day").fill("")
        page.get_by_role("button", name="Mark as done").click()
        assert page.locator(".govuk-error-summary").is_visible()
        assert axe_violations(page) == []
    for duty in duties.filter(owner__line_manager=me)[:1]:
        assert_accessible(page, f"/duties/{duty.pk}/")
        assert_accessible(page, f"/duties/{duty.pk}/waive/")
        page.get_by_role("button", name="Waive this duty").click()
        assert page.locator(".govuk-error-summary").is_visible()
        assert axe_violations(page) == []


def test_audit_tool_pages(page, cast):
    from people.tests.factories import UserFactory

    UserFactory(username="administrator", is_staff=True, is_superuser=True)
    sign_in(page, "administrator")
    assert_accessible(page, "/audits/tools/")
    assert_accessible(page, "/audits/tools/case_file/edit/")
    page.get_by_label("Questions").fill("title: Broken\n## Planning\nscore: Is there a plan?\n")
    page.get_by_role("button", name="Save as a new version").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []
