"""Complaints about Children's Social Care under the Children Act 1989 representations procedure:
the complaint, and its stages (local resolution, investigation, review panel), each with its
statutory response date counted in working days.

The child is known only by the case reference; whoever complained is recorded only as a role
(the child or young person, a parent, a carer, someone else), never by name.
"""

from datetime import date

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.working_days import working_days_between
from people.access import is_complaints_manager, visible_staff_ids
from people.models import StaffMember, Team

from . import timescales

# Anyone holding a role of this name (over any scope) sees every complaint and may act on each:
# a rule on the role's name, not a setting, written in ComplaintQuerySet.visible_to.


class Complainant(models.TextChoices):
    """Who complained, as a role, never as a person: the portal keeps no names of children or
    their families."""

    CHILD = "child", "The child or young person"
    PARENT = "parent", "A parent"
    CARER = "carer", "A carer"
    OTHER = "other", "Someone else (an advocate, a relative, a professional)"


class Category(models.TextChoices):
    QUALITY_OF_SERVICE = "quality_of_service", "Quality of service"
    COMMUNICATION = "communication", "Communication"
    STAFF_CONDUCT = "staff_conduct", "Staff conduct"
    DECISION = "decision", "A decision made"
    DELAY = "delay", "Delay"
    OTHER = "other", "Other"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"


# A stage's response finds the complaint upheld, partly upheld or not; withdrawal ends a complaint.
STAGE_OUTCOMES = [(value, label) for value, label in Outcome.choices if value != Outcome.WITHDRAWN]


class OmbudsmanOutcome(models.TextChoices):
    """The Local Government and Social Care Ombudsman's decision."""

    NOT_INVESTIGATED = "not_investigated", "Not investigated"
    PREMATURE = "premature", "Premature: referred back to the council"
    UPHELD = "upheld", "Upheld: fault found"
    NOT_UPHELD = "not_upheld", "Not upheld: no fault found"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "Awaiting a response"
    RESPONDED = "responded", "Responded"  # the complainant may still ask for the next stage
    CLOSED = "closed", "Closed"


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Administrators and anyone holding the Complaints Manager role see every complaint; a
        handler sees their own; a manager sees those handled by someone they may see, or about a
        team in which they may see someone other than themselves. Partner agencies see none."""

        me = getattr(user, "staff_member", None)
        if me is not None and me.is_partner:
            return self.none()
        ids = visible_staff_ids(user)
        if ids is None or is_complaints_manager(user):
            return self
        if me is None:
            return self.none()
        others = ids - {me.id}
        return self.filter(
            Q(handler_id__in=ids) | Q(team_id__in=StaffMember.objects.filter(id__in=others).values("team_id"))
        )

    def awaiting_response(self):
        return self.filter(status=ComplaintStatus.OPEN)

    def overdue(self, today: date):
        return self.filter(status=ComplaintStatus.OPEN, due_on__lt=today)


class Complaint(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)  # of the reference: C-<year>-<sequence>
    sequence = models.PositiveIntegerField(editable=False)
    received_on = models.DateField("date received")
    complainant = models.CharField(
        "who complained", max_length=20, choices=Complainant.choices,
        help_text="A role, never a name.",
    )
    case_reference = models.CharField(max_length=40)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="complaints")
    category = models.CharField(max_length=30, choices=Category.choices)
    summary = models.TextField()
    handler = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="complaints_handled")
    status = models.CharField(max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN)
    # The current stage and, while it awaits a response, its due date: stored so that lists,
    # My duties and the overdue filter each read one row per complaint.
    current_stage = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    lessons_learnt = models.TextField(blank=True)
    ombudsman_referred_on = models.DateField("date referred to the Ombudsman", null=True, blank=True)
    ombudsman_outcome = models.CharField(
        "the Ombudsman's decision", max_length=20, choices=OmbudsmanOutcome.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="one_complaint_per_reference_number"),
            models.CheckConstraint(condition=Q(current_stage__gte=1, current_stage__lte=3),
                                   name="complaint_stage_1_to_3"),
        ]
        indexes = [
            models.Index(fields=["received_on"]),
            models.Index(fields=["-received_on", "-id"], name="complaint_newest_first"),  # the list's order
            models.Index(fields=["handler", "status", "due_on"], name="complaint_handler_due"),
            models.Index(fields=["status", "due_on"], name="complaint_status_due"),
        ]

    def __str__(self):
        return f"Complaint {self.reference}"

    def get_absolute_url(self):
        return reverse("complaints:detail", args=[self.pk])

    def days_left(self, today: date) -> int | None:
        """Working days until the current stage's response is due; negative once overdue."""

        if self.status != ComplaintStatus.OPEN or self.due_on is None:
            return None
        return working_days_between(today, self.due_on)

    def is_overdue(self, today: date) -> bool:
        return self.status == ComplaintStatus.OPEN and self.due_on is not None and self.due_on < today

    # Who may do what to a complaint they can see (seeing it is ComplaintQuerySet.visible_to's business).

    def may_manage(self, user) -> bool:
        """The handler and the Complaints Manager record responses, extensions, escalations and
        the outcome, and change the details."""
        me = getattr(user, "staff_member", None)
        return me is not None and (me.id == self.handler_id or is_complaints_manager(user))

    def may_edit(self, user) -> bool:
        return self.may_manage(user)

    def may_raise_actions(self, user) -> bool:
        """The handler or the Complaints Manager sets the actions a complaint calls for."""
        return self.may_manage(user)

    def may_escalate(self, today: date) -> bool:
        """The complainant may ask for the next stage once this one has been answered, or once
        its response is overdue (the guidance lets a complainant go on when the council is late)."""
        if self.current_stage >= timescales.LAST_STAGE:
            return False
        return self.status == ComplaintStatus.RESPONDED or self.is_overdue(today)


