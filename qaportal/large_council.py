"""A large council with years of history, in a throw-away database, to measure the portal at scale.

    .venv/bin/python manage.py migrate                       # the caller migrates (it loads the audit tools)
    .venv/bin/python manage.py build_large_council --staff 2000 --years 5 [--today 2026-12-02] [--seed 1]

Never for `make run`: it refuses a database that has any staff, and benchmarks/pages.py and
benchmarks/load.py are what it is for. Everything is invented and deterministic for a seed,
relative to `today`.

What it builds, in one transaction:

- the shipped responsibilities table; the demo's services (people.demo); the demo's top of the
  organisation once (chief executive, director, deputy director, heads of service, the Head of
  Safeguarding Monitoring, the complaints manager, the Quality Assurance Team); then the demo's
  service leaders, each with the teams they lead in the demo, repeated ("Assessment Team 3",
  "Assessment Team 4", ...) until the council has `staff` people: team leaders (and assistant team
  managers) over practitioners, case-holders, newly-qualified workers (ASYE) and support staff,
  service leaders over team leaders, heads of service over service leaders, the deputy director and
  the director at the top. The roles are held as the demo holds them. About one worker post in
  seven changed hands during the history (the leaver is kept, with their leaving date), a few
  people left lately and a few leave soon. Everyone has a login with people.demo's password.
- the duties of the periods before today's, laid down in bulk: who owed what is worked out with
  the planner's own rules (schedule.planner.Organisation and .subjects, core.periods for the
  periods), with the fields the planner sets; about 85% done (some late), 3% waived, the rest
  missed. Then the real planner plans the current and next periods (plan_duties(today)), and
  part of the current periods' work is done, as far as each period has gone.
- the records that completed the duties, dated the day they were made and linked from the duty
  (record_type, record_id): supervision sessions (and some cancelled ones), PDRs (the table's, and
  an annual one for everyone with a line manager), audits with their answers (the shipped tools),
  the director's scrutinies, observations, and actions from some audits. Besides: the open-cases
  list (and cases closed over the years), complaints with their stages, the digests e-mailed each
  working day (reminders.Notice), the e-mails of audits shared, and the escalations of missed duties.

History rows (django-simple-history): written for the organisation (services, teams, staff, role
assignments) and for what the planner and the import write; not for the bulk history (duties,
records), which would double its cost and which no list page reads.
"""

import random
import re
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from audits import demo as audits_demo
from audits.models import CASE_AUDITS, Answer, AnswerKind, Audit, AuditStatus, AuditTool, AuditType, Grade, Question
from audits.models import Scrutiny as AuditScrutiny
from cases.duties import CLOSURE_TRANSFER_RECORD
from cases.models import Case
from complaints import demo as complaints_demo
from complaints import timescales
from complaints.models import Category, Complainant, Complaint, ComplaintStatus, Outcome, Stage
from core import periods
from core.working_days import add_working_days, is_working_day
from learning.models import Action, ActionPlan
from learning.models import Status as ActionStatus
from observations import demo as observations_demo
from observations.models import Observation, Setting
from people import access
from people.demo import (
    ASSISTANT_TEAM_MANAGERS,
    CASE_HOLDER,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    FIRST_NAMES,
    LEADERS,
    MANAGERIAL_ROLES,
    NAMED_PRACTITIONERS,
    NQSW,
    PRACTITIONER,
    ROLES_HELD,
    ROLES_OF_JOB,
    SERVICE,
    SERVICES,
    SUPPORT,
    SURNAMES,
    TEAM,
    TEAM_LEADERS,
    TEAM_STAFF,
    _username,
    moment,
)
from people.models import Role, RoleAssignment, Service, StaffMember, Team
from reminders.models import Escalation, Notice
from schedule import demo as schedule_demo
from schedule.importing import DEFAULT_TABLE, import_responsibilities
from schedule.models import AppliesTo, Duty, Frequency, Responsibility, Status
from schedule.planner import Organisation, plan_duties, subjects
from supervision import demo as supervision_demo
from supervision.models import PDR, Kind, SupervisionSession
from supervision.models import Outcome as SessionOutcome

PASSWORD = DEMO_PASSWORD  # every login of the large council has the demo's password
ADMIN_USERNAME = "admin"
# The people the benchmarks sign in as: the demo's cast keeps its names in the first copy of each team.
LOGINS = {
    "team leader": "rebecca.thompson",  # Team Leader of Assessment Team 1
    "service leader": "daniel.mensah",  # over Assessment Teams 1 and 2
    "head of service": "priya.raman",  # Head of Service, Assessment & Intervention
    "deputy director": "marcus.adeyemi",
    "QA lead": "nadia.hussain",  # Head of Safeguarding Monitoring: reads the reminder log
    "practitioner": "aisha.rahman",  # a case-holder in Assessment Team 1
    "superuser": ADMIN_USERNAME,
}
REASON = "large council for benchmarks"
BATCH = 2000
ONE_DAY = timedelta(days=1)
YEAR = timedelta(days=365)

# How the years went. Of the duties that fell due: missed (left open), waived; of those done, late.
P_MISSED, P_WAIVED, P_LATE = 0.12, 0.03, 0.15
P_NOTE = 0.6  # done duties with a note
# Worker posts whose holder replaced someone who left during the history; NQSWs mostly fill vacancies.
P_REPLACED, P_NQSW_REPLACED = 0.15, 0.8
P_ASYE = 0.4  # of the social workers who joined during the history, those who joined newly qualified
P_LEFT_LATELY, P_LEAVING_SOON = 0.02, 0.005  # posts vacant since a recent leaver; holders leaving soon
P_CANCELLED = 0.08  # supervision sessions cancelled (and held again a few days later)
P_PDR = 0.85  # annual PDRs held, for those no responsibility of the table covers
P_MODERATED, P_CONCERN, P_ACTIONS = 0.10, 0.01, 0.25  # of audits: moderated, with a concern, raising actions
COMPLAINTS_PER_STAFF_YEAR = 0.13  # of the staff records
DIGEST_SHARE = 0.065  # of the staff at work, those who hear of something on a working day
OPEN_CASES = 12  # per case-holder at work today, give or take four
ENDED_A_YEAR = 1.0  # cases closed or transferred, per case-holder and year (each owed an audit, R60)
TRANSFERRED_ON_LEAVING = 3  # a leaver's cases transferred on their last day
GRADES = [Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]
GRADE_WEIGHTS = [10, 55, 28, 7]

# The top of the organisation, one of each; the demo's service leaders, each with the teams they
# lead in the demo, are the unit that is repeated.
SERVICE_LEADERS = [key for key in LEADERS if key.startswith("sl_")]
TOP = [key for key in LEADERS if key not in SERVICE_LEADERS]
UNIT_TEAMS = {sl: [team for team, (*_, manager) in TEAM_LEADERS.items() if manager == sl] for sl in SERVICE_LEADERS}
SINGLE_TEAMS = [team for team, (*_, manager) in TEAM_LEADERS.items() if manager in TOP]  # the QA team
NUMBERED = re.compile(r"(?P<base>.*) (?P<n>\d+)")
FAMILY = Counter(m["base"] for team in TEAM_LEADERS if (m := NUMBERED.fullmatch(team)))  # "Assessment Team": 2

WAIVER_REASONS = [reason for reasons in schedule_demo.WAIVER_REASONS.values() for reason in reasons]
CANCELLED_REASONS = supervision_demo.CANCELLED_REASONS
ACTION_EVIDENCE = "Done and checked in supervision; the record is up to date."


class CannotBuild(Exception):
    pass


# The people, before they are rows.


@dataclass
class Person:
    key: str
    name: str
    job_title: str
    team: str | None
    manager: str | None  # the key of their line manager
    started_on: date
    kind: str = SUPPORT  # people.demo's kinds: practitioner, case-holder, nqsw, support
    left_on: date | None = None
    roles: list = field(default_factory=list)  # [(role name, WHOLE/SERVICE/TEAM, service or team name)]
    asye_from: date | None = None  # the first day of their ASYE year, when they joined newly qualified
    username: str = ""


