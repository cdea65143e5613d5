"""The demo council's complaints: a year of them, handled by the Complaints Manager (linda.okafor)
and team leaders, at every step of the procedure: answered at stage 1, extended, escalated to an
investigation (two still running), one to a review panel, one withdrawn, one referred to the
Ombudsman, two overdue, and the newest just received, with lessons learnt and actions arising.

Made through complaints.actions, each step at half past ten on the day it happened, so the
history reads as it would have. Deterministic, relative to `today`. Needs the demo council's
staff (people.demo.seed_people) first; the case list (cases.demo) is used when it is there.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from cases.models import Case
from core.working_days import add_working_days
from learning.plans import raise_action
from people.demo import moment
from people.models import StaffMember, Team

from . import actions
from .models import Complaint, ComplaintStatus

SEED = "demo complaints"
COMPLAINTS_MANAGER = "linda.okafor"


@dataclass
class Plan:
    """One demo complaint: received so many days ago, by whom, about what, handled by whom, then
    its steps, each (working days after the stage began, what happened)."""

    days_ago: int
    handler: str  # a username
    team: str | None  # the team complained about; None: the handler's
    complainant: str
    category: str
    summary: str
    steps: list[tuple] = field(default_factory=list)
    lessons: str = ""
    ombudsman: tuple | None = None  # (working days after closing, decision)
    action: str = ""  # an action raised from it, owned by the handler


# Steps: ("respond", working days, outcome), ("extend", working days to, reason), ("escalate", working
# days after the response), ("close", working days after the response, outcome), ("withdraw", working days).
PLANS = [
    Plan(350, "rebecca.thompson", None, "parent", "communication",
         "The parent says the social worker did not return calls for two weeks during the assessment.",
         [("respond", 8, "partly_upheld"), ("close", 12, "partly_upheld")],
         lessons="Calls to be returned within one working day; duty cover named in the out-of-office message.",
         action="Add duty cover to every out-of-office message in the team"),
    Plan(320, COMPLAINTS_MANAGER, "Children in Care Team 1", "child", "decision",
         "The young person disagrees with the decision to move them to a new placement without a meeting.",
         [("respond", 9, "not_upheld"), ("escalate", 6), ("extend", 45, "The investigating officer needs to "
          "interview the previous foster carer"), ("respond", 41, "partly_upheld"), ("close", 15, "partly_upheld")],
         lessons="Placement moves are discussed with the young person, with their advocate, before they are made.",
         ombudsman=(30, "not_upheld"),
         action="Brief team leaders on involving young people in placement decisions"),
    Plan(280, "samuel.osei", None, "parent", "delay",
         "The parent complains that the child and family assessment took longer than they were told.",
         [("respond", 16, "upheld"), ("close", 10, "upheld")],
         lessons="Families are told the assessment timescale at the first visit and updated if it changes."),
    Plan(240, "hannah.brooks", None, "carer", "staff_conduct",
         "The foster carer says a visit was rearranged at short notice and the reason not explained.",
         [("withdraw", 4)]),
    Plan(200, COMPLAINTS_MANAGER, "Fostering Team", "carer", "quality_of_service",
         "The foster carer complains that support promised after a placement breakdown did not happen.",
         [("respond", 10, "not_upheld"), ("escalate", 8), ("respond", 24, "partly_upheld"), ("escalate", 10),
          ("respond", 28, "upheld")],  # the panel's response closes it
         lessons="Support agreed after a placement ends is written into the foster carer's review with a date.",
         action="Audit the support plans of carers whose placements ended this year"),
    Plan(160, "karen.whitaker", None, "other", "communication",
         "An advocate complains that the outcome of a contact to the front door was not shared with the family.",
         [("respond", 7, "upheld"), ("close", 10, "upheld")],
         lessons="Outcome letters are sent to families for every contact that does not proceed."),
    Plan(120, "ravi.chandran", None, "parent", "decision",
         "The parent disagrees with the frequency of family time set out in the care plan.",
         [("extend", 18, "The parent asked to meet before the response"), ("respond", 17, "not_upheld"),
          ("close", 20, "not_upheld")]),
    Plan(90, COMPLAINTS_MANAGER, "Leaving Care Team", "child", "quality_of_service",
         "The young person says their pathway plan was not updated when they moved to university.",
         [("respond", 10, "not_upheld"), ("escalate", 5), ("extend", 65, "The investigation covers two years of "
          "records and three personal advisers")]),
    Plan(45, "rebecca.thompson", None, "parent", "staff_conduct",
         "The parent complains about how a home visit was conducted.",
         [("respond", 9, "not_upheld"), ("escalate", 4)]),
    Plan(30, "yusuf.ali", None, "parent", "delay",
         "The parent says the family support that was agreed has not started."),
    Plan(25, COMPLAINTS_MANAGER, "Assessment Team 2", "other", "communication",
         "A grandparent complains that they were not told about a child protection conference."),
    Plan(6, "rebecca.thompson", None, "child", "quality_of_service",
         "The young person says they have had three social workers in a year and were not told why."),
    Plan(2, "agnieszka.nowak", None, "carer", "other",
         "The foster carer complains that their allowance was paid late for two months."),
]


def _on(day: date):
    """When a step taken that day was recorded, so that its history carries the day it happened."""
    return moment(day, 10, 30)


def seed_complaints(today: date, *, log=print) -> int:
    """Make the demo's complaints; returns how many (none when the portal has complaints already)."""
    if Complaint.objects.exists():
        log("Complaints: the portal has complaints already; the demo's are not added")
        return 0
    rng = random.Random(SEED)
    people = {member.user.username: member
              for member in StaffMember.objects.select_related("user", "team").filter(user__isnull=False)}
    teams = {team.name: team for team in Team.objects.all()}
    plans = [plan for plan in PLANS if plan.handler in people]
    if COMPLAINTS_MANAGER not in people:
        log(f"Complaints: the demo's complaints manager ({COMPLAINTS_MANAGER}) is not here; none are added")
        return 0
    made = []
    with transaction.atomic():
        for plan in plans:
            made.append(_make(plan, today, people, teams, rng))
    overdue = sum(complaint.is_overdue(today) for complaint in made)
    at_stage_two = sum(c.current_stage == 2 and c.status == ComplaintStatus.OPEN for c in made)
    log(f"Complaints: {len(made)}, {at_stage_two} under investigation at stage 2, {overdue} overdue")
    return len(made)


