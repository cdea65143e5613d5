"""Celery tasks of audits: thin wrappers around the function that does the work."""

from celery import shared_task

from .alerts import alert_safeguarding_concern


@shared_task(name="audits.tasks.alert_safeguarding_concern")
def safeguarding_concern(audit_id: int) -> str:
    return alert_safeguarding_concern(audit_id)
