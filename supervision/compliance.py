"""How supervision duties went: newly-qualified workers' fortnightly supervision (R68) and a PDR's
year of evidence. Both read duties, which the records complete; nothing recomputes the schedule."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q

from audits.models import Audit
from core import periods
from learning.models import OUTSTANDING, Action
from observations.models import Observation
from people.access import visible_staff_ids
from people.models import StaffMember
from schedule.models import Duty, Outcome, Status

from .models import SESSION_RECORD, SupervisionSession

FORTNIGHTS_SHOWN = 6

ON_TIME, LATE, MISSED, WAIVED, DUE = Outcome.ON_TIME, Outcome.LATE, Outcome.MISSED, Outcome.WAIVED, Outcome.OPEN


def outcome_of(duty: Duty, today: date) -> str:
    """How a duty went: done on time, done late, missed (past due and not done), waived, or still
    due, by the schedule's one rule (Duty.outcome)."""
    return duty.outcome(today)


@dataclass
class Tally:
    """How many duties went each way; and the one of the period containing today, with how it stands."""

    counts: Counter = field(default_factory=Counter)
    current: Duty | None = None
    current_outcome: str | None = None

    @property
    def on_time(self) -> int:
        return self.counts[ON_TIME]

    @property
    def late(self) -> int:
        return self.counts[LATE]

    @property
    def missed(self) -> int:
        return self.counts[MISSED]

    @property
    def waived(self) -> int:
        return self.counts[WAIVED]

    @property
    def due(self) -> int:
        return self.counts[DUE]

    @property
    def fell_due(self) -> int:
        """Those whose due date has passed and were not waived."""
        return self.on_time + self.late + self.missed


@dataclass
class AsyeRow:
    worker: StaffMember
    tally: Tally


def visible_observations(user):
    """Observations of, or by, someone the user may see (the observations app's own rule, once it has one)."""
    manager = Observation.objects
    if hasattr(manager, "visible_to"):
        return manager.visible_to(user)

    ids = visible_staff_ids(user)
    return manager.all() if ids is None else manager.filter(Q(practitioner_id__in=ids) | Q(observer_id__in=ids))


def fortnights_back(today: date, count: int = FORTNIGHTS_SHOWN) -> periods.Period:
    """The `count` fortnights ending with the one containing today."""
    current = periods.period_containing("fortnightly", today)
    return periods.Period(current.start - timedelta(days=14 * (count - 1)), current.end)


def asye_compliance(user, today: date, fortnights: int = FORTNIGHTS_SHOWN) -> list[AsyeRow]:
    """For each newly-qualified worker the user may see, their fortnightly supervision duties in the
    last `fortnights` fortnights: on time, late, missed, waived, and this fortnight's. Two queries."""
    span = fortnights_back(today, fortnights)
    workers = list(
        StaffMember.objects.visible_to(user).employed_on(today).council().filter(is_newly_qualified=True)
        .select_related("team").order_by("name", "id")
    )
    tallies = {worker.id: Tally() for worker in workers}
    duties = (
        Duty.objects.filter(
            responsibility__record=SESSION_RECORD, frequency="fortnightly", subject_staff__in=[w.id for w in workers],
            period_start__gte=span.start, period_start__lte=today,
        )
        .exclude(status=Status.CANCELLED)
        .order_by("period_start", "id")
    )
    for duty in duties:
        tally = tallies[duty.subject_staff_id]
        outcome = outcome_of(duty, today)
        if today in duty.period:
            tally.current, tally.current_outcome = duty, outcome
        else:
            tally.counts[outcome] += 1
    return [AsyeRow(worker, tallies[worker.id]) for worker in workers]


@dataclass
class Evidence:
    """The year before a PDR: what the portal knows of the appraisee's work."""

    start: date
    end: date
    audits: list
    observations: list
    actions: list
    sessions: list
    supervision: Tally

    @property
    def sessions_held(self) -> int:
        return sum(1 for session in self.sessions if session.is_held)

    @property
    def sessions_cancelled(self) -> int:
        return len(self.sessions) - self.sessions_held


def year_before(day: date) -> tuple[date, date]:
    try:
        start = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        start = day.replace(year=day.year - 1, day=28)
    return start + timedelta(days=1), day


def evidence_for(appraisee, held_on: date, user, *, today: date) -> Evidence:
    """The appraisee's year before `held_on`, as far as the user may see it: audits of their work,
    observations of their practice, their actions, their supervision sessions and how their
    supervision duties went. Five queries."""
    start, end = year_before(held_on)
    zone = periods.LONDON
    first, after = datetime.combine(start, time.min, tzinfo=zone), datetime.combine(end + timedelta(days=1),
                                                                                     time.min, tzinfo=zone)
    audits = list(
        Audit.objects.visible_to(user).finished().filter(case_holder=appraisee, audited_on__range=(start, end))
        .select_related("auditor", "theme").order_by("audited_on", "id")
    )
    observations = list(
        visible_observations(user).filter(practitioner=appraisee, observed_on__range=(start, end))
        .select_related("observer").order_by("observed_on", "id")
    )
    actions = list(
        Action.objects.visible_to(user).filter(owner=appraisee)
        .filter(Q(created_at__gte=first, created_at__lt=after) | Q(completed_on__range=(start, end))
                | Q(status__in=OUTSTANDING, created_at__lt=after))
        .select_related("raised_by").order_by("due_on", "id")
    )
    sessions = list(
        SupervisionSession.objects.visible_to(user).filter(supervisee=appraisee, held_on__range=(start, end))
        .select_related("supervisor").order_by("held_on", "id")
    )
    supervision = Tally()
    duties = (
        Duty.objects.visible_to(user)
        .filter(responsibility__record=SESSION_RECORD, subject_staff=appraisee, due_on__range=(start, end))
        .exclude(status=Status.CANCELLED)
    )
    for duty in duties:
        supervision.counts[outcome_of(duty, today)] += 1
    return Evidence(start, end, audits, observations, actions, sessions, supervision)
