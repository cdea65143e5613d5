"""The demo council's performance scorecard: eight key performance measures owned by its heads of
service, service leaders and the deputy director, each with the last 13 months of values for the
whole department and for a service or team or two, imported by the QA lead (or typed in by the
owner, for a team's), some off target with their reasons and planned actions, some still waiting
for them (one overdue), and one head of service who has recorded this week's scorecard review.

Made through reports.scorecard_actions, each value on the day it would have been entered, so the
history and the reasons' due dates read as they would have. Deterministic, relative to `today`.
Needs the demo council's staff (people.demo.seed_people) and its responsibilities table first.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from core.history import stamp
from core.working_days import add_working_days
from people.demo import moment
from people.models import Service, StaffMember, Team

from . import scorecard_access
from .models import Measure, MeasureValue, Source
from .scope import ReportPeriod
from .scorecard import Frequency, Rating, Unit
from .scorecard_actions import AlreadyReviewed, explain, may_review, put_value, record_review

SEED = "demo scorecard"
QA_LEAD = "nadia.hussain"  # imports the month's figures, and may enter or explain any value
REVIEWS_DONE = ["gareth.llewellyn"]  # have recorded this week's scorecard review already
MONTHS = 13
ENTERED_AFTER = 8  # working days after a period ends that its figures are imported
EXPLAINED_AFTER = 4  # working days after entry that an owner gives their reason
DEPARTMENT = scorecard_access.Level(scorecard_access.DEPARTMENT).name  # "Department-wide", as values name it


@dataclass
class Plan:
    """One demo measure, and where its values sit: a typical value, how much it varies, and for
    each service or team (by name) how far it sits from the department's."""

    name: str
    description: str
    unit: str
    target: str
    higher_is_better: bool
    amber_band: str
    owner: str  # a username
    typical: float
    spread: float
    frequency: str = Frequency.MONTHLY
    places: dict[str, float] = field(default_factory=dict)  # service or team name -> offset
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (reason, planned action)
    overdue_at: str = ""  # a service or team whose owner has not yet explained one missed value, overdue
    latest: dict[str, str] = field(default_factory=dict)  # the latest period's value at a place, still unexplained


