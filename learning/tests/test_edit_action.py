"""Changing an action: by the person who raised it or a manager above its owner, keeping what
was typed when something is wrong, with its history."""

from datetime import timedelta

import pytest

from learning.models import Level, State, Status

from .factories import ActionFactory, theme, today

pytestmark = pytest.mark.django_db


def as_(client, cast, who):
    client.force_login(getattr(cast, who).user)
    return client


@pytest.fixture
def action(cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.nqsw, description="Update the chronology")
    action.themes.set([theme("Chronologies")])
    return action


def typed(action, due=None, **fields):
    due = due or action.due_on
    data = {"description": action.description, "owner": action.owner_id, "level": action.level,
            "due_on_0": due.day, "due_on_1": due.month, "due_on_2": due.year,
            "themes": [t.pk for t in action.themes.all()]}
    data.update(fields)
    return data


@pytest.mark.parametrize("who,status", [
    ("practitioner", 403), ("nqsw", 200), ("team_leader", 200), ("head", 200), ("outsider", 404),
])
def test_who_may_change_an_action(client, cast, action, who, status):
    url = f"/learning/actions/{action.pk}/edit/"
    assert as_(client, cast, who).get(url).status_code == status
    assert client.post(url, typed(action, description="Changed")).status_code == (302 if status == 200 else status)
    action.refresh_from_db()
    assert (action.description == "Changed") == (status == 200)


def test_the_form_starts_with_the_action_as_it_is(client, cast, action):
    form = as_(client, cast, "team_leader").get(f"/learning/actions/{action.pk}/edit/").context["form"]
    assert form["description"].value() == "Update the chronology"
    assert form["owner"].value() == cast.practitioner.pk
    assert list(form["themes"].value()) == [theme("Chronologies").pk]
    assert "plan" not in form.fields


def test_changing_an_action_keeps_its_history(client, cast, action):
    new_due = today() + timedelta(days=60)
    response = as_(client, cast, "team_leader").post(
        f"/learning/actions/{action.pk}/edit/",
        typed(action, due=new_due, owner=cast.nqsw.pk, level=Level.STRUCTURAL, themes=[theme("Supervision").pk]),
    )
    assert response.status_code == 302 and response["Location"] == f"/learning/actions/{action.pk}/"
    action.refresh_from_db()
    assert (action.owner, action.due_on, action.level) == (cast.nqsw, new_due, Level.STRUCTURAL)
    assert [t.name for t in action.themes.all()] == ["Supervision"]
    assert action.history.filter(history_change_reason="changed", history_user=cast.team_leader.user).exists()
    page = client.get(f"/learning/actions/{action.pk}/").content.decode()
    assert "Changed" in page and "Learning themes changed" in page


def test_a_past_due_date_may_stay_but_not_be_chosen(client, cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader, late=True)
    client = as_(client, cast, "team_leader")
    response = client.post(f"/learning/actions/{action.pk}/edit/", typed(action, description="Reworded"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.state(today())) == ("Reworded", State.OVERDUE)
    response = client.post(f"/learning/actions/{action.pk}/edit/", typed(action, due=today() - timedelta(days=1)))
    assert "The due date must be today or in the future" in response.content.decode()
    client.post(f"/learning/actions/{action.pk}/edit/", typed(action, due=today() + timedelta(days=5)))
    action.refresh_from_db()
    assert (action.status, action.state(today())) == (Status.OPEN, State.OPEN)


def test_bad_input_keeps_what_was_typed(client, cast, action):
    response = as_(client, cast, "team_leader").post(
        f"/learning/actions/{action.pk}/edit/", typed(action, description="", level="", owner=cast.nqsw.pk)
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Enter what needs to be done" in text
    assert "Select casework or structural" in text
    assert f'<option value="{cast.nqsw.pk}" selected>' in text
    action.refresh_from_db()
    assert action.description == "Update the chronology" and action.owner == cast.practitioner


def test_a_done_action_cannot_be_changed(client, cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader, done=True)
    response = as_(client, cast, "team_leader").get(f"/learning/actions/{action.pk}/edit/")
    assert response.status_code == 302
    response = client.post(f"/learning/actions/{action.pk}/edit/", typed(action, description="Too late"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.description != "Too late"


def test_an_action_done_while_being_changed_stays_done(client, cast, action):
    data = typed(action, description="Reworded meanwhile")
    client = as_(client, cast, "team_leader")
    assert client.get(f"/learning/actions/{action.pk}/edit/").status_code == 200
    action.record_progress(acting_user=cast.practitioner.user, status=Status.DONE, evidence="Done",
                           completed_on=today())
    client.post(f"/learning/actions/{action.pk}/edit/", data)
    action.refresh_from_db()
    assert (action.status, action.description) == (Status.DONE, "Update the chronology")
