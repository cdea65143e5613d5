"""/health/: whether the portal can do its work, for a load balancer or a monitor, with no sign-in.

It answers 200 "ok" or 503 "not ok" and nothing more; a signed-in administrator sees each check.
The checks: the database answers, the Celery broker answers, beat has ticked within its interval,
the latest reminder run finished (and one started within its interval), and the disk under var/
has room. django-health-check gives the check classes and the database and Redis checks; the
rules for beat and the reminder run are pure functions of the recorded times and `now`.
"""

import asyncio
import dataclasses
import inspect
import logging
import os
import shutil
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check import HealthCheck
from health_check.checks import Database
from health_check.contrib.redis import Redis
from health_check.exceptions import HealthCheckException, ServiceUnavailable
from kombu import Connection
from redis.asyncio import Redis as RedisClient

from reminders.models import Heartbeat

log = logging.getLogger(__name__)

# Beat writes its pulse at most every 30 s and wakes at least every CELERY_BEAT_MAX_LOOP_INTERVAL.
BEAT_LATE_INTERVALS = 3
# A reminder run may be this many of its intervals late (a slow run, a busy worker) before it counts.
RUN_LATE_INTERVALS = 2
GRACE = timedelta(seconds=60)


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y %H:%M:%S")


def beat_problem(ticked_at: datetime | None, *, now: datetime, late: timedelta) -> str:
    """What is wrong with beat, given its latest tick; "" when nothing is."""
    if ticked_at is None:
        return "beat has never ticked"
    if now - ticked_at > late:
        return f"beat last ticked at {_when(ticked_at)}"
    return ""


def reminder_run_problem(
    started_at: datetime | None,
    finished_at: datetime | None,
    error: str,
    *,
    beat_started_at: datetime | None,
    now: datetime,
    late: timedelta,
) -> str:
    """What is wrong with the reminder runs; "" when nothing is. A beat that has just started
    asks for its first run within the interval, so the clock starts at the later of the latest
    run and beat's start."""
    if error:
        return f"the latest reminder run failed: {error}"
    since = max(filter(None, (started_at, beat_started_at)), default=None)
    if since is None:
        return "no reminder run has started"
    if started_at is not None and (finished_at is None or finished_at < started_at):
        if now - started_at > late:
            return f"the reminder run that started at {_when(started_at)} has not finished"
        return ""  # running now
    if now - since > late:
        return f"no reminder run since {_when(started_at)}" if started_at else "no reminder run has started"
    return ""


def disk_problem(free: int, *, minimum: int) -> str:
    if free < minimum:
        return f"{free // 2**20} MB free, less than {minimum // 2**20} MB"
    return ""


def _row(name: str) -> Heartbeat | None:
    try:
        return Heartbeat.objects.filter(name=name).first()
    except DatabaseError as error:
        raise ServiceUnavailable("the database did not answer") from error


@dataclasses.dataclass
class Beat(HealthCheck):
    """Celery beat ticked within its interval (qaportal/beat.py writes the tick)."""

    def run(self):
        row = _row(Heartbeat.BEAT)
        late = timedelta(seconds=settings.CELERY_BEAT_MAX_LOOP_INTERVAL * BEAT_LATE_INTERVALS)
        if problem := beat_problem(row and row.finished_at, now=timezone.now(), late=late):
            raise ServiceUnavailable(problem)


@dataclasses.dataclass
class ReminderRun(HealthCheck):
    """The latest reminder run finished, and one started within its interval (reminders/heartbeat.py)."""

    def run(self):
        run, beat = _row(Heartbeat.REMINDERS), _row(Heartbeat.BEAT)
        every = timedelta(seconds=settings.REMINDER_EVERY_SECONDS or 15 * 60)
        problem = reminder_run_problem(
            run and run.started_at, run and run.finished_at, run.error if run else "",
            beat_started_at=beat and beat.started_at, now=timezone.now(), late=every * RUN_LATE_INTERVALS + GRACE,
        )
        if problem:
            raise ServiceUnavailable(problem)


@dataclasses.dataclass
class Broker(HealthCheck):
    """A broker other than Redis: the embedded one's folder can be written to; anything else
    takes a connection."""

    url: str = dataclasses.field(repr=False, default="")
    folder: str = ""

    def run(self):
        if self.url == "filesystem://":
            if not os.access(self.folder, os.W_OK):
                raise ServiceUnavailable(f"cannot write to {self.folder}")
            return
        try:
            with Connection(self.url, connect_timeout=2) as connection:
                connection.ensure_connection(max_retries=1)
        except Exception as error:
            raise ServiceUnavailable(f"no connection: {type(error).__name__}") from error


@dataclasses.dataclass
class Disk(HealthCheck):
    """The disk under var/ (the embedded database, the broker, mail, uploads, reports) has room."""

    path: str = ""

    def run(self):
        try:
            free = shutil.disk_usage(self.path).free
        except OSError as error:
            raise ServiceUnavailable(f"cannot read {self.path}") from error
        if problem := disk_problem(free, minimum=settings.HEALTH_DISK_MIN_FREE_MB * 2**20):
            raise ServiceUnavailable(problem)


def _broker() -> HealthCheck:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        return Redis(client_factory=lambda: RedisClient.from_url(url, socket_connect_timeout=2, socket_timeout=2))
    folder = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}).get("data_folder_in", "")
    return Broker(url=url, folder=folder)


def checks() -> list[tuple[str, HealthCheck]]:
    """Each check with its name, built from the settings of the moment."""
    return [
        ("Database", Database()),
        ("Celery broker", _broker()),
        ("Celery beat", Beat()),
        ("Reminder run", ReminderRun()),
        ("Disk under var/", Disk(path=str(settings.VAR_DIR))),
    ]


@dataclasses.dataclass
class Result:
    name: str
    problem: str  # "" when the check passed
    seconds: float


def outcome(name: str, check: HealthCheck) -> Result:
    """Run one check in this thread (the database checks read through this request's connection)."""
    start = time.perf_counter()
    try:
        if inspect.iscoroutinefunction(check.run):
            asyncio.run(asyncio.wait_for(check.run(), check.timeout.total_seconds()))
        else:
            check.run()
    except HealthCheckException as error:
        problem = str(error)
    except TimeoutError:
        problem = f"Unavailable: no answer within {check.timeout.total_seconds():g} seconds"
    except Exception:
        log.exception("health check %s failed unexpectedly", name)
        problem = "Unavailable: unexpected error"
    else:
        problem = ""
    return Result(name, problem, time.perf_counter() - start)


@login_not_required  # a load balancer cannot sign in; it learns only "ok" or "not ok"
@never_cache
@require_safe
def health(request):
    results = [outcome(name, check) for name, check in checks()]
    ok = not any(result.problem for result in results)
    for result in results:
        if result.problem:
            log.warning("health: %s: %s", result.name, result.problem)
    status = 200 if ok else 503
    if request.user.is_superuser:
        return render(request, "health.html", {"results": results, "ok": ok}, status=status)
    return HttpResponse("ok\n" if ok else "not ok\n", content_type="text/plain; charset=utf-8", status=status)
