"""The library of strand 1: the council's policies, practice standards, procedures and one-minute
guides, who owns each, which version is current and when it is next reviewed.

A review that falls due is a deadline of its owner (standards.deadlines), and audit-tool
questions may name the standard they test (audits.Question.standard).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from people.access import reads_library
from people.models import StaffMember

from .documents import document_storage, upload_path, validate_document

# A review due within this many days is "due soon" on the pages.
DUE_SOON_DAYS = 30


class Kind(models.TextChoices):
    POLICY = "policy", "Policy"
    PRACTICE_STANDARD = "practice_standard", "Practice standard"
    PROCEDURE = "procedure", "Procedure"
    ONE_MINUTE_GUIDE = "one_minute_guide", "One-minute guide"


class StandardQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if reads_library(user) else self.none()

    def in_use(self):
        return self.filter(active=True)

    def review_due_by(self, day: date):
        """Standards in use whose next review is on or before `day` (overdue ones included)."""
        return self.in_use().filter(next_review_on__lte=day)


class Standard(models.Model):
    """One document of the library. The document itself is a link (the intranet, a procedures
    site) or an uploaded file, or both."""

    title = models.CharField(max_length=200)
    code = models.SlugField(
        max_length=60,
        unique=True,
        help_text="A short name audit tools use to say a question tests this standard, for example chronologies.",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="standards_owned")
    version = models.CharField(max_length=40)
    summary = models.TextField("what it covers", blank=True)
    link = models.URLField("link to the document", max_length=500, blank=True)
    document = models.FileField(
        "uploaded file",
        blank=True,
        max_length=255,
        storage=document_storage,
        upload_to=upload_path,
        validators=[validate_document],
    )
    next_review_on = models.DateField("next review due")
    last_reviewed_on = models.DateField("last reviewed", null=True, blank=True)
    active = models.BooleanField("in use", default=True, help_text="A retired document stays in the library's history.")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            # The deadlines of My duties and the reminders: one owner's reviews due by a date.
            models.Index(fields=["owner", "next_review_on"], condition=Q(active=True), name="standard_review_due"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("standards:detail", args=[self.pk])

    def is_overdue(self, today: date) -> bool:
        return self.active and self.next_review_on < today

    def is_due_soon(self, today: date) -> bool:
        return self.active and today <= self.next_review_on <= today + timedelta(days=DUE_SOON_DAYS)

    @staticmethod
    def may_add(user) -> bool:
        return reads_library(user) and user.has_perm("standards.add_standard")

    def may_edit(self, user) -> bool:
        """Its owner, or whoever holds the permission to change standards (given in the admin)."""
        if not reads_library(user):
            return False
        staff = getattr(user, "staff_member", None)
        return (staff is not None and staff.id == self.owner_id) or user.has_perm("standards.change_standard")

    def record_review(
        self, *, acting_user, reviewed_on: date, note: str, next_review_on: date, version: str = ""
    ) -> "Review":
        """Record that the document was reviewed: a review row, and the standard's new version and
        review dates, changed together and kept in its history."""
        with transaction.atomic():
            standard = Standard.objects.select_for_update().get(pk=self.pk)
            review = Review.objects.create(
                standard=standard,
                reviewed_on=reviewed_on,
                note=note,
                version=version or standard.version,
                previous_version=standard.version,
                next_review_on=next_review_on,
                reviewed_by=acting_user,
            )
            standard.version = version or standard.version
            standard.last_reviewed_on = reviewed_on
            standard.next_review_on = next_review_on
            standard._history_user, standard._change_reason = acting_user, "reviewed"
            standard.save(update_fields=["version", "last_reviewed_on", "next_review_on"])
        self.version, self.last_reviewed_on, self.next_review_on = (
            standard.version, standard.last_reviewed_on, standard.next_review_on
        )
        return review


class Review(models.Model):
    """One review of a standard: when, what it found, the version it left and when the next is due.
    A review is recorded once and never changed."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("date reviewed")
    note = models.TextField("what the review found or changed")
    previous_version = models.CharField(max_length=40)
    version = models.CharField("version after the review", max_length=40)
    next_review_on = models.DateField("next review due")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self):
        return f"Review of {self.standard} on {self.reviewed_on:%d %B %Y}"