def _case_reference(team, rng) -> str:
    references = list(Case.objects.filter(team=team).order_by("reference").values_list("reference", flat=True))
    return rng.choice(references) if references else f"CR-{rng.randint(100000, 999999)}"


def _make(plan: Plan, today: date, people, teams, rng) -> Complaint:
    handler = people[plan.handler]
    team = teams.get(plan.team) if plan.team else handler.team
    user = handler.user
    received = today - timedelta(days=plan.days_ago)
    complaint = actions.create_complaint(
        acting_user=user, received_on=received, complainant=plan.complainant,
        case_reference=_case_reference(team, rng), team=team, category=plan.category, summary=plan.summary,
        handler=handler, at=_on(received),
    )
    began, last = received, received  # the current stage's start, and the day of the last step
    for step in plan.steps:
        kind = step[0]
        if kind == "respond":
            day = min(add_working_days(began, step[1]), today)
            actions.record_response(complaint, acting_user=user, responded_on=day, outcome=step[2], at=_on(day))
        elif kind == "extend":
            day = add_working_days(began, max(step[1] // 2, 1))
            actions.extend_stage(complaint, acting_user=user, new_due_on=add_working_days(began, step[1]),
                                 reason=step[2], at=_on(min(day, today)))
            continue
        elif kind == "escalate":
            day = min(add_working_days(last, step[1]), today)
            actions.escalate(complaint, acting_user=user, requested_on=day, today=day, at=_on(day))
            began = day
        else:  # close or withdraw
            withdrawn = kind == "withdraw"
            day = min(add_working_days(began if withdrawn else last, step[1]), today)
            actions.close_complaint(complaint, acting_user=user, closed_on=day,
                                    outcome="withdrawn" if withdrawn else step[2], lessons_learnt=plan.lessons,
                                    at=_on(day))
        last = day
    if plan.lessons and not complaint.lessons_learnt:
        actions.update_details(complaint, acting_user=user, lessons_learnt=plan.lessons, at=_on(last))
    if plan.ombudsman:
        referred = min(add_working_days(last, plan.ombudsman[0]), today)
        actions.update_details(complaint, acting_user=user, ombudsman_referred_on=referred, at=_on(referred))
        decided = min(add_working_days(referred, 40), today)
        if decided < today:
            actions.update_details(complaint, acting_user=user, ombudsman_outcome=plan.ombudsman[1], at=_on(decided))
    if plan.action:
        raise_action(acting_user=user, source=complaint, owner=handler, description=plan.action,
                     due_on=last + timedelta(days=42), level="structural", at=_on(last))
    return complaint
