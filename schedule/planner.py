"""Turning the responsibilities table and the people who hold its roles into duties.

`plan_duties(today)` makes the duties of the current and the next period of every periodic
responsibility, cancels the outstanding ones nobody owes any more (leavers, role changes, a
responsibility switched off). It reads everything it needs in a handful of queries, works out
in memory what is owed, and writes only the difference, so a second run the same day changes
nothing. Duties raised by an event (a case closing or transferring) are not its to plan, move or
cancel. It marks nothing overdue: a duty is overdue the day after its due date, whenever the
planner last ran (Duty.state).

A person owes a period's duty when, on the day it falls due, they are employed and hold the
role; a subject (a report, a practitioner, a team) is owed a duty when the person is employed
on that day too.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import periods
from people.models import RoleAssignment, StaffMember, Team

from .models import AppliesTo, Duty, Responsibility, Status

# (responsibility_id, owner_id, period_start, occurrence, subject_staff_id, subject_team_id)
DutyKey = tuple


@dataclass
class PlanResult:
    created: int = 0
    cancelled: int = 0
    reopened: int = 0

    def __str__(self):
        return f"{self.created} duties created, {self.cancelled} cancelled, {self.reopened} reopened"


@dataclass(frozen=True)
class Owed:
    """One duty that should exist, before it is a row."""

    key: DutyKey
    period: periods.Period
    frequency: str


class Organisation:
    """The staff, teams and role assignments the planner needs, read once, with the staff indexed
    by team and by service, so that who is in an assignment's scope costs the size of that scope,
    not of the whole council."""

    def __init__(self, roles: set[int]):
        self.staff = {s.id: s for s in StaffMember.objects.only(
            "id", "team_id", "line_manager_id", "is_case_holder", "is_practitioner",
            "is_newly_qualified", "started_on", "left_on",
        )}
        self.team_service = dict(Team.objects.values_list("id", "service_id"))
        self.assignments = defaultdict(list)
        for assignment in RoleAssignment.objects.filter(role_id__in=roles):
            self.assignments[assignment.role_id].append(assignment)
        self.reports = defaultdict(list)
        self.by_team = defaultdict(list)
        self.by_service = defaultdict(list)
        self.teams_of_service = defaultdict(list)
        for team_id, service_id in self.team_service.items():
            self.teams_of_service[service_id].append(team_id)
        for person in self.staff.values():
            if person.line_manager_id:
                self.reports[person.line_manager_id].append(person)
            self.by_team[person.team_id].append(person)
            self.by_service[self.team_service.get(person.team_id)].append(person)

    def in_scope(self, assignment: RoleAssignment):
        """The staff whose team is within the assignment's scope (RoleAssignment.covers)."""
        if assignment.team_id:
            return self.by_team.get(assignment.team_id, [])
        if assignment.service_id:
            return self.by_service.get(assignment.service_id, [])
        return self.staff.values()

    def teams_in_scope(self, assignment: RoleAssignment) -> list[int]:
        if assignment.team_id:
            return [assignment.team_id] if assignment.team_id in self.team_service else []
        if assignment.service_id:
            return self.teams_of_service.get(assignment.service_id, [])
        return list(self.team_service)


def subjects(responsibility: Responsibility, assignment: RoleAssignment, org: Organisation, due: date):
    """(subject_staff_id, subject_team_id) pairs the holder owes this responsibility about."""
    holder = org.staff[assignment.staff_id]
    applies_to = responsibility.applies_to
    if applies_to == AppliesTo.HOLDER:
        return [(None, None)]
    if applies_to in (AppliesTo.REPORTS, AppliesTo.NQSW_REPORTS):
        return [
            (person.id, None)
            for person in org.reports[holder.id]
            if person.employed_on(due)
            and (applies_to == AppliesTo.REPORTS or person.is_newly_qualified)
        ]
    if applies_to in (AppliesTo.PRACTITIONERS, AppliesTo.CASE_HOLDERS):
        flag = "is_practitioner" if applies_to == AppliesTo.PRACTITIONERS else "is_case_holder"
        return [
            (person.id, None)
            for person in org.in_scope(assignment)
            if person.id != holder.id and getattr(person, flag) and person.employed_on(due)
        ]
    if applies_to == AppliesTo.TEAMS:
        return [(None, team_id) for team_id in org.teams_in_scope(assignment)]
    if applies_to == AppliesTo.TEAM:
        # The team(s) the role is held over; for a role held over the organisation, the holder's own.
        if assignment.team_id or assignment.service_id:
            return [(None, team_id) for team_id in org.teams_in_scope(assignment)]
        return [(None, holder.team_id)] if holder.team_id else []
    raise ValueError(f"unknown applies_to {applies_to!r}")