class _Cast:
    """Everyone in the large council, each after their line manager."""

    def __init__(self, staff: int, today: date, years: int, rng: random.Random):
        self.today, self.rng = today, rng
        self.start = today - years * YEAR
        self.people: list[Person] = []
        self.demo_team: dict[str, str] = {}  # each team's name -> the demo team it is a copy of
        self.taken = {name for name, *_ in LEADERS.values()} | {name for name, *_ in NAMED_PRACTITIONERS.values()}
        self.taken |= {name for _, name, *_ in TEAM_LEADERS.values() if name}
        self.taken |= {name for _, name in ASSISTANT_TEAM_MANAGERS.values()}
        for key in TOP:
            name, title, team, manager = LEADERS[key]
            self.add(Person(key, name, title, team, manager, self.long_ago(), roles=list(ROLES_HELD[key])))
        for team in SINGLE_TEAMS:
            self.team(team, 1, TEAM_LEADERS[team][3])
        copy = 1
        while len(self.people) < staff:
            for sl in SERVICE_LEADERS:
                if len(self.people) < staff:
                    self.unit(sl, copy)
            copy += 1
        self.trim(staff)
        self.usernames()

    def add(self, person: Person) -> Person:
        self.people.append(person)
        return person

    def long_ago(self) -> date:
        # Managers were in post before the history begins, so every period has its team leader.
        return self.start - timedelta(days=self.rng.randint(180, 12 * 365))

    def invent(self) -> str:
        for _ in range(20):  # a unique name while there are enough; a shared one after
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
            if name not in self.taken:
                break
        self.taken.add(name)
        return name

    def unit(self, sl: str, copy: int) -> None:
        name, title, team, manager = LEADERS[sl]
        key = f"{sl}#{copy}"
        roles = [(role, scope, _copy_of(over, copy) if scope == TEAM else over) for role, scope, over in ROLES_HELD[sl]]
        self.add(Person(key, name if copy == 1 else self.invent(), title, team, manager, self.long_ago(), roles=roles))
        for team in UNIT_TEAMS[sl]:
            self.team(team, copy, key)

    def team(self, team: str, copy: int, manager: str) -> None:
        """A team as the demo has it (people.demo.TEAM_STAFF), under its team leader and assistant team
        manager if it has them; the first copy keeps the demo's names."""
        name = _copy_of(team, copy)
        self.demo_team[name] = team
        leader, leader_name, leader_title, _ = TEAM_LEADERS[team]
        boss = manager
        if leader:
            boss = f"{leader}#{copy}"
            self.add(Person(boss, leader_name if copy == 1 else self.invent(), leader_title, name, manager,
                            self.long_ago(), roles=[("Team Leader", TEAM, name)]))
        atm = ASSISTANT_TEAM_MANAGERS.get(team)
        atm_key = f"{atm[0]}#{copy}" if atm else None
        if atm:
            self.add(Person(atm_key, atm[1] if copy == 1 else self.invent(), "Assistant Team Manager", name, boss,
                            self.long_ago(), roles=[("Team Leader", TEAM, name)]))
        if copy == 1:
            for key, (person, title, team_, _, kind) in NAMED_PRACTITIONERS.items():
                if team_ == team:
                    self.worker(key, title, name, boss, kind, person)
        n = atm_reports = 0
        for title, kind, count in TEAM_STAFF[team]:
            for _ in range(count):
                n += 1
                reports_to = boss
                # As in the demo: every other experienced practitioner reports to the assistant team manager, up to 3.
                if atm and kind in (PRACTITIONER, CASE_HOLDER) and atm_reports < 3 and n % 2:
                    reports_to, atm_reports = atm_key, atm_reports + 1
                self.worker(f"{name}/{title}/{n}", title, name, reports_to, kind)

    def worker(self, key, title, team, manager, kind, name=None) -> None:
        rng, today = self.rng, self.today
        roles = [(role, TEAM, team) for role in ROLES_OF_JOB.get(title, [])]
        asye_from = None
        if kind == NQSW:
            started = today - timedelta(days=rng.randint(60, 330))
            asye_from, replaced = started, rng.random() < P_NQSW_REPLACED
        else:
            replaced = rng.random() < P_REPLACED
            if replaced:
                started = self.start + timedelta(days=rng.randint(30, max((today - self.start).days - 400, 30)))
            else:
                started = today - timedelta(days=rng.randint(int(1.2 * 365), 18 * 365))
            if kind == CASE_HOLDER and "Social Worker" in title and started > self.start and rng.random() < P_ASYE:
                asye_from = started
        if replaced:
            left = started - timedelta(days=rng.randint(14, 60))
            self.add(Person(f"{key}/before", self.invent(), title.replace(" (ASYE)", ""), team, manager,
                            left - timedelta(days=rng.randint(2 * 365, 12 * 365)),
                            kind=CASE_HOLDER if kind == NQSW else kind, left_on=left, roles=roles))
        person = self.add(Person(key, name or self.invent(), title, team, manager, started, kind=kind, roles=roles,
                                 asye_from=asye_from))
        if not replaced and not name:
            draw = rng.random()
            if draw < P_LEFT_LATELY:
                person.left_on = today - timedelta(days=rng.randint(5, 90))
            elif draw < P_LEFT_LATELY + P_LEAVING_SOON:
                person.left_on = today + timedelta(days=rng.randint(10, 40))

    def trim(self, staff: int) -> None:
        """Down to `staff` people exactly: the last people added whom nobody reports to go first."""
        while len(self.people) > staff:
            managers = {person.manager for person in self.people}
            last = next(i for i in range(len(self.people) - 1, -1, -1) if self.people[i].key not in managers)
            del self.people[last]

    def usernames(self) -> None:
        """first.last, with a number after it for a name someone has already."""
        used: set[str] = set()
        demo = [p for p in self.people if "#" not in p.key or p.key.endswith("#1")]
        for person in demo + [p for p in self.people if p not in demo]:
            base = username = _username(person.name)
            n = 1
            while username in used or username == ADMIN_USERNAME:
                n += 1
                username = f"{base}{n}"
            used.add(username)
            person.username = username


def _copy_of(team: str, copy: int) -> str:
    """The name of a demo team in the n-th copy of its unit: Assessment Team 1 and 2, then 3 and 4, ..."""
    if copy == 1:
        return team
    numbered = NUMBERED.fullmatch(team)
    if numbered:
        return f"{numbered['base']} {(copy - 1) * FAMILY[numbered['base']] + int(numbered['n'])}"
    return f"{team} {copy}"


# The rows.


@contextmanager
def _created_at_as_given(*models):
    """bulk_create stamps `created_at` (auto_now_add) with the clock's time. A history laid down at
    once keeps, instead, the moment each row tells of: the stamp is off while these rows are written."""
    fields = [model._meta.get_field("created_at") for model in models]
    for one in fields:
        one.auto_now_add = False
    try:
        yield
    finally:
        for one in fields:
            one.auto_now_add = True


def _insert(model, rows: list, batch_size: int = BATCH) -> list:
    if not rows:
        return rows
    if any(f.name == "created_at" for f in model._meta.concrete_fields):
        with _created_at_as_given(model):
            return model.objects.bulk_create(rows, batch_size=batch_size)
    return model.objects.bulk_create(rows, batch_size=batch_size)


