"""The responsibilities table and the duties it gives each person, period by period."""

from datetime import date
from urllib.parse import quote

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.dateformat import format as format_date
from simple_history.models import HistoricalRecords

from core import clock, periods
from people.access import manages, visible_staff_ids
from people.models import Role, StaffMember, Team

from . import record_kinds
from .record_kinds import kind_of


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Every six months"
    ANNUAL = "annual", "Annually"
    FINANCIAL_YEAR = "financial_year", "Once each financial year"
    ON_EVENT = "on_event", "When something happens"
    AS_REQUIRED = "as_required", "As required"
    STATUTORY = "statutory", "At statutory intervals"
    ONGOING = "ongoing", "Ongoing"


class CasesFrom(models.TextChoices):
    """Where an auditor's cases come from (R61: "a case file from another part of the service")."""

    ANYWHERE = "anywhere", "Anywhere the auditor may see"
    OWN_TEAM = "own_team", "The auditor's own team"
    ANOTHER_TEAM = "another_team", "A team other than the auditor's"
    ANOTHER_SERVICE = "another_service", "A service other than the auditor's"


class AppliesTo(models.TextChoices):
    HOLDER = "holder", "The role-holder"
    REPORTS = "reports", "Each direct report"
    NQSW_REPORTS = "nqsw_reports", "Each newly-qualified direct report"
    PRACTITIONERS = "practitioners", "Each practitioner in scope"
    CASE_HOLDERS = "case_holders", "Each case-holder in scope"
    TEAMS = "teams", "Each team in scope"
    TEAM = "team", "The team the role is held over"


class Strand(models.TextChoices):
    AUDIT = "audit", "Audit"
    OBSERVATION = "observation", "Observation of practice"
    SUPERVISION = "supervision", "Supervision and PDR"
    PARTICIPATION = "participation", "Participation"
    COMPLAINTS = "complaints", "Complaints"
    PERFORMANCE = "performance", "Performance monitoring"
    MEETING = "meeting", "Meetings and visits"
    REPORT = "report", "Reports"
    OTHER = "other", "Other"


class Responsibility(models.Model):
    """One row of the council's responsibilities table: a role's QA task, how often and why."""

    ref = models.CharField(max_length=20, unique=True)
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="responsibilities")
    task = models.TextField()
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    frequency_as_printed = models.CharField(max_length=120, blank=True)
    count = models.PositiveSmallIntegerField(
        default=1, help_text="How many the role-holder owes each period (for 'the role-holder')."
    )
    applies_to = models.CharField(max_length=20, choices=AppliesTo.choices, default=AppliesTo.HOLDER)
    strand = models.CharField(max_length=20, choices=Strand.choices)
    purpose = models.TextField()
    page = models.CharField(
        "where in the strategy", max_length=200, blank=True,
        help_text='The place in the source document, as it gives it: "p. 12", "s.2", "Appendix B".',
    )
    notes = models.TextField(blank=True, help_text="How the printed table was read, where it was unclear.")
    record = models.CharField(
        max_length=record_kinds.LONGEST,
        blank=True,
        help_text="The kind of record that completes this task's duties (e.g. audit:case_file); "
        "blank when people mark them done by hand.",
    )
    reminder_lead_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Days before the due date that reminders start; empty for the default of its frequency.",
    )
    cases_from = models.CharField(
        max_length=20, choices=CasesFrom.choices, default=CasesFrom.ANYWHERE,
        help_text="For a case audit: the part of the service its cases come from.",
    )
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["ref"]
        verbose_name_plural = "responsibilities"

    def __str__(self):
        return f"{self.ref} {self.task}"

    @property
    def is_periodic(self) -> bool:
        return self.frequency in periods.PERIODIC

    @property
    def occurrences(self) -> int:
        """Duties per subject per period: only the role-holder's own tasks come in numbers."""
        return self.count if self.applies_to == AppliesTo.HOLDER else min(self.count, 1)

    def period_containing(self, day: date):
        return periods.period_containing(self.frequency, day, settings.FINANCIAL_YEAR_START_MONTH)


