"""One reminder run: work out today's digests, make a row for each, claim each row with a
conditional UPDATE, send, and mark it sent (or failed, with the error, to be tried on the next
run). Runs every quarter of an hour from beat; nothing waits in the broker.

The guarantee: a digest whose row is marked sent is never sent again. A worker that dies
between the mail server accepting a digest and the row being marked sent leaves the row
"sending"; after `REMINDER_CLAIM_SECONDS` another run takes it over and sends it again. So a
digest is sent at least once, and twice only if a worker dies in that moment.

`deliver` is that claim, send and mark for one row; the outbox (outbox.py) sends every other
e-mail through it too.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.periods import LONDON, local_date

from . import rules
from .digest import Digest, digests_for, escalations_of
from .models import Escalation, Notice

log = logging.getLogger(__name__)


@dataclass
class RunReport:
    day: date
    due: int = 0  # digests with something to say
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # already sent, or being sent by another worker
    reason: str = ""  # why nothing was done
    digests: list[Digest] = field(default_factory=list)

    def __str__(self):
        if self.reason:
            return f"{self.day}: {self.reason}"
        return f"{self.day}: {self.due} digests due, {self.sent} sent, {self.failed} failed, {self.skipped} skipped"


def run(now: datetime | None = None, *, day: date | None = None, dry_run: bool = False) -> RunReport:
    """Send the digests due now (or for `day`, whatever the hour). `dry_run` sends nothing and
    writes nothing: the report lists who would get what."""
    now = now or timezone.now()
    if day is None:
        day = local_date(now)
        if now.astimezone(LONDON).hour < settings.REMINDER_HOUR:
            return RunReport(day, reason=f"before {settings.REMINDER_HOUR:02d}:00")
    if not rules.is_digest_day(day):
        return RunReport(day, reason="not a working day")
    digests = digests_for(day)
    report = RunReport(day, due=len(digests), digests=digests)
    if dry_run:
        return report

    Notice.objects.bulk_create(
        [Notice(recipient=d.recipient, day=day, address=d.recipient.email) for d in digests], ignore_conflicts=True
    )
    Escalation.objects.bulk_create(
        [Escalation(duty_id=duty_id, level=level, escalated_to_id=to, day=day)
         for duty_id, level, to in escalations_of(digests)],
        ignore_conflicts=True,
    )
    rows = {
        recipient_id: (notice_id, state)
        for recipient_id, notice_id, state in Notice.objects.filter(
            day=day, kind=Notice.Kind.DIGEST, recipient__in=[d.recipient for d in digests]
        ).values_list("recipient_id", "id", "state")
    }
    connection = get_connection()
    clock = _clock(now)
    for digest in digests:
        notice_id, state = rows[digest.recipient.id]
        outcome = None if state == Notice.State.SENT else deliver(
            notice_id, partial(_message, digest, day, connection), claimed_at=clock(), contents=digest.contents()
        )
        if outcome == Notice.State.SENT:
            report.sent += 1
        elif outcome == Notice.State.FAILED:
            report.failed += 1
        else:
            report.skipped += 1
    return report


def deliver(notice_id: int, message: Callable[[], EmailMultiAlternatives], *, claimed_at: datetime,
            **when_sent) -> str | None:
    """Claim the row, send the message made for it, and mark the row sent (with `when_sent`) or
    failed with the error: the one way every e-mail the portal sends goes out. Returns the state
    it left the row in, or None when the row was not this worker's to send: sent already, or
    claimed by a worker that is still sending it."""
    if not _claim(notice_id, claimed_at):
        return None
    email = message()  # made only once claimed: a row another worker holds costs no rendering
    try:
        email.send()
    except Exception as error:  # the mail server refused or could not be reached
        log.warning("E-mail %s to %s failed: %s", notice_id, ", ".join(email.to), error)
        Notice.objects.filter(pk=notice_id).update(state=Notice.State.FAILED, error=str(error)[:2000])
        return Notice.State.FAILED
    Notice.objects.filter(pk=notice_id).update(
        state=Notice.State.SENT, sent_at=timezone.now(), subject=email.subject[:200], error="", **when_sent
    )
    return Notice.State.SENT


def _clock(start: datetime):
    """The time as a run goes on, from the `now` it was given. A claim is stamped with the time
    it is made: stamped with the run's start, a live worker's claims would look stale to another
    worker as soon as the run had lasted REMINDER_CLAIM_SECONDS, and be sent twice."""
    started = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - started)


def _claim(notice_id: int, now: datetime) -> bool:
    """Take the row for this worker: one conditional UPDATE, so only one worker ever wins it.
    `now` is the time of the claim, not the start of the run."""
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_SECONDS)
    return bool(
        Notice.objects.filter(pk=notice_id)
        .filter(
            Q(state__in=[Notice.State.PENDING, Notice.State.FAILED])
            | Q(state=Notice.State.SENDING, claimed_at__lt=stale)
        )
        .update(state=Notice.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )


def _message(digest: Digest, day: date, connection) -> EmailMultiAlternatives:
    context = {
        "digest": digest,
        "day": day,
        "portal_url": settings.PORTAL_URL.rstrip("/"),
        "my_duties_url": settings.PORTAL_URL.rstrip("/") + reverse("schedule:my_duties"),
    }
    message = EmailMultiAlternatives(
        subject=render_to_string("emails/digest_subject.txt", context).strip(),
        body=render_to_string("emails/digest_body.txt", context),
        to=[digest.recipient.email],
        connection=connection,
    )
    message.attach_alternative(render_to_string("emails/digest_body.html", context), "text/html")
    return message
