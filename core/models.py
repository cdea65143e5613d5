"""A file loaded into the portal (core.imports): an import run. Who uploaded which file, when,
with which choices, how far the load has gone, and what it made or every line's error.

The run is the record of the load: the file itself is kept under var/media/imports/, with its
SHA-256, so that the same file uploaded again is recognised."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Loading"
    DONE = "done", "Loaded"
    FAILED = "failed", "Failed"


IN_PROGRESS = [ImportStatus.QUEUED, ImportStatus.RUNNING]


class ImportStorage(FileSystemStorage):
    """Uploaded files under var/media/imports/, with no public URL: they hold case references and
    staff numbers, and only the import run's page says what was in them."""

    def __init__(self):
        super().__init__(location=Path(settings.VAR_DIR) / "media" / "imports", base_url=None)


_import_storage = ImportStorage()


def import_storage() -> FileSystemStorage:
    # A callable, so the migration names this function rather than a path on one machine.
    return _import_storage


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A run is seen by the person who uploaded it, and by administrators."""
        if getattr(user, "is_superuser", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(uploaded_by=user)

    def in_progress(self):
        return self.filter(status__in=IN_PROGRESS)


class ImportRun(models.Model):
    kind = models.CharField(max_length=40)  # an importer's name in core.imports.IMPORTERS
    file = models.FileField(storage=import_storage, upload_to="%Y/%m", max_length=300)
    filename = models.CharField(max_length=255)  # as it was on the uploader's computer
    sha256 = models.CharField(max_length=64)
    options = models.JSONField(default=dict, blank=True)  # what the upload form chose
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    summary = models.CharField(max_length=500, blank=True)  # "12,000 cases loaded: 11,800 added, 200 changed"
    details = models.JSONField(default=list, blank=True)  # further lines of the result
    errors = models.JSONField(default=list, blank=True)  # [{"line": 4, "column": "opened_on", "message": ...}]
    result_url = models.CharField(max_length=300, blank=True)  # what the load made, to go on to
    result_label = models.CharField(max_length=200, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["kind", "sha256"], name="import_run_file")]
        constraints = [
            # Two uploads of one file at the same moment load it once.
            models.UniqueConstraint(
                fields=["kind", "sha256"], condition=Q(status__in=IN_PROGRESS), name="one_load_of_a_file_at_a_time"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.filename} ({self.status})"

    def get_absolute_url(self):
        return reverse("imports:run", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def rows_shown(self) -> str:
        return f"{self.rows_total:,}"

    @property
    def uploader_name(self) -> str:
        user = self.uploaded_by
        if user is None:
            return "someone whose account has since gone"
        return user.get_full_name() or user.get_username()
