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
    # Facts about the case, each checked as it is typed: not free text.
    DATE = "date", "A date"
    NUMBER = "number", "A whole number"
    CHOICE = "choice", "A choice from a list"


FACT_KINDS = (AnswerKind.DATE, AnswerKind.NUMBER, AnswerKind.CHOICE)
# The column of Answer that holds each kind's answer.
ANSWER_COLUMN = {
    AnswerKind.GRADE: "grade",
    AnswerKind.YES_NO: "yes_no",
    AnswerKind.TEXT: "text",
    AnswerKind.DATE: "date",
    AnswerKind.NUMBER: "number",
    AnswerKind.CHOICE: "choice",
}


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
    def current(self, audit_type: str, theme=None, key: str | None = None):
        """The newest version of a tool: of the type's own tool (the one whose key is the type's),
        or of another tool of the type named by `key`, or of a theme's own questions."""
        if theme is not None:
            return self.filter(theme=theme).order_by("-version").first()
        return self.filter(audit_type=audit_type, theme=None, key=key or audit_type).order_by("-version").first()

    def newest(self):
        """The newest version of every tool of a type (not a theme's): one query."""
        newer = AuditTool.objects.filter(theme=None, key=models.OuterRef("key"), version__gt=models.OuterRef("version"))
        return self.filter(theme=None).exclude(models.Exists(newer))

    def offered(self, audit_type: str) -> list:
        """The tools an audit of this type may be made with, newest versions, the type's own first."""
        return sorted(self.newest().filter(audit_type=audit_type), key=offer_order)


def offer_order(tool) -> tuple:
    """Tools of one type as they are offered: the type's own first, then by title."""
    return tool.key != tool.audit_type, tool.title.lower(), tool.key


class AuditTool(models.Model):
    """One version of a questionnaire. A version is never changed once made: editing a tool makes
    the next version, and each audit keeps the version it used.

    A type may have more than one tool (a CIN/CP case file beside a looked-after child's case
    file): `key` names the tool, and its versions count up on their own. The type's own tool has
    the type as its key. A theme's own questions are versioned by the theme (their key is blank)."""

    audit_type = models.CharField(max_length=30, choices=AuditType.choices)
    key = models.SlugField(
        max_length=60, blank=True, help_text="Which tool this is a version of: the same for every version."
    )
    theme = models.ForeignKey(AuditTheme, null=True, blank=True, on_delete=models.PROTECT, related_name="tools")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AuditToolQuerySet.as_manager()

    class Meta:
        ordering = ["audit_type", "key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], condition=Q(theme__isnull=True), name="one_version_per_tool"
            ),
            models.UniqueConstraint(
                fields=["theme", "version"], condition=Q(theme__isnull=False), name="one_theme_tool_version"
            ),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"


class Guided(models.Model):
    """What a domain, a sub-domain or a question tells the auditor: guidance, and what each grade
    looks like (the tool's `> ` lines)."""

    guidance = models.TextField(blank=True)
    # {grade: what it looks like}, e.g. {"good": "The plan is specific and reviewed"}.
    descriptors = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def grade_descriptors(self) -> list[tuple[str, str]]:
        """(grade's label, what it looks like), in the order of the grades."""
        return [(label, self.descriptors[value]) for value, label in Grade.choices if value in self.descriptors]


def numbered(number: str, text: str) -> str:
    """A heading or question with its number, as the tool's text writes it: "2. Planning" (a dot
    after a plain number), "2.1 Is there a plan?"."""
    if not number:
        return text
    return f"{number} {text}" if "." in number else f"{number}. {text}"


class Domain(Guided):
    """A section of a tool: one area of practice (planning, voice of the child, ...)."""

    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="domains")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    number = models.CharField(max_length=20, blank=True, help_text="The tool's own number, shown instead of ours.")
    may_not_apply = models.BooleanField(
        default=False, help_text="The auditor may mark it as not applying to the case, and skip its questions."
    )

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["tool", "position"], name="one_domain_per_position")]

    def __str__(self):
        return self.title

    @property
    def shown_number(self) -> str:
        return self.number or str(self.position)

    @property
    def heading(self) -> str:
        """The domain as the pages head it: "2. Planning"."""
        return numbered(self.shown_number, self.title)


class SubDomain(Guided):
    """A heading within a domain (the tool's `### ` lines) over some of its questions. Answers are
    still counted by domain: a question's domain is always the domain above it."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="subdomains")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    number = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["domain", "position"], name="one_subdomain_per_position")]

    def __str__(self):
        return self.title

    @property
    def heading(self) -> str:
        return numbered(self.number, self.title)


class QuestionManager(models.Manager):
    # Pages show each question's standard and sub-domain beside it; fetching them with the question
    # keeps a tool's page to one query for its questions (prefetches use this too).
    def get_queryset(self):
        return super().get_queryset().select_related("standard", "subdomain")


class Question(Guided):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="questions")
    subdomain = models.ForeignKey(SubDomain, null=True, blank=True, on_delete=models.CASCADE, related_name="questions")
    # Within the domain, across its sub-domains: the portal's number is "domain.position".
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    number = models.CharField(max_length=20, blank=True, help_text="The tool's own number, shown instead of ours.")
    kind = models.CharField(max_length=10, choices=AnswerKind.choices)
    # The options of a choice, in the tool's order.
    options = models.JSONField(default=list, blank=True)
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

    @property
    def shown_number(self) -> str:
        """The tool's own number, or the portal's: the domain's, then the question's place in it."""
        return self.number or f"{self.domain.shown_number}.{self.position}"

    @property
    def is_fact(self) -> bool:
        return self.kind in FACT_KINDS


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
    # Domains the tool says may not apply, that the auditor marked as not applying to this case:
    # their questions are skipped.
    domains_not_applicable = models.ManyToManyField(Domain, blank=True, related_name="+")
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

    history = HistoricalRecords(m2m_fields=[learning_themes, domains_not_applicable])
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
    date = models.DateField(null=True, blank=True)
    number = models.IntegerField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
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
