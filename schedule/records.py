"""Which records complete which duties.

A responsibility may name the kind of record that completes its duties ("audit:case_file").
Apps that keep such records register their kinds here when they start; saving a record then
calls `complete_duties`, and My duties links to the page that makes one. A duty whose
responsibility names no record (a meeting, a report) is marked done by hand.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.urls import reverse

from .models import Duty, Status


@dataclass(frozen=True)
class RecordKind:
    name: str  # as written in the table's `record` column
    label: str  # what the person makes: "a case file audit"
    url_name: str | None = None  # the page that makes one, given `kind` as a query parameter

    def url(self) -> str | None:
        return f"{reverse(self.url_name)}?kind={self.name}" if self.url_name else None


KINDS: dict[str, RecordKind] = {}


def register(name: str, label: str, url_name: str | None = None) -> None:
    KINDS[name] = RecordKind(name, label, url_name)


def kind_of(responsibility) -> RecordKind | None:
    return KINDS.get(responsibility.record) if responsibility.record else None


def complete_duties(
    kinds, *, on: date, record, acting_user, owner=None, subject=None, case_reference: str = ""
) -> list[Duty]:
    """Mark done, as completed by `record`, the outstanding duties of these kinds: the owner's
    duty about this case if they owe one (an audit on closure, whenever it is made, even late),
    or else the owner's earliest duty that is overdue or whose period contains `on` (one record,
    one duty: a supervision held late completes the one that was missed, marked late); and, about
    the subject, the earliest such duty of each responsibility and owner (coverage: "every
    case-holder audited once a year", "monthly supervision with every practitioner")."""
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    outstanding = Duty.objects.outstanding().filter(responsibility__record__in=kinds)
    due = outstanding.filter(
        Q(period_end__gte=on) | Q(status=Status.OVERDUE), period_start__lte=on, case_reference=""
    ).order_by("period_start", "occurrence", "id")
    done = []
    if owner is not None:
        first = None
        if case_reference:
            first = (
                outstanding.filter(owner=owner, case_reference=case_reference)
                .order_by("due_on", "id")
                .first()
            )
        if first is None:
            first = due.filter(owner=owner, subject_staff__isnull=True).first()
        if first is not None:
            done.append(first)
    if subject is not None:
        earliest = {}
        for duty in due.filter(subject_staff=subject).exclude(id__in=[d.id for d in done]):
            earliest.setdefault((duty.responsibility_id, duty.owner_id), duty)
        done += earliest.values()
    for duty in done:
        duty.mark_done(acting_user=acting_user, on=on, record=record)
    return done
