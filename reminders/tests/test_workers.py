"""Reminder runs by real Celery workers and beat, on a private Redis, sending to a local SMTP sink,
against the test database: one digest a person whatever the workers, beats, kills and outages.

Each test starts its own redis-server, sink (and PostgreSQL proxy) and processes, never touches
the machine's shared servers, stops everything it started, and fails at its own deadline.
"""

import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.periods import LONDON, local_date
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory
from reminders.models import Notice
from reminders.tests.services import (
    celery,
    database_url_via,
    postgres_proxy,
    private_redis,
    smtp_sink,
    wait_for,
)
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory
from schedule.tests.test_tasks import database_url_of_test_database

PEOPLE = 100
DEADLINE = 90  # seconds a test may wait for its processes; stopping them takes at most 10 more
SENT = Notice.State.SENT


@pytest.fixture
def staff_with_duties_due(transactional_db) -> list[str]:
    """100 people each owing this month's case-file audit, due within its 40-day lead time."""
    now = timezone.now()
    if now.astimezone(LONDON).strftime("%H:%M") >= "23:57":
        pytest.skip("the runs would straddle midnight, when a second day's digests fall due")
    role = RoleFactory(name="Practice Supervisor")
    ResponsibilityFactory(role=role, task="Case-file audit", frequency="monthly", reminder_lead_days=40)
    people = StaffMemberFactory.create_batch(PEOPLE)
    for person in people:
        RoleAssignmentFactory(staff=person, role=role)
    plan_duties(local_date(now))
    return sorted(person.email for person in people)


def environment(redis, smtp_port: int, folder, **extra) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url_of_test_database(),
        "SECRET_KEY": "worker-tests",  # else the processes race to write one to the folder they share
        "CELERY_BROKER_URL": redis.url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "REMINDER_HOUR": "0",
        "REMINDER_WORKING_DAYS_ONLY": "false",  # so that the tests run at weekends too
        "REMINDER_EVERY_SECONDS": "1",
        "QAPORTAL_VAR_DIR": str(folder),
        **extra,
    }


def sent() -> int:
    return Notice.objects.filter(state=SENT).count()


def states() -> Counter:
    return Counter(Notice.objects.values_list("state", flat=True))


def assert_each_sent_once(sink, addresses: list[str]) -> None:
    counts = sink.per_recipient()
    twice = {address: n for address, n in counts.items() if n > 1}
    assert not twice, f"sent more than once: {twice}"
    assert set(counts) == set(addresses), f"never sent to: {sorted(set(addresses) - set(counts))}"
    assert states() == Counter({SENT: len(addresses)})
    assert set(Notice.objects.values_list("day", flat=True)) == {local_date(timezone.now())}


@pytest.mark.django_db(transaction=True)
def test_two_workers_and_two_beats_send_one_digest_each(staff_with_duties_due, tmp_path):
    deadline = time.monotonic() + DEADLINE
    with (
        private_redis(tmp_path) as redis,
        smtp_sink(delay=0.01) as (sink, port),
        celery(tmp_path, **environment(redis, port, tmp_path)) as processes,
    ):
        for name in ("worker1", "worker2"):
            processes.worker(name)
        for name in ("beat1", "beat2"):
            processes.beat(name)
        wait_for(lambda: sent() == PEOPLE, deadline=deadline, what="every digest sent", explain=processes.tails)
        time.sleep(3)  # six more runs asked for by the two beats: they find nothing left to send
        assert processes.alive("worker1") and processes.alive("worker2")
        logs = processes.log("worker1") + processes.log("worker2")
    assert_each_sent_once(sink, staff_with_duties_due)
    assert set(Notice.objects.values_list("attempts", flat=True)) == {1}
    assert "Traceback" not in logs, logs


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_loses_nothing_and_sends_nothing_twice(staff_with_duties_due, tmp_path):
    deadline = time.monotonic() + DEADLINE
    with (
        private_redis(tmp_path) as redis,
        smtp_sink() as (sink, port),
        celery(tmp_path, **environment(redis, port, tmp_path, REMINDER_CLAIM_SECONDS="5")) as processes,
    ):
        sink.hold_after(30)  # the 31st digest waits at RCPT: the kill lands before it is accepted
        processes.worker("worker1")
        processes.beat("beat")
        wait_for(sink.held.is_set, deadline=deadline, what="a run in the middle", explain=processes.tails)
        processes.kill("worker1")
        sink.release()
        [held] = sink.held_addresses
        assert Notice.objects.get(address=held).state == Notice.State.SENDING  # claimed by the dead worker
        assert (sink.count(), sent()) == (30, 30)

        processes.worker("worker2")
        wait_for(lambda: sent() == PEOPLE, deadline=deadline, what="every digest sent", explain=processes.tails)
        time.sleep(2)
        log = processes.log("worker2")
    assert_each_sent_once(sink, staff_with_duties_due)
    # The dead worker's row was taken over once its claim went stale; no other row was tried twice.
    assert Notice.objects.get(address=held).attempts == 2
    assert Notice.objects.exclude(address=held).filter(attempts__gt=1).count() == 0
    assert "Traceback" not in log, log


