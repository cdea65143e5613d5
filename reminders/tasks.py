"""Celery tasks of reminders: thin wrappers around the function doing the work."""

from celery import shared_task

from .sending import run


@shared_task(name="reminders.tasks.send_reminders")
def send_reminders() -> str:
    return str(run())
