"""The action plans: the list with each plan's counts, and a plan's page with its actions and a
link to the record it is of."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.tests.factories import AuditFactory
from learning.plans import plan_for

from .factories import ActionFactory, ThemePlanFactory

pytestmark = pytest.mark.django_db

CAST = ["practitioner", "nqsw", "team_leader", "head", "outsider"]


def as_(client, cast, who):
    client.force_login(getattr(cast, who).user)
    return client


@pytest.fixture
def audit(cast):
    return AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-777")


@pytest.fixture
def plan(cast, audit):
    plan = plan_for(audit, title="Actions from CR-777", acting_user=cast.team_leader.user)
    ActionFactory(plan=plan, owner=cast.practitioner, raised_by=cast.team_leader)
    ActionFactory(plan=plan, owner=cast.practitioner, raised_by=cast.team_leader, late=True)
    ActionFactory(plan=plan, owner=cast.nqsw, raised_by=cast.team_leader, done=True)
    ActionFactory(plan=plan, owner=cast.outsider, raised_by=cast.outsider)
    return plan


@pytest.mark.parametrize("who", CAST)
def test_the_list_renders_for_everyone_with_counts_of_what_they_may_see(client, cast, plan, who):
    themed = ThemePlanFactory(title="Improving chronologies")
    response = as_(client, cast, who).get("/learning/plans/")
    assert response.status_code == 200 and b"<h1" in response.content
    plans = {p.title: (p.action_count, p.outstanding_count, p.overdue_count)
             for p in response.context["page"].object_list}
    expected = {
        "practitioner": {"Actions from CR-777": (2, 2, 1)},
        "nqsw": {"Actions from CR-777": (1, 0, 0)},
        "team_leader": {"Actions from CR-777": (3, 2, 1)},
        "head": {"Actions from CR-777": (3, 2, 1)},
        "outsider": {"Actions from CR-777": (1, 1, 0)},
    }[who]
    assert plans == {**expected, themed.title: (0, 0, 0)}


def test_a_plans_page_shows_its_actions_and_its_record(client, cast, audit, plan):
    response = as_(client, cast, "team_leader").get(f"/learning/plans/{plan.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["actions"]) == 3 and response.context["source"] == audit
    assert f'href="/audits/{audit.pk}/"' in text
    assert f"/learning/actions/new/?source=audits.audit:{audit.pk}" in text


def test_the_record_is_linked_only_for_those_who_may_see_it(client, cast, plan):
    response = as_(client, cast, "practitioner").get(f"/learning/plans/{plan.pk}/")
    assert response.status_code == 200
    assert response.context["source"] is None and not response.context["can_add"]
    assert len(response.context["actions"]) == 2


@pytest.mark.parametrize("who,status", [
    ("practitioner", 404), ("nqsw", 200), ("team_leader", 200), ("head", 200), ("outsider", 404),
])
def test_who_sees_a_plan(client, cast, audit, who, status):
    plan = plan_for(audit, title="Plan", acting_user=cast.team_leader.user)
    ActionFactory(plan=plan, owner=cast.nqsw, raised_by=cast.team_leader)
    assert as_(client, cast, who).get(f"/learning/plans/{plan.pk}/").status_code == status


def test_a_themes_plan_invites_actions_from_those_who_oversee(client, cast):
    themed = ThemePlanFactory()
    page = as_(client, cast, "head").get(f"/learning/plans/{themed.pk}/")
    assert page.context["can_add"] and f"/learning/actions/new/?plan={themed.pk}" in page.content.decode()
    assert not as_(client, cast, "practitioner").get(f"/learning/plans/{themed.pk}/").context["can_add"]


def test_an_unknown_plan_is_404(client, cast):
    assert as_(client, cast, "head").get("/learning/plans/99999/").status_code == 404


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/learning/plans/", "PLAN"])
def test_queries_per_page_do_not_grow_with_plans_or_actions(client, cast, plan, url):
    url = f"/learning/plans/{plan.pk}/" if url == "PLAN" else url
    client = as_(client, cast, "head")
    before = queries(client, url)
    for _ in range(5):
        other = plan_for(AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner), title="Another",
                         acting_user=cast.team_leader.user)
        ActionFactory(plan=other, owner=cast.practitioner, raised_by=cast.team_leader)
        ActionFactory(plan=plan, owner=cast.nqsw, raised_by=cast.head)
        ThemePlanFactory()
    client.force_login(cast.head.user)
    assert queries(client, url) == before