def _save_organisation(cast: _Cast, today: date, start: date) -> dict[str, StaffMember]:
    """Services, teams, logins, staff and role assignments, with their history as of the day before
    the history begins. Returns the staff by their key in the cast."""
    people = cast.people
    at = moment(start - ONE_DAY, 9)
    history = {"default_date": at, "default_change_reason": REASON, "batch_size": BATCH}
    services = {name: Service(name=name) for name in SERVICES}
    bulk_create_with_history(list(services.values()), Service, **history)
    service_of = {team: service for service, teams in SERVICES.items() for team in teams}
    named = {p.team for p in people if p.team} | {over for p in people for _, scope, over in p.roles if scope == TEAM}
    teams = {
        name: Team(name=name, service=services[service_of[cast.demo_team.get(name, name)]])
        for name in sorted(named, key=_team_order)
    }
    bulk_create_with_history(list(teams.values()), Team, **history)

    Role.objects.filter(name__in=MANAGERIAL_ROLES).update(oversees_scope=True)
    roles = {role.name: role for role in Role.objects.all()}
    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once: every login shares it
    users = User.objects.bulk_create(
        [
            User(username=p.username, password=password, email=f"{p.username}@{EMAIL_DOMAIN}",
                 first_name=p.name.split()[0], last_name=p.name.split()[-1],
                 is_active=p.left_on is None or p.left_on >= today)
            for p in people
        ],
        batch_size=BATCH,
    )
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        User.objects.create(username=ADMIN_USERNAME, password=password, email=f"{ADMIN_USERNAME}@{EMAIL_DOMAIN}",
                            is_staff=True, is_superuser=True)

    # Managers before the people they manage: one bulk insert for each step down the line.
    by_key = {p.key: p for p in people}
    depth: dict[str, int] = {}

    def depth_of(key):
        if key not in depth:
            manager = by_key[key].manager
            depth[key] = 0 if manager is None else depth_of(manager) + 1
        return depth[key]

    staff: dict[str, StaffMember] = {}
    numbers = {p.key: n for n, p in enumerate(people, start=1)}
    for level in range(max(depth_of(p.key) for p in people) + 1):
        rows = []
        for person, user in zip(people, users, strict=True):
            if depth_of(person.key) != level:
                continue
            member = StaffMember(
                user=user, staff_number=f"LC{numbers[person.key]:05d}", name=person.name, email=user.email,
                job_title=person.job_title, team=teams.get(person.team),
                line_manager=staff.get(person.manager), started_on=person.started_on, left_on=person.left_on,
                is_case_holder=person.kind in (CASE_HOLDER, NQSW),
                is_practitioner=person.kind in (PRACTITIONER, CASE_HOLDER, NQSW),
                is_newly_qualified=person.kind == NQSW and person.started_on > today - YEAR,
            )
            staff[person.key] = member
            rows.append(member)
        bulk_create_with_history(rows, StaffMember, **history)

    assignments = [
        RoleAssignment(staff=staff[p.key], role=roles[role], starts_on=p.started_on, ends_on=p.left_on,
                       service=services[over] if scope == SERVICE else None,
                       team=teams[over] if scope == TEAM else None)
        for p in people
        for role, scope, over in p.roles
        if role in roles  # a role the table does not name is not held
    ]
    bulk_create_with_history(assignments, RoleAssignment, **history)
    return staff


def _team_order(name: str):
    numbered = NUMBERED.fullmatch(name)
    return (numbered["base"], int(numbered["n"])) if numbered else (name, 0)


# Duties.


@dataclass
class _Council:
    """What the duties and records are worked out from, read once."""

    today: date
    start: date
    rng: random.Random
    org: Organisation  # the planner's own reading of staff, teams and role assignments
    responsibilities: dict[int, Responsibility]  # the active ones
    user_of: dict[int, int]  # staff id -> user id
    email_of: dict[int, str]
    asye_from: dict[int, date]
    assignments_of: dict[int, list[RoleAssignment]]  # staff id -> every role they hold

    def service_of(self, member) -> int | None:
        return self.org.team_service.get(member.team_id)

    def employed(self, staff_id, day: date) -> bool:
        member = self.org.staff.get(staff_id)
        return member is not None and member.employed_on(day)


def _past_duties(council: _Council) -> list[Duty]:
    """The duties of every period of the history before today's, with what became of each: who owes
    what by the planner's rules (schedule.planner.subjects), as of each period's due date."""
    start_month = settings.FINANCIAL_YEAR_START_MONTH
    org, today, made = council.org, council.today, []
    planned = [r for r in council.responsibilities.values() if r.is_periodic and r.occurrences]
    for responsibility in planned:
        frequency = responsibility.frequency
        current = periods.period_containing(frequency, today, start_month)
        history = periods.periods_between(frequency, council.start, current.start - ONE_DAY, start_month)
        assignments = sorted(org.assignments[responsibility.role_id], key=lambda a: a.id)
        for period in history:
            due = period.end
            if due < council.start:
                continue
            if responsibility.applies_to == AppliesTo.NQSW_REPORTS:
                _in_asye_on(council, due)
            planned_on = periods.period_containing(frequency, period.start - ONE_DAY, start_month).start
            owed = {}
            for assignment in assignments:
                holder = org.staff[assignment.staff_id]
                if not (assignment.current_on(due) and holder.employed_on(due)):
                    continue
                found = subjects(responsibility, assignment, org, due)
                for subject_staff, subject_team in sorted(found, key=lambda s: (s[0] or 0, s[1] or 0)):
                    for occurrence in range(1, responsibility.occurrences + 1):
                        owed.setdefault((holder.id, occurrence, subject_staff, subject_team), None)
            for owner_id, occurrence, subject_staff, subject_team in owed:
                duty = Duty(
                    responsibility_id=responsibility.id, owner_id=owner_id, frequency=frequency,
                    period_start=period.start, period_end=period.end, occurrence=occurrence,
                    subject_staff_id=subject_staff, subject_team_id=subject_team, due_on=due,
                    status=Status.OPEN, created_at=moment(planned_on, 2, 15),  # as the nightly planner made it
                )
                _settle(duty, council)
                made.append(duty)
    _in_asye_on(council, today)  # back to the flags as they are today
    return made


def _in_asye_on(council: _Council, day: date) -> None:
    """Who was newly qualified on a past day: the NQSW flag has no dates, so for the history the
    planner's in-memory staff carry it for the first year of those who joined newly qualified."""
    for staff_id, member in council.org.staff.items():
        began = council.asye_from.get(staff_id)
        member.is_newly_qualified = began is not None and began <= day < began + YEAR


def _earliest(duty: Duty, council: _Council) -> date:
    """The first day the work could have been done: in the period, with both people in post."""
    days = [duty.period_start, council.org.staff[duty.owner_id].started_on]
    if duty.subject_staff_id:
        days.append(council.org.staff[duty.subject_staff_id].started_on)
    return max(days)


def _settle(duty: Duty, council: _Council) -> None:
    """Done, waived or missed (left open: overdue by its due date), and when."""
    rng, today = council.rng, council.today
    responsibility = council.responsibilities[duty.responsibility_id]
    owner = council.org.staff[duty.owner_id]
    draw = rng.random()
    if draw < P_MISSED:
        return
    if draw < P_MISSED + P_WAIVED and owner.line_manager_id in council.user_of:
        on = min(max(duty.due_on + timedelta(days=rng.randint(-10, 4)), duty.period_start), today - ONE_DAY)
        duty.status, duty.waived_on = Status.WAIVED, on
        duty.waived_by_id = council.user_of[owner.line_manager_id]
        duty.waived_reason = rng.choice(WAIVER_REASONS)
        return
    earliest = _earliest(duty, council)
    span = max((duty.due_on - earliest).days, 0)
    on = earliest + timedelta(days=round(rng.triangular(0, span, span)))  # mostly late in the period
    late = rng.random() < P_LATE
    if late and not responsibility.record:
        on = duty.due_on + timedelta(days=rng.randint(1, 12))  # marked done by hand, after the due date
    # A record made late still bears the day of the work, within its period: the duty shows "Done late".
    if on >= today:
        return  # not done yet: still open, and overdue
    _mark_done(duty, council, on, late=late or on > duty.due_on)


