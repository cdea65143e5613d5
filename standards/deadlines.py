"""A review that falls due is a duty of the document's owner. The responsibilities table has no
row for it, so it reaches My duties (and the reminders) as a deadline (schedule.deadlines)."""

from datetime import date

from django.urls import reverse

from schedule.deadlines import Deadline

from .models import Standard

KIND = "Review of a policy or standard"


def review_deadlines(staff, *, today: date, until: date) -> list[Deadline]:
    """The reviews of the standards in use this person owns, due by `until`, overdue ones
    included: one query."""
    owned = Standard.objects.all() if staff is None else Standard.objects.filter(owner=staff)
    due = owned.review_due_by(until).order_by("next_review_on", "title")
    return [
        Deadline(kind=KIND, title=standard.title, due_on=standard.next_review_on,
                 url=reverse("standards:review", args=[standard.pk]), owner_id=standard.owner_id)
        for standard in due.only("id", "title", "next_review_on", "owner_id")
    ]
