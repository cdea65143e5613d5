"""The reports' periodic work: the dashboard's figures worked out again for those reading them."""

from celery import shared_task

from . import snapshots


@shared_task
def refresh_dashboards() -> int:
    return snapshots.refresh_all()
