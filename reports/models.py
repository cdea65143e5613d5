"""The performance scorecard: the council's key performance measures, their values period by
period (for a team, a service or the whole department), and the weekly "scorecard reviewed"
that heads of service and the deputy director record.

A value that misses its target asks the measure's owner for the reason and the planned action
by a date it keeps (`reason_due_on`), so that My duties and the digest read it with one indexed
query (reports.deadlines).
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from people.models import Service, StaffMember, Team

from . import board_kinds
from .scope import ReportPeriod
from .scorecard import TAG_CLASSES, Frequency, Rating, Unit, amber_text, period_of, rate, target_text, with_unit
from .scorecard_access import level_of, sight_of

# The kind of record (schedule.records) that completes the weekly duty to monitor performance data
# via scorecards: R27 (the deputy director) and R35 (heads of service) in the shipped table.
REVIEW_RECORD = "report:scorecard_review"


class Measure(models.Model):
    """A key performance measure: "Assessments completed within 45 working days"."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True, help_text="What is counted, and where the figure comes from.")
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    higher_is_better = models.BooleanField(
        default=True,
        help_text="Ticked when a higher value is better (visits on time); not when lower is (re-referrals).",
    )
    amber_band = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="How far on the wrong side of the target a value is still amber rather than red, in the "
        "measure's unit (5 for 'within 5 points of a 90% target'). 0: any miss is red.",
    )
    owner = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="measures_owned",
        help_text="Asked for the reason and the planned action whenever a value misses the target.",
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY)
    position = models.PositiveSmallIntegerField(default=0, help_text="Where it comes on the scorecard: lowest first.")
    active = models.BooleanField(default=True, help_text="Untick to take it off the scorecard; its values are kept.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reports:measure", args=[self.pk])

    @property
    def target_text(self) -> str:
        return target_text(self.target, self.unit, self.higher_is_better)

    @property
    def amber_shown(self) -> str:
        """The amber band as a distance: "5 percentage points", never "5%", which reads as a share."""
        return amber_text(self.amber_band, self.unit)

    def rate(self, value, target=None) -> Rating:
        return rate(
            value,
            target=self.target if target is None else target,
            higher_is_better=self.higher_is_better,
            amber_band=self.amber_band,
        )

    def period_containing(self, day: date):
        return period_of(self.frequency, day)


class Source(models.TextChoices):
    IMPORTED = "imported", "Imported from a file"
    TYPED = "typed", "Typed in"


def misses_target() -> Q:
    """Values on the wrong side of their target, as a condition the database answers."""
    return Q(measure__higher_is_better=True, value__lt=F("target")) | Q(
        measure__higher_is_better=False, value__gt=F("target")
    )


class MeasureValueQuerySet(models.QuerySet):
    def visible_to(self, user, *, today: date):
        """The values this user may see (reports.scorecard_access states the rule)."""
        return self.filter(sight_of(user, today=today).values())

    def awaiting_reason(self):
        """Values that missed their target and whose owner has not yet said why."""
        return self.filter(reason_due_on__isnull=False, explained_at__isnull=True, measure__active=True)


class MeasureValue(models.Model):
    """A measure's value for one period (a month or a quarter), for a team, a service or the whole
    department (neither). It keeps the target it was rated against: a later change of target
    does not re-rate the past."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField()
    period_end = models.DateField()
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="measure_values")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="measure_values")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(max_digits=12, decimal_places=2, help_text="The measure's target when it was entered.")
    source = models.CharField(max_length=10, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField()
    # Set when the value misses its target: the owner is asked for the reason by this day.
    reason_due_on = models.DateField("reason due", null=True, blank=True)
    reason = models.TextField("reason the target was missed", blank=True)
    planned_action = models.TextField(blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    explained_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = MeasureValueQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "-period_start", "id"]
        constraints = [
            # One value per measure, period and team, service or department: three partial
            # constraints, since NULLs never collide.
            models.UniqueConstraint(
                fields=["measure", "period_start", "team"],
                condition=Q(team__isnull=False),
                name="one_measure_value_per_team",
            ),
            models.UniqueConstraint(
                fields=["measure", "period_start", "service"],
                condition=Q(service__isnull=False),
                name="one_measure_value_per_service",
            ),
            models.UniqueConstraint(
                fields=["measure", "period_start"],
                condition=Q(team__isnull=True, service__isnull=True),
                name="one_measure_value_department_wide",
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(service__isnull=True), name="measure_value_team_or_service"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="measure_value_period_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["measure", "period_start"], name="measure_value_period"),
            # My duties and the digest: the values still waiting for a reason, by their due date.
            models.Index(
                fields=["reason_due_on"],
                condition=Q(reason_due_on__isnull=False, explained_at__isnull=True),
                name="measure_value_reason_due",
            ),
        ]

    def __str__(self):
        return f"{self.measure} – {self.period_label} – {self.level.name}"

    def get_absolute_url(self):
        return reverse("reports:measure", args=[self.measure_id])

    def explain_url(self) -> str:
        return reverse("reports:scorecard_explain", args=[self.pk])

    @property
    def level(self):
        return level_of(self)

    @property
    def period(self):
        return self.measure.period_containing(self.period_start)

    @property
    def period_label(self) -> str:
        return self.period.short_label

    @property
    def rating(self) -> Rating:
        return self.measure.rate(self.value, self.target)

    @property
    def rating_tag(self) -> str:
        return TAG_CLASSES[self.rating]

    @property
    def misses_target(self) -> bool:
        return self.rating != Rating.GREEN

    @property
    def awaiting_reason(self) -> bool:
        return self.reason_due_on is not None and self.explained_at is None

    @property
    def shown(self) -> str:
        return with_unit(self.value, self.measure.unit)

    @property
    def target_shown(self) -> str:
        return target_text(self.target, self.measure.unit, self.measure.higher_is_better)


class ScorecardReview(models.Model):
    """Someone recorded that they reviewed the scorecard in a week (Monday to Sunday): what
    completes their weekly duty to monitor performance data via scorecards (R27, R35)."""

    reviewer = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="scorecard_reviews")
    week_start = models.DateField(help_text="The Monday of the week reviewed.")
    note = models.TextField(blank=True, help_text="What they noticed, and what they asked for.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-week_start", "reviewer__name"]
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "week_start"], name="one_scorecard_review_per_week"),
        ]

    def __str__(self):
        return f"Scorecard reviewed by {self.reviewer} in the week of {self.week_start:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("reports:scorecard")


class DashboardSnapshot(models.Model):
    """One view of the dashboard's figures as last worked out (reports.snapshots): whose sight,
    which filters, on which day, drawn; not a QA record, so it keeps no history."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(max_length=500)
    html = models.TextField()
    computed_at = models.DateTimeField()
    asked_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.query} for {self.user} at {self.computed_at:%Y-%m-%d %H:%M}"


