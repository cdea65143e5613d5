"""The action list and an action's page, for every member of the cast."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import Level, Status
from learning.plans import raise_action
from people.tests.factories import UserFactory

from .factories import ActionFactory, theme, today

pytestmark = pytest.mark.django_db

CAST = ["practitioner", "nqsw", "team_leader", "head", "outsider"]


def as_(client, cast, who):
    client.force_login(getattr(cast, who).user)
    return client


@pytest.fixture
def action(cast):
    return raise_action(
        acting_user=cast.team_leader.user, owner=cast.practitioner, description="Update the chronology",
        due_on=today() + timedelta(days=14), level=Level.CASEWORK, themes=[theme("Chronologies")],
    )


def test_every_page_needs_sign_in(client, action):
    for url in ["/learning/", "/learning/plans/", "/learning/actions/new/", f"/learning/actions/{action.pk}/",
                f"/learning/actions/{action.pk}/edit/", f"/learning/actions/{action.pk}/progress/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url


@pytest.mark.parametrize("who", CAST)
def test_the_list_renders_for_everyone_with_what_they_may_see(client, cast, action, who):
    response = as_(client, cast, who).get("/learning/")
    assert response.status_code == 200 and b"<h1" in response.content
    listed = list(response.context["page"].object_list)
    assert listed == ([action] if who in ("practitioner", "team_leader", "head") else [])
    assert response.context["can_raise"] == (who in ("team_leader", "head"))
    assert (b"Raise an action" in response.content) == (who in ("team_leader", "head"))


def test_the_list_filters(client, cast, action):
    late = ActionFactory(owner=cast.nqsw, raised_by=cast.team_leader, late=True, level=Level.STRUCTURAL)
    client = as_(client, cast, "head")

    def listed(**query):
        response = client.get("/learning/", query)
        assert response.status_code == 200
        return list(response.context["page"].object_list)

    assert listed() == [late, action]  # soonest due first
    assert listed(status="overdue") == [late]
    assert listed(status="open") == [action]  # open, and not yet due: the overdue one is not "open"
    assert listed(level="casework") == [action]
    assert listed(owner=cast.practitioner.id) == [action]
    assert listed(theme=theme("Chronologies").id) == [action]
    assert listed(theme=theme("Recording").id) == []
    assert listed(owner=cast.outsider.id, status="nonsense") == []  # not a choice: nothing, and the errors shown


def test_the_list_puts_done_actions_last_and_pages(client, cast):
    done = ActionFactory(owner=cast.practitioner, done=True, due_on=today() - timedelta(days=30))
    for _ in range(55):
        ActionFactory(owner=cast.practitioner)
    client = as_(client, cast, "team_leader")
    first = client.get("/learning/")
    assert first.context["page"].paginator.count == 56 and len(first.context["page"].object_list) == 50
    last = client.get("/learning/", {"page": 2})
    assert list(last.context["page"].object_list)[-1] == done
    assert 'href="?page=1"' in last.content.decode()
    assert client.get("/learning/", {"page": "x"}).status_code == 200


def test_an_action_page_shows_it_and_its_history(client, cast, action):
    response = as_(client, cast, "practitioner").get(f"/learning/actions/{action.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Update the chronology" in text and "Chronologies" in text and "Team Leader" in text
    assert response.context["can_update"] and not response.context["can_edit"]
    assert "Update progress" in text
    history = response.context["history"]
    assert [h.history_change_reason for h in history] == ["learning themes set", "raised"]
    assert {h.history_user for h in history} == {cast.team_leader.user}
    assert "Learning themes set" in text and "Raised" in text


@pytest.mark.parametrize("who,status", [
    ("practitioner", 200), ("nqsw", 404), ("team_leader", 200), ("head", 200), ("outsider", 404),
])
def test_who_sees_an_action(client, cast, action, who, status):
    assert as_(client, cast, who).get(f"/learning/actions/{action.pk}/").status_code == status


def test_an_unknown_action_is_404(client, cast):
    assert as_(client, cast, "head").get("/learning/actions/99999/").status_code == 404


def test_the_raiser_and_managers_see_the_change_button(client, cast, action):
    for who in ["team_leader", "head"]:
        response = as_(client, cast, who).get(f"/learning/actions/{action.pk}/")
        assert response.context["can_edit"] and not response.context["can_update"]


def test_a_done_action_offers_nothing_more(client, cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader, done=True)
    response = as_(client, cast, "practitioner").get(f"/learning/actions/{action.pk}/")
    assert not response.context["can_update"] and not response.context["can_edit"]
    assert "Chronology brought up to date" in response.content.decode()


def test_an_administrator_without_a_staff_record_reads_every_action(client, action):
    client.force_login(UserFactory(username="administrator", is_superuser=True, is_staff=True))
    assert client.get(f"/learning/actions/{action.pk}/").status_code == 200
    assert list(client.get("/learning/").context["page"].object_list) == [action]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/learning/", "/learning/?status=open", "ACTION"])
def test_queries_per_page_do_not_grow_with_actions(client, cast, action, url):
    url = f"/learning/actions/{action.pk}/" if url == "ACTION" else url
    client = as_(client, cast, "head")
    before = queries(client, url)
    for _ in range(10):
        other = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)
        other.themes.set([theme("Planning"), theme("Recording")])
    action.revise(acting_user=cast.team_leader.user, description="Another wording",
                  themes=[theme("Planning"), theme("Recording")])
    action.record_progress(acting_user=cast.practitioner.user, status=Status.IN_PROGRESS, evidence="Begun",
                           completed_on=None)
    client.force_login(cast.head.user)
    assert queries(client, url) == before
