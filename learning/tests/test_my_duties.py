"""Actions on My duties (the owner's, overdue first) and on My team (the overdue actions of the
people one sees), asked of the database in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.deadlines import TEAM_ACTIONS_SHOWN

from .factories import ActionFactory, today

pytestmark = pytest.mark.django_db


def as_(client, cast, who):
    client.force_login(getattr(cast, who).user)
    return client


def test_my_duties_lists_my_actions_still_to_do_overdue_first(client, cast):
    soon = ActionFactory(owner=cast.practitioner, due_on=today() + timedelta(days=2), description="Soon")
    started = ActionFactory(owner=cast.practitioner, status="in_progress", description="Started")
    late = ActionFactory(owner=cast.practitioner, late=True, description="Late")
    ActionFactory(owner=cast.practitioner, done=True, description="Finished")
    ActionFactory(owner=cast.nqsw, description="Someone else's")
    response = as_(client, cast, "practitioner").get("/")
    assert response.context["actions"] == [late, soon, started]
    text = response.content.decode()
    assert "Your actions" in text and "Finished" not in text and "Someone else" not in text
    assert f"/learning/actions/{late.pk}/progress/" in text


def test_my_duties_says_when_i_have_no_actions(client, cast):
    response = as_(client, cast, "nqsw").get("/")
    assert response.context["actions"] == [] and "You have no actions to do" in response.content.decode()


def test_my_team_flags_the_overdue_actions_of_the_people_i_see(client, cast):
    theirs = ActionFactory(owner=cast.practitioner, late=True, description="Practitioner's late action")
    mine = ActionFactory(owner=cast.team_leader, late=True, description="My own late action")
    ActionFactory(owner=cast.practitioner, description="Not late")
    ActionFactory(owner=cast.outsider, late=True)
    response = as_(client, cast, "team_leader").get("/team/")
    assert (response.context["overdue_actions"], response.context["overdue_action_count"]) == ([theirs], 1)
    text = response.content.decode()
    assert "Overdue actions in your team" in text and "Practitioner&#x27;s late action" in text
    assert "1 action is past its due date" in text
    response = as_(client, cast, "head").get("/team/")
    assert response.context["overdue_actions"] == [theirs, mine]  # the head sees the team leader too


def test_my_team_shows_the_longest_overdue_and_counts_them_all(client, cast):
    for days in range(TEAM_ACTIONS_SHOWN + 5):
        ActionFactory(owner=cast.nqsw, due_on=today() - timedelta(days=days + 1))
    response = as_(client, cast, "team_leader").get("/team/")
    shown = response.context["overdue_actions"]
    assert len(shown) == TEAM_ACTIONS_SHOWN and response.context["overdue_action_count"] == TEAM_ACTIONS_SHOWN + 5
    assert shown[0].due_on == today() - timedelta(days=TEAM_ACTIONS_SHOWN + 5)
    assert f"the {TEAM_ACTIONS_SHOWN} longest overdue are shown" in response.content.decode()


def test_my_team_says_when_nothing_is_overdue(client, cast):
    response = as_(client, cast, "head").get("/team/")
    assert "No actions in your team are overdue" in response.content.decode()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["practitioner", "team_leader", "head"])
@pytest.mark.parametrize("url", ["/", "/team/?period="])
def test_queries_do_not_grow_with_actions(client, cast, who, url):
    ActionFactory(owner=cast.practitioner, late=True)
    client = as_(client, cast, who)
    before = queries(client, url)
    for owner in [cast.practitioner, cast.nqsw, cast.team_leader] * 10:
        ActionFactory(owner=owner, late=True)
        ActionFactory(owner=owner)
    client.force_login(getattr(cast, who).user)
    assert queries(client, url) == before
