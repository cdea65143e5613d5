"""The nightly planning task, run by a real Celery worker on the configured broker (Redis in CI,
the file-system broker by default) against the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from qaportal.celery import app
from schedule.models import Duty
from schedule.tasks import plan_duties
from schedule.tests.factories import ResponsibilityFactory

ROOT = Path(__file__).resolve().parents[2]


def test_the_beat_schedule_plans_duties_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["plan-duties"]
    assert entry["task"] == plan_duties.name
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {15}
    assert plan_duties.name in app.tasks


def test_the_task_plans_todays_duties(cast):
    ResponsibilityFactory(role=cast.head_role, frequency="monthly")
    assert "2 duties created" in plan_duties()
    assert "0 duties created" in plan_duties()


def database_url_of_test_database() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or ""
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_task(cast):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.fail("the test database must be a file for a worker to share it (settings: DATABASES TEST NAME)")
    ResponsibilityFactory(role=cast.head_role, frequency="monthly")
    env = {**os.environ, "DATABASE_URL": database_url_of_test_database()}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "qaportal", "worker", "--pool", "solo", "--loglevel", "WARNING",
         "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        plan_duties.delay()
        deadline = time.monotonic() + 60
        while not Duty.objects.exists() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
        assert Duty.objects.filter(owner=cast.head).count() == 2, "the worker did not plan the duties"
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "Traceback" not in output, output
