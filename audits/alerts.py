"""E-mails about audits: an immediate safeguarding concern goes to the case-holder's head of
service at once; an audit shared with a case-holder tells them it is there to read. The child is
named by case reference only."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from people.access import head_of_service_for

from .models import Audit

log = logging.getLogger(__name__)


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
    send_mail(
        subject=render_to_string("emails/safeguarding_concern_subject.txt", context).strip(),
        message=render_to_string("emails/safeguarding_concern_body.txt", context),
        html_message=render_to_string("emails/safeguarding_concern_body.html", context),
        from_email=None,
        recipient_list=[head.email],
    )
    return f"told {head.email}"


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
    send_mail(
        subject=render_to_string("emails/audit_shared_subject.txt", context).strip(),
        message=render_to_string("emails/audit_shared_body.txt", context),
        html_message=render_to_string("emails/audit_shared_body.html", context),
        from_email=None,
        recipient_list=[holder.email],
    )
    return f"told {holder.email}"