def owed_duties(today: date, responsibilities, org: Organisation) -> dict[DutyKey, Owed]:
    """Every duty of the current and next period that someone owes, by key."""
    start_month = settings.FINANCIAL_YEAR_START_MONTH
    owed: dict[DutyKey, Owed] = {}
    for responsibility in responsibilities:
        current = periods.period_containing(responsibility.frequency, today, start_month)
        for period in (current, periods.next_period(responsibility.frequency, current, start_month)):
            due = period.end
            for assignment in org.assignments[responsibility.role_id]:
                holder = org.staff[assignment.staff_id]
                if not (assignment.current_on(due) and holder.employed_on(due)):
                    continue
                for subject_staff_id, subject_team_id in subjects(responsibility, assignment, org, due):
                    for occurrence in range(1, responsibility.occurrences + 1):
                        key = (
                            responsibility.id, holder.id, period.start, occurrence,
                            subject_staff_id, subject_team_id,
                        )
                        owed[key] = Owed(key, period, responsibility.frequency)
    return owed


def _one_planner_at_a_time() -> None:
    """Two runs at once (a retried task, a second beat) wait for each other. SQLite's
    IMMEDIATE transactions already do; PostgreSQL takes a lock for this transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('qaportal.plan_duties'))")


@transaction.atomic
def plan_duties(today: date) -> PlanResult:
    _one_planner_at_a_time()
    result = PlanResult()
    responsibilities = [
        r for r in Responsibility.objects.filter(active=True) if r.is_periodic and r.occurrences
    ]
    org = Organisation({r.role_id for r in responsibilities})
    owed = owed_duties(today, responsibilities, org)

    # Every duty from the current periods on, in any state, locked so that a duty marked done
    # meanwhile is not overwritten (full rows: their history is written when they change). Only
    # the duties the planner plans: one raised by an event (a case closing) is owed until it is
    # done or waived, whatever the table's periods say.
    earliest = min((o.period.start for o in owed.values()), default=today)
    existing = {
        duty.key: duty
        for duty in Duty.objects.select_for_update().planned().filter(period_end__gte=min(earliest, today))
    }

    new = [
        Duty(
            responsibility_id=key[0], owner_id=key[1], frequency=o.frequency, period_start=o.period.start,
            period_end=o.period.end, occurrence=key[3], subject_staff_id=key[4],
            subject_team_id=key[5], due_on=o.period.end, status=Status.OPEN,
        )
        for key, o in owed.items()
        if key not in existing
    ]
    bulk_create_with_history(new, Duty, batch_size=500, default_change_reason="planned")
    result.created = len(new)

    to_cancel, to_reopen, to_move = [], [], []
    for key, duty in existing.items():
        open_or_cancelled = duty.status in (Status.OPEN, Status.CANCELLED)
        if key in owed and open_or_cancelled and duty.period_end != owed[key].period.end:
            # The responsibility's frequency (or the financial year) changed: same start, new end.
            duty.period_end = duty.due_on = owed[key].period.end
            duty.frequency = owed[key].frequency
            duty.status = Status.OPEN
            to_move.append(duty)
        elif duty.status == Status.OPEN and key not in owed and duty.period_end >= today:
            duty.status = Status.CANCELLED
            to_cancel.append(duty)
        elif duty.status == Status.CANCELLED and key in owed:
            duty.status = Status.OPEN
            to_reopen.append(duty)
    # A leaver's outstanding duties from earlier periods are cancelled too: nobody will do them.
    leavers = (
        Duty.objects.select_for_update().planned().outstanding().filter(owner__left_on__lt=today, period_end__lt=today)
    )
    for duty in leavers:
        duty.status = Status.CANCELLED
        to_cancel.append(duty)

    bulk_update_with_history(to_cancel, Duty, ["status"], batch_size=500, default_change_reason="no longer owed")
    bulk_update_with_history(to_reopen, Duty, ["status"], batch_size=500, default_change_reason="owed again")
    bulk_update_with_history(
        to_move, Duty, ["frequency", "period_end", "due_on", "status"], batch_size=500,
        default_change_reason="period changed",
    )
    result.cancelled, result.reopened = len(to_cancel), len(to_reopen)
    return result