class Stage(models.Model):
    """One stage of a complaint: asked for on a date, due a number of working days later (later
    still if extended, within the statutory maximum), answered with an outcome."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField()
    requested_on = models.DateField("date asked for")
    due_on = models.DateField("response due")
    extended = models.BooleanField(default=False)
    extension_reason = models.TextField("why it was extended", blank=True)
    responded_on = models.DateField("date of the response", null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=STAGE_OUTCOMES, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="one_stage_per_number"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=3), name="stage_1_to_3"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("requested_on")), name="stage_due_after_request"),
            models.CheckConstraint(condition=Q(extended=False) | ~Q(extension_reason=""),
                                   name="stage_extended_with_reason"),
            models.CheckConstraint(condition=Q(responded_on__isnull=True) | ~Q(outcome=""),
                                   name="stage_responded_with_outcome"),
        ]
        indexes = [
            models.Index(fields=["requested_on"]),
            models.Index(fields=["responded_on"]),
        ]

    def __str__(self):
        return f"Stage {self.number} of {self.complaint}"

    def get_absolute_url(self):
        return self.complaint.get_absolute_url()

    @property
    def timescale(self) -> timescales.Timescale:
        return timescales.TIMESCALES[self.number]

    @property
    def standard_due_on(self) -> date:
        return timescales.due_on(self.number, self.requested_on)

    @property
    def latest_due_on(self) -> date:
        return timescales.latest_due_on(self.number, self.requested_on)

    @property
    def may_be_extended(self) -> bool:
        return self.responded_on is None and self.timescale.extendable and self.due_on < self.latest_due_on

    @property
    def within_timescale(self) -> bool | None:
        """Whether the response came by the due date (an agreed extension counts); None until answered."""
        return None if self.responded_on is None else self.responded_on <= self.due_on

    def days_left(self, today: date) -> int | None:

        return None if self.responded_on is not None else working_days_between(today, self.due_on)