# The data table below is laid out by hand, a measure a block, to be read as a table.
# fmt: off
PLANS = [
    Plan("Assessments completed within 45 working days",
         "Child and family assessments completed in the month that were completed within 45 working days of "
         "the referral (Mosaic report CSC-A03).", Unit.PERCENT, "90", True, "5", "priya.raman", 91.0, 2.0,
         places={"Assessment & Intervention": -0.5, "Assessment Team 1": 2.0, "Assessment Team 2": -3.5},
         latest={DEPARTMENT: "88.5", "Assessment Team 2": "83.7"},
         reasons=[("Two social workers on long-term sick leave in Assessment Team 2; the backlog from the summer "
                   "referral peak is still being worked through.",
                   "Agency social worker started; team leader reviewing every assessment past day 35 weekly."),
                  ("Rise in contacts after the schools' safeguarding week; complex cases held open for health "
                   "information.", "Weekly tracker shared with health colleagues; escalation to the designated "
                   "nurse after 5 working days.")]),
    Plan("Child protection visits within timescale",
         "Children on a child protection plan visited at least every 10 working days in the month.", Unit.PERCENT,
         "95", True, "5", "fiona.macleod", 96.5, 1.2,
         places={"Assessment & Intervention": -1.0, "Looked After Children": 1.5},
         reasons=[("Visits not recorded on the day during the case management system outage.",
                   "Workers reminded to record visits within 24 hours; records caught up and checked."),
                  ("Three families refused access; visits attempted and recorded as attempts.",
                   "Strategy discussions held; joint visits with police arranged.")]),
    Plan("Re-referrals within 12 months",
         "Referrals in the month for children referred before within the previous 12 months.", Unit.PERCENT, "20",
         False, "3", "priya.raman", 18.0, 1.5, places={"Assessment & Intervention": 0.5},
         latest={"Assessment & Intervention": "21.4"},
         reasons=[("Cases stepped down to early help without a clear plan came back within months.",
                   "Themed audit of step-down plans; step-down meetings now chaired by a team leader.")]),
    Plan("Children in care with an up-to-date health assessment",
         "Children looked after for 12 months or more whose statutory health assessment is in date.",
         Unit.PERCENT, "90", True, "5", "gareth.llewellyn", 91.5, 2.0, places={"Looked After Children": 0.0},
         latest={"Looked After Children": "86.2"},
         reasons=[("Delays in the health provider's appointments for children placed out of area.",
                   "Monthly list of due assessments sent to the looked-after children's nurse; escalated at the "
                   "Corporate Parenting Board.")]),
    Plan("Care leavers in education, employment or training",
         "Care leavers aged 19 to 21 in education, employment or training at the end of the quarter.",
         Unit.PERCENT, "60", True, "5", "gareth.llewellyn", 60.5, 2.5, frequency=Frequency.QUARTERLY,
         places={"Leaving Care Team": 1.0},
         reasons=[("Fewer apprenticeships offered by the council this year.",
                   "Personal advisers working with the virtual school on a ring-fenced apprenticeship scheme.")]),
    Plan("Average caseload per social worker",
         "Children allocated per case-holding social worker at the end of the month.", Unit.NUMBER, "18", False,
         "2", "marcus.adeyemi", 17.0, 0.7,
         places={"Assessment & Intervention": 1.6, "Looked After Children": -0.5},
         overdue_at="Assessment & Intervention",
         reasons=[("Vacancies in the assessment teams while recruitment completes.",
                   "Two posts filled from next month; cases reallocated across the service meanwhile.")]),
    Plan("Initial child protection conferences within 15 working days",
         "Initial child protection conferences held within 15 working days of the strategy discussion.",
         Unit.PERCENT, "85", True, "10", "fiona.macleod", 88.0, 3.5,
         reasons=[("Chairs' capacity reduced by a vacancy; conferences rearranged for partner attendance.",
                   "Sessional chair booked; conference slots held back for urgent cases.")]),
    Plan("Looked-after children's reviews held within timescale",
         "Reviews of looked-after children's care plans held within the statutory timescales.", Unit.PERCENT, "95",
         True, "5", "oluwaseun.bakare", 96.5, 1.0,
         reasons=[("Two reviews moved at the young people's request to fit around exams.",
                   "IROs to agree review dates with young people at the previous review.")]),
]
# fmt: on


def _entered_at(period: ReportPeriod, today: date) -> datetime:
    """When a period's figures were imported: some working days after it ended, at half past nine."""
    day = min(add_working_days(period.end, ENTERED_AFTER), today)
    return min(moment(day, 9, 30), timezone.now())


def _periods(frequency: str, today: date) -> list[ReportPeriod]:
    """The periods of the last MONTHS months that have ended."""
    last = ReportPeriod.containing("month", today).previous()
    first = last.back(MONTHS)[0].start
    kind = "month" if frequency == Frequency.MONTHLY else "quarter"
    found = ReportPeriod.containing(kind, last.end).back(MONTHS)
    return [period for period in found if period.end >= first and period.end < today]


def _figure(plan: Plan, offset: float, index: int, count: int, rng: random.Random) -> Decimal:
    drift = (index - count / 2) * plan.spread * 0.08 * (1 if plan.higher_is_better else -1)  # slowly improving
    value = plan.typical + offset + drift + rng.gauss(0, plan.spread)
    if plan.unit == Unit.PERCENT:
        value = min(max(value, 0), 100)
    return Decimal(f"{value:.1f}")


