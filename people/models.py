"""The council's organisation: services, teams, staff, line management and who holds which role."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from . import line


class Service(models.Model):
    name = models.CharField(max_length=120, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agency(models.Model):
    """A partner agency (police, health, education, ...) that takes part in multi-agency audits.
    Its people sign in to the portal and see only the multi-agency audits they take part in."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        PROBATION = "probation", "Probation"
        OTHER = "other", "Other"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


class Role(models.Model):
    """A role named in a council's responsibilities table. Roles are data: importing a table
    creates the roles it names."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    oversees_scope = models.BooleanField(
        default=False,
        help_text="Holders of this role see the duties of everyone in the service or team the "
        "role is held over (the whole organisation when it is held over neither).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:140]
        super().save(*args, **kwargs)


class StaffMemberQuerySet(models.QuerySet):
    def employed_on(self, day: date):
        return self.filter(Q(started_on__lte=day), Q(left_on__isnull=True) | Q(left_on__gte=day))

    def council(self):
        """The council's own staff, not partner agencies' people."""
        return self.filter(agency__isnull=True)

    def visible_to(self, user):
        from .access import visible_staff_ids

        ids = visible_staff_ids(user)
        return self if ids is None else self.filter(id__in=ids)


class StaffMember(models.Model):
    """A member of staff. Children are never people in the portal: only staff are."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
    )
    staff_number = models.CharField(
        max_length=30, unique=True, help_text="The number the HR system knows this person by."
    )
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports"
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text="Only for people of a partner agency; empty for the council's own staff.",
    )
    is_case_holder = models.BooleanField("case-holder", default=False)
    is_practitioner = models.BooleanField("practitioner", default=False)
    is_newly_qualified = models.BooleanField(
        "newly-qualified (ASYE)", default=False, help_text="In their Assessed and Supported Year in Employment."
    )
    started_on = models.DateField()
    left_on = models.DateField(null=True, blank=True, help_text="Last working day, once known.")
    on_leave_from = models.DateField(
        null=True, blank=True, help_text="First day of leave: no reminder e-mails while away."
    )
    on_leave_until = models.DateField(null=True, blank=True, help_text="Last day of leave.")

    history = HistoricalRecords()
    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["line_manager"]), models.Index(fields=["team"])]

    def __str__(self):
        return self.name

    @property
    def is_partner(self) -> bool:
        """Someone from a partner agency, not the council's staff."""
        return self.agency_id is not None

    def on_leave(self, day: date) -> bool:
        """Away on this day: gets no digest, though their overdue duties still escalate."""
        return (
            self.on_leave_from is not None
            and self.on_leave_from <= day
            and (self.on_leave_until is None or day <= self.on_leave_until)
        )

    def employed_on(self, day: date) -> bool:
        return self.started_on <= day and (self.left_on is None or self.left_on >= day)

    def clean(self):
        errors = {}
        if self.left_on and self.started_on and self.left_on < self.started_on:
            errors["left_on"] = "The leaving date must be on or after the start date."
        if self.line_manager_id is not None:
            # The line as it would be with this change: nobody may end up above themselves.
            lines = dict(StaffMember.objects.values_list("id", "line_manager_id"))
            lines[self.pk] = self.line_manager_id
            if self.line_manager_id == self.pk or line.loops(self.pk, lines):
                errors["line_manager"] = "A person cannot manage themselves, directly or through others."
        if errors:
            raise ValidationError(errors)


class RoleAssignmentQuerySet(models.QuerySet):
    def current_on(self, day: date):
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class RoleAssignment(models.Model):
    """This person holds this role, over a service, a team or (neither) the whole organisation,
    from one date to another."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["role__name", "staff__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=True) | Q(team__isnull=True),
                name="role_over_service_or_team_not_both",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.staff} – {self.role} ({self.scope_label})"

    @property
    def scope_label(self) -> str:
        if self.team_id:
            return str(self.team)
        if self.service_id:
            return str(self.service)
        return "Whole organisation"

    def current_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)

    @property
    def covers_organisation(self) -> bool:
        return self.team_id is None and self.service_id is None

    def covers(self, team_id: int | None, service_id: int | None) -> bool:
        """Whether a team (of this service) is within the role's scope: the one rule both the
        access rules and the planner use."""
        if self.team_id:
            return team_id == self.team_id
        if self.service_id:
            return service_id == self.service_id
        return True
