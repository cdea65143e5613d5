"""Changes to the scorecard, each in one transaction with the history of who made it: a value
entered (typed or imported), a missed target explained, the scorecard reviewed for a week.

Who may make each change is asked here too. Each write takes `at`, the moment it tells of
(default: now), so that the demo's year of values carries the days they were entered.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import periods
from core.history import stamp
from core.working_days import add_working_days
from people.access import council_staff_member
from people.models import RoleAssignment, Service, Team
from schedule.models import Duty
from schedule.records import complete_duties

from .models import REVIEW_RECORD, Measure, MeasureValue, ScorecardReview, Source

# A value that misses its target asks its measure's owner for the reason and the planned action
# within this many working days of being entered (two working weeks: long enough to look into
# it, short enough to report it at the next month's performance meeting).
REASON_WORKING_DAYS = 10


def reason_due(entered_on: date) -> date:
    return add_working_days(entered_on, REASON_WORKING_DAYS)


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


# Who may do what. Measures themselves are the QA lead's, in the admin.


def may_enter(user, measure: Measure) -> bool:
    """Values are entered by the measure's owner, and by whoever may add values (the QA lead,
    the performance team: the reports.add_measurevalue permission, or an administrator)."""
    me = council_staff_member(user)
    return user.has_perm("reports.add_measurevalue") or (me is not None and measure.owner_id == me.id)


def may_enter_any(user) -> bool:
    me = council_staff_member(user)
    return user.has_perm("reports.add_measurevalue") or (
        me is not None and Measure.objects.filter(owner=me, active=True).exists()
    )


def measures_entered_by(user):
    """The measures in use whose values this user may enter."""
    measures = Measure.objects.filter(active=True)
    if user.has_perm("reports.add_measurevalue"):
        return measures
    me = council_staff_member(user)
    return measures.filter(owner=me) if me is not None else measures.none()


def may_explain(user, measure: Measure) -> bool:
    """The measure's owner gives the reasons for its missed targets and the planned actions, or
    someone who may change values (reports.change_measurevalue) on their behalf."""
    me = council_staff_member(user)
    return user.has_perm("reports.change_measurevalue") or (me is not None and measure.owner_id == me.id)


def may_review(user, today: date) -> bool:
    """Whoever holds, today, a role whose responsibilities include one that a scorecard review
    completes (in the shipped table: the deputy director, R27, and heads of service, R35): the
    table decides, not a list of roles here."""
    me = council_staff_member(user)
    if me is None or not me.employed_on(today):
        return False
    return (
        RoleAssignment.objects.current_on(today)
        .filter(staff=me, role__responsibilities__record=REVIEW_RECORD, role__responsibilities__active=True)
        .exists()
    )


@dataclass
class Entered:
    value: MeasureValue
    created: bool
    previous: Decimal | None  # the value it replaced, when it changed one


def _ask_for_reason(value: MeasureValue, entered_on: date) -> None:
    """A value that misses its target is owed a reason from the day it was entered (the first
    time it missed: a correction that still misses does not move the date); one that meets it
    is owed nothing."""
    if value.misses_target:
        if value.reason_due_on is None:
            value.reason_due_on = reason_due(entered_on)
    else:
        value.reason_due_on = None


def put_value(
    *,
    measure: Measure,
    day: date,
    value: Decimal,
    source: str,
    acting_user,
    team: Team | None = None,
    service: Service | None = None,
    at: datetime | None = None,
    why: str = "",
) -> Entered:
    """Record the measure's value for the period containing `day`, for the team, the service or
    (neither) the department: a new row, or a change to the one there (history keeps the old
    value). A value that has not changed is left alone. Run inside the caller's transaction when
    there is one (an import: all or nothing)."""
    if team is not None and service is not None:
        raise ValueError("A value is for a team or a service, not both")
    period = measure.period_containing(day)
    when = _now(at)
    entered_on = periods.local_date(when)
    where = {"team": team, "service": service}
    with transaction.atomic():
        current = (
            MeasureValue.objects.select_for_update().filter(measure=measure, period_start=period.start, **where).first()
        )
        if current is None:
            try:
                with transaction.atomic():
                    current = MeasureValue(
                        measure=measure,
                        period_start=period.start,
                        period_end=period.end,
                        value=value,
                        target=measure.target,
                        source=source,
                        entered_by=acting_user,
                        entered_at=when,
                        **where,
                    )
                    _ask_for_reason(current, entered_on)
                    stamp(current, acting_user, why or Source(source).label.lower(), at)
                    current.save()
                    return Entered(current, True, None)
            except IntegrityError:
                # Someone entered the same period at the same moment: change theirs instead.
                current = MeasureValue.objects.select_for_update().get(
                    measure=measure, period_start=period.start, **where
                )
        if current.value == value:
            return Entered(current, False, None)
        previous = current.value
        current.value, current.source, current.entered_by, current.entered_at = value, source, acting_user, when
        _ask_for_reason(current, entered_on)
        stamp(current, acting_user, why or f"changed from {previous}", at)
        current.save()
        return Entered(current, False, previous)


@transaction.atomic
def explain(value: MeasureValue, *, reason: str, planned_action: str, acting_user, at: datetime | None = None) -> None:
    """The owner's reason for a missed target and what they will do about it: what takes the
    value off their duties."""
    current = MeasureValue.objects.select_for_update().get(pk=value.pk)
    current.reason, current.planned_action = reason, planned_action
    current.explained_by, current.explained_at = acting_user, _now(at)
    stamp(current, acting_user, "reason and planned action given", at)
    current.save()
    value.refresh_from_db()


class AlreadyReviewed(Exception):
    pass


def week_of(day: date) -> date:
    return periods.period_containing("weekly", day).start


@transaction.atomic
def record_review(
    *, reviewer, acting_user, today: date, note: str = "", at: datetime | None = None
) -> tuple[ScorecardReview, list[Duty]]:
    """Record that the reviewer reviewed the scorecard this week, and complete their duty of
    that kind for the week (schedule.records.complete_duties says which, when one was missed).
    AlreadyReviewed if they have recorded this week's already."""
    week = week_of(today)
    review = ScorecardReview(
        reviewer=reviewer, week_start=week, note=note, recorded_by=acting_user, recorded_at=_now(at)
    )
    stamp(review, acting_user, "scorecard reviewed", at)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise AlreadyReviewed(
            f"You recorded the scorecard reviewed for the week of {week:%-d %B %Y} already."
        ) from None
    done = complete_duties(REVIEW_RECORD, on=today, record=review, acting_user=acting_user, owner=reviewer)
    return review, done


def review_this_week(reviewer, today: date) -> ScorecardReview | None:
    if reviewer is None:
        return None
    return ScorecardReview.objects.filter(reviewer=reviewer, week_start=week_of(today)).first()
