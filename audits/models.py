"""Audit tools (versioned questionnaires) and the audits made with them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.periods import local_date
from people.access import manages, moderates, visible_staff_ids
from people.models import RoleAssignment, StaffMember, Team


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
# Completed by the director's quarterly scrutiny of an audit (R12).
SCRUTINY_RECORD = "audit:scrutiny"
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


class AuditTheme(models.Model):
    """The theme of a themed audit (set by the Senior Management Team, R53) or of a multi-agency
    audit (set by the Safeguarding Children Board's MESC, R77). A theme brings its own questions:
    its own versioned tool."""

    audit_type = models.CharField(
        max_length=30,
        choices=[(AuditType.THEMED, AuditType.THEMED.label), (AuditType.MULTI_AGENCY, AuditType.MULTI_AGENCY.label)],
    )
    title = models.CharField(max_length=200)
    description = models.TextField("why this theme", blank=True)
    set_by = models.CharField(max_length=150, help_text="Who asked for it: the Senior Management Team, the MESC.")
    active = models.BooleanField(default=True, help_text="Audits can be started on an active theme.")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-active", "title"]
        constraints = [models.UniqueConstraint(fields=["audit_type", "title"], name="one_theme_title_per_type")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("audits:theme", args=[self.pk])


class AuditToolQuerySet(models.QuerySet):
    def current(self, audit_type: str, theme=None):
        """The newest version of a type's tool, or of a theme's own questions."""
        return self.filter(audit_type=audit_type, theme=theme).order_by("-version").first()


class AuditTool(models.Model):
    """One version of the questionnaire for an audit type. A version is never changed once
    made: editing a tool makes the next version, and each audit keeps the version it used."""

    audit_type = models.CharField(max_length=30, choices=AuditType.choices)
    theme = models.ForeignKey(AuditTheme, null=True, blank=True, on_delete=models.PROTECT, related_name="tools")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AuditToolQuerySet.as_manager()

    class Meta:
        ordering = ["audit_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit_type", "version"], condition=Q(theme__isnull=True), name="one_tool_version"
            ),
            models.UniqueConstraint(
                fields=["theme", "version"], condition=Q(theme__isnull=False), name="one_theme_tool_version"
            ),
        ]

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


class QuestionManager(models.Manager):
    # Pages show each question's standard beside it; fetching it with the question keeps a tool's
    # page to one query for its questions, however many name a standard (prefetches use this too).
    def get_queryset(self):
        return super().get_queryset().select_related("standard")


class Question(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=AnswerKind.choices)
    # The policy or practice standard this question tests, named in the tool's text as
    # `[standard: code]`.
    standard = models.ForeignKey(
        "standards.Standard", null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )

    objects = QuestionManager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "position"], name="one_question_per_position")
        ]

    def __str__(self):
        return self.text


def owes_scrutiny(user) -> bool:
    """Whether the user holds, today, a role whose responsibilities include scrutinising audits
    (the director's R12). Cached on the user object."""
    if not hasattr(user, "_owes_scrutiny"):
        me = getattr(user, "staff_member", None)
        user._owes_scrutiny = me is not None and (
            RoleAssignment.objects.current_on(local_date(timezone.now()))
            .filter(staff=me, role__responsibilities__record=SCRUTINY_RECORD, role__responsibilities__active=True)
            .exists()
        )
    return user._owes_scrutiny


class AuditStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    MODERATION = "moderation", "Awaiting moderation"
    MODERATED = "moderated", "Moderated"
    SHARED = "shared", "Shared with the case-holder"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


class AuditQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An auditor sees their audits; a manager those made by, or about the work of, the people
        they may see (not drafts of others' work); a case-holder their own once shared with them."""

        ids = visible_staff_ids(user)
        if ids is None:
            return self
        me = getattr(getattr(user, "staff_member", None), "id", None)
        if me is not None and user.staff_member.is_partner:
            # Someone from a partner agency: the multi-agency audits they take part in, nothing else.
            return self.filter(id__in=AgencyContribution.objects.filter(contributor_id=me).values("audit_id"))
        seen = (
            Q(auditor_id__in=ids)
            | Q(case_holder_id__in=ids - {me}, status__in=FINISHED)
            | Q(case_holder_id=me, status__in=SEEN_BY_CASE_HOLDER)
        )
        if me is not None:
            seen |= Q(moderator_id=me)
        if moderates(user):
            seen |= Q(status=AuditStatus.MODERATION)
        return self.filter(seen)

    def finished(self):
        return self.filter(status__in=FINISHED)


# Submitted, whatever has happened since.
FINISHED = (
    AuditStatus.SUBMITTED,
    AuditStatus.MODERATION,
    AuditStatus.MODERATED,
    AuditStatus.SHARED,
    AuditStatus.ACKNOWLEDGED,
)
# Ready to share with the case-holder: submitted and, if chosen, moderated.
SHAREABLE = (AuditStatus.SUBMITTED, AuditStatus.MODERATED)
SEEN_BY_CASE_HOLDER = (AuditStatus.SHARED, AuditStatus.ACKNOWLEDGED)


class Audit(models.Model):
    """An audit of one case (or file), by one auditor, with one version of a tool.

    The child is known only by the case reference of the council's case management system."""

    audit_type = models.CharField(max_length=30, choices=AuditType.choices)
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="audits")
    theme = models.ForeignKey(AuditTheme, null=True, blank=True, on_delete=models.PROTECT, related_name="audits")
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
    learning_themes = models.ManyToManyField("learning.LearningTheme", blank=True, related_name="audits")
    # Moderation: a share of audits drawn at random, plus those the auditor asks for. Both the
    # auditor's grade and the moderator's are kept.
    moderation_requested = models.BooleanField("moderation asked for by the auditor", default=False)
    moderator = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.PROTECT, related_name="audits_moderated"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_grade = models.CharField("the moderator's overall grade", max_length=30, choices=Grade.choices,
                                       blank=True)
    moderation_comment = models.TextField("the moderator's comment", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[learning_themes])
    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-audited_on", "-id"]
        indexes = [
            models.Index(fields=["auditor", "status"]),
            models.Index(fields=["case_holder", "status"]),
            models.Index(fields=["audited_on"]),
            models.Index(fields=["-audited_on", "-id"], name="audit_newest_first"),  # the list's order
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

        return self.case_holder_id is not None and (
            self._is(user, self.auditor_id) or manages(user, self.case_holder)
        )

    def may_acknowledge(self, user) -> bool:
        return self._is(user, self.case_holder_id)

    def may_moderate(self, user) -> bool:
        """A moderator, never the auditor: nobody moderates their own audit."""

        return not self._is(user, self.auditor_id) and moderates(user)

    def may_scrutinise(self, user) -> bool:
        """Someone who owes the scrutiny of audits (the director, R12), of an audit not their own."""
        return self.status in FINISHED and not self._is(user, self.auditor_id) and owes_scrutiny(user)

    def may_raise_actions(self, user) -> bool:
        """The auditor, or a manager of the case-holder, sets the actions an audit calls for."""

        return self._is(user, self.auditor_id) or (self.case_holder_id is not None and manages(user, self.case_holder))

    def may_invite_agencies(self, user) -> bool:
        return self.audit_type == AuditType.MULTI_AGENCY and self._is(user, self.auditor_id)

    @property
    def agreed_on_grade(self) -> bool | None:
        """Whether the moderator gave the overall grade the auditor gave; None until moderated."""
        return self.moderated_grade == self.overall_grade if self.moderated_grade else None


class Answer(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    yes_no = models.CharField(max_length=20, choices=YesNo.choices, blank=True)
    text = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    moderated_grade = models.CharField("the moderator's grade", max_length=30, choices=Grade.choices, blank=True)
    moderation_reason = models.TextField("why the moderator changed the grade", blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.audit}: {self.question}"


class Scrutiny(models.Model):
    """The director's scrutiny of one audit a quarter (R12): oversight of practice and of the
    quality assurance itself."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="scrutinies")
    scrutineer = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="scrutinies")
    scrutinised_on = models.DateField()
    comment = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-scrutinised_on", "-id"]
        verbose_name_plural = "scrutinies"

    def __str__(self):
        return f"Scrutiny of {self.audit} by {self.scrutineer}"

    def get_absolute_url(self):
        return self.audit.get_absolute_url()


class AgencyContribution(models.Model):
    """A partner agency's part in a multi-agency audit (R77): its grade of the work together, what
    worked, what to improve and its learning, recorded by its own contributor."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey("people.Agency", on_delete=models.PROTECT, related_name="contributions")
    contributor = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="contributions")
    grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    worked_well = models.TextField("what worked well", blank=True)
    to_improve = models.TextField("what could be better", blank=True)
    learning = models.TextField("learning for the partnership", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["audit", "agency"], name="one_contribution_per_agency")]

    def __str__(self):
        return f"{self.agency} on {self.audit}"

    def get_absolute_url(self):
        return reverse("audits:contribution", args=[self.audit_id, self.pk])

    def may_edit(self, user) -> bool:
        me = getattr(user, "staff_member", None)
        return me is not None and me.id == self.contributor_id and self.submitted_at is None
