"""The demo council's observations of practice: some twenty over the last few months, by team
leaders, service leaders, heads of service, the deputy director, the director, the Head of
Safeguarding Monitoring and the IRO service leader, made through the same action the pages use, so
that they complete the duties they count for (late ones marked late).

Deterministic (its own `random.Random`), relative to `today`, and meant to run after the demo's
year of duties (schedule.demo). Each is recorded, and its feedback given, at a time of the day it
happened, and its history says so. People are found by username, or by team and job title
for the demo's invented staff; anyone missing is skipped with a line in the log.
"""

import random
from datetime import date, timedelta

from people.demo import moment, written_at
from people.models import StaffMember
from schedule.models import Duty

from .actions import record_feedback, record_observation
from .models import Setting

SEED = 3131

# observer, practitioner observed (a username, or (team, job title, n): the n-th such person),
# days ago, setting, days after it that feedback was given (None: not yet)
# fmt: off
PLAN = [
    ("rebecca.thompson", "aisha.rahman", 58, Setting.HOME_VISIT, 2),
    ("rebecca.thompson", "jack.robinson", 31, Setting.HOME_VISIT, 1),
    ("rebecca.thompson", ("Assessment Team 1", "Senior Practitioner", 0), 12, Setting.CP_CONFERENCE, 3),
    ("rebecca.thompson", ("Assessment Team 1", "Social Worker", 1), 5, Setting.TEAM_MEETING, None),
    ("tom.gallagher", ("Assessment Team 1", "Social Worker", 3), 40, Setting.HOME_VISIT, 4),
    ("samuel.osei", ("Assessment Team 2", "Social Worker", 0), 70, Setting.COURT, 2),
    ("samuel.osei", ("Assessment Team 2", "Social Worker (ASYE)", 0), 20, Setting.HOME_VISIT, 1),
    ("daniel.mensah", ("Assessment Team 2", "Senior Practitioner", 0), 45, Setting.HOME_VISIT, 5),
    ("priya.raman", ("Family Support Team", "Social Worker", 0), 80, Setting.HOME_VISIT, 3),
    ("priya.raman", ("Assessment Team 2", "Social Worker", 1), 26, Setting.HOME_VISIT, 2),
    ("priya.raman", ("Multi-Agency Safeguarding Hub", "MASH Social Worker", 0), 9, Setting.OTHER, None),
    ("marcus.adeyemi", ("Child Protection Chairs", "Child Protection Chair", 0), 50, Setting.CP_CONFERENCE, 1),
    ("marcus.adeyemi", ("Children in Care Team 1", "Social Worker", 0), 15, Setting.HOME_VISIT, 2),
    ("sarah.whitfield", ("Child Protection Chairs", "Child Protection Chair", 1), 64, Setting.CP_CONFERENCE, 7),
    ("nadia.hussain", ("Child Protection Chairs", "Child Protection Chair", 2), 35, Setting.CP_CONFERENCE, 2),
    ("nadia.hussain", ("IRO Team", "Independent Reviewing Officer", 0), 60, Setting.LAC_REVIEW, 2),
    ("nadia.hussain", ("IRO Team", "Independent Reviewing Officer", 1), 18, Setting.LAC_REVIEW, 1),
    ("oluwaseun.bakare", ("IRO Team", "Independent Reviewing Officer", 2), 90, Setting.LAC_REVIEW, 3),
    ("oluwaseun.bakare", ("IRO Team", "Independent Reviewing Officer", 3), 25, Setting.LAC_REVIEW, 2),
    ("oluwaseun.bakare", ("IRO Team", "Independent Reviewing Officer", 4), 7, Setting.LAC_REVIEW, None),
    ("gareth.llewellyn", ("Children in Care Team 2", "Social Worker", 0), 33, Setting.HOME_VISIT, 2),
    ("hannah.brooks", ("Children in Care Team 1", "Social Worker (ASYE)", 0), 22, Setting.HOME_VISIT, 1),
]

