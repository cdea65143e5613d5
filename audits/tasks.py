"""Celery tasks of audits: thin wrappers around the function that does the work."""

from celery import shared_task

from .alerts import alert_safeguarding_concern, tell_case_holder


@shared_task(name="audits.tasks.alert_safeguarding_concern")
def safeguarding_concern(audit_id: int) -> str:
    return alert_safeguarding_concern(audit_id)


@shared_task(name="audits.tasks.audit_shared")
def audit_shared(audit_id: int) -> str:
    return tell_case_holder(audit_id)
