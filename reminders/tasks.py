"""Celery tasks of reminders: thin wrappers around the function doing the work."""

from celery import shared_task

from .heartbeat import reminder_run
from .sending import run


@shared_task(name="reminders.tasks.send_reminders")
def send_reminders() -> str:
    with reminder_run():  # for /health/: the latest run started, and finished
        return str(run())
