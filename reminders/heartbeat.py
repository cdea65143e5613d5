"""Periodic processes say they are alive: beat at each tick (qaportal/beat.py), a reminder run
when it starts and ends (tasks.py). /health/ reads the rows (qaportal/health.py).

A pulse must never stop what it measures: a write that fails (the database away for a moment)
is logged in one line and the work goes on.
"""

import logging
from contextlib import contextmanager
from datetime import datetime

from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from .models import Heartbeat

log = logging.getLogger(__name__)


def _write(name: str, **fields) -> None:
    try:
        with transaction.atomic():  # inside a caller's transaction, a failure undoes only this
            if not Heartbeat.objects.filter(name=name).update(**fields):
                try:
                    with transaction.atomic():
                        Heartbeat.objects.create(name=name, **fields)
                except IntegrityError:  # another process made the row first
                    Heartbeat.objects.filter(name=name).update(**fields)
    except DatabaseError as error:
        log.warning("heartbeat %s not recorded: %s", name, " ".join(str(error).split()))


def beat_ticked(*, started_at: datetime, now: datetime | None = None) -> None:
    """Beat's tick. Beat lives for weeks, and Django closes stale connections only around
    requests (Celery's workers around tasks): a connection that died since the last tick is
    dropped first (one inside a transaction is its caller's to look after)."""
    if not connection.in_atomic_block:
        close_old_connections()
    _write(Heartbeat.BEAT, started_at=started_at, finished_at=now or timezone.now())


@contextmanager
def reminder_run():
    """Around one reminder run: its start, then its end, or its error (which is raised again)."""
    _write(Heartbeat.REMINDERS, started_at=timezone.now())
    try:
        yield
    except Exception as error:
        _write(Heartbeat.REMINDERS, error=f"{type(error).__name__}: {error}"[:1000])
        raise
    _write(Heartbeat.REMINDERS, finished_at=timezone.now(), error="")