def _mark_done(duty: Duty, council: _Council, on: date, *, late: bool) -> None:
    responsibility = council.responsibilities[duty.responsibility_id]
    duty.status, duty.completed_on, duty.completed_late = Status.DONE, on, late
    duty.completed_by_id = council.user_of.get(duty.owner_id)
    duty.waived_on, duty.waived_by_id, duty.waived_reason = None, None, ""
    if not responsibility.record and council.rng.random() < P_NOTE:
        duty.completion_note = council.rng.choice(schedule_demo.NOTES[responsibility.strand])


def _current_work(council: _Council) -> list[Duty]:
    """The current periods' open duties, as the planner made them, with part of them now done:
    about as many as the share of the period gone by. All are returned, done or not, since a
    record made for one may complete another (a coverage duty)."""
    rng, today, duties = council.rng, council.today, []
    current = Duty.objects.filter(
        status=Status.OPEN, period_start__lt=today, period_end__gte=today, case_reference=""
    ).order_by("id")
    for duty in current:
        gone = (today - duty.period_start).days / ((duty.period_end - duty.period_start).days + 1)
        if rng.random() < (1 - P_MISSED - P_WAIVED) * gone:
            earliest = _earliest(duty, council)
            if earliest < today:
                _mark_done(duty, council, earliest + timedelta(days=rng.randint(0, (today - earliest).days - 1)),
                           late=False)
        duties.append(duty)
    return duties


def _escalations(missed: list[Duty], council: _Council) -> list[Escalation]:
    """Each missed duty went to the owner's line manager, then to their head of service, as the
    reminder runs would have sent it."""
    organisation = access.Organisation(council.today)
    heads: dict[int, int | None] = {}
    made = []
    for duty in missed:
        owner = organisation.staff.get(duty.owner_id)
        if owner is None or owner.line_manager_id is None:
            continue
        to_manager = add_working_days(duty.due_on, settings.ESCALATE_TO_MANAGER_DAYS)
        if to_manager < council.today:
            made.append(Escalation(duty=duty, level=Escalation.Level.MANAGER, escalated_to_id=owner.line_manager_id,
                                   day=to_manager))
        if owner.id not in heads:
            head = organisation.head_of_service(owner)
            heads[owner.id] = head.id if head else None
        to_head = add_working_days(to_manager, settings.ESCALATE_TO_HEAD_DAYS - settings.ESCALATE_TO_MANAGER_DAYS)
        if heads[owner.id] and to_head < council.today:
            made.append(Escalation(duty=duty, level=Escalation.Level.HEAD, escalated_to_id=heads[owner.id],
                                   day=to_head))
    return made


# The records that completed the duties.

AUDIT_TYPE_OF = {audit_type.record_kind: audit_type for audit_type in AuditType}
SESSION, PDR_RECORD = "supervision:session", "supervision:pdr"
CASE_HOLDER_AUDIT, SCRUTINY = "audit:case_holder", "audit:scrutiny"
OBSERVED_PRACTITIONER, OBSERVED_IRO = "observation:practitioner", "observation:iro"
OBSERVER_SETTING = {"observation:practice": None, "observation:cp_conference": Setting.CP_CONFERENCE,
                    "observation:lac_review": Setting.LAC_REVIEW}
PRACTICE_SETTINGS = [Setting.HOME_VISIT] * 6 + [Setting.TEAM_MEETING, Setting.COURT, Setting.OTHER]
# The order records are made in: what a coverage duty (every case-holder audited, every practitioner
# observed) finds made already, and the fortnightly supervision that the month's may be.
ORDER = [SESSION, PDR_RECORD, *AUDIT_TYPE_OF, CASE_HOLDER_AUDIT, SCRUTINY, *OBSERVER_SETTING, OBSERVED_IRO,
         OBSERVED_PRACTITIONER]


