"""axe-core at WCAG 2.2 A and AA on every supervision and PDR page, in Chromium: blank, filled in
and with errors, as the team leader and as the supervisee see them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.periods import local_date
from learning.tests.factories import ActionFactory
from schedule.planner import plan_duties
from supervision.actions import record_pdr, record_session
from supervision.tests.factories import ObservationFactory, shared_audit, supervision_duties

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records(cast):
    today = local_date(timezone.now())
    supervision_duties(cast)
    plan_duties(today)
    shared_audit(cast.head, cast.nqsw, today - timedelta(days=20), case_reference="CR-70007")
    ObservationFactory(observer=cast.team_leader, practitioner=cast.nqsw, observed_on=today - timedelta(days=3))
    ActionFactory(owner=cast.nqsw, raised_by=cast.team_leader)
    user = cast.team_leader.user
    session, _ = record_session(acting_user=user, supervisor=cast.team_leader, supervisee=cast.nqsw,
                                held_on=today - timedelta(days=1), kind="case", notes="Talked through")
    record_session(acting_user=user, supervisor=cast.team_leader, supervisee=cast.practitioner, held_on=today,
                   kind="reflective", outcome="cancelled", cancelled_reason="Court all day")
    pdr, _ = record_pdr(acting_user=user, appraiser=cast.team_leader, appraisee=cast.nqsw, held_on=today,
                        summary="A good first year")
    return {"session": session, "pdr": pdr}


def assert_accessible(page, path=None):
    if path:
        page.goto(path)
    violations = axe_violations(page)
    assert violations == [], f"{path or page.url}: {violations}"


def assert_errors_accessible(page):
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)


def test_every_supervision_page_as_the_team_leader(page, cast, records):
    session, pdr = records["session"], records["pdr"]
    sign_in(page, "team_leader")
    for path in ["/supervision/", "/supervision/?kind=case&outcome=held&period=", f"/supervision/{session.pk}/",
                 "/supervision/pdrs/", f"/supervision/pdrs/?appraisee={cast.nqsw.pk}", f"/supervision/pdrs/{pdr.pk}/",
                 f"/supervision/pdrs/{pdr.pk}/edit/"]:
        assert_accessible(page, path)

    page.goto("/supervision/?kind=nonsense")
    assert_errors_accessible(page)

    assert_accessible(page, "/supervision/new/")
    page.get_by_role("button", name="Continue").click()
    assert_errors_accessible(page)
    page.get_by_label("Who was supervised?").select_option(label="Nqsw (Team A)")
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    page.get_by_label("Year").fill("20")
    page.get_by_role("group", name="Was the session held?").get_by_label("Cancelled").check()
    page.get_by_role("button", name="Record supervision").click()
    assert_errors_accessible(page)

    assert_accessible(page, f"/supervision/{session.pk}/edit/")
    page.get_by_label("Day").fill("")
    page.get_by_role("button", name="Save changes").click()
    assert_errors_accessible(page)

    assert_accessible(page, "/supervision/pdrs/new/")
    page.get_by_label("Whose PDR is it?").select_option(label="Practitioner (Team A)")
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record PDR").click()
    assert_errors_accessible(page)


@pytest.mark.parametrize("who", ["nqsw", "head", "outsider"])
def test_supervision_pages_as_others_see_them(page, cast, records, who):
    sign_in(page, who)
    for path in ["/supervision/", "/supervision/pdrs/", f"/supervision/{records['session'].pk}/",
                 f"/supervision/pdrs/{records['pdr'].pk}/", "/supervision/new/"]:
        assert_accessible(page, path)
