"""axe-core at WCAG 2.2 A and AA on every page of the observations of practice, in Chromium, as
the cast see them: blank, filled in and with errors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.periods import local_date
from learning.models import Level
from learning.plans import raise_action
from observations.actions import record_observation
from observations.models import Observation, Setting
from schedule.models import AppliesTo
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def today():
    return local_date(timezone.now())


@pytest.fixture
def observations(cast):
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
        setting=Setting.CP_CONFERENCE, went_well="A clear report, shared in time.",
        feedback_given_on=today(),
    )
    return {"practitioner": of_practitioner, "team_leader": of_team_leader}


def assert_accessible(page, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], f"{path}: {violations}"


def assert_errors_accessible(page):
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []


@pytest.mark.parametrize("who", ["practitioner", "team_leader", "head", "outsider"])
def test_every_observation_page(page, cast, observations, who):
    sign_in(page, who)
    for path in ["/observations/", "/observations/?setting=home_visit&feedback=not_given",
                 "/observations/?observer=x", "/observations/999999/", "/observations/new/",
                 "/observations/new/?kind=observation:cp_conference"]:
        assert_accessible(page, path)
    me = getattr(cast, who)
    for observation in Observation.objects.visible_to(me.user):
        assert_accessible(page, observation.get_absolute_url())
        if observation.may_edit(me.user):
            assert_accessible(page, f"/observations/{observation.pk}/edit/")
            assert_accessible(page, f"/observations/{observation.pk}/feedback/")


def test_recording_an_observation_with_errors_then_without(page, cast, observations):
    sign_in(page, "team_leader")
    assert_accessible(page, "/observations/new/?kind=observation:practice")
    page.get_by_label("What to develop (optional)").fill("Typed, then kept")
    page.locator("#id_observed_on_2").fill("20")
    page.get_by_role("button", name="Save observation").click()
    assert_errors_accessible(page)
    assert page.get_by_label("What to develop (optional)").input_value() == "Typed, then kept"

    page.get_by_label("Practitioner observed").select_option(label="Nqsw (Team A)")
    day = today()
    page.locator("#id_observed_on_0").fill(str(day.day))
    page.locator("#id_observed_on_1").fill(str(day.month))
    page.locator("#id_observed_on_2").fill(str(day.year))
    page.get_by_label("Team meeting").check()
    page.get_by_label("What went well").fill("Presented case CR-20431 with a clear chronology.")
    page.get_by_role("button", name="Save observation").click()
    observation = Observation.objects.get(practitioner=cast.nqsw)
    page.wait_for_url(f"**/observations/{observation.pk}/")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Record that feedback was given").click()
    page.wait_for_url(f"**/observations/{observation.pk}/feedback/")
    page.get_by_label("Year").fill("1999")
    page.get_by_role("button", name="Save the date").click()
    assert_errors_accessible(page)
