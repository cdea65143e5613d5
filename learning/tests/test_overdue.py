"""Marking actions overdue: the function, the nightly Celery task and the command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from learning.models import Action, Status
from learning.overdue import mark_overdue, mark_overdue_actions
from learning.tasks import mark_overdue_actions as task
from qaportal.celery import app

from .factories import ActionFactory, theme, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(cast):
    yesterday = today() - timedelta(days=1)
    return {
        "open": ActionFactory(owner=cast.practitioner, due_on=yesterday),
        "started": ActionFactory(owner=cast.practitioner, due_on=yesterday, status=Status.IN_PROGRESS),
        "due_today": ActionFactory(owner=cast.practitioner, due_on=today()),
        "done": ActionFactory(owner=cast.practitioner, due_on=yesterday, done=True),
        "already": ActionFactory(owner=cast.practitioner, late=True),
    }


def statuses(actions):
    return {name: Action.objects.get(pk=action.pk).status for name, action in actions.items()}


def test_past_due_running_actions_become_overdue_once(actions):
    actions["open"].themes.set([theme("Recording")])
    assert mark_overdue_actions(today()) == 2
    assert statuses(actions) == {"open": "overdue", "started": "overdue", "due_today": "open", "done": "done",
                                 "already": "overdue"}
    for name in ["open", "started"]:
        latest = actions[name].history.first()
        assert (latest.status, latest.history_type, latest.history_change_reason, latest.history_user) == (
            Status.OVERDUE, "~", "overdue", None)
    assert [t.learningtheme.name for t in actions["open"].history.first().themes.all()] == ["Recording"]
    history_rows = sum(a.history.count() for a in actions.values())
    assert mark_overdue_actions(today()) == 0
    assert sum(a.history.count() for a in actions.values()) == history_rows


def test_an_action_done_meanwhile_is_left_alone(actions):
    action = actions["open"]
    Action.objects.filter(pk=action.pk).update(status=Status.DONE, evidence="Done", completed_on=today())
    assert mark_overdue(action.pk, today()) is False
    assert Action.objects.get(pk=action.pk).status == Status.DONE


def test_the_beat_schedule_marks_overdue_actions_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["mark-overdue-actions"]
    assert entry["task"] == task.name == "learning.tasks.mark_overdue_actions"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {30}
    assert task.name in app.tasks


def test_the_task_and_the_command(actions):
    assert task() == 2
    Action.objects.filter(pk=actions["due_today"].pk).update(due_on=today() - timedelta(days=1))
    out = StringIO()
    call_command("mark_overdue_actions", stdout=out)
    assert "1 action marked overdue" in out.getvalue()
    out = StringIO()
    call_command("mark_overdue_actions", "--today", (today() + timedelta(days=60)).isoformat(), stdout=out)
    assert "0 actions marked overdue" in out.getvalue()
