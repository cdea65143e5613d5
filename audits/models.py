"""Audit tools (versioned questionnaires) and the audits made with them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from people.models import StaffMember, Team


class AuditType(models.TextChoices):
    CASE_FILE = "case_file", "Case file audit"
    SUPERVISION_FILE = "supervision_file", "Supervision file audit"
    CLOSURE_TRANSFER = "closure_transfer", "Audit on closure or transfer"
    CP_CONFERENCE = "cp_conference", "Child protection conference record audit"
    LAC_REVIEW = "lac_review", "Looked-after child review record audit"
    FOSTER_CARER_FILE = "foster_carer_file", "Foster carer or adopter file audit"
    THEMED = "themed", "Themed audit"
    MULTI_AGENCY = "multi_agency", "Multi-agency audit"

    @property
    def record_kind(self) -> str:
        """The name a responsibilities table uses for duties this audit completes."""
        return f"audit:{self.value}"


# Completed by any audit of one of a case-holder's cases (R51: every case-holder once a year).
CASE_HOLDER_RECORD = "audit:case_holder"
# The audits that read a case-holder's own case (not a conference or review chair's record,
# a supervision file or a foster carer's file).
CASE_AUDITS = (AuditType.CASE_FILE, AuditType.CLOSURE_TRANSFER, AuditType.THEMED, AuditType.MULTI_AGENCY)


class Grade(models.TextChoices):
    """Ofsted's grades, plus not applicable."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# A grade below good must say why.
NEEDS_COMMENT = (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)


class AnswerKind(models.TextChoices):
    GRADE = "grade", "A grade"
    YES_NO = "yes_no", "Yes, no or not applicable"
    TEXT = "text", "Text"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class AuditToolQuerySet(models.QuerySet):
    def current(self, audit_type: str):
        return self.filter(audit_type=audit_type).order_by("-version").first()


class AuditTool(models.Model):
    """One version of the questionnaire for an audit type. A version is never changed once
    made: editing a tool makes the next version, and each audit keeps the version it used."""

    audit_type = models.CharField(max_length=30, choices=AuditType.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AuditToolQuerySet.as_manager()

    class Meta:
        ordering = ["audit_type", "-version"]
        constraints = [models.UniqueConstraint(fields=["audit_type", "version"], name="one_tool_version")]

    def __str__(self):
        return f"{self.title} (version {self.version})"


class Domain(models.Model):
    """A section of a tool: one area of practice (planning, voice of the child, ...)."""

    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="domains")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["tool", "position"], name="one_domain_per_position")]

    def __str__(self):
        return self.title


class Question(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=AnswerKind.choices)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "position"], name="one_question_per_position")
        ]

    def __str__(self):
        return self.text


class AuditStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    SHARED = "shared", "Shared with the case-holder"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


class AuditQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An auditor sees their audits; a manager those made by, or about the work of, the people
        they may see (not drafts of others' work); a case-holder their own once shared with them."""
        from people.access import visible_staff_ids

        ids = visible_staff_ids(user)
        if ids is None:
            return self
        me = getattr(getattr(user, "staff_member", None), "id", None)
        return self.filter(
            Q(auditor_id__in=ids)
            | Q(case_holder_id__in=ids - {me}, status__in=FINISHED)
            | Q(case_holder_id=me, status__in=SEEN_BY_CASE_HOLDER)
        )


FINISHED = (AuditStatus.SUBMITTED, AuditStatus.SHARED, AuditStatus.ACKNOWLEDGED)
SEEN_BY_CASE_HOLDER = (AuditStatus.SHARED, AuditStatus.ACKNOWLEDGED)


class Audit(models.Model):
    """An audit of one case (or file), by one auditor, with one version of a tool.

    The child is known only by the case reference of the council's case management system."""

    audit_type = models.CharField(max_length=30, choices=AuditType.choices)
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="audits")
    case_reference = models.CharField(max_length=40)
    case_holder = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.PROTECT, related_name="audits_of_my_work"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="audits")
    auditor = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="audits_made")
    audited_on = models.DateField()
    overall_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    strengths = models.TextField(blank=True)
    improvements = models.TextField("areas for improvement", blank=True)
    safeguarding_concern = models.BooleanField(
        "immediate safeguarding concern",
        default=False,
        help_text="Tells the case-holder's head of service at once.",
    )
    status = models.CharField(max_length=20, choices=AuditStatus.choices, default=AuditStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField("the case-holder's response", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-audited_on", "-id"]
        indexes = [
            models.Index(fields=["auditor", "status"]),
            models.Index(fields=["case_holder", "status"]),
            models.Index(fields=["audited_on"]),
        ]

    def __str__(self):
        return f"{self.get_audit_type_display()} of {self.case_reference}"

    def get_absolute_url(self):
        return reverse("audits:detail", args=[self.pk])

    # Who may do what to an audit they can see (seeing it is AuditQuerySet.visible_to's business).

    def _is(self, user, staff_id) -> bool:
        me = getattr(user, "staff_member", None)
        return me is not None and staff_id is not None and me.id == staff_id

    def may_edit(self, user) -> bool:
        return self._is(user, self.auditor_id)

    def may_share(self, user) -> bool:
        from people.access import manages

        return self.case_holder_id is not None and (
            self._is(user, self.auditor_id) or manages(user, self.case_holder)
        )

    def may_acknowledge(self, user) -> bool:
        return self._is(user, self.case_holder_id)


class Answer(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    yes_no = models.CharField(max_length=20, choices=YesNo.choices, blank=True)
    text = models.TextField(blank=True)
    comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.audit}: {self.question}"
