"""Changes to a complaint and its stages: each in one transaction, the complaint row locked and
read afresh (so two people answering at once cannot both succeed), with the history of who did it.

The complaint keeps its current stage and that stage's due date, which these functions alone
keep in step with the stages.

Each takes `at`, the moment the change was made (default: now), so that a step recorded later
(the demo's year of complaints) carries the moment it tells of: the `created_at` of what it makes,
and its history.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from core.history import made_at, stamp

from . import timescales
from .models import Complaint, ComplaintStatus, Outcome, Stage

# Fields of the complaint itself that the edit page changes.
DETAILS = ["received_on", "complainant", "case_reference", "team", "category", "summary", "handler",
           "lessons_learnt", "ombudsman_referred_on", "ombudsman_outcome"]


def _save(record, acting_user, reason: str, at: datetime | None = None) -> None:
    stamp(record, acting_user, reason, at)
    record.save()


def _next_sequence(year: int) -> int:
    return (Complaint.objects.filter(year=year).aggregate(last=Max("sequence"))["last"] or 0) + 1


def create_complaint(*, acting_user, at: datetime | None = None, **fields) -> Complaint:
    """A new complaint at stage 1, numbered C-<year received>-<next number that year>. Two made at
    the same moment cannot take one number: the second tries the next."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = Complaint(**fields)
                complaint.year = complaint.received_on.year
                complaint.sequence = _next_sequence(complaint.year)
                complaint.reference = f"C-{complaint.year}-{complaint.sequence:03d}"
                complaint.current_stage = 1
                complaint.due_on = timescales.due_on(1, complaint.received_on)
                _save(complaint, acting_user, "received", at)
                made_at(complaint, at)
                stage = Stage(complaint=complaint, number=1, requested_on=complaint.received_on,
                              due_on=complaint.due_on)
                _save(stage, acting_user, "stage 1 started", at)
                made_at(stage, at)
                return complaint
        except IntegrityError:
            continue
    raise RuntimeError("Could not number the complaint: too many made at once")


def _locked(complaint: Complaint) -> tuple[Complaint, Stage]:
    current = Complaint.objects.select_for_update().get(pk=complaint.pk)
    stage = Stage.objects.select_for_update().get(complaint=current, number=current.current_stage)
    return current, stage


def _refresh(complaint: Complaint) -> None:
    complaint.refresh_from_db()


@transaction.atomic
def update_details(complaint: Complaint, *, acting_user, at: datetime | None = None, **fields) -> None:
    """Correct or complete the complaint's details. A changed date of receipt moves stage 1 with
    it while stage 1 is unanswered and not extended (the edit form offers it only then)."""
    current, _ = _locked(complaint)
    stage1 = Stage.objects.select_for_update().get(complaint=current, number=1)
    for name, value in fields.items():
        setattr(current, name, value)
    moved = current.received_on != stage1.requested_on
    if moved:
        if stage1.responded_on or stage1.extended:
            raise ValidationError("The date received cannot change once stage 1 is answered or extended.")
        stage1.requested_on = current.received_on
        stage1.due_on = timescales.due_on(1, current.received_on)
        _save(stage1, acting_user, "date received corrected", at)
        if current.current_stage == 1 and current.status == ComplaintStatus.OPEN:
            current.due_on = stage1.due_on
    _save(current, acting_user, "details changed", at)
    _refresh(complaint)


@transaction.atomic
def record_response(
    complaint: Complaint, *, acting_user, responded_on: date, outcome: str, at: datetime | None = None
) -> Stage:
    """The current stage's response and its outcome. After the review panel (stage 3) the
    complaint is closed; before it, the complainant may still ask for the next stage."""
    current, stage = _locked(complaint)
    if current.status != ComplaintStatus.OPEN:
        raise ValidationError("This stage has already been answered.")
    if responded_on < stage.requested_on:
        raise ValidationError("The response cannot be before the stage was asked for.")
    stage.responded_on, stage.outcome = responded_on, outcome
    _save(stage, acting_user, f"stage {stage.number} answered", at)
    current.outcome, current.due_on = outcome, None
    if stage.number == timescales.LAST_STAGE:
        current.status, current.closed_on = ComplaintStatus.CLOSED, responded_on
    else:
        current.status = ComplaintStatus.RESPONDED
    _save(current, acting_user, f"stage {stage.number} answered", at)
    _refresh(complaint)
    return stage