class _Records:
    """Makes, in memory, the record that completed each done duty, finds the one a coverage duty
    was completed by, and saves the new ones in bulk. Kept across the history and the current
    periods, so a record of either completes a coverage duty of the period it falls in."""

    def __init__(self, council: _Council, cases: dict[int, list[str]], holder_of_case: dict[str, int]):
        self.council, self.rng, self.cases, self.holder_of_case = council, council.rng, cases, holder_of_case
        self.today = council.today
        self.tools = {tool.audit_type: tool for tool in
                      (AuditTool.objects.current(audit_type) for audit_type in AuditType) if tool}
        self.questions = defaultdict(list)
        for question in Question.objects.filter(domain__tool__in=self.tools.values()).select_related(
                "domain").order_by("domain__position", "position"):
            self.questions[question.domain.tool_id].append(question)
        staff = council.org.staff.values()
        self.case_holders = [m for m in staff if m.is_case_holder]
        self.practitioners = [m for m in staff if m.is_practitioner]
        titles = dict(StaffMember.objects.values_list("id", "job_title"))
        self.chairs = [m for m in self.practitioners if titles[m.id] == "Child Protection Chair"]
        self.iros = [m for m in self.practitioners if titles[m.id] == "Independent Reviewing Officer"]
        self.foster_workers = [m for m in self.practitioners if titles[m.id] == "Supervising Social Worker"]
        moderators = {a.staff_id for assignments in council.assignments_of.values() for a in assignments
                      if a.role.name == settings.MODERATOR_ROLE}
        qa_team = set(Team.objects.filter(name__in=SINGLE_TEAMS).values_list("id", flat=True))
        self.moderators = sorted(moderators | {m.id for m in staff if m.team_id in qa_team})
        self.scope_cache: dict[tuple, list] = {}
        # What has been made, by whom it is about.
        self.audits_of = defaultdict(list)  # case-holder id -> [Audit]
        self.all_audits: list[Audit] = []
        self.observations_of = defaultdict(list)  # practitioner id -> [Observation]
        self.sessions_of = defaultdict(list)  # (supervisor id, supervisee id) -> [SupervisionSession]
        self.new = defaultdict(list)  # model -> rows not saved yet
        self.links: list[tuple[Duty, object]] = []
        self.references = 0

    # Finding people.

    def scope(self, owner_id: int, role_id: int, pool: list, *, elsewhere: bool = False) -> list:
        """The people of a pool in the scope of the role this owner holds (for `elsewhere`: in the
        services of that scope but not in it, as "a case file from another part of the service")."""
        key = (owner_id, role_id, id(pool), elsewhere)
        if key not in self.scope_cache:
            held = [a for a in self.council.assignments_of.get(owner_id, []) if a.role_id == role_id]
            team_service = self.council.org.team_service
            if elsewhere:
                services = {a.service_id or team_service.get(a.team_id) for a in held}
                found = [m for m in pool if team_service.get(m.team_id) in services
                         and not any(a.covers(m.team_id, team_service.get(m.team_id)) for a in held)]
            else:
                found = [m for m in pool if any(a.covers(m.team_id, team_service.get(m.team_id)) for a in held)]
            self.scope_cache[key] = found or pool
        return self.scope_cache[key]

    def pick(self, pool: list, on: date, *, not_id: int | None = None, fresh=None):
        """Someone of the pool at work on the day (not `not_id`), preferring one for whom `fresh` holds."""
        chosen = None
        for _ in range(12):
            member = self.rng.choice(pool)
            if member.id == not_id or not member.employed_on(on):
                continue
            if fresh is None or fresh(member):
                return member
            chosen = chosen or member
        return chosen

    def manager_on(self, member, on: date, fallback: int) -> int:
        manager = member.line_manager_id
        return manager if manager and self.council.employed(manager, on) else fallback

    # Completing duties.

    def complete(self, duties: list[Duty]) -> list[Duty]:
        """Make or find the records of these duties, in ORDER; returns the duties now done."""
        records = {rid: r.record for rid, r in self.council.responsibilities.items() if r.record}
        mine = [d for d in duties if records.get(d.responsibility_id) in ORDER]
        mine.sort(key=lambda d: (ORDER.index(records[d.responsibility_id]), d.frequency != "fortnightly",
                                 d.period_start, d.owner_id))
        for duty in mine:
            kind = records[duty.responsibility_id]
            done = duty.status == Status.DONE
            if kind == SESSION and done:
                self.session(duty)
            elif kind == PDR_RECORD and done:
                self.link(duty, self.made(PDR(appraiser_id=duty.owner_id, appraisee_id=duty.subject_staff_id,
                                              held_on=duty.completed_on, summary=supervision_demo.PDR_SUMMARY,
                                              created_at=moment(duty.completed_on, 15))))
            elif kind in AUDIT_TYPE_OF and done:
                self.audit_by_auditor(duty, AUDIT_TYPE_OF[kind])
            elif kind == CASE_HOLDER_AUDIT:
                self.case_holder_audited(duty)
            elif kind == SCRUTINY and done:
                self.scrutiny(duty)
            elif kind in OBSERVER_SETTING and done:
                self.observation_by_observer(duty, OBSERVER_SETTING[kind])
            elif kind in (OBSERVED_IRO, OBSERVED_PRACTITIONER):
                self.practitioner_observed(duty, lac_review=kind == OBSERVED_IRO)
        return [d for d in duties if d.status == Status.DONE]

    def made(self, record):
        self.new[type(record)].append(record)
        return record

    def link(self, duty: Duty, record, on: date | None = None) -> None:
        if on is not None and duty.status != Status.DONE:
            _mark_done(duty, self.council, on, late=False)  # a coverage duty its record completed
        self.links.append((duty, record))

    def session(self, duty: Duty) -> None:
        pair = (duty.owner_id, duty.subject_staff_id)
        # The month's supervision of a newly-qualified worker is one of their fortnightly sessions.
        held = [s for s in self.sessions_of[pair] if duty.period_start <= s.held_on <= duty.period_end]
        if held:
            self.link(duty, held[-1])
            duty.completed_on = held[-1].held_on
            return
        on = duty.completed_on
        supervisee = self.council.org.staff[duty.subject_staff_id]
        if self.rng.random() < P_CANCELLED and on - timedelta(days=3) >= max(duty.period_start, supervisee.started_on):
            self.made(SupervisionSession(
                supervisor_id=duty.owner_id, supervisee_id=duty.subject_staff_id, held_on=on - timedelta(days=3),
                kind=Kind.CASE, outcome=SessionOutcome.CANCELLED, cancelled_reason=self.rng.choice(CANCELLED_REASONS),
                created_at=moment(on - timedelta(days=3), 9)))
        session = self.made(SupervisionSession(
            supervisor_id=duty.owner_id, supervisee_id=duty.subject_staff_id, held_on=on,
            kind=Kind.REFLECTIVE if self.rng.random() < 0.25 else Kind.CASE, outcome=SessionOutcome.HELD,
            notes=self.rng.choice(supervision_demo.NOTES), created_at=moment(on, 16)))
        self.sessions_of[pair].append(session)
        self.link(duty, session)

    def audit_by_auditor(self, duty: Duty, audit_type: str) -> None:
        on, responsibility = duty.completed_on, self.council.responsibilities[duty.responsibility_id]
        if duty.case_reference:  # the audit of a case that closed or transferred
            holder = self.council.org.staff.get(self.holder_of_case.get(duty.case_reference))
            self.link(duty, self.audit(duty.owner_id, audit_type, holder, on, reference=duty.case_reference))
            return
        fy = periods.period_containing("financial_year", on, settings.FINANCIAL_YEAR_START_MONTH)
        if audit_type == AuditType.SUPERVISION_FILE:
            pool = self.scope(duty.owner_id, responsibility.role_id, self.practitioners)
        elif audit_type == AuditType.FOSTER_CARER_FILE:
            pool = self.foster_workers or self.practitioners
        elif audit_type in (AuditType.CP_CONFERENCE, AuditType.LAC_REVIEW):
            pool = self.case_holders
        else:  # "from another part of the service" for a service leader (R61)
            elsewhere = responsibility.role.name == "Service Leader"
            pool = self.scope(duty.owner_id, responsibility.role_id, self.case_holders, elsewhere=elsewhere)
        # As the month's sample does: case-holders not yet audited this financial year first.
        holder = self.pick(pool, on, not_id=duty.owner_id,
                           fresh=lambda m: not any(a.audited_on in fy for a in self.audits_of[m.id]))
        audit = self.audit(duty.owner_id, audit_type, holder, on)
        self.link(duty, audit)

    def case_holder_audited(self, duty: Duty) -> None:
        """Every case-holder has a case audited each financial year (R51): by the audits already made,
        or by one their line manager makes."""
        found = [a for a in self.audits_of[duty.subject_staff_id]
                 if a.audit_type in CASE_AUDITS and duty.period_start <= a.audited_on <= duty.period_end
                 and a.audited_on < self.today and a.status != AuditStatus.DRAFT]
        if found:
            self.link(duty, found[0], on=found[0].audited_on)
        elif duty.status == Status.DONE:
            holder = self.council.org.staff[duty.subject_staff_id]
            auditor = self.manager_on(holder, duty.completed_on, duty.owner_id)
            self.link(duty, self.audit(auditor, AuditType.CASE_FILE, holder, duty.completed_on))

    def scrutiny(self, duty: Duty) -> None:
        """The director scrutinises one of the quarter's audits (R12); a quarter with none stays missed."""
        chosen = next((a for a in self.all_audits if duty.period_start <= a.audited_on <= duty.completed_on
                       and a.auditor_id != duty.owner_id and a.status != AuditStatus.DRAFT), None)
        if chosen is None:
            duty.status = Status.OPEN
            duty.completed_on, duty.completed_by_id, duty.completed_late = None, None, False
            return
        self.link(duty, self.made(AuditScrutiny(
            audit=chosen, scrutineer_id=duty.owner_id, scrutinised_on=duty.completed_on,
            comment="A thorough audit; the service leader to follow up the recording timescales.",
            created_at=moment(duty.completed_on, 11))))

    def observation_by_observer(self, duty: Duty, setting: str | None) -> None:
        on, responsibility = duty.completed_on, self.council.responsibilities[duty.responsibility_id]
        if setting == Setting.CP_CONFERENCE:
            pool = self.chairs or self.practitioners
        elif setting == Setting.LAC_REVIEW:
            pool = self.iros or self.practitioners
        else:
            pool = self.scope(duty.owner_id, responsibility.role_id, self.practitioners)
            setting = self.rng.choice(PRACTICE_SETTINGS)
        practitioner = self.pick(pool, on, not_id=duty.owner_id)
        if practitioner is None:
            return
        self.link(duty, self.observation(duty.owner_id, practitioner.id, on, setting))

    def practitioner_observed(self, duty: Duty, *, lac_review: bool) -> None:
        """Coverage: every practitioner observed each year by a team leader or above (R59), every IRO
        observed chairing a LAC review (R69, R72): by the observations made, or by one made for it."""
        found = [o for o in self.observations_of[duty.subject_staff_id]
                 if duty.period_start <= o.observed_on <= duty.period_end and o.observed_on < self.today
                 and (not lac_review or o.setting == Setting.LAC_REVIEW)]
        if found:
            self.link(duty, found[0], on=found[0].observed_on)
        elif duty.status == Status.DONE:
            practitioner = self.council.org.staff[duty.subject_staff_id]
            on = duty.completed_on
            observer = duty.owner_id if lac_review else self.manager_on(practitioner, on, duty.owner_id)
            setting = Setting.LAC_REVIEW if lac_review else self.rng.choice(PRACTICE_SETTINGS)
            self.link(duty, self.observation(observer, practitioner.id, on, setting))

    # Making records.

    def audit(self, auditor_id: int, audit_type: str, holder, on: date, reference: str = "") -> Audit:
        rng, today = self.rng, self.today
        grade = rng.choices(GRADES, GRADE_WEIGHTS)[0]
        age = (today - on).days
        if not reference and holder is not None and self.cases.get(holder.id):
            reference = rng.choice(self.cases[holder.id])
        elif not reference:
            self.references += 1
            reference = f"CS-{9_000_000 + self.references}"
        audit = Audit(
            audit_type=audit_type, tool=self.tools[audit_type], case_reference=reference,
            case_holder_id=holder.id if holder else None, team_id=holder.team_id if holder else None,
            auditor_id=auditor_id, audited_on=on, overall_grade=grade,
            strengths=rng.choice(audits_demo.STRENGTHS), improvements=rng.choice(audits_demo.IMPROVEMENTS),
            safeguarding_concern=rng.random() < P_CONCERN, status=AuditStatus.SUBMITTED,
            submitted_at=moment(on, 15, rng.randint(0, 59)), created_at=moment(on, 9, rng.randint(0, 59)),
        )
        moderators = [m for m in self.moderators if m != auditor_id]
        if rng.random() < P_MODERATED and moderators:
            audit.moderator_id = rng.choice(moderators)
            audit.moderation_requested = rng.random() < 0.3
            if age > 7:
                audit.status, audit.moderated_at = AuditStatus.MODERATED, _days_after(on, 3)
                audit.moderated_grade = grade if rng.random() < 0.8 else rng.choice(GRADES)
                audit.moderation_comment = "Agree overall." if audit.moderated_grade == grade else \
                    "The chronology's gaps bring the grade down."
            else:
                audit.status = AuditStatus.MODERATION
        if audit.status in (AuditStatus.SUBMITTED, AuditStatus.MODERATED) and holder and age > 5 and \
                rng.random() < 0.8:
            audit.status, audit.shared_at = AuditStatus.SHARED, _days_after(on, 5)
            if age > 14 and rng.random() < 0.7:
                audit.status, audit.acknowledged_at = AuditStatus.ACKNOWLEDGED, _days_after(on, 10)
                if rng.random() < 0.3:
                    audit.response = "Thank you: I have updated the chronology and the plan."
        self.made(audit)
        self.all_audits.append(audit)
        if holder is not None:
            self.audits_of[holder.id].append(audit)
        return audit

    def observation(self, observer_id: int, practitioner_id: int, on: date, setting: str) -> Observation:
        rng = self.rng
        feedback = on + timedelta(days=rng.randint(0, 5))
        observation = self.made(Observation(
            observer_id=observer_id, practitioner_id=practitioner_id, observed_on=on, setting=setting,
            went_well=rng.choice(observations_demo.WENT_WELL[setting]),
            to_develop=rng.choice(observations_demo.TO_DEVELOP),
            feedback_given_on=feedback if feedback < self.today else None,
            created_at=moment(on, 16, rng.randint(0, 59))))
        self.observations_of[practitioner_id].append(observation)
        return observation

    def annual_pdrs(self, covered: set[int]) -> None:
        """A PDR a year for everyone with a line manager, but those whose PDR the table asks of their
        manager (R21, R33: made from those duties)."""
        rng, today, start_month = self.rng, self.today, settings.FINANCIAL_YEAR_START_MONTH
        years = periods.periods_between("financial_year", self.council.start, today, start_month)
        for member in sorted(self.council.org.staff.values(), key=lambda m: m.id):
            if member.line_manager_id is None or member.id in covered or member.id not in self.council.user_of:
                continue
            for year in years:
                on = year.start + timedelta(days=rng.randint(20, 330))
                if on < today and member.employed_on(on) and self.council.employed(member.line_manager_id, on) \
                        and rng.random() < P_PDR:
                    self.made(PDR(appraiser_id=member.line_manager_id, appraisee_id=member.id, held_on=on,
                                  summary=supervision_demo.PDR_SUMMARY, created_at=moment(on, 15)))

    def save(self) -> None:
        """The records made since the last save, then the duties' links to them."""
        for model in (SupervisionSession, PDR, Audit, Observation):
            _insert(model, self.new.pop(model, []))
        _insert(AuditScrutiny, self.new.pop(AuditScrutiny, []))
        audits = [row for row in self.all_audits if row.pk and not getattr(row, "_answered", False)]
        _insert(Answer, [answer for audit in audits for answer in self.answers(audit)], batch_size=5000)
        self.actions(audits)
        _insert(Notice, [self.shared_notice(audit) for audit in audits if audit.shared_at])
        types = {model: ContentType.objects.get_for_model(model).id
                 for model in (SupervisionSession, PDR, Audit, AuditScrutiny, Observation)}
        for duty, record in self.links:
            duty.record_type_id, duty.record_id = types[type(record)], record.pk
        self.links = []

    def answers(self, audit: Audit) -> list[Answer]:
        audit._answered = True
        rng, rows = self.rng, []
        for question in self.questions[audit.tool_id]:
            if question.kind == AnswerKind.GRADE:
                grade = audit.overall_grade if rng.random() < 0.7 else rng.choice(GRADES)
                comment = rng.choice(audits_demo.IMPROVEMENTS) if grade in (
                    Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE) else ""
                rows.append(Answer(audit=audit, question=question, grade=grade, comment=comment,
                                   moderated_grade=grade if audit.moderated_grade else ""))
            elif question.kind == AnswerKind.YES_NO:
                rows.append(Answer(audit=audit, question=question, yes_no=rng.choice(["yes", "yes", "yes", "no"])))
            else:
                rows.append(Answer(audit=audit, question=question, text=rng.choice(audits_demo.STRENGTHS)))
        return rows

    def actions(self, audits: list[Audit]) -> None:
        """An action plan of one or two actions for some audits, owned by the case-holder."""
        rng, today, audit_type = self.rng, self.today, ContentType.objects.get_for_model(Audit)
        plans, actions = [], []
        for audit in audits:
            weak = audit.overall_grade in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
            if audit.case_holder_id is None or rng.random() > (P_ACTIONS * 2 if weak else P_ACTIONS / 2):
                continue
            made = moment(audit.audited_on, 15, 30)
            plan = ActionPlan(title=f"Actions from the audit of case {audit.case_reference}", source_type=audit_type,
                              source_id=audit.pk, created_by_id=self.council.user_of.get(audit.auditor_id),
                              created_at=made)
            plans.append(plan)
            for _ in range(rng.choice([1, 1, 2])):
                due = audit.audited_on + timedelta(days=rng.randint(14, 56))
                action = Action(plan=plan, description=rng.choice(audits_demo.IMPROVEMENTS).replace(
                    "The", "Address:", 1), owner_id=audit.case_holder_id, raised_by_id=audit.auditor_id, due_on=due,
                    status=ActionStatus.OPEN, created_at=made)
                finished = due - timedelta(days=rng.randint(0, 10))
                if finished < today and rng.random() < 0.85:
                    action.status, action.completed_on, action.evidence = ActionStatus.DONE, finished, ACTION_EVIDENCE
                elif due >= today and rng.random() < 0.5:  # half not yet due are started
                    action.status = ActionStatus.IN_PROGRESS
                actions.append(action)
        _insert(ActionPlan, plans)
        _insert(Action, actions)

    def shared_notice(self, audit: Audit) -> Notice:
        return Notice(
            recipient_id=audit.case_holder_id, kind=Notice.Kind.AUDIT_SHARED, day=audit.shared_at.date(),
            about=f"audit:{audit.pk}", state=Notice.State.SENT, attempts=1, claimed_at=audit.shared_at,
            sent_at=audit.shared_at, address=self.council.email_of.get(audit.case_holder_id, ""),
            subject=f"An audit of your work on case {audit.case_reference} is ready to read",
            created_at=audit.shared_at)


