"""The owner's update: in progress with a note, or done with evidence and a date; errors shown
beside what was typed."""

from datetime import timedelta

import pytest

from learning.models import State, Status

from .factories import ActionFactory, today

pytestmark = pytest.mark.django_db


def as_(client, cast, who):
    client.force_login(getattr(cast, who).user)
    return client


@pytest.fixture
def action(cast):
    return ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)


def done(day=None, **fields):
    day = day or today()
    data = {"status": "done", "evidence": "Chronology updated on CR-777",
            "completed_on_0": day.day, "completed_on_1": day.month, "completed_on_2": day.year}
    data.update(fields)
    return data


@pytest.mark.parametrize("who,status", [
    ("practitioner", 200), ("nqsw", 404), ("team_leader", 403), ("head", 403), ("outsider", 404),
])
def test_only_the_owner_updates_progress(client, cast, action, who, status):
    url = f"/learning/actions/{action.pk}/progress/"
    assert as_(client, cast, who).get(url).status_code == status
    assert client.post(url, done()).status_code == (302 if status == 200 else status)
    action.refresh_from_db()
    assert (action.status == Status.DONE) == (status == 200)


def test_in_progress_then_done(client, cast, action):
    client = as_(client, cast, "practitioner")
    url = f"/learning/actions/{action.pk}/progress/"
    response = client.post(url, {"status": "in_progress", "evidence": "Started the chronology"}, follow=True)
    assert "Progress saved" in [str(m) for m in response.context["messages"]]
    action.refresh_from_db()
    assert (action.status, action.evidence, action.completed_on) == (Status.IN_PROGRESS, "Started the chronology",
                                                                     None)
    form = client.get(url).context["form"]
    assert form["status"].value() == "in_progress" and form["evidence"].value() == "Started the chronology"
    response = client.post(url, done(today() - timedelta(days=1)), follow=True)
    assert "Action marked as done" in [str(m) for m in response.context["messages"]]
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (Status.DONE, today() - timedelta(days=1))
    assert [h.history_change_reason for h in action.history.all()[:2]] == ["marked done", "progress updated"]
    assert client.get(url).status_code == 302  # done: nothing more to update


def test_an_overdue_action_in_progress_stays_overdue(client, cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader, late=True)
    response = as_(client, cast, "practitioner").post(
        f"/learning/actions/{action.pk}/progress/", {"status": "in_progress", "evidence": "Half"}, follow=True)
    assert any("still overdue" in str(m) for m in response.context["messages"])
    action.refresh_from_db()
    assert (action.status, action.state(today())) == (Status.IN_PROGRESS, State.OVERDUE)


@pytest.mark.parametrize("fields,error", [
    ({"status": ""}, "Select in progress or done"),
    ({"status": "overdue"}, "Select in progress or done"),
    ({"evidence": ""}, "Enter the evidence that the action is done"),
    ({"evidence": "x" * 5001}, "Ensure this value has at most 5000 characters"),
    ({"completed_on_0": "", "completed_on_1": "", "completed_on_2": ""}, "Enter the date the action was completed"),
    ({"completed_on_0": "30", "completed_on_1": "2", "completed_on_2": "2026"}, "Enter a real date"),
    ({"completed_on_0": "1", "completed_on_1": "1", "completed_on_2": "2999"}, "today or in the past"),
    ({"completed_on_0": "1", "completed_on_1": "", "completed_on_2": "2026"}, "Enter the month"),
])
def test_bad_input_keeps_what_was_typed(client, cast, action, fields, error):
    data = done(evidence="My typed evidence")
    data.update(fields)
    response = as_(client, cast, "practitioner").post(f"/learning/actions/{action.pk}/progress/", data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text and error in text
    if "evidence" not in fields:
        assert "My typed evidence" in text
    if data["status"] == "done":
        assert 'value="done"\n    \n      checked' in text or response.context["form"]["status"].value() == "done"
    action.refresh_from_db()
    assert action.status == Status.OPEN
