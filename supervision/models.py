"""Supervision (strand 2): sessions between a manager and a worker, whose agenda carries the QA
feedback about the worker since their last session, and PDRs (annual appraisals).

The record keeps the fact of the session and the quality-assurance thread. Case discussion stays
in the case management system.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from people.access import visible_staff_ids
from people.models import StaffMember

# The names the responsibilities table uses for duties these records complete.
SESSION_RECORD = "supervision:session"
PDR_RECORD = "supervision:pdr"

# Enough for the QA thread; short enough that case discussion has nowhere to go.
NOTES_LIMIT = 2_000
ITEM_NOTE_LIMIT = 300
REASON_LIMIT = 500


class Kind(models.TextChoices):
    CASE = "case", "Case supervision"
    REFLECTIVE = "reflective", "Reflective supervision"
    GROUP = "group", "Group supervision"


class Outcome(models.TextChoices):
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


def _visible(queryset, user, *fields):
    """Records about or by someone the user may see: `fields` name the people on the record."""

    ids = visible_staff_ids(user)
    if ids is None:
        return queryset
    seen = Q()
    for name in fields:
        seen |= Q(**{f"{name}_id__in": ids})
    return queryset.filter(seen)


class SupervisionSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The supervisor, the supervisee, and managers who may see either."""
        return _visible(self, user, "supervisor", "supervisee")

    def held(self):
        return self.filter(outcome=Outcome.HELD)


class SupervisionSession(models.Model):
    """One supervision session of one worker (a group session is recorded for each of its members,
    since each carries its own QA thread)."""

    supervisor = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="supervisions_given")
    supervisee = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="supervisions_received")
    held_on = models.DateField("date")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CASE)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.HELD)
    cancelled_reason = models.TextField("why it was cancelled", blank=True, max_length=REASON_LIMIT)
    notes = models.TextField(
        "QA notes",
        blank=True,
        max_length=NOTES_LIMIT,
        help_text="What was agreed about the feedback and the worker's development. Case discussion is "
        "recorded in the case management system, not here.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="cancelled") | ~Q(cancelled_reason=""), name="cancelled_session_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["supervisee", "held_on"], name="session_supervisee_date"),
            models.Index(fields=["supervisor", "held_on"], name="session_supervisor_date"),
            models.Index(fields=["-held_on", "-id"], name="session_newest_first"),  # the list's order
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.supervisee} with {self.supervisor}, {self.held_on:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("supervision:detail", args=[self.pk])

    @property
    def is_held(self) -> bool:
        return self.outcome == Outcome.HELD

    # Who may do what to a session they can see (seeing it is the queryset's business).

    def may_edit(self, user) -> bool:
        me = getattr(user, "staff_member", None)
        return me is not None and me.id == self.supervisor_id


class AgendaItem(models.Model):
    """One piece of QA feedback a session carries: an audit shared with the supervisee, an
    observation of their practice, or one of their open actions; marked discussed or not."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="agenda")
    # Explicit links rather than a generic one, so the agenda is read in one joined query.
    audit = models.ForeignKey("audits.Audit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    observation = models.ForeignKey(
        "observations.Observation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.ForeignKey("learning.Action", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    discussed = models.BooleanField(default=False)
    note = models.CharField(max_length=ITEM_NOTE_LIMIT, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(audit__isnull=False, observation__isnull=True, action__isnull=True)
                | Q(audit__isnull=True, observation__isnull=False, action__isnull=True)
                | Q(audit__isnull=True, observation__isnull=True, action__isnull=False),
                name="agenda_item_carries_one_record",
            ),
            models.UniqueConstraint(fields=["session", "audit"], condition=Q(audit__isnull=False),
                                    name="one_agenda_item_per_audit"),
            models.UniqueConstraint(fields=["session", "observation"], condition=Q(observation__isnull=False),
                                    name="one_agenda_item_per_observation"),
            models.UniqueConstraint(fields=["session", "action"], condition=Q(action__isnull=False),
                                    name="one_agenda_item_per_action"),
        ]

    def __str__(self):
        return f"{self.session}: {self.record}"

    @property
    def record(self):
        return self.audit or self.observation or self.action

    @property
    def key(self) -> str:
        """How the session form names this item's fields: "audit-12"."""
        return record_key(self.record)


def record_key(record) -> str:
    return f"{record._meta.model_name}-{record.pk}"


class PDRQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The appraiser, the appraisee, and managers who may see either."""
        return _visible(self, user, "appraiser", "appraisee")


class PDR(models.Model):
    """A Performance and Development Review: the annual appraisal, written beside the year's
    evidence (audits of their work, observations, actions and their supervision record)."""

    appraiser = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="pdrs_given")
    appraisee = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="pdrs")
    held_on = models.DateField("date")
    summary = models.TextField(max_length=NOTES_LIMIT * 2)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PDRQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "PDR"
        verbose_name_plural = "PDRs"
        indexes = [
            models.Index(fields=["appraisee", "held_on"], name="pdr_appraisee_date"),
            models.Index(fields=["-held_on", "-id"], name="pdr_newest_first"),  # the list's order
        ]

    def __str__(self):
        return f"PDR of {self.appraisee}, {self.held_on:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("supervision:pdr_detail", args=[self.pk])

    def may_edit(self, user) -> bool:
        me = getattr(user, "staff_member", None)
        return me is not None and me.id == self.appraiser_id