# Board reports (reports.board_kinds says the kinds, reports.board_actions makes and prints them).

NARRATIVE_LIMIT = 20_000  # characters a section: a long committee paper's section, not a runaway paste


def validate_narrative(value) -> None:
    """A report's words: a dict of section key to plain text, each at most NARRATIVE_LIMIT long."""
    if not isinstance(value, dict):
        raise ValidationError("The narrative must be a set of sections.")
    for key, text in value.items():
        if not isinstance(text, str):
            raise ValidationError(f"The section {key} must be text.")
        if len(text) > NARRATIVE_LIMIT:
            raise ValidationError(
                f"The section {key} must be {NARRATIVE_LIMIT:,} characters or fewer (it is {len(text):,})."
            )


class BoardReportStorage(FileSystemStorage):
    """The printed reports under var/media/board-reports/, with no public URL: a reader downloads
    one through the report's page, which asks whether they may see its scope."""

    def __init__(self):
        super().__init__(location=Path(settings.VAR_DIR) / "media" / "board-reports", base_url=None)


_board_storage = BoardReportStorage()


def board_storage() -> FileSystemStorage:
    # A callable, so the migration names this function rather than a path on one machine.
    return _board_storage


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class BoardReport(models.Model):
    """A board report of a kind, for a period and a scope, written by its author. A final report
    keeps the figures it printed (`frozen_figures`) and never changes; a correction is a new
    report that names the one it replaces."""

    kind = models.CharField(max_length=40)  # a key of reports.board_kinds.KINDS
    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    # What it counts: a team, a service, or (neither) the whole department.
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="board_reports")
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    narrative = models.JSONField(default=dict, blank=True, validators=[validate_narrative])
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    frozen_figures = models.JSONField(default=dict, blank=True)  # section key to figures HTML, set at finalise
    finalised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "kind", "-id"]
        indexes = [models.Index(fields=["kind", "period_start"], name="board_report_kind_period")]
        constraints = [
            models.CheckConstraint(condition=Q(service__isnull=True) | Q(team__isnull=True),
                                   name="board_report_one_scope"),
        ]

    def __str__(self):
        return f"{self.title}, {self.period.label} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("reports:board_report", args=[self.pk])

    @property
    def title(self) -> str:
        kind = board_kinds.kind_of(self.kind)
        return kind.title if kind else self.kind

    @property
    def period(self) -> ReportPeriod:
        return ReportPeriod.containing(self.period_kind, self.period_start)

    @property
    def scope_label(self) -> str:
        if self.team_id:
            return f"{self.team.name} ({self.team.service.name})"
        if self.service_id:
            return self.service.name
        return "The whole department"

    @property
    def is_final(self) -> bool:
        return self.status == ReportStatus.FINAL


class VersionState(models.TextChoices):
    QUEUED = "queued", "Queued"
    GATHERING = "gathering", "Gathering figures"
    RENDERING = "rendering", "Rendering"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


IN_PROGRESS = [VersionState.QUEUED, VersionState.GATHERING, VersionState.RENDERING]


class FiguresFrom(models.TextChoices):
    LIVE = "live", "Live figures"
    FROZEN = "frozen", "Frozen figures"


class BoardReportVersion(models.Model):
    """One printing of a report: who asked, when, from which figures, and the file with its
    SHA-256. The file is set only once it is whole, so a half-written PDF is never served."""

    report = models.ForeignKey(BoardReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=VersionState.choices, default=VersionState.QUEUED)
    error = models.TextField(blank=True)
    file = models.FileField(storage=board_storage, upload_to="%Y/%m", blank=True, max_length=300)
    sha256 = models.CharField(max_length=64, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    final = models.BooleanField(default=False)
    figures_from = models.CharField(max_length=10, choices=FiguresFrom.choices, default=FiguresFrom.LIVE)

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="board_report_version_number"),
            # Two clicks build one PDF: a report has at most one version queued or being built.
            models.UniqueConstraint(
                fields=["report"], condition=Q(state__in=IN_PROGRESS), name="one_board_report_version_in_progress"
            ),
        ]

    def __str__(self):
        return f"{self.report} version {self.number} ({self.state})"

    @property
    def in_progress(self) -> bool:
        return self.state in IN_PROGRESS
