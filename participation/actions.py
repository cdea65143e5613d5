"""Changes to participation records that other records depend on: each in one transaction,
with its history and the duties it completes."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from schedule.models import Duty, Status
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
    """Each member of staff who attended, and owes a duty this kind of meeting completes, has
    their earliest one that is overdue or whose period contains the day it was held marked done
    (held late, the missed one, marked late). At a team meeting, an attendee's duty about that
    team comes first, then one about no team; never a duty about another team."""
    done = []
    already = _owners_already_done(meeting)
    for attendee in meeting.attendees.exclude(id__in=already).order_by("id"):
        if meeting.kind == MeetingKind.TEAM_MEETING:
            duty = _team_meeting_duty(meeting, attendee)
            if duty is not None:
                duty.mark_done(acting_user=acting_user, on=meeting.held_on, record=meeting)
                done.append(duty)
        else:
            done += complete_duties(
                meeting.record_kind, on=meeting.held_on, record=meeting, acting_user=acting_user, owner=attendee
            )
    return done


def _team_meeting_duty(meeting: Meeting, attendee) -> Duty | None:
    # schedule.records.complete_duties knows owners and staff subjects, not team subjects (R41:
    # "attend each team meeting within own service", one duty per team): the same choice, here.
    on = meeting.held_on
    due = (
        Duty.objects.outstanding()
        .filter(responsibility__record=meeting.record_kind, owner=attendee, subject_staff__isnull=True,
                case_reference="", period_start__lte=on)
        .filter(Q(period_end__gte=on) | Q(status=Status.OVERDUE))
        .order_by("period_start", "occurrence", "id")
    )
    if meeting.team_id is not None:
        about_team = due.filter(subject_team_id=meeting.team_id).first()
        if about_team is not None:
            return about_team
    return due.filter(subject_team__isnull=True).first()


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

