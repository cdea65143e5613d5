"""The demo council's supervision: the last two months of sessions between each manager and the
practitioners who report to them (fortnightly for newly-qualified workers, monthly for the rest, now
and then one cancelled and held again a few days later), their agendas marked, and a PDR or two,
made through the same actions the pages use, so that they complete duties as they would have.

Deterministic (its own `random.Random`), relative to `today`, each recorded on the day it was held,
and its history says so. Run after the audits (and the
observations) so that agendas carry them: e.g. Rebecca Thompson supervises Aisha Rahman monthly and
Jack Robinson, in his ASYE, fortnightly.
"""

import random
from datetime import date, timedelta

from people.demo import moment, written_at
from people.models import StaffMember
from schedule.models import Duty

from .actions import record_pdr, record_session
from .agenda import preview
from .models import AgendaItem, Kind, Outcome

SEED = 6767
DAYS_BACK = 60
P_CANCELLED = 0.08
P_DISCUSSED = 0.85

CANCELLED_REASONS = [
    "Supervisor called to a strategy meeting at short notice.",
    "Supervisee on annual leave; rearranged for later in the week.",
    "Supervisee off sick.",
]
NOTES = [
    "Audit feedback talked through; agreed to tighten the chronology on the next review.",
    "Reflected on the observation feedback; will ask the child's views before each visit.",
    "Actions reviewed: one done, one carried with a new date agreed.",
    "Development: booked onto the court skills training next month.",
]
ITEM_NOTES = ["Agreed", "Talked through; will update by the next session", "Evidence seen", ""]
PDR_SUMMARY = (
    "A good year: audits of their work graded good with a clear chronology. Supervision has been regular. "
    "Objectives for the year ahead: lead on the voice of the child in the team; complete the practice "
    "educator course."
)


def _written_at(at):
    """What a session writes beside itself, on the day too: its agenda (supervision.agenda) and
    the duties it completes (marked done by schedule), neither of which takes a moment."""
    return written_at(at, Duty, AgendaItem)


def _supervised(today: date):
    """Each practitioner employed today, by their line manager, managers in a stable order."""
    workers = (
        StaffMember.objects.employed_on(today)
        .filter(is_practitioner=True, agency__isnull=True, line_manager__isnull=False,
                line_manager__user__isnull=False, started_on__lte=today - timedelta(days=14))
        .select_related("line_manager__user")
        .order_by("line_manager__staff_number", "staff_number")
    )
    found: dict[int, list] = {}
    for worker in workers:
        found.setdefault(worker.line_manager_id, []).append(worker)
    return found


def _dates(rng: random.Random, today: date, every: int, started_on: date) -> list[date]:
    """Session dates about `every` days apart over the last DAYS_BACK days, on weekdays."""
    day = today - timedelta(days=DAYS_BACK - rng.randint(0, every // 2))
    days = []
    while day <= today:
        weekday = day - timedelta(days=max(0, day.weekday() - 4))  # a weekend becomes the Friday before
        if weekday >= started_on:
            days.append(weekday)
        day += timedelta(days=every + rng.randint(-2, 2))
    return days


def seed_supervision(today: date, *, log=print) -> int:
    """Make the demo's supervision sessions and PDRs; returns how many sessions."""
    rng = random.Random(SEED)
    made = done = 0
    for workers in _supervised(today).values():
        supervisor = workers[0].line_manager
        user = supervisor.user
        for worker in workers:
            every = 14 if worker.is_newly_qualified else 30
            for held_on in _dates(rng, today, every, worker.started_on):
                kind = Kind.REFLECTIVE if rng.random() < 0.25 else Kind.CASE
                if rng.random() < P_CANCELLED and held_on + timedelta(days=3) <= today:
                    at = moment(held_on, 9)
                    with _written_at(at):
                        record_session(acting_user=user, supervisor=supervisor, supervisee=worker, held_on=held_on,
                                       kind=kind, outcome=Outcome.CANCELLED,
                                       cancelled_reason=rng.choice(CANCELLED_REASONS), at=at)
                    made += 1
                    held_on += timedelta(days=3)
                marks = {
                    entry.key: (True, rng.choice(ITEM_NOTES)) if rng.random() < P_DISCUSSED else (False, "")
                    for entry in preview(worker, held_on)
                }
                at = moment(held_on, 16)
                with _written_at(at):
                    _session, completed = record_session(
                        acting_user=user, supervisor=supervisor, supervisee=worker, held_on=held_on, kind=kind,
                        notes=rng.choice(NOTES), marks=marks, at=at,
                    )
                made, done = made + 1, done + len(completed)
    pdrs = 0
    for appraiser, appraisee, days_ago in [("rebecca.thompson", "aisha.rahman", 20),
                                           ("priya.raman", "daniel.mensah", 35)]:
        people = {s.user.username: s for s in StaffMember.objects.select_related("user")
                  .filter(user__username__in=[appraiser, appraisee])}
        if len(people) == 2:
            held_on = today - timedelta(days=days_ago)
            at = moment(held_on, 15)
            with _written_at(at):
                record_pdr(acting_user=people[appraiser].user, appraiser=people[appraiser],
                           appraisee=people[appraisee], held_on=held_on, summary=PDR_SUMMARY, at=at)
            pdrs += 1
    log(f"Supervision: {made} sessions, completing {done} duties; {pdrs} PDRs")
    return made
