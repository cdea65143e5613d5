"""Celery tasks of audits: thin wrappers around the function that does the work.

An e-mail that fails is tried again, a minute later and then at longer gaps (up to ten minutes,
for about half an hour): the outbox row keeps a retry, or a task run twice, from sending it twice."""

from celery import shared_task

from .alerts import NotSent, alert_safeguarding_concern, tell_case_holder

RETRY = {
    "autoretry_for": (NotSent,), "retry_backoff": 60, "retry_backoff_max": 600, "retry_jitter": False, "max_retries": 6,
}


@shared_task(name="audits.tasks.alert_safeguarding_concern", **RETRY)
def safeguarding_concern(audit_id: int) -> str:
    return alert_safeguarding_concern(audit_id)


@shared_task(name="audits.tasks.audit_shared", **RETRY)
def audit_shared(audit_id: int) -> str:
    return tell_case_holder(audit_id)
