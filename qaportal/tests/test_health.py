"""/health/: 200 "ok" or 503 "not ok" to anyone, each check to an administrator.

The rules for beat and the reminder runs are pure functions of the times recorded and `now`,
tested without a database; the page is tested with the rows as beat and a worker leave them.
"""

import os
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from people.tests.factories import UserFactory
from qaportal.health import beat_problem, disk_problem, reminder_run_problem
from reminders.models import Heartbeat

NOW = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
LATE = 31 * MINUTE  # two quarter-hour intervals and a minute's grace


# The rules.

def test_beat_is_well_while_it_ticks_within_its_interval():
    assert beat_problem(NOW - 2 * MINUTE, now=NOW, late=3 * MINUTE) == ""
    assert beat_problem(NOW - 3 * MINUTE, now=NOW, late=3 * MINUTE) == ""
    assert beat_problem(NOW - 4 * MINUTE, now=NOW, late=3 * MINUTE) == "beat last ticked at 04 Nov 2026 09:56:00"
    assert beat_problem(None, now=NOW, late=3 * MINUTE) == "beat has never ticked"


def problem(started=None, finished=None, error="", beat_started=None):
    return reminder_run_problem(started, finished, error, beat_started_at=beat_started, now=NOW, late=LATE)


def test_a_reminder_run_that_finished_within_its_interval_is_well():
    assert problem(NOW - 10 * MINUTE, NOW - 9 * MINUTE, beat_started=NOW - 600 * MINUTE) == ""
    assert problem(NOW - 31 * MINUTE, NOW - 30 * MINUTE) == ""


def test_no_run_for_longer_than_its_interval_is_a_problem():
    assert problem(NOW - 40 * MINUTE, NOW - 39 * MINUTE) == "no reminder run since 04 Nov 2026 09:20:00"
    assert problem(NOW - 40 * MINUTE, NOW - 39 * MINUTE, beat_started=NOW - 60 * MINUTE) != ""


def test_a_beat_just_started_has_until_its_first_interval_is_over():
    assert problem(beat_started=NOW - 5 * MINUTE) == ""
    assert problem(NOW - 3 * 24 * 60 * MINUTE, NOW - 3 * 24 * 60 * MINUTE, beat_started=NOW - 5 * MINUTE) == ""
    assert problem(beat_started=NOW - 40 * MINUTE) == "no reminder run has started"
    assert problem() == "no reminder run has started"


def test_a_run_still_going_is_well_until_it_is_late():
    assert problem(NOW - 5 * MINUTE, None) == ""
    assert problem(NOW - 5 * MINUTE, NOW - 20 * MINUTE) == ""  # the run before it finished
    assert problem(NOW - 40 * MINUTE, NOW - 55 * MINUTE) == (
        "the reminder run that started at 04 Nov 2026 09:20:00 has not finished")


def test_a_run_that_failed_is_a_problem_until_one_finishes():
    assert problem(NOW - MINUTE, NOW - 20 * MINUTE, "OperationalError: the database went away") == (
        "the latest reminder run failed: OperationalError: the database went away")


def test_the_disk_needs_room():
    assert disk_problem(600 * 2**20, minimum=500 * 2**20) == ""
    assert disk_problem(400 * 2**20, minimum=500 * 2**20) == "400 MB free, less than 500 MB"


# The page.

@pytest.fixture
def healthy(db, settings, tmp_path):
    """A filesystem broker, beat ticking, the latest reminder run finished a minute ago."""
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path)}
    settings.HEALTH_DISK_MIN_FREE_MB = 1
    now = timezone.now()
    Heartbeat.objects.create(name=Heartbeat.BEAT, started_at=now - timedelta(hours=5),
                             finished_at=now - timedelta(seconds=20))
    Heartbeat.objects.create(name=Heartbeat.REMINDERS, started_at=now - 2 * MINUTE, finished_at=now - MINUTE)
    return settings


def answer(client=None):
    response = (client or Client()).get("/health/")
    return response.status_code, response.content.decode()


def test_ok_to_anyone_without_signing_in(healthy):
    response = Client().get("/health/")
    assert (response.status_code, response.content.decode()) == (200, "ok\n")
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def test_not_ok_when_the_broker_does_not_answer(healthy):
    healthy.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    assert answer() == (503, "not ok\n")


def test_not_ok_when_the_embedded_brokers_folder_is_gone(healthy, tmp_path):
    healthy.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path / "gone")}
    assert answer() == (503, "not ok\n")


def test_not_ok_when_beat_has_stopped(healthy):
    Heartbeat.objects.filter(name=Heartbeat.BEAT).update(finished_at=timezone.now() - 10 * MINUTE)
    assert answer() == (503, "not ok\n")
    Heartbeat.objects.filter(name=Heartbeat.BEAT).delete()
    assert answer() == (503, "not ok\n")


def test_not_ok_when_the_latest_reminder_run_failed_or_none_runs(healthy):
    Heartbeat.objects.filter(name=Heartbeat.REMINDERS).update(error="SMTPServerDisconnected: gone")
    assert answer() == (503, "not ok\n")
    Heartbeat.objects.filter(name=Heartbeat.REMINDERS).update(
        error="", started_at=timezone.now() - 60 * MINUTE, finished_at=timezone.now() - 59 * MINUTE)
    assert answer() == (503, "not ok\n")


def test_not_ok_when_the_disk_is_full(healthy):
    healthy.HEALTH_DISK_MIN_FREE_MB = 10**8  # 100 TB
    assert answer() == (503, "not ok\n")


def test_each_check_only_for_an_administrator(healthy, cast):
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    status, page = answer(admin)
    assert status == 200
    for check in ("Database", "Celery broker", "Celery beat", "Reminder run", "Disk under var/"):
        assert f'<th scope="row" class="govuk-table__header">{check}</th>' in page
    healthy.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    status, page = answer(admin)
    assert status == 503 and "Not ok" in page and "Unable to connect to Redis" in page

    head = Client()
    head.force_login(cast.head.user)  # oversees a service, but is no administrator
    assert answer(head) == (503, "not ok\n")


def test_the_load_balancer_may_ask_over_plain_http(healthy):
    healthy.SECURE_SSL_REDIRECT = True
    assert answer() == (200, "ok\n")
    assert Client().get("/sign-in/").status_code == 301


@pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"),
                    reason="CELERY_BROKER_URL names no Redis")
def test_ok_with_the_redis_broker_of_the_environment(healthy):
    healthy.CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
    assert answer() == (200, "ok\n")