def seed_scorecard(today: date, *, log=print) -> int:
    """Make the demo's measures and values; returns how many values (none when the portal has
    measures already)."""
    if Measure.objects.exists():
        log("Scorecard: the portal has measures already; the demo's are not added")
        return 0
    people = {m.user.username: m for m in StaffMember.objects.select_related("user").filter(user__isnull=False)}
    lead = people.get(QA_LEAD)
    places = {team.name: {"team": team} for team in Team.objects.all()}
    places.update({service.name: {"service": service} for service in Service.objects.all()})
    rng = random.Random(SEED)
    made = []
    with transaction.atomic():
        if lead is not None:
            lead.user.user_permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="reports", codename__in=["add_measurevalue", "change_measurevalue"]
                )
            )
        for position, plan in enumerate(PLANS, start=1):
            owner = people.get(plan.owner)
            if owner is None:
                continue  # a council's own cast may not have them
            made += _measure(plan, position, owner, lead, places, today, rng)
        reviewed = _reviews(people, today)
    missed = [value for value in made if value.rating != Rating.GREEN]
    awaiting = [value for value in missed if value.awaiting_reason]
    overdue = [value for value in awaiting if value.reason_due_on < today]
    log(
        f"Scorecard: {len(PLANS)} measures, {len(made)} values, {len(missed)} missed their target "
        f"({len(awaiting)} awaiting a reason, {len(overdue)} overdue); reviewed this week by {reviewed}"
    )
    return len(made)


def _measure(plan: Plan, position: int, owner, lead, places, today: date, rng: random.Random) -> list[MeasureValue]:
    measure = Measure(
        name=plan.name,
        description=plan.description,
        unit=plan.unit,
        target=Decimal(plan.target),
        higher_is_better=plan.higher_is_better,
        amber_band=Decimal(plan.amber_band),
        owner=owner,
        frequency=plan.frequency,
        position=position,
    )
    periods = _periods(plan.frequency, today)
    stamp(measure, lead.user if lead else None, "demo scorecard", moment(periods[0].start, 9))
    measure.save()
    made = []
    levels = [(DEPARTMENT, {}, 0.0)]
    levels += [(name, places[name], offset) for name, offset in plan.places.items() if name in places]
    for name, place, offset in levels:
        for index, period in enumerate(periods):
            at = _entered_at(period, today)
            figure = _figure(plan, offset, index, len(periods), rng)
            if index == len(periods) - 1 and name in plan.latest:
                figure = Decimal(plan.latest[name])
            # The department's and services' figures come from the QA lead's import; a team's
            # are typed in by the measure's owner.
            typed = "team" in place
            value = put_value(
                measure=measure,
                day=period.start,
                value=figure,
                source=Source.TYPED if typed else Source.IMPORTED,
                acting_user=owner.user if typed or lead is None else lead.user,
                at=at,
                **place,
                why="typed in" if typed else "imported from the monthly performance report",
            ).value
            made.append(value)
    _explain(measure, made, owner, today, rng, plan)
    return made


def _explain(measure, values: list[MeasureValue], owner, today: date, rng: random.Random, plan: Plan) -> None:
    """Owners explain their misses a few working days after each is entered, but for the latest
    period's misses the plan sets (still waiting) and one older one (waiting still, overdue)."""
    starts = sorted({value.period_start for value in values})
    overdue = next(
        (
            value
            for value in sorted(values, key=lambda v: v.period_start, reverse=True)
            if value.level.name == plan.overdue_at and value.awaiting_reason and value.period_start < starts[-2]
        ),
        None,
    )
    for value in values:
        if not value.awaiting_reason or value is overdue:
            continue
        on = add_working_days(value.entered_at.date(), EXPLAINED_AFTER)
        if on >= today or (value.period_start == starts[-1] and value.level.name in plan.latest):
            continue
        reason, action = rng.choice(plan.reasons)
        explain(
            value,
            reason=reason,
            planned_action=action,
            acting_user=owner.user,
            at=min(moment(on, 14, 0), timezone.now()),
        )


def _reviews(people, today: date) -> str:
    names = []
    for username in REVIEWS_DONE:
        member = people.get(username)
        if member is None or not may_review(member.user, today):
            continue
        try:
            record_review(
                reviewer=member,
                acting_user=member.user,
                today=today,
                note="Assessment timeliness still amber; asked for the Team 2 recovery plan at SMT.",
                at=min(moment(today, 8, 45), timezone.now()),
            )
        except AlreadyReviewed:
            continue
        names.append(member.name)
    return ", ".join(names) or "nobody yet"