def _days_after(day: date, days: int) -> datetime:
    """A moment some days after a day, at ten."""
    return moment(day + timedelta(days=days), 10)


# The rest of what the portal keeps.


def _cases(council: _Council) -> tuple[dict[int, list[str]], list[Case]]:
    """The case list: each case-holder's open cases, and the cases that closed or transferred over
    the years (a leaver's last ones on their last day). Returns the references by case-holder, and
    the cases that ended."""
    rng, today, rows, ended, by_holder = council.rng, council.today, [], [], defaultdict(list)

    def case(member, opened: date) -> Case:
        row = Case(reference=f"CS-{100_000 + len(rows):07d}", case_holder_id=member.id, team_id=member.team_id,
                   opened_on=max(opened, member.started_on), last_listed_on=today)
        rows.append(row)
        by_holder[member.id].append(row.reference)
        return row

    for member in sorted(council.org.staff.values(), key=lambda m: m.id):
        if not member.is_case_holder:
            continue
        first = max(member.started_on, council.start)
        last = min(member.left_on, today - ONE_DAY) if member.left_on else today - ONE_DAY
        if last <= first:
            continue
        for _ in range(round(ENDED_A_YEAR * (last - first).days / 365)):
            end = first + timedelta(days=rng.randint(0, (last - first).days))
            row = case(member, end - timedelta(days=rng.randint(60, 700)))
            if rng.random() < 0.7:
                row.closed_on = end
            else:
                row.transferred_on = end
            ended.append(row)
        if member.left_on and member.left_on < today:
            for _ in range(TRANSFERRED_ON_LEAVING):
                row = case(member, member.left_on - timedelta(days=rng.randint(30, 400)))
                row.transferred_on = member.left_on
                ended.append(row)
        else:
            for _ in range(OPEN_CASES + rng.randint(-4, 4)):
                case(member, today - timedelta(days=rng.randint(1, 3 * 365)))
    _insert(Case, rows)
    return by_holder, ended


