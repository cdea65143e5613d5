"""Adding a standard to the library and changing one: each in one transaction, with its history.
(Recording a review is Standard.record_review.)

Each takes `at`, the moment the change was made (default: now), so that a record written later
(the demo's library) carries the moment it tells of: the standard's `created_at` and its history."""

from datetime import datetime

from django.db import transaction

from core.history import stamp

from .models import Standard


@transaction.atomic
def add_standard(standard: Standard, *, acting_user, at: datetime | None = None) -> Standard:
    """Add a new standard (`standard`, unsaved, as the standard form made it, with any uploaded
    file, which is stored now) to the library."""
    _save(standard, acting_user, "added to the library", at)
    if at is not None:
        # Saving stamps `created_at` with the clock's time (auto_now_add), so it is set afterwards.
        Standard.objects.filter(pk=standard.pk).update(created_at=at)
        Standard.history.filter(id=standard.pk).update(created_at=at)
        standard.created_at = at
    return standard


@transaction.atomic
def change_standard(standard: Standard, *, acting_user, at: datetime | None = None) -> Standard:
    """Save the changes made to a standard (`standard` as the standard form left it: its details,
    and its file replaced or removed)."""
    _save(standard, acting_user, "changed", at)
    return standard


def _save(standard, acting_user, reason: str, at: datetime | None = None) -> None:
    stamp(standard, acting_user, reason, at)
    standard.save()
