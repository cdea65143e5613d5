"""Beat's scheduler (settings.CELERY_BEAT_SCHEDULER): Celery's own, which also says in the database
that beat is alive, at most every HEARTBEAT_SECONDS, for /health/. Beat wakes at least every
CELERY_BEAT_MAX_LOOP_INTERVAL seconds, so a beat that has stopped shows within a few minutes."""

import time

from celery.beat import PersistentScheduler
from django.utils import timezone

from reminders.heartbeat import beat_ticked

HEARTBEAT_SECONDS = 30


class HeartbeatScheduler(PersistentScheduler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._started_at = timezone.now()
        self._last_heartbeat = None

    def tick(self, *args, **kwargs):
        moment = time.monotonic()
        if self._last_heartbeat is None or moment - self._last_heartbeat >= HEARTBEAT_SECONDS:
            beat_ticked(started_at=self._started_at)
            self._last_heartbeat = moment
        return super().tick(*args, **kwargs)