def _closure_duties(council: _Council, ended: list[Case]) -> list[Duty]:
    """The audit on closure or transfer each ended case was owed (R60), by the holders of the role
    over its team on the day, due CLOSURE_AUDIT_DAYS later: the duties cases.duties raises when the
    case list says so, with what became of each."""
    org = council.org
    responsibilities = [r for r in council.responsibilities.values()
                        if r.frequency == Frequency.ON_EVENT and r.record == CLOSURE_TRANSFER_RECORD]
    made = []
    for case in sorted(ended, key=lambda c: (c.ended_on, c.reference)):
        on = case.ended_on
        if on < council.start:
            continue
        due = on + timedelta(days=settings.CLOSURE_AUDIT_DAYS)
        for responsibility in responsibilities:
            owners = sorted({
                a.staff_id for a in org.assignments[responsibility.role_id]
                if a.current_on(on) and org.staff[a.staff_id].employed_on(on)
                and a.covers(case.team_id, org.team_service.get(case.team_id))
            })
            for owner_id in owners:
                duty = Duty(
                    responsibility_id=responsibility.id, owner_id=owner_id, frequency=Frequency.ON_EVENT,
                    period_start=on, period_end=due, due_on=due, case_reference=case.reference,
                    status=Status.OPEN, created_at=moment(on + ONE_DAY, 9),  # the case list came the next day
                )
                _settle(duty, council)
                made.append(duty)
    return made


def _complaints(council: _Council, years: int) -> int:
    """Complaints through the representations procedure over the years: most answered at stage 1
    and closed, some taken to an investigation or a panel, the latest still open."""
    rng, today = council.rng, council.today
    team_leader = {}
    for assignments in council.assignments_of.values():
        for a in assignments:
            if a.role.name == "Team Leader" and a.team_id and a.ends_on is None:
                team_leader.setdefault(a.team_id, a.staff_id)
    manager = next((a.staff_id for assignments in council.assignments_of.values() for a in assignments
                    if a.role.name == access.COMPLAINTS_MANAGER_ROLE), None)
    teams = sorted(team_leader)
    if not teams or manager is None:
        return 0
    summaries = [plan.summary for plan in complaints_demo.PLANS]
    count = round(COMPLAINTS_PER_STAFF_YEAR * len(council.org.staff) * years)
    received = sorted(council.start + timedelta(days=rng.randint(0, (today - council.start).days - 1))
                      for _ in range(count))
    sequence: Counter = Counter()
    complaints, stages = [], []
    for day in received:
        team = rng.choice(teams)
        sequence[day.year] += 1
        complaint = Complaint(
            reference=f"C-{day.year}-{sequence[day.year]:03d}", year=day.year, sequence=sequence[day.year],
            received_on=day, complainant=rng.choice(Complainant.values),
            case_reference=f"CR-{rng.randint(100000, 999999)}", team_id=team, category=rng.choice(Category.values),
            summary=rng.choice(summaries),
            handler_id=manager if rng.random() < 0.3 else team_leader[team], created_at=moment(day, 10, 30))
        complaints.append(complaint)
        stage_made = []
        requested = day
        for number in (1, 2, 3):
            due = timescales.due_on(number, requested)
            stage = Stage(complaint=complaint, number=number, requested_on=requested, due_on=due,
                          created_at=moment(requested, 10, 30))
            stage_made.append(stage)
            answered = add_working_days(requested, rng.randint(timescales.TIMESCALES[number].working_days // 2,
                                                                timescales.TIMESCALES[number].working_days + 3))
            if answered >= today:
                break  # still awaiting this stage's response
            stage.responded_on = answered
            stage.outcome = rng.choice([Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD, Outcome.NOT_UPHELD])
            next_request = add_working_days(answered, rng.randint(3, 15))
            if rng.random() > (0.15 if number == 1 else 0.2) or next_request >= today:
                break
            requested = next_request
        last = stage_made[-1]
        complaint.current_stage = last.number
        if last.responded_on is None:
            complaint.status, complaint.due_on = ComplaintStatus.OPEN, last.due_on
        else:
            closed = add_working_days(last.responded_on, 20)
            complaint.outcome = last.outcome
            if closed < today:
                complaint.status, complaint.closed_on = ComplaintStatus.CLOSED, closed
                if last.outcome != Outcome.NOT_UPHELD:
                    complaint.lessons_learnt = "Lessons shared with the team and at the managers' meeting."
            else:
                complaint.status = ComplaintStatus.RESPONDED
        stages += stage_made
    _insert(Complaint, complaints)
    _insert(Stage, stages)
    return len(complaints)


def _digests(council: _Council) -> list[Notice]:
    """The digest each working day for the share of the staff at work with something to hear of."""
    rng, rows = council.rng, []
    staff = sorted((m for m in council.org.staff.values() if m.id in council.email_of), key=lambda m: m.id)
    day = council.start
    while day < council.today:
        if is_working_day(day):
            at_work = [m for m in staff if m.employed_on(day)]
            for member in rng.sample(at_work, round(len(at_work) * DIGEST_SHARE)):
                sent = moment(day, 7, rng.randint(0, 14))
                overdue, soon = rng.choice([0, 0, 1, 2]), rng.choice([0, 1, 1, 2, 3])
                contents = {name: n for name, n in (("overdue", overdue), ("due_soon", soon or (0 if overdue else 1)))
                            if n}
                failed = rng.random() < 0.005
                rows.append(Notice(
                    recipient_id=member.id, kind=Notice.Kind.DIGEST, day=day, address=council.email_of[member.id],
                    state=Notice.State.FAILED if failed else Notice.State.SENT, attempts=1, claimed_at=sent,
                    sent_at=None if failed else sent, contents=contents, created_at=sent,
                    error="SMTP: 421 service not available, try again later" if failed else "",
                    subject=_digest_subject(contents, day)))
        day += ONE_DAY
    return rows