class Status(models.TextChoices):
    """What has happened to a duty. Overdue is not among them: it is a fact of the due date
    (State), true the day after the duty fell due, whether or not a nightly job has been by."""

    OPEN = "open", "Open"
    DONE = "done", "Done"
    WAIVED = "waived", "Waived"
    CANCELLED = "cancelled", "Cancelled"


OUTSTANDING = (Status.OPEN,)  # still owed: open, overdue or not


class State(models.TextChoices):
    """How a duty stands on a day: overdue once its due date has passed and it is still open;
    otherwise its status. `Duty.state` and `state_condition` are the one rule."""

    OPEN = "open", "Open"
    OVERDUE = "overdue", "Overdue"
    DONE = "done", "Done"
    WAIVED = "waived", "Waived"
    CANCELLED = "cancelled", "Cancelled"


def state_condition(state: str, today: date) -> Q:
    """The duties in this state on `today`, as a condition the database evaluates."""
    if state == State.OVERDUE:
        return Q(status__in=OUTSTANDING, due_on__lt=today)
    if state == State.OPEN:
        return Q(status__in=OUTSTANDING, due_on__gte=today)
    if state in State.values:
        return Q(status=state)
    raise ValueError(f"no such state of a duty: {state!r}")


class Outcome(models.TextChoices):
    """How a duty that fell due went, as read on the day asked: derived from its dates, so a
    duty is missed the day after it fell due, whether or not a nightly job has been by."""

    ON_TIME = "on_time", "Done on time"
    LATE = "late", "Done late"
    WAIVED = "waived", "Waived"
    MISSED = "missed", "Missed"
    OPEN = "open", "Not due yet"


def outcome_condition(outcome: str, today: date) -> Q:
    """The duties (not cancelled) that went this way, as a condition the database evaluates."""
    return {
        Outcome.ON_TIME: Q(status=Status.DONE, completed_late=False),
        Outcome.LATE: Q(status=Status.DONE, completed_late=True),
        Outcome.WAIVED: Q(status=Status.WAIVED),
        Outcome.MISSED: Q(status__in=OUTSTANDING, due_on__lt=today),
        Outcome.OPEN: Q(status__in=OUTSTANDING, due_on__gte=today),
    }[outcome]


class DutyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Duties owed by, or about, someone the user may see: a worker sees that their own
        supervision is due, and a manager the duties owed about their team."""

        ids = visible_staff_ids(user)
        return self if ids is None else self.involving(ids)

    def involving(self, staff_ids):
        return self.filter(Q(owner_id__in=staff_ids) | Q(subject_staff_id__in=staff_ids))

    def of_team(self, user):
        """Duties owed by, or about, the people the user sees other than themselves: their
        team's (My team). For someone who sees everyone, those not only their own, without
        listing everyone; else the ids as a list, which PostgreSQL reads as two index scans."""
        ids = visible_staff_ids(user)
        me = getattr(getattr(user, "staff_member", None), "id", None)
        if ids is None:
            return self.filter(~Q(owner_id=me) | (Q(subject_staff__isnull=False) & ~Q(subject_staff_id=me)))
        return self.involving(sorted(ids - {me}))

    def outstanding(self):
        return self.filter(status__in=OUTSTANDING)

    def planned(self):
        """The duties the planner makes from the table's periods, not those raised by an event."""
        return self.filter(frequency__in=periods.PERIODIC, case_reference="")

    def about_case(self, reference: str):
        return self.filter(case_reference=reference) if reference else self.none()

    def overdue(self, today: date):
        """Still open, and due before `today`."""
        return self.filter(state_condition(State.OVERDUE, today))

    def in_state(self, state: str, today: date):
        return self.filter(state_condition(state, today))

    def went(self, outcome: str, today: date):
        return self.filter(outcome_condition(outcome, today))

    def falling_due(self, first: date, last: date):
        return self.outstanding().filter(due_on__range=(first, last))

    def with_related(self):
        return self.select_related(
            "responsibility__role", "owner", "subject_staff", "subject_team", "completed_by__staff_member",
            "waived_by__staff_member",
        )


