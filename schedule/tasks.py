"""Celery tasks of the schedule: thin wrappers that call the function doing the work."""

from celery import shared_task
from django.utils import timezone

from core.periods import local_date

from .planner import plan_duties as plan


@shared_task(name="schedule.tasks.plan_duties")
def plan_duties() -> str:
    return str(plan(local_date(timezone.now())))
