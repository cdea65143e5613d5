"""Beat's scheduler says it is alive in the database at its ticks (at most every 30 s), and a
heartbeat that cannot be written never stops beat."""

import pytest
from django.db import DatabaseError

from qaportal.beat import HeartbeatScheduler
from qaportal.celery import app
from reminders import heartbeat
from reminders.models import Heartbeat
from reminders.tasks import send_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduler(tmp_path):
    made = HeartbeatScheduler(app=app, schedule_filename=str(tmp_path / "schedule"))
    yield made
    made.close()


def test_a_tick_records_when_beat_started_and_ticked(scheduler):
    scheduler.tick()
    row = Heartbeat.objects.get(name=Heartbeat.BEAT)
    assert row.started_at == scheduler._started_at and row.finished_at >= row.started_at
    first = row.finished_at
    scheduler.tick()  # within 30 s of the last: nothing written
    assert Heartbeat.objects.get(name=Heartbeat.BEAT).finished_at == first


def test_a_heartbeat_that_cannot_be_written_is_a_warning_and_beat_goes_on(scheduler, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError("could not connect to server")

    monkeypatch.setattr(Heartbeat.objects, "filter", broken)
    assert scheduler.tick() > 0
    assert "heartbeat beat not recorded: could not connect to server" in caplog.text


def test_a_reminder_run_records_its_start_its_end_and_its_error():
    with heartbeat.reminder_run():
        row = Heartbeat.objects.get(name=Heartbeat.REMINDERS)
        assert row.started_at and row.finished_at is None
    row = Heartbeat.objects.get(name=Heartbeat.REMINDERS)
    assert row.finished_at >= row.started_at and row.error == ""
    with pytest.raises(RuntimeError), heartbeat.reminder_run():
        raise RuntimeError("the mail server went away")
    row = Heartbeat.objects.get(name=Heartbeat.REMINDERS)
    assert row.error == "RuntimeError: the mail server went away" and row.finished_at < row.started_at


def test_the_task_runs_inside_its_heartbeat():
    send_reminders()
    row = Heartbeat.objects.get(name=Heartbeat.REMINDERS)
    assert row.finished_at >= row.started_at and not row.error