@pytest.mark.django_db(transaction=True)
def test_redis_lost_and_restarted_empty_mid_run_recovers_on_the_next_run(staff_with_duties_due, tmp_path):
    deadline = time.monotonic() + DEADLINE
    with (
        private_redis(tmp_path) as redis,
        smtp_sink() as (sink, port),
        celery(tmp_path, **environment(redis, port, tmp_path)) as processes,
    ):
        sink.hold_after(30)
        processes.worker("worker1")
        processes.worker("worker2")
        processes.beat("beat")
        wait_for(sink.held.is_set, deadline=deadline, what="a run in the middle", explain=processes.tails)
        redis.kill()  # queued runs, reserved runs and the workers' connections: all gone
        redis.start()  # the same port, empty
        # The digests held now fail: only a run asked for by beat through the new Redis can send them.
        sink.release(refuse=True)
        held = list(sink.held_addresses)
        wait_for(lambda: sent() == PEOPLE, deadline=deadline, what="every digest sent", explain=processes.tails)
        time.sleep(2)
        assert processes.alive("worker1") and processes.alive("worker2") and processes.alive("beat")
    assert_each_sent_once(sink, staff_with_duties_due)
    assert held and set(Notice.objects.filter(address__in=held).values_list("attempts", flat=True)) == {2}


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="cuts a TCP proxy in front of PostgreSQL: runs on PostgreSQL (CI), not on the SQLite of `make test`",
)
@pytest.mark.django_db(transaction=True)
def test_postgresql_unreachable_fails_the_run_cleanly_and_the_next_run_sends(staff_with_duties_due, tmp_path):
    deadline = time.monotonic() + DEADLINE
    db = connection.settings_dict
    with (
        private_redis(tmp_path) as redis,
        smtp_sink() as (sink, port),
        postgres_proxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)) as proxy,
        celery(tmp_path, **environment(redis, port, tmp_path, REMINDER_CLAIM_SECONDS="5")) as processes,
    ):
        sink.hold_after(30)
        processes.worker("worker", DATABASE_URL=database_url_via(database_url_of_test_database(), proxy.port))
        processes.beat("beat")
        wait_for(sink.held.is_set, deadline=deadline, what="a run in the middle", explain=processes.tails)
        proxy.cut()
        sink.release(refuse=True)  # the run now fails to record the refusal: the database is gone
        [held] = sink.held_addresses
        before = Counter({SENT: 30, Notice.State.SENDING: 1, Notice.State.PENDING: PEOPLE - 31})
        wait_for(lambda: proxy.refused >= 3, deadline=deadline, what="runs during the cut", explain=processes.tails)

        # Failed cleanly: the worker is up, it said why, and nothing was sent or marked while cut.
        assert processes.alive("worker")
        assert "OperationalError" in processes.log("worker")
        assert sink.count() == 30 and states() == before
        assert Notice.objects.get(address=held).state == Notice.State.SENDING

        proxy.restore()
        wait_for(lambda: sent() == PEOPLE, deadline=deadline, what="every digest sent", explain=processes.tails)
        time.sleep(2)
    assert_each_sent_once(sink, staff_with_duties_due)
    assert Notice.objects.get(address=held).attempts == 2
    assert not Notice.objects.exclude(error="").exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_longer_than_the_claim_time_keeps_the_rows_it_is_sending(staff_with_duties_due, tmp_path):
    """A slow mail server makes a run outlast REMINDER_CLAIM_SECONDS. A second worker starting
    then must not take over the row the first is sending at that moment: its claim is fresh."""
    deadline = time.monotonic() + DEADLINE
    with (
        private_redis(tmp_path) as redis,
        smtp_sink(delay=0.2) as (sink, port),  # 100 digests: 20 s of sending for one worker
        celery(tmp_path, **environment(redis, port, tmp_path, REMINDER_CLAIM_SECONDS="5")) as processes,
    ):
        processes.worker("worker1")
        processes.beat("beat")
        wait_for(lambda: sink.count() >= 30, deadline=deadline, what="6 s of a run", explain=processes.tails)
        processes.worker("worker2")  # its first run starts while the first is still sending
        wait_for(lambda: sent() == PEOPLE, deadline=deadline, what="every digest sent", explain=processes.tails)
        time.sleep(2)
        log = processes.log("worker2")
    assert "succeeded" in log, "the second worker never ran"
    assert_each_sent_once(sink, staff_with_duties_due)
