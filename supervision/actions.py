"""Recording supervision sessions and PDRs: each change in one transaction, with its history and
the duties it completes. Only a held session completes duties; a cancelled one is kept, with its
reason, and completes nothing.

Each takes `at`, the moment the change was made (default: now), so that a record written later
(the demo's two months of sessions) carries the moment it tells of: the session's or PDR's
`created_at` and its history. Its agenda items and the duties it completes are written now
(supervision.agenda and schedule.records take no moment)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import made_at, stamp
from schedule.records import complete_duties

from .agenda import fill_agenda
from .models import PDR, PDR_RECORD, SESSION_RECORD, Outcome, SupervisionSession


def _check(outcome: str, cancelled_reason: str) -> None:
    if outcome not in Outcome.values:
        raise ValidationError(f"Unknown outcome {outcome!r}")
    if outcome == Outcome.CANCELLED and not cancelled_reason.strip():
        raise ValidationError("Say why the session was cancelled.")


def _complete(session, acting_user) -> list:
    """A held session completes the earliest outstanding supervision duty about the supervisee, of
    each responsibility and owner (monthly R67 and, for an NQSW, fortnightly R68): the one missed,
    marked late, if it is recorded late."""
    if not session.is_held:
        return []
    return complete_duties(SESSION_RECORD, on=session.held_on, record=session, acting_user=acting_user,
                           subject=session.supervisee)


@transaction.atomic
def record_session(
    *, acting_user, supervisor, supervisee, held_on: date, kind: str, outcome: str = Outcome.HELD,
    cancelled_reason: str = "", notes: str = "", marks: dict | None = None, at: datetime | None = None,
) -> tuple[SupervisionSession, list]:
    """Record a session; its agenda carries the QA feedback about the supervisee since their last
    held session, marked as `marks` says ({"audit-12": (discussed, note)}). Returns the session and
    the duties it completed."""
    _check(outcome, cancelled_reason)
    session = SupervisionSession(
        supervisor=supervisor, supervisee=supervisee, held_on=held_on, kind=kind, outcome=outcome,
        cancelled_reason=cancelled_reason if outcome == Outcome.CANCELLED else "", notes=notes,
    )
    stamp(session, acting_user, "recorded" if outcome == Outcome.HELD else "recorded as cancelled", at)
    session.save()
    made_at(session, at)
    fill_agenda(session, acting_user=acting_user, marks=marks)
    return session, _complete(session, acting_user)


@transaction.atomic
def update_session(
    session: SupervisionSession, *, acting_user, held_on: date, kind: str, outcome: str, cancelled_reason: str = "",
    notes: str = "", marks: dict | None = None, at: datetime | None = None,
) -> list:
    """Change a session and mark its agenda. A cancelled session recorded as held after all completes
    its duties then; a held one cannot be cancelled afterwards, since the duties it completed stay
    done. Returns the duties completed now."""
    session = SupervisionSession.objects.select_for_update().get(pk=session.pk)
    _check(outcome, cancelled_reason)
    was_held, old_date = session.is_held, session.held_on
    if was_held and outcome == Outcome.CANCELLED:
        raise ValidationError("This session was recorded as held, so it cannot be cancelled now.")
    session.held_on, session.kind, session.outcome, session.notes = held_on, kind, outcome, notes
    session.cancelled_reason = cancelled_reason if outcome == Outcome.CANCELLED else ""
    stamp(session, acting_user, "recorded as held" if session.is_held and not was_held else "changed", at)
    session.save()
    fill_agenda(session, acting_user=acting_user, marks=marks, prune=held_on != old_date)
    return _complete(session, acting_user) if not was_held else []


@transaction.atomic
def record_pdr(
    *, acting_user, appraiser, appraisee, held_on: date, summary: str, at: datetime | None = None
) -> tuple[PDR, list]:
    """Record a PDR; it completes the annual PDR duty about the appraisee (R21, R33)."""
    pdr = PDR(appraiser=appraiser, appraisee=appraisee, held_on=held_on, summary=summary)
    stamp(pdr, acting_user, "recorded", at)
    pdr.save()
    made_at(pdr, at)
    done = complete_duties(PDR_RECORD, on=held_on, record=pdr, acting_user=acting_user, subject=appraisee)
    return pdr, done


@transaction.atomic
def update_pdr(pdr: PDR, *, acting_user, held_on: date, summary: str, at: datetime | None = None) -> None:
    pdr = PDR.objects.select_for_update().get(pk=pdr.pk)
    pdr.held_on, pdr.summary = held_on, summary
    stamp(pdr, acting_user, "changed", at)
    pdr.save()