def _digest_subject(contents: dict, day: date) -> str:
    parts = [f"{contents[name]} {label}" for name, label in (("overdue", "overdue"), ("due_soon", "due soon"))
             if name in contents]
    return f"QA Portal: {', '.join(parts)} ({day.day} {day:%B})"


# The whole council.


@dataclass
class Built:
    counts: dict[str, int]
    seconds: float
    logins: dict[str, str]

    def lines(self) -> list[str]:
        width = max(len(name) for name in self.counts)
        lines = [f"  {name:<{width}}  {count:>9,}" for name, count in self.counts.items()]
        lines.append(f"built in {self.seconds:.0f} s")
        lines.append(f"Logins (password {PASSWORD!r}):")
        lines += [f"  {who:<16} {username}" for who, username in self.logins.items()]
        return lines


def build(*, staff: int, years: int, today: date, seed: int = 1, log=print) -> Built:
    """Build the large council in an empty, migrated portal (CannotBuild otherwise)."""
    if StaffMember.objects.exists():
        raise CannotBuild("the database already has staff: the large council goes only into an empty portal")
    if not AuditTool.objects.filter(theme=None).exists():
        raise CannotBuild("the database has no audit tools: migrate it first (migrate loads the shipped tools)")
    if staff < 20 or years < 1:
        raise CannotBuild("it takes at least 20 staff and a year of history")
    began = time.monotonic()
    rng = random.Random(seed)
    start = today - years * YEAR

    def step(what):
        log(f"  {time.monotonic() - began:5.0f} s  {what}")

    with transaction.atomic():
        if not Responsibility.objects.exists():
            step(f"responsibilities: {import_responsibilities(DEFAULT_TABLE.read_bytes())}")
        cast = _Cast(staff, today, years, rng)
        people = cast.people
        members = _save_organisation(cast, today, start)
        _permissions()
        step(f"organisation: {len(members)} staff, {Team.objects.count()} teams, "
             f"{RoleAssignment.objects.count()} role assignments")

        responsibilities = {
            r.id: r for r in Responsibility.objects.filter(active=True).select_related("role").order_by("ref")
        }
        assignments_of = defaultdict(list)
        for assignment in RoleAssignment.objects.select_related("role").order_by("id"):
            assignments_of[assignment.staff_id].append(assignment)
        council = _Council(
            today=today, start=start, rng=rng, org=Organisation({r.role_id for r in responsibilities.values()}),
            responsibilities=responsibilities,
            user_of=dict(StaffMember.objects.filter(user__isnull=False).values_list("id", "user_id")),
            email_of=dict(StaffMember.objects.exclude(email="").values_list("id", "email")),
            asye_from={members[p.key].id: p.asye_from for p in people if p.asye_from},
            assignments_of=assignments_of,
        )
        cases, ended = _cases(council)
        records = _Records(council, cases, {case.reference: case.case_holder_id for case in ended})
        step(f"cases: {Case.objects.count()}, {len(ended)} closed or transferred")

        past = _past_duties(council)
        past += _closure_duties(council, ended)
        step(f"past duties worked out: {len(past)}")
        records.complete(past)
        covered = {d.subject_staff_id for d in past
                   if council.responsibilities[d.responsibility_id].record == PDR_RECORD}
        records.save()
        with _created_at_as_given(Duty):
            Duty.objects.bulk_create(past, batch_size=BATCH)
        step(f"past duties and their records saved: {len(past)}")
        missed = [d for d in past if d.status == Status.OPEN and d.due_on < today]
        _insert(Escalation, _escalations(missed, council), batch_size=5000)
        step(f"escalations: {Escalation.objects.count()}")

        result = plan_duties(today)  # the real planner: the current and the next periods
        step(f"plan_duties({today}): {result}")
        current = records.complete(_current_work(council))
        covered |= set(Duty.objects.filter(responsibility__record=PDR_RECORD).values_list("subject_staff_id",
                                                                                            flat=True))
        records.annual_pdrs(covered)
        records.save()
        Duty.objects.bulk_update(
            current, ["status", "completed_on", "completed_by", "completed_late", "completion_note", "record_type",
                      "record_id"], batch_size=500)
        step(f"this period's work so far: {len(current)} duties done")

        complaints = _complaints(council, years)
        step(f"complaints: {complaints}")
        _insert(Notice, _digests(council), batch_size=5000)
        step(f"notices: {Notice.objects.count()}")
    if connection.vendor == "postgresql":
        # Fresh planner statistics and visibility maps, as autovacuum would leave a database in use.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        step("VACUUM ANALYZE")
    return Built(_counts(today), time.monotonic() - began, _logins())


def _permissions() -> None:
    """The QA lead reads the reminder log and sets audit themes, as in the demo."""
    lead = get_user_model().objects.filter(username=LOGINS["QA lead"]).first()
    if lead is not None:
        lead.user_permissions.add(
            Permission.objects.get(codename="view_notice", content_type__app_label="reminders"),
            Permission.objects.get(codename="add_audittheme", content_type__app_label="audits"),
        )


def _counts(today: date) -> dict[str, int]:
    duties = Counter(Duty.objects.filter(due_on__lt=today).values_list("status", flat=True))
    due = sum(duties.values()) or 1
    counts = {
        "staff": StaffMember.objects.count(),
        "  of whom left": StaffMember.objects.filter(left_on__lt=today).count(),
        "teams": Team.objects.count(),
        "role assignments": RoleAssignment.objects.count(),
        "duties": Duty.objects.count(),
    }
    counts.update({f"  already due, {status} (%)": round(100 * n / due) for status, n in sorted(duties.items())})
    counts.update({
        "supervision sessions": SupervisionSession.objects.count(),
        "PDRs": PDR.objects.count(),
        "audits": Audit.objects.count(),
        "answers": Answer.objects.count(),
        "scrutinies": AuditScrutiny.objects.count(),
        "observations": Observation.objects.count(),
        "actions": Action.objects.count(),
        "cases": Case.objects.count(),
        "complaints": Complaint.objects.count(),
        "notices (digests)": Notice.objects.filter(kind=Notice.Kind.DIGEST).count(),
        "notices (others)": Notice.objects.exclude(kind=Notice.Kind.DIGEST).count(),
        "escalations": Escalation.objects.count(),
    })
    return counts


def _logins() -> dict[str, str]:
    found = set(get_user_model().objects.filter(username__in=LOGINS.values()).values_list("username", flat=True))
    return {who: username for who, username in LOGINS.items() if username in found}


def load_accounts(n: int) -> list[tuple[str, str]]:
    """(username, who) of n people to drive a load test with, from a built council: mostly
    practitioners and team leaders, some service leaders, heads and the directorate, as a working day's
    users would be. Accounts are repeated once there are not enough of a kind."""
    today = periods.local_date(timezone.now())
    working = StaffMember.objects.employed_on(today).filter(user__is_active=True).order_by("staff_number")

    def holders(role):
        return list(working.filter(role_assignments__role__name=role).distinct().values_list("user__username",
                                                                                              flat=True))

    kinds = [
        ("practitioner", 0.5, list(working.filter(is_case_holder=True).values_list("user__username", flat=True))),
        ("team leader", 0.3, holders("Team Leader")),
        ("service leader", 0.1, holders("Service Leader")),
        ("head of service", 0.04, holders("Head of Service")),
        ("deputy director", 0.02, holders("Deputy Director of Children's Services")),
        ("QA lead", 0.04, [LOGINS["QA lead"]]),
    ]
    chosen = []
    for who, share, usernames in kinds:
        if usernames:
            # Spread over the council (every k-th), not the first team only.
            step = max(len(usernames) // max(round(n * share), 1), 1)
            picks = usernames[::step][: max(round(n * share), 1)]
            chosen += [(picks[i % len(picks)], who) for i in range(max(round(n * share), 1))]
    return chosen[:n]
