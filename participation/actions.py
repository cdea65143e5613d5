"""Changes to participation records that other records depend on: each in one transaction,
with its history and the duties it completes."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

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
def record_meeting(*, acting_user, recorded_by, attendees, **fields) -> tuple[Meeting, list[Duty]]:
    """A meeting held, with who attended; it completes the attendees' duties of its kind."""
    meeting = Meeting(recorded_by=recorded_by, **fields)
    meeting._history_user, meeting._change_reason = acting_user, "recorded"
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting, complete_meeting_duties(meeting, acting_user=acting_user)


@transaction.atomic
def change_meeting(meeting: Meeting, *, acting_user, attendees, **fields) -> list[Duty]:
    """Correct a meeting. An attendee added completes their duty; duties it completed already
    stay completed (they were done by someone's record, and the history says so)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting._history_user, meeting._change_reason = acting_user, "changed"
    meeting.save()
    if set(attendees) != set(meeting.attendees.all()):
        meeting._change_reason = "attendees changed"
        meeting.attendees.set(attendees)
    return complete_meeting_duties(meeting, acting_user=acting_user)


def add_feedback(meeting: Meeting, *, acting_user, **fields) -> Feedback:
    feedback = Feedback(meeting=meeting, **fields)
    feedback._history_user, feedback._change_reason = acting_user, "added"
    feedback.save()
    return feedback


@transaction.atomic
def change_feedback(feedback: Feedback, *, acting_user, **fields) -> Feedback:
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    before = feedback.status
    for name, value in fields.items():
        setattr(feedback, name, value)
    feedback._history_user = acting_user
    feedback._change_reason = (
        f"marked {feedback.get_status_display().lower()}" if feedback.status != before else "changed"
    )
    feedback.save()
    return feedback

