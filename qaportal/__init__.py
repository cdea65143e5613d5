"""The QA Portal: a council's Children's Social Care quality-assurance schedule and records."""

from .celery import app as celery_app

__all__ = ["celery_app"]
