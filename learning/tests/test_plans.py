"""The module other apps call: a record's actions, its plan, whether one may add to it, the link
naming it, and the include that shows it all on the record's page."""

import pytest
from django.db import connection
from django.http import Http404
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from audits.tests.factories import AuditFactory
from learning.plans import actions_for, find_source, may_add_action, plan_for, source_key
from people.tests.factories import UserFactory

from .factories import ActionFactory, ThemePlanFactory

pytestmark = pytest.mark.django_db

CAST = ["practitioner", "nqsw", "team_leader", "head", "outsider"]


@pytest.fixture
def audit(cast):
    return AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-777")


@pytest.fixture
def plan(cast, audit):
    return plan_for(audit, title="Actions from CR-777", acting_user=cast.team_leader.user)


def test_actions_for_a_record_are_those_of_its_plan_the_user_may_see(cast, audit, plan):
    for_practitioner = ActionFactory(plan=plan, owner=cast.practitioner, raised_by=cast.team_leader)
    for_outsider = ActionFactory(plan=plan, owner=cast.outsider, raised_by=cast.outsider)
    ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)  # in no plan
    ActionFactory(plan=ThemePlanFactory(), owner=cast.practitioner, raised_by=cast.team_leader)
    assert list(actions_for(audit, cast.team_leader.user)) == [for_practitioner]
    assert list(actions_for(audit, cast.outsider.user)) == [for_outsider]
    assert set(actions_for(audit, UserFactory(username="admin", is_superuser=True))) == {for_practitioner, for_outsider}
    other = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    assert list(actions_for(other, cast.team_leader.user)) == []


def test_actions_for_selects_the_owner(cast, audit, plan):
    for _ in range(3):
        ActionFactory(plan=plan, owner=cast.practitioner, raised_by=cast.team_leader)
    actions = actions_for(audit, cast.head.user)
    with CaptureQueriesContext(connection) as captured:
        assert [a.owner.name for a in actions] == ["Practitioner"] * 3
    assert len(captured) <= 2  # the head's visible staff, then the actions with their owners


def test_may_add_action(cast, audit):
    assert {who for who in CAST if may_add_action(audit, getattr(cast, who).user)} == {"team_leader", "head"}


def test_source_key_and_find_source(cast, audit):
    key = source_key(audit)
    assert key == f"audits.audit:{audit.pk}"
    assert find_source(key, cast.team_leader.user) == audit
    for who in ["practitioner", "outsider"]:  # may not see the audit
        with pytest.raises(Http404):
            find_source(key, getattr(cast, who).user)


@pytest.mark.parametrize("key", [
    "", "audits.audit", "audits.audit:", "audits.audit:x", "nosuch.model:1", "audits.nosuch:1", "audits.audit:99999",
    "people.staffmember:1",  # has visible_to but no page of its own
    "learning.action:1", "audits.audit:1:2", "audits.audit:99999999999999999999999",
])
def test_find_source_answers_404_for_anything_else(cast, key):
    with pytest.raises(Http404):
        find_source(key, UserFactory(username="admin", is_superuser=True))


def test_the_include_lists_the_actions_and_links_to_add_one(cast, audit, plan):
    action = ActionFactory(plan=plan, owner=cast.practitioner, raised_by=cast.team_leader,
                           description="Update the chronology")
    user = cast.team_leader.user
    html = render_to_string("learning/includes/record_actions.html", {
        "record": audit, "actions": actions_for(audit, user), "can_add": may_add_action(audit, user)})
    assert "Update the chronology" in html and f"/learning/actions/{action.pk}/" in html and "Practitioner" in html
    assert f'href="/learning/actions/new/?source=audits.audit:{audit.pk}"' in html and "Add an action" in html
    html = render_to_string("learning/includes/record_actions.html", {"record": audit, "actions": [], "can_add": False})
    assert "No actions have been raised yet" in html and "Add an action" not in html