WENT_WELL = {
    Setting.HOME_VISIT: [
        "Warm, unhurried introduction; explained clearly why she was visiting and what would happen next.",
        "Saw the child alone in their room and used the three houses tool well; the child's words are in the record.",
        "Calm and respectful with a parent who was angry at the start; kept the focus on the child's day-to-day care.",
    ],
    Setting.CP_CONFERENCE: [
        "Report shared with the family two days before; analysis was clear about risk and what needs to change.",
        "Chaired with a firm, kind hand: every agency spoke, and the parents were helped to take part.",
        "The plan agreed is specific, with named people and dates, and the child's view was read out.",
    ],
    Setting.LAC_REVIEW: [
        "Met the young person before the review and let them choose where to sit and what to talk about first.",
        "Kept the review focused on the care plan and permanence; challenged drift in the education plan.",
        "Decisions were recorded clearly and read back before the end, as the IRO Handbook expects.",
    ],
    Setting.TEAM_MEETING: ["Presented case CR-20431 to the team with a clear chronology and a reflective question."],
    Setting.COURT: ["Statement was clear and balanced; gave evidence calmly under cross-examination."],
    Setting.OTHER: ["Strengths-based conversation on the MASH strategy discussion; thresholds explained well."],
}
TO_DEVELOP = [
    "Record the child's own words, not a summary of them.",
    "Tighten the plan's outcomes so that the family can tell when they have been met.",
    "Share the genogram with the family before the meeting.",
    "Bring the chronology up to date before the next review.",
    "",
]
# fmt: on


# The people the plan names: never picked again as "the n-th social worker".
NAMED = {who for _, who, *_ in PLAN if isinstance(who, str)}


def _find(who, on: date, today: date, staff_by_username) -> StaffMember | None:
    if isinstance(who, str):
        return staff_by_username.get(who)
    team, job_title, n = who
    people = list(
        StaffMember.objects.employed_on(today)
        .filter(team__name=team, job_title=job_title, started_on__lte=on, user__isnull=False)
        .exclude(user__username__in=NAMED)
        .select_related("user")
        .order_by("staff_number")
    )
    return people[n % len(people)] if people else None


def seed_observations(today: date, *, log=print) -> int:
    """Make the demo's observations; returns how many."""
    rng = random.Random(SEED)
    staff_by_username = {
        member.user.username: member
        for member in StaffMember.objects.employed_on(today).filter(user__isnull=False).select_related("user")
    }
    made = late = 0
    for observer_name, who, days_ago, setting, feedback_after in PLAN:
        observed_on = today - timedelta(days=days_ago)
        observer, practitioner = staff_by_username.get(observer_name), _find(who, observed_on, today,
                                                                              staff_by_username)
        if observer is None or practitioner is None or observer == practitioner:
            log(f"  skipped an observation by {observer_name}: {who} is not in this council")
            continue
        recorded_on = min(observed_on + timedelta(days=rng.randint(0, 2)), today)
        feedback_on = observed_on + timedelta(days=feedback_after) if feedback_after is not None else None
        if feedback_on is not None and feedback_on > today:
            feedback_on = None
        recorded = moment(recorded_on, 8 if recorded_on == today else 16, rng.randint(0, 59))
        with written_at(recorded, Duty):  # the duties it completes, marked done by schedule, that day too
            observation, done = record_observation(
                acting_user=observer.user, practitioner=practitioner, observed_on=observed_on, setting=setting,
                went_well=rng.choice(WENT_WELL[setting]), to_develop=rng.choice(TO_DEVELOP),
                feedback_given_on=feedback_on if feedback_on is not None and feedback_on <= recorded_on else None,
                at=recorded,
            )
        if feedback_on is not None and observation.feedback_given_on is None:
            given = moment(feedback_on, 8 if feedback_on == today else 17, rng.randint(0, 59))
            record_feedback(observation, acting_user=observer.user, on=feedback_on, at=given)
        made += 1
        late += sum(duty.done_late for duty in done)
    log(f"Observations: {made} made, completing duties ({late} late)")
    return made
