"""Which records complete which duties.

A responsibility may name the kind of record that completes its duties ("audit:case_file").
Apps that keep such records register their kinds here when they start; saving a record then
calls `complete_duties`, and My duties links to the page that makes one. A duty whose
responsibility names no record (a meeting, a report) is marked done by hand.
"""

from datetime import date

from .models import Duty
from .record_kinds import KINDS, RecordKind, kind_of, register  # noqa: F401 (where the strands register)


def complete_duties(
    kinds, *, on: date, record, acting_user, owner=None, subject=None, case_reference: str = "", team=None
) -> list[Duty]:
    """Mark done, as completed by `record`, the outstanding duties of these kinds: the owner's
    duty about this case if they owe one (an audit on closure, whenever it is made, even late),
    or else the owner's duty for the period containing `on`, or failing that their earliest
    overdue one (one record, one duty: a supervision held after a missed one makes it up, late);
    and, about the subject, one such duty of each responsibility and owner (coverage: "every
    case-holder audited once a year", "monthly supervision with every practitioner"). A record
    about a team (a team meeting) completes the owner's duty about that team first, then one about
    no team; a duty about another team never."""
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    outstanding = Duty.objects.outstanding().filter(responsibility__record__in=kinds)
    # Every outstanding duty whose period has begun by `on`: the one containing it, or one whose
    # period ended before it and so was overdue by then (read from the dates, not a status).
    due = outstanding.filter(period_start__lte=on, case_reference="").order_by("period_start", "occurrence", "id")
    done = []
    if owner is not None:
        first = None
        if case_reference:
            first = (
                outstanding.filter(owner=owner, case_reference=case_reference)
                .order_by("due_on", "id")
                .first()
            )
        mine = due.filter(owner=owner, subject_staff__isnull=True)
        if first is None and team is not None:
            first = _current_or_earliest(mine.filter(subject_team=team), on)
        if first is None:
            first = _current_or_earliest(mine.filter(subject_team__isnull=True), on)
        if first is not None:
            done.append(first)
    if subject is not None:
        by_owner: dict[tuple, list[Duty]] = {}
        for duty in due.filter(subject_staff=subject).exclude(id__in=[d.id for d in done]):
            by_owner.setdefault((duty.responsibility_id, duty.owner_id), []).append(duty)
        done += [_current_or_earliest(duties, on) for duties in by_owner.values()]
    for duty in done:
        duty.mark_done(acting_user=acting_user, on=on, record=record)
    return done


def _current_or_earliest(duties, on: date) -> Duty | None:
    """The duty whose period contains the day, if there is one: a missed period stays missed
    when the next one's work is done. Otherwise the earliest overdue one, made up late."""
    duties = list(duties)
    current = [duty for duty in duties if duty.period_start <= on <= duty.period_end]
    return (current or duties or [None])[0]
