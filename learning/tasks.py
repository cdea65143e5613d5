"""Celery tasks of learning: thin wrappers that call the function doing the work."""

from celery import shared_task
from django.utils import timezone

from core.periods import local_date

from .overdue import mark_overdue_actions as mark


@shared_task(name="learning.tasks.mark_overdue_actions")
def mark_overdue_actions() -> int:
    return mark(local_date(timezone.now()))
