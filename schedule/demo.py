"""The demo council's year of duties: the responsibilities table, and a year lived week by week.

The planner runs each Monday as the nightly job would, and people complete, miss or have waived
the duties as they fall due, so the history of every duty reads as it would have happened: the
planner's rows carry the night it ran, each completion and waiver the day it happened.

Deterministic (the `random.Random` the demo council was cast with, people.demo), relative to
`today`. Needs the demo council's people (people.demo.seed_people) first; the strands' records
(each app's demo) come after, and complete this year's duties.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_update_with_history

from people.demo import SEED, YEAR, moment, written_at
from people.models import StaffMember

from .importing import DEFAULT_TABLE, import_responsibilities
from .models import OUTSTANDING, Duty, Responsibility, Status
from .planner import plan_duties

NIGHTLY = (2, 15)  # when the planner runs: hour, minute

# Whose pages must show something overdue: each misses two duties that fell due in the last 75 days
# (people by their key in the demo's cast, people.demo).
SHOWCASE = {"tl_at1", "atm_at1", "sl_assess", "head_ai", "deputy", "head_sm"}
SHOWCASE_DAYS = 75

# The data tables below are laid out by hand, a row a line, to be read as tables.
# fmt: off
# How the year went: of the duties that fell due, the shares missed (left overdue) and waived; of
# those done, the share done after the due date.
P_MISSED, P_WAIVED, P_LATE = 0.07, 0.035, 0.18

NOTES = {
    "audit": ["Audit completed and graded; feedback given to the worker.",
              "Audited; two actions set for the team leader.", "Audit done. Good chronology, plan needs tightening."],
    "observation": ["Observation done; feedback discussed and recorded.",
                    "Observed a home visit; feedback given the same day."],
    "supervision": ["Supervision held; record on file.", "1:1 held, actions agreed.", "Reflective supervision held."],
    "participation": ["Attended; feedback logged for 'you said, we did'.",
                      "Met the young people; three asks taken away."],
    "complaints": ["Complaints log reviewed; lessons shared with team leaders."],
    "performance": ["Scorecard reviewed; exceptions raised at SMT.", "Figures reviewed, no exceptions."],
    "meeting": ["Attended; notes circulated.", "Held; minutes on the shared drive."],
    "report": ["Report submitted."],
    "other": ["Done."],
}
WAIVER_REASONS = {
    "meeting": ["Meeting stood down during the Ofsted ILACS inspection week.",
                "Meeting cancelled by the chair; nothing to attend."],
    "participation": ["Session cancelled by the organisers; rearranged for next period."],
    "audit": ["Covered by the joint audit with the Safeguarding Partnership this period."],
    "any": ["On long-term sick leave for the whole period.", "On annual leave for the whole period.",
            "Redeployed to cover the Ofsted ILACS inspection this period."],
}
# fmt: on


def seed_responsibilities(*, log=print) -> None:
    """The shipped responsibilities table (and the roles it names), unless the portal has one."""
    if not Responsibility.objects.exists():
        log(f"Responsibilities: {import_responsibilities(DEFAULT_TABLE.read_bytes())}")


def seed_year(today: date, staff: dict[str, StaffMember], *, rng: random.Random | None = None, log=print) -> None:
    """Live the year before `today` for the demo council's `staff` (people.demo.seed_people: by
    their key in the cast), then plan today's duties as the nightly job would."""
    rng = rng or random.Random(SEED)
    _live_the_year(today, today - YEAR, staff, rng, log)
    plan_duties(today)


@dataclass
class Fate:
    """What happens to one duty: done, waived or missed (left open), and on which day."""

    outcome: str
    on: date | None = None
    carried_out: bool = False


