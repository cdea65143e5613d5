"""E-mails about audits: an immediate safeguarding concern goes to the case-holder's head of
service at once; an audit shared with a case-holder tells them it is there to read. The child is
named by case reference only.

Both go through the outbox (reminders.outbox), so the QA lead's log shows them with the digests,
and a task run twice sends each once. A failed send raises NotSent, for the task to try again."""

import logging

from django.conf import settings
from django.template.loader import render_to_string

from core.periods import local_date
from people.access import head_of_service_for
from reminders import outbox
from reminders.models import Notice

from .models import Audit

log = logging.getLogger(__name__)


class NotSent(Exception):
    """The mail server refused the e-mail or could not be reached; its row in the log says why."""


def alert_safeguarding_concern(audit_id: int) -> str:
    audit = Audit.objects.select_related("case_holder__team", "auditor").filter(pk=audit_id).first()
    if audit is None:
        log.error("Safeguarding concern in audit %s, but the audit is no longer there", audit_id)
        return "no such audit"
    head = head_of_service_for(audit.case_holder) if audit.case_holder_id else None
    if head is None or not head.email:
        log.warning("Safeguarding concern in audit %s: no head of service with an e-mail to tell", audit.pk)
        return "no head of service to tell"
    context = {
        "audit": audit,
        "head": head,
        "url": settings.PORTAL_URL.rstrip("/") + audit.get_absolute_url(),
    }
    return _send(
        audit, head, Notice.Kind.SAFEGUARDING_CONCERN, "safeguarding_concern", context, happened=audit.submitted_at
    )


def tell_case_holder(audit_id: int) -> str:
    """Tell the case-holder an audit of their work has been shared with them to read and acknowledge."""
    audit = Audit.objects.select_related("case_holder", "auditor").filter(pk=audit_id).first()
    if audit is None:
        log.warning("Audit %s shared, but it is no longer there: nobody to tell", audit_id)
        return "no such audit"
    holder = audit.case_holder
    if holder is None or not holder.email:
        log.warning("Audit %s shared: the case-holder has no e-mail address", audit.pk)
        return "no case-holder e-mail"
    context = {"audit": audit, "holder": holder, "url": settings.PORTAL_URL.rstrip("/") + audit.get_absolute_url()}
    return _send(audit, holder, Notice.Kind.AUDIT_SHARED, "audit_shared", context, happened=audit.shared_at)


def _send(audit: Audit, recipient, kind: str, template: str, context: dict, *, happened) -> str:
    # Keyed by the day it happened, not the day the task runs: a retry after midnight still
    # finds the row and does not tell them twice.
    notice = outbox.send(
        recipient=recipient, kind=kind, about=f"audit:{audit.pk}",
        day=local_date(happened) if happened else None,
        subject=render_to_string(f"emails/{template}_subject.txt", context).strip(),
        text=render_to_string(f"emails/{template}_body.txt", context),
        html=render_to_string(f"emails/{template}_body.html", context),
    )
    if notice.state == Notice.State.FAILED:
        raise NotSent(f"{notice}: {notice.error}")
    if notice.state == Notice.State.SENDING:
        return f"being sent to {recipient.email} by another worker"
    return f"told {recipient.email}"
