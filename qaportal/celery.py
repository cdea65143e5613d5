"""The Celery app. Periodic work is declared in settings.CELERY_BEAT_SCHEDULE, in one place."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qaportal.settings")

app = Celery("qaportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
