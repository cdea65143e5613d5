"""The outbox: every e-mail the portal sends that is not a digest goes out here, one at a time,
recorded like a digest, so the QA lead's log shows who was sent what, when, and what came of it.

An e-mail is a row of `Notice` keyed (recipient, kind, day, about), `about` naming the record it
is about (such as "audit:123"). The row is made or found, claimed with one conditional UPDATE,
sent, and marked sent or failed with the error: the same `deliver` as the digests.

The guarantee: an e-mail whose row is marked sent is never sent again, so a retried or repeated
task finds the row and sends nothing. A worker that dies between the mail server accepting the
e-mail and the row being marked sent leaves the row "sending"; a call after
`REMINDER_CLAIM_SECONDS` takes it over and sends it again. So it is sent twice only if a worker
dies in that moment. A failed row is sent again by the next call for the same key.
"""

from datetime import date

from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from core.periods import local_date
from people.models import StaffMember

from .models import Notice
from .sending import deliver


def send(
    *, recipient: StaffMember, kind: str, about: str, subject: str, text: str, html: str, day: date | None = None
) -> Notice:
    """Send one e-mail to `recipient` unless its row (`day` defaults to today) is sent already.
    Returns the row as it now stands: sent, failed (with the error), or sending (another worker
    holds it). The caller makes sure the recipient has an e-mail address."""
    if not recipient.email:
        raise ValueError(f"{recipient} has no e-mail address to send to")
    notice, _ = Notice.objects.get_or_create(
        recipient=recipient, kind=kind, day=day or local_date(timezone.now()), about=about,
        defaults={"address": recipient.email},
    )
    if notice.state == Notice.State.SENT:
        return notice

    def message() -> EmailMultiAlternatives:
        # from_email left to DEFAULT_FROM_EMAIL and the connection to EMAIL_BACKEND, as for a digest
        email = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email], connection=get_connection())
        email.attach_alternative(html, "text/html")
        return email

    deliver(notice.pk, message, claimed_at=timezone.now(), address=recipient.email)
    notice.refresh_from_db()
    return notice
