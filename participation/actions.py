"""Changes to participation records that other records depend on: each in one transaction,
with its history and the duties it completes.

Each takes `at`, the moment the change was made (default: now), so that a record written later
(the demo's meetings of the last weeks) carries the moment it tells of: its `created_at` and its
history. The duties it completes are marked done now (schedule.records takes no moment)."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from core.history import made_at, stamp
from schedule.models import Duty
from schedule.records import complete_duties

from .models import Feedback, Meeting, MeetingKind


def _owners_already_done(meeting: Meeting) -> set[int]:
    """The people whose duty this meeting has completed already (an edit completes nobody twice)."""
    return set(
        Duty.objects.filter(
            record_type=ContentType.objects.get_for_model(Meeting), record_id=meeting.pk
        ).values_list("owner_id", flat=True)
    )


def complete_meeting_duties(meeting: Meeting, *, acting_user) -> list[Duty]:
    """Each member of staff who attended, and owes a duty this kind of meeting completes, has one
    marked done (schedule.records.complete_duties chooses which; at a team meeting, their duty
    about that team first)."""
    done = []
    already = _owners_already_done(meeting)
    team = meeting.team if meeting.kind == MeetingKind.TEAM_MEETING else None
    for attendee in meeting.attendees.exclude(id__in=already).order_by("id"):
        done += complete_duties(
            meeting.record_kind, on=meeting.held_on, record=meeting, acting_user=acting_user, owner=attendee,
            team=team,
        )
    return done


@transaction.atomic
def record_meeting(
    *, acting_user, recorded_by, attendees, at: datetime | None = None, **fields
) -> tuple[Meeting, list[Duty]]:
    """A meeting held, with who attended; it completes the attendees' duties of its kind."""
    meeting = Meeting(recorded_by=recorded_by, **fields)
    stamp(meeting, acting_user, "recorded", at)
    meeting.save()
    made_at(meeting, at)
    meeting.attendees.set(attendees)
    return meeting, complete_meeting_duties(meeting, acting_user=acting_user)


@transaction.atomic
def change_meeting(meeting: Meeting, *, acting_user, attendees, at: datetime | None = None, **fields) -> list[Duty]:
    """Correct a meeting. An attendee added completes their duty; duties it completed already
    stay completed (they were done by someone's record, and the history says so)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name, value in fields.items():
        setattr(meeting, name, value)
    stamp(meeting, acting_user, "changed", at)
    meeting.save()
    if set(attendees) != set(meeting.attendees.all()):
        meeting._change_reason = "attendees changed"
        meeting.attendees.set(attendees)
    return complete_meeting_duties(meeting, acting_user=acting_user)


@transaction.atomic
def add_feedback(meeting: Meeting, *, acting_user, at: datetime | None = None, **fields) -> Feedback:
    feedback = Feedback(meeting=meeting, **fields)
    stamp(feedback, acting_user, "added", at)
    feedback.save()
    made_at(feedback, at)
    return feedback


@transaction.atomic
def change_feedback(feedback: Feedback, *, acting_user, at: datetime | None = None, **fields) -> Feedback:
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    before = feedback.status
    for name, value in fields.items():
        setattr(feedback, name, value)
    reason = f"marked {feedback.get_status_display().lower()}" if feedback.status != before else "changed"
    stamp(feedback, acting_user, reason, at)
    feedback.save()
    return feedback

