"""Who made a change to a record, why and when, for its history (django-simple-history reads
`_history_user`, `_change_reason` and `_history_date` from the instance it saves).

Every write that keeps history takes `at`, the moment it tells of (default: now), so that a record
written later than it happened (the demo's year of records) carries its own moment.
"""

from datetime import datetime


def stamp(record, acting_user, reason: str, at: datetime | None = None) -> None:
    """Who makes the next save of `record` and why, dated `at` when given."""
    record._history_user, record._change_reason = acting_user, reason
    if at is not None:
        record._history_date = at


def made_at(record, at: datetime | None) -> None:
    """A record made at `at` says so. Saving stamps `created_at` with the clock's time
    (auto_now_add), so it is set afterwards, in the row and in its history if it keeps one."""
    if at is None:
        return
    model = type(record)
    model._base_manager.filter(pk=record.pk).update(created_at=at)
    if hasattr(model, "history"):
        model.history.filter(**{model._meta.pk.attname: record.pk}).update(created_at=at)
    record.created_at = at