def _live_the_year(today: date, start: date, staff: dict[str, StaffMember], rng: random.Random, log) -> None:
    user_of = {member.id: member.user_id for member in staff.values()}
    manager_user = {member.id: user_of[member.line_manager_id] for member in staff.values() if member.line_manager_id}
    showcase = {staff[key].id for key in SHOWCASE}
    showcase_missed: dict[int, set[int]] = {}  # owner -> responsibilities with a forced miss
    fates: dict[int, Fate] = {}

    def decide(responsibility_id, owner_id, period_start, due_on, seen) -> Fate:
        draw = rng.random()
        if owner_id in showcase and today - timedelta(days=SHOWCASE_DAYS) <= due_on < today:
            missed = showcase_missed.setdefault(owner_id, set())
            # Two misses, of different tasks, so the same people also have recent work done.
            if len(missed) < 2 and responsibility_id not in missed:
                missed.add(responsibility_id)
                return Fate(Status.OPEN)  # missed: left open, so overdue once its day has passed
        if draw < P_MISSED:
            return Fate(Status.OPEN)
        if draw < P_MISSED + P_WAIVED and owner_id in manager_user:
            on = due_on + timedelta(days=rng.randint(-10, 4))
            return Fate(Status.WAIVED, max(on, period_start, seen))
        if rng.random() < P_LATE:
            on = due_on + timedelta(days=rng.randint(1, 12))
        else:
            # Most work is done in the second half of its period.
            span = (due_on - period_start).days
            on = period_start + timedelta(days=round(rng.triangular(0, span, span)))
        return Fate(Status.DONE, max(on, seen))

    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    days = [monday + timedelta(weeks=n) for n in range((today - monday).days // 7 + 1)]
    if days[-1] != today:
        days.append(today)
    for day in days:
        # What people did last week first, so work finished on time is never left open past its day.
        _carry_out(
            [duty_id for duty_id, fate in fates.items() if fate.on and fate.on < day and not fate.carried_out],
            fates,
            user_of,
            manager_user,
            rng,
        )
        with written_at(moment(day, *NIGHTLY), Duty):  # as the nightly job would have run it
            plan_duties(day)
        outstanding = (
            Duty.objects.filter(status__in=OUTSTANDING)
            .order_by("id")
            .values_list("id", "responsibility_id", "owner_id", "period_start", "due_on")
        )
        for duty_id, responsibility_id, owner_id, period_start, due_on in outstanding:
            if duty_id not in fates:
                fates[duty_id] = decide(responsibility_id, owner_id, period_start, due_on, day)
        if day.day <= 7 and day.month in (1, 4, 7, 10):
            log(f"  {day}: {Duty.objects.count()} duties so far")


def _carry_out(ids: list[int], fates: dict[int, Fate], user_of, manager_user, rng: random.Random) -> None:
    """Complete and waive, as their owners and managers would have, the duties whose day has come."""
    done, waived = [], []
    for duty in Duty.objects.filter(id__in=ids, status__in=OUTSTANDING).select_related("responsibility").order_by("id"):
        fate = fates[duty.id]
        duty._history_date = moment(fate.on, 9 + duty.id % 8, duty.id * 7 % 60)
        if fate.outcome == Status.DONE:
            duty.status, duty.completed_on = Status.DONE, fate.on
            duty.completed_late = fate.on > duty.due_on
            duty.completed_by_id = user_of[duty.owner_id]
            duty.completion_note = rng.choice(NOTES[duty.responsibility.strand]) if rng.random() < 0.6 else ""
            done.append(duty)
        else:
            duty.status, duty.waived_on, duty.waived_by_id = Status.WAIVED, fate.on, manager_user[duty.owner_id]
            duty.waived_reason = rng.choice(WAIVER_REASONS.get(duty.responsibility.strand, []) + WAIVER_REASONS["any"])
            waived.append(duty)
    _set_history_users(done + waived)
    # The same fields and history as Duty.mark_done and Duty.waive, a year's worth at a time.
    bulk_update_with_history(
        done, Duty, ["status", "completed_on", "completed_late", "completed_by", "completion_note"], batch_size=500,
        default_change_reason="marked done",
    )
    bulk_update_with_history(
        waived, Duty, ["status", "waived_on", "waived_by", "waived_reason"], batch_size=500,
        default_change_reason="waived",
    )
    for duty_id in ids:
        fates[duty_id].carried_out = True


def _set_history_users(duties: list[Duty]) -> None:
    # The history records who acted: the owner who completed, the manager who waived.
    User = get_user_model()
    ids = {d.completed_by_id or d.waived_by_id for d in duties}
    users = User.objects.in_bulk(ids)
    for duty in duties:
        duty._history_user = users[duty.completed_by_id or duty.waived_by_id]
