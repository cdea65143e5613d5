"""What the portal has sent, or is sending: one row per e-mail, claimed before it is sent.

Every e-mail is keyed (recipient, kind, day, about): a digest by its day (`about` blank), an
e-mail about one record (an audit's safeguarding concern, an audit shared) also by that record.
So a second worker, a second beat, a retried task or a restarted broker finds the row and never
sends it twice. An escalation is keyed (duty, level):
a duty goes up the line once per level, and the row says to whom and on which day.
"""

import secrets

from django.db import models

from people.models import StaffMember
from schedule.models import Duty


class Notice(models.Model):
    class Kind(models.TextChoices):
        DIGEST = "digest", "Daily digest"
        SAFEGUARDING_CONCERN = "safeguarding_concern", "Immediate safeguarding concern"
        AUDIT_SHARED = "audit_shared", "Audit shared"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed: will be tried again"

    recipient = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DIGEST)
    day = models.DateField()
    about = models.CharField(
        max_length=100, blank=True, help_text='The record it is about, such as "audit:123"; blank for a digest.'
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    address = models.EmailField(blank=True)
    subject = models.CharField(max_length=200, blank=True)
    contents = models.JSONField(default=dict, help_text="How many items of each section it carried.")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "recipient__name"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "day", "about"], name="one_notice_a_day_per_record")
        ]
        indexes = [
            models.Index(fields=["day", "state"]),
            # The log's count of failures, read on every visit: only the failed rows are indexed.
            models.Index(fields=["state"], condition=models.Q(state="failed"), name="notice_failed"),
        ]

    def __str__(self):
        about = f" ({self.about})" if self.about else ""
        return f"{self.get_kind_display()}{about} for {self.recipient} on {self.day}"


class Escalation(models.Model):
    class Level(models.TextChoices):
        MANAGER = "manager", "Line manager"
        HEAD = "head", "Head of service"

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="escalations")
    level = models.CharField(max_length=10, choices=Level.choices)
    escalated_to = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="escalations_received")
    day = models.DateField(help_text="The day it first went to them.")

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["duty", "level"], name="one_escalation_per_level")]
        indexes = [models.Index(fields=["-day", "-id"], name="escalation_newest_first")]  # the log's order

    def __str__(self):
        return f"{self.duty} to {self.escalated_to} ({self.get_level_display().lower()})"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret address at which a person's calendar (Outlook) reads their duties. Whoever has
    the address can read the feed, so the person can reset it, which ends the old one."""

    staff = models.OneToOneField(StaffMember, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.staff}"

    def reset(self) -> None:
        self.token = new_token()
        self.save(update_fields=["token"])


class Heartbeat(models.Model):
    """The latest sign of life of a periodic process, for /health/ (qaportal/health.py): one row
    each, overwritten, a pulse rather than a record. `beat`: when this beat started and its
    latest tick (`finished_at`); `send-reminders`: when the latest reminder run started, when one
    last finished, and the error if it failed."""

    BEAT = "beat"
    REMINDERS = "send-reminders"

    name = models.CharField(max_length=50, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    def __str__(self):
        return f"{self.name}: started {self.started_at}, finished {self.finished_at}"