class Duty(models.Model):
    """This person owes this task for this period, about this subject where there is one."""

    responsibility = models.ForeignKey(Responsibility, on_delete=models.PROTECT, related_name="duties")
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="duties")
    # The frequency the period was planned with: the table may change later, the period does not.
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    occurrence = models.PositiveSmallIntegerField(default=1, help_text="1 of 2, 2 of 2, ...")
    subject_staff = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.PROTECT, related_name="duties_about"
    )
    subject_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="duties_about"
    )
    # For a duty raised by something happening to a case (its closure or transfer): the case, by
    # its reference in the case management system. Blank for the duties the planner plans.
    case_reference = models.CharField(max_length=40, blank=True, default="")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completion_note = models.TextField(blank=True)
    completed_late = models.BooleanField(default=False, help_text="Done after it fell due, or once overdue.")
    # The record (an audit, an observation, a supervision) that completed the duty, if any.
    record_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")

    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived_on = models.DateField(null=True, blank=True)
    waived_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = DutyQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name_plural = "duties"
        constraints = [
            # One duty per responsibility, person, period, occurrence and subject: planning twice
            # creates nothing. Three partial constraints, since NULL subjects never collide.
            models.UniqueConstraint(
                fields=["responsibility", "owner", "period_start", "occurrence"],
                condition=Q(subject_staff__isnull=True, subject_team__isnull=True, case_reference=""),
                name="one_duty_per_period",
            ),
            models.UniqueConstraint(
                fields=["responsibility", "owner", "period_start", "occurrence", "subject_staff"],
                condition=Q(subject_staff__isnull=False, case_reference=""),
                name="one_duty_per_period_per_person",
            ),
            models.UniqueConstraint(
                fields=["responsibility", "owner", "period_start", "occurrence", "subject_team"],
                condition=Q(subject_team__isnull=False, case_reference=""),
                name="one_duty_per_period_per_team",
            ),
            # A case closes or transfers once: each person owes one duty about it per responsibility,
            # however often the case list that says so is uploaded.
            models.UniqueConstraint(
                fields=["responsibility", "owner", "case_reference"],
                condition=~Q(case_reference=""),
                name="one_duty_per_case",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="duty_status_due"),
            models.Index(fields=["owner", "status", "due_on"], name="duty_owner_status_due"),
            models.Index(fields=["period_end"], name="duty_period_end"),
            # My team: the duties falling due in a period, owed by or about the people one sees.
            models.Index(fields=["due_on", "id"], name="duty_due"),
            models.Index(fields=["subject_staff", "due_on"], name="duty_subject_due"),
        ]

    def __str__(self):
        return f"{self.responsibility.ref} {self.responsibility.task} – {self.owner} – {self.period_label}"

    @property
    def key(self) -> tuple:
        return (
            self.responsibility_id,
            self.owner_id,
            self.period_start,
            self.occurrence,
            self.subject_staff_id,
            self.subject_team_id,
        )

    @property
    def period(self) -> periods.Period:
        return periods.Period(self.period_start, self.period_end)

    @property
    def period_label(self) -> str:
        if self.frequency in periods.UNSCHEDULED:
            # Raised by an event: from the day it happened to the day the duty falls due.
            return _day_range(self.period_start, self.period_end)
        return self.period.label(self.frequency, settings.FINANCIAL_YEAR_START_MONTH)

    @property
    def subject(self):
        return self.subject_staff or self.subject_team

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING

    def is_overdue(self, today: date) -> bool:
        """Still open, and due before `today` (state_condition's rule, for one duty read)."""
        return self.is_outstanding and self.due_on < today

    def state(self, today: date) -> State:
        return State.OVERDUE if self.is_overdue(today) else State(self.status)

    @property
    def record_kind(self):
        """The kind of record that completes this duty, or None when it is marked done by hand."""
        return kind_of(self.responsibility)

    @property
    def record_guide_url(self) -> str | None:
        """A page that helps choose what to record for this duty (the month's case sample), or None."""
        kind = self.record_kind
        return kind.guide_url(self.pk) if kind else None

    @property
    def record_url(self) -> str | None:
        """The page that makes the record completing this duty, or None."""
        kind = self.record_kind
        url = kind.url() if kind else None
        if url and self.case_reference:
            # The page starts with the case it is about.
            url = f"{url}&case={quote(self.case_reference, safe='/')}"
        elif url and self.subject_staff_id:
            # ... or with the person it is about (a supervisee, a practitioner to observe).
            url = f"{url}&about={self.subject_staff_id}"
        return url

    def title(self) -> str:
        """The task as the person owing it would say it: with its subject, case and occurrence."""
        text = self.responsibility.task
        if self.subject is not None:
            text = f"{text}: {self.subject}"
        if self.case_reference:
            text = f"{text}: case {self.case_reference}"
        if self.responsibility.occurrences > 1:
            text = f"{text} ({self.occurrence} of {self.responsibility.occurrences})"
        return text

    @property
    def done_late(self) -> bool:
        """Done after it fell due: the work was late, or it was marked done (its record came in)
        after the duty had gone overdue."""
        return self.status == Status.DONE and self.completed_late

    def outcome(self, today: date) -> str | None:
        """How it went (Outcome), by the same rule as `outcome_condition`; None once cancelled."""
        if self.status == Status.CANCELLED:
            return None
        if self.status == Status.DONE:
            return Outcome.LATE if self.completed_late else Outcome.ON_TIME
        if self.status == Status.WAIVED:
            return Outcome.WAIVED
        return Outcome.MISSED if self.due_on < today else Outcome.OPEN

    @property
    def finished_on(self) -> date | None:
        return self.completed_on if self.status == Status.DONE else self.waived_on

    # Who may do what to a duty they can see (seeing it is DutyQuerySet.visible_to's business).

    def is_owed_by(self, user) -> bool:
        me = getattr(user, "staff_member", None)
        return me is not None and me.id == self.owner_id

    def may_mark_done(self, user) -> bool:
        """The person who owes it, for a duty no record completes."""
        return self.is_owed_by(user) and not self.record_kind

    def may_waive(self, user) -> bool:
        """A manager above the person who owes it."""

        return manages(user, self.owner)

    def mark_done(self, *, acting_user, on: date, note: str = "", record=None, today: date | None = None) -> None:
        """Done on `on`; late when that is after the due date, or when it is marked done (on
        `today`, default: today) after the duty had gone overdue, whatever date the work bears."""
        fields = {"status": Status.DONE, "completed_on": on, "completed_by": acting_user, "completion_note": note}
        if record is not None:
            fields["record"] = record
        self._close(acting_user, "marked done", fields, today=today or clock.today())

    def waive(self, *, acting_user, reason: str, on: date) -> None:
        fields = {"status": Status.WAIVED, "waived_on": on, "waived_by": acting_user, "waived_reason": reason}
        self._close(acting_user, "waived", fields)

    @transaction.atomic
    def _close(self, acting_user, reason: str, fields: dict, today: date | None = None) -> None:
        """Finish an outstanding duty, once: the row is locked and its status read afresh, so a
        planner run or a second click at the same moment cannot undo or repeat it."""
        current = Duty.objects.select_for_update().get(pk=self.pk)
        if not current.is_outstanding:
            self.refresh_from_db()
            raise ValidationError(f"This duty is {current.get_status_display().lower()}, not open.")
        for name, value in fields.items():
            setattr(current, name, value)
        if current.status == Status.DONE:
            current.completed_late = current.completed_on > current.due_on or today > current.due_on
        current._history_user = acting_user
        current._change_reason = reason
        current.save()
        self.refresh_from_db()


def _day_range(start: date, end: date) -> str:
    """'3 to 31 May 2026', '20 May to 17 June 2026', '20 December 2026 to 17 January 2027'."""
    if start == end:
        return format_date(end, "j F Y")
    if start.year != end.year:
        return f"{format_date(start, 'j F Y')} to {format_date(end, 'j F Y')}"
    if start.month != end.month:
        return f"{format_date(start, 'j F')} to {format_date(end, 'j F Y')}"
    return f"{start.day} to {format_date(end, 'j F Y')}"