@transaction.atomic
def extend_stage(
    complaint: Complaint, *, acting_user, new_due_on: date, reason: str, at: datetime | None = None
) -> Stage:
    """A later response date for the current stage, never beyond the statutory maximum (20
    working days at stage 1, 65 at stage 2; stage 3 has none)."""
    current, stage = _locked(complaint)
    if current.status != ComplaintStatus.OPEN:
        raise ValidationError("Only a stage awaiting its response can be extended.")
    if not stage.timescale.extendable:
        raise ValidationError(f"Stage {stage.number} cannot be extended.")
    if new_due_on <= stage.due_on:
        raise ValidationError(f"The new due date must be after {stage.due_on:%-d %B %Y}.")
    if new_due_on > stage.latest_due_on:
        raise ValidationError(
            f"Stage {stage.number} can be extended to {stage.latest_due_on:%-d %B %Y} at the latest "
            f"({stage.timescale.longest} working days)."
        )
    stage.due_on, stage.extended, stage.extension_reason = new_due_on, True, reason
    _save(stage, acting_user, f"stage {stage.number} extended", at)
    current.due_on = new_due_on
    _save(current, acting_user, f"stage {stage.number} extended", at)
    _refresh(complaint)
    return stage


@transaction.atomic
def escalate(
    complaint: Complaint, *, acting_user, requested_on: date, today: date, at: datetime | None = None
) -> Stage:
    """The complainant asks for the next stage: it starts on the day asked, due its statutory
    number of working days later."""
    current, stage = _locked(complaint)
    if current.status == ComplaintStatus.CLOSED or not current.may_escalate(today):
        raise ValidationError("This complaint cannot go to the next stage now.")
    earliest = stage.responded_on or stage.requested_on
    if requested_on < earliest:
        raise ValidationError(f"The request cannot be before {earliest:%-d %B %Y}.")
    following = Stage(complaint=current, number=stage.number + 1, requested_on=requested_on,
                      due_on=timescales.due_on(stage.number + 1, requested_on))
    _save(following, acting_user, f"stage {following.number} asked for", at)
    made_at(following, at)
    current.status, current.current_stage, current.due_on = ComplaintStatus.OPEN, following.number, following.due_on
    _save(current, acting_user, f"escalated to stage {following.number}", at)
    _refresh(complaint)
    return following


@transaction.atomic
def close_complaint(
    complaint: Complaint, *, acting_user, closed_on: date, outcome: str, lessons_learnt: str,
    at: datetime | None = None,
) -> None:
    """Close the complaint: the complainant accepted the response, did not go on, or withdrew
    (a stage still awaiting its response then no longer falls due)."""
    current, stage = _locked(complaint)
    if current.status == ComplaintStatus.CLOSED:
        raise ValidationError("This complaint is already closed.")
    if outcome != Outcome.WITHDRAWN and current.status == ComplaintStatus.OPEN:
        raise ValidationError("Record the stage's response first, or close the complaint as withdrawn.")
    if closed_on < (stage.responded_on or stage.requested_on):
        raise ValidationError("The complaint cannot close before its last stage began or was answered.")
    current.status, current.closed_on, current.outcome, current.due_on = (
        ComplaintStatus.CLOSED, closed_on, outcome, None
    )
    if lessons_learnt:
        current.lessons_learnt = lessons_learnt
    _save(current, acting_user, "withdrawn" if outcome == Outcome.WITHDRAWN else "closed", at)
    _refresh(complaint)
