"""A plausible demo council to try the portal with: services, teams, about 120 staff with logins,
every role of the responsibilities table held by someone, and a year of duty history.

Everything is invented and deterministic (one `random.Random(2026)`), relative to `today`. The
year is lived week by week: the planner runs each Monday as the nightly job would, and people
complete, miss or have waived the duties as they fall due, so the history of every duty reads
as it would have happened.
"""

import random
import re
import time
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from core.periods import LONDON
from schedule.importing import DEFAULT_TABLE, import_responsibilities
from schedule.models import OUTSTANDING, Duty, Responsibility, Status
from schedule.planner import plan_duties

from .models import Role, RoleAssignment, Service, StaffMember, Team

DEMO_PASSWORD = "qa-portal-demo"
ADMIN_USERNAME = "admin"
EMAIL_DOMAIN = "example.gov.uk"
SEED = 2026

DEMO_LOGINS = [
    ("aisha.rahman", "practitioner: a case-holding social worker in Assessment Team 1"),
    ("jack.robinson", "newly-qualified social worker (ASYE) in Assessment Team 1"),
    ("rebecca.thompson", "team leader of Assessment Team 1"),
    ("daniel.mensah", "service leader over Assessment Teams 1 and 2"),
    ("priya.raman", "head of service, Assessment & Intervention"),
    ("marcus.adeyemi", "deputy director of children's services"),
    ("nadia.hussain", "head of safeguarding monitoring: sets audit themes, moderates audits"),
    ("sarah.whitfield", "director of children's services: scrutinises an audit each quarter"),
    ("kate.morgan", "Northshire Police: sees only the multi-agency audit she takes part in"),
    (ADMIN_USERNAME, "administrator: sees everything, owes nothing"),
]

# The data tables below are laid out by hand, a row a line, to be read as tables.
# fmt: off
SERVICES = {
    "Directorate": ["Leadership Team"],
    "Assessment & Intervention": ["Multi-Agency Safeguarding Hub", "Assessment Team 1", "Assessment Team 2",
                                  "Family Support Team"],
    "Looked After Children": ["Children in Care Team 1", "Children in Care Team 2", "Leaving Care Team"],
    "Fostering & Adoption": ["Fostering Team", "Adoption Team"],
    "IRO Service": ["IRO Team"],
    "Safeguarding Monitoring": ["Child Protection Chairs", "Quality Assurance Team"],
}

# Roles whose holders see the duties of everyone in the scope they hold them over.
MANAGERIAL_ROLES = {
    "Director of Children's Services", "Deputy Director of Children's Services", "Head of Service",
    "Head of Assessment and Intervention", "Head of Looked After Children", "Head of Safeguarding Monitoring",
    "Service Leader", "Service Leader CP / LADO", "Service Leader IRO", "Service Leader for Fostering and Adoption",
    "Team Leader", "Senior Management Team",
}

# The named cast, each after their line manager: key -> (name, job title, team, line manager's key).
LEADERS = {
    "ceo": ("Helen Carmichael", "Chief Executive", None, None),
    "member": ("Tariq Mahmood", "Cabinet Member for Children and Families (Lead Member)", None, None),
    "mesc": ("Rosalind Fairweather", "Independent Chair, Safeguarding Children Partnership", None, None),
    "director": ("Sarah Whitfield", "Director of Children's Services", "Leadership Team", "ceo"),
    "deputy": ("Marcus Adeyemi", "Deputy Director of Children's Services", "Leadership Team", "director"),
    "head_ai": ("Priya Raman", "Head of Assessment and Intervention", "Leadership Team", "deputy"),
    "head_lac": ("Gareth Llewellyn", "Head of Looked After Children", "Leadership Team", "deputy"),
    "head_fa": ("Joanna Kowalczyk", "Head of Fostering and Adoption", "Leadership Team", "deputy"),
    "head_sm": ("Nadia Hussain", "Head of Safeguarding Monitoring", "Leadership Team", "deputy"),
    "sl_assess": ("Daniel Mensah", "Service Leader, Assessment", "Leadership Team", "head_ai"),
    "sl_front": ("Claire Donnelly", "Service Leader, Front Door and Family Support", "Leadership Team", "head_ai"),
    "sl_cic": ("Imran Qureshi", "Service Leader, Children in Care", "Leadership Team", "head_lac"),
    "sl_fa": ("Beth Morgan", "Service Leader, Fostering and Adoption", "Leadership Team", "head_fa"),
    "sl_iro": ("Oluwaseun Bakare", "Service Leader, Independent Reviewing Service", "Leadership Team", "head_sm"),
    "sl_cp": ("Fiona MacLeod", "Service Leader, Child Protection and LADO", "Leadership Team", "head_sm"),
    "complaints": ("Linda Okafor", "Complaints Manager", "Quality Assurance Team", "head_sm"),
}

# Who holds which role over what. A role held over neither a service nor a team covers the whole
# organisation.
WHOLE, SERVICE, TEAM = "whole", "service", "team"
ROLES_HELD = {
    "ceo": [("Chief Executive", WHOLE, None)],
    "member": [("Elected Members", WHOLE, None)],
    "mesc": [("Safeguarding Children Board (MESC)", WHOLE, None)],
    "director": [("Director of Children's Services", WHOLE, None), ("Senior Management Team", WHOLE, None)],
    "deputy": [("Deputy Director of Children's Services", WHOLE, None), ("Senior Management Team", WHOLE, None)],
    "head_ai": [("Head of Assessment and Intervention", SERVICE, "Assessment & Intervention"),
                ("Head of Service", SERVICE, "Assessment & Intervention")],
    "head_lac": [("Head of Looked After Children", SERVICE, "Looked After Children"),
                 ("Head of Service", SERVICE, "Looked After Children")],
    "head_fa": [("Head of Service", SERVICE, "Fostering & Adoption")],
    "head_sm": [("Head of Safeguarding Monitoring", WHOLE, None), ("Senior Management Team", WHOLE, None)],
    "sl_assess": [("Service Leader", TEAM, "Assessment Team 1"), ("Service Leader", TEAM, "Assessment Team 2")],
    "sl_front": [("Service Leader", TEAM, "Multi-Agency Safeguarding Hub"),
                 ("Service Leader", TEAM, "Family Support Team")],
    "sl_cic": [("Service Leader", TEAM, "Children in Care Team 1"), ("Service Leader", TEAM, "Children in Care Team 2"),
               ("Service Leader", TEAM, "Leaving Care Team")],
    "sl_fa": [("Service Leader for Fostering and Adoption", SERVICE, "Fostering & Adoption"),
              ("Service Leader", TEAM, "Fostering Team"), ("Service Leader", TEAM, "Adoption Team")],
    "sl_iro": [("Service Leader IRO", SERVICE, "IRO Service")],
    "sl_cp": [("Service Leader CP / LADO", TEAM, "Child Protection Chairs")],
    "complaints": [("Complaints Manager", WHOLE, None)],
}

# Each team's leader (key, name, job title, line manager's key), who holds the Team Leader role over it.
TEAM_LEADERS = {
    "Assessment Team 1": ("tl_at1", "Rebecca Thompson", "Team Leader", "sl_assess"),
    "Assessment Team 2": ("tl_at2", "Samuel Osei", "Team Leader", "sl_assess"),
    "Multi-Agency Safeguarding Hub": ("tl_mash", "Karen Whitaker", "Team Leader", "sl_front"),
    "Family Support Team": ("tl_fst", "Yusuf Ali", "Team Leader", "sl_front"),
    "Children in Care Team 1": ("tl_cic1", "Hannah Brooks", "Team Leader", "sl_cic"),
    "Children in Care Team 2": ("tl_cic2", "Ravi Chandran", "Team Leader", "sl_cic"),
    "Leaving Care Team": ("tl_lc", "Lauren Fitzgerald", "Team Leader", "sl_cic"),
    "Fostering Team": ("tl_fost", "Agnieszka Nowak", "Team Leader", "sl_fa"),
    "Adoption Team": ("tl_adopt", "Peter Ashworth", "Team Leader", "sl_fa"),
    "Quality Assurance Team": ("qa_manager", "Ngozi Eze", "Quality Assurance Manager", "head_sm"),
    # These two have no team leader: their people report to the service leader.
    "IRO Team": (None, None, None, "sl_iro"),
    "Child Protection Chairs": (None, None, None, "sl_cp"),
}
# Assistant team managers, who report to the team leader, supervise some of the team and so hold the
# Team Leader role over it too.
ASSISTANT_TEAM_MANAGERS = {
    "Assessment Team 1": ("atm_at1", "Tom Gallagher"),
    "Assessment Team 2": ("atm_at2", "Shabnam Akhtar"),
    "Children in Care Team 1": ("atm_cic1", "Chris Evans"),
}

# Who else works in each team: (job title, kind, how many), with invented names.
PRACTITIONER, CASE_HOLDER, NQSW, SUPPORT = "practitioner", "case-holder", "nqsw", "support"
TEAM_STAFF = {
    "Assessment Team 1": [("Social Worker", CASE_HOLDER, 4), ("Senior Practitioner", CASE_HOLDER, 2),
                          ("Social Worker (ASYE)", NQSW, 2), ("Family Support Worker", PRACTITIONER, 1),
                          ("Business Support Officer", SUPPORT, 1)],
    "Assessment Team 2": [("Social Worker", CASE_HOLDER, 5), ("Senior Practitioner", CASE_HOLDER, 2),
                          ("Social Worker (ASYE)", NQSW, 3), ("Business Support Officer", SUPPORT, 1)],
    "Multi-Agency Safeguarding Hub": [("MASH Social Worker", PRACTITIONER, 4), ("Senior Practitioner", PRACTITIONER, 1),
                                      ("MASH Information Officer", SUPPORT, 2),
                                      ("Business Support Officer", SUPPORT, 1)],
    "Family Support Team": [("Family Support Worker", PRACTITIONER, 4), ("Social Worker", CASE_HOLDER, 2),
                            ("Social Worker (ASYE)", NQSW, 1)],
    "Children in Care Team 1": [("Social Worker", CASE_HOLDER, 5), ("Senior Practitioner", CASE_HOLDER, 1),
                                ("Social Worker (ASYE)", NQSW, 2), ("Business Support Officer", SUPPORT, 1)],
    "Children in Care Team 2": [("Social Worker", CASE_HOLDER, 4), ("Senior Practitioner", CASE_HOLDER, 2),
                                ("Social Worker (ASYE)", NQSW, 2), ("Business Support Officer", SUPPORT, 1)],
    "Leaving Care Team": [("Personal Adviser", CASE_HOLDER, 4), ("Social Worker", CASE_HOLDER, 1),
                          ("Social Worker (ASYE)", NQSW, 1), ("Business Support Officer", SUPPORT, 1)],
    "Fostering Team": [("Supervising Social Worker", PRACTITIONER, 5), ("Fostering Recruitment Officer", SUPPORT, 2),
                       ("Business Support Officer", SUPPORT, 1)],
    "Adoption Team": [("Adoption Social Worker", PRACTITIONER, 5), ("Family Finder", PRACTITIONER, 1),
                      ("Post-Adoption Support Worker", PRACTITIONER, 1)],
    "IRO Team": [("Independent Reviewing Officer", PRACTITIONER, 7)],
    "Child Protection Chairs": [("Child Protection Chair", PRACTITIONER, 4),
                                ("Local Authority Designated Officer (LADO)", PRACTITIONER, 1)],
    "Quality Assurance Team": [("Quality Assurance Officer", SUPPORT, 3), ("Participation Officer", SUPPORT, 1)],
}
# Roles that go with a job title, held over the person's team.
ROLES_OF_JOB = {
    "Independent Reviewing Officer": ["Independent Reviewing Officer / CP Chair"],
    "Child Protection Chair": ["Independent Reviewing Officer / CP Chair", "Child Protection Chair"],
}
# The two logins that show the portal as a practitioner and an NQSW, in the demo team leader's team:
# key -> (name, job title, team, line manager's key, kind).
NAMED_PRACTITIONERS = {
    "aisha": ("Aisha Rahman", "Social Worker", "Assessment Team 1", "tl_at1", CASE_HOLDER),
    "jack": ("Jack Robinson", "Social Worker (ASYE)", "Assessment Team 1", "tl_at1", NQSW),
}
# Three recent joiners (days ago), two who have left (days ago) and one who leaves next month,
# picked from the invented staff as "team/job title/n" (the n-th person listed in the team).
JOINED_DAYS_AGO = {"Assessment Team 2/Social Worker/1": 12, "Children in Care Team 2/Senior Practitioner/5": 33,
                   "Fostering Team/Supervising Social Worker/1": 19}
LEFT_DAYS_AGO = {"Assessment Team 2/Social Worker/2": 44, "Children in Care Team 1/Social Worker/2": 103}
LEAVES_NEXT_MONTH = "Leaving Care Team/Personal Adviser/1"

# Whose pages must show something overdue: each misses two duties that fell due in the last 75 days.
SHOWCASE = {"tl_at1", "atm_at1", "sl_assess", "head_ai", "deputy", "head_sm"}
SHOWCASE_DAYS = 75

FIRST_NAMES = """
    Amelia Oliver Olivia Harry Isla George Ava Noah Emily Leo Sophie Jacob Grace Charlie Chloe Freddie
    Ella Alfie Lucy Oscar Mia Ruby James Holly William Megan Joshua Ellie Ethan Zara Mohammed Fatima
    Ayesha Hamza Zainab Bilal Sana Arjun Anjali Rohan Deepa Harpreet Gurpreet Sunita Vikram Chidi Adaeze
    Kofi Abena Kwame Efua Tunde Folake Segun Nkechi Marek Katarzyna Piotr Magdalena Andrei Ioana Siobhan
    Ciaran Niamh Declan Aoife Eilidh Callum Morag Rhys Carys Dylan Ffion Mei Wei Thanh Lina Omar Leila
    Hassan Nia Jerome Shanice Marcia Delroy Zoë Seán Bethany Natalie Kerry Donna Paul
""".split()
SURNAMES = """
    Smith Jones Williams Taylor Brown Davies Wilson Johnson Roberts Walker Wright White Hughes Edwards
    Green Hall Wood Harris Clarke Jackson Turner Hill Cooper Ward Morris Patel Shah Khan Ahmed Begum Iqbal
    Chaudhry Singh Kaur Sandhu Gill Adebayo Boateng Owusu Nwosu Afolabi Kowalski Wiśniewska Zielinski
    Popescu Murphy Kelly O'Sullivan Byrne Walsh McLaughlin Campbell Stewart MacDonald Fraser Griffiths
    Jenkins Pritchard Chen Wong Nguyen Haddad Yilmaz Mahmoud Francis Grant Bailey Forbes Reid Lewis Baker
    Price Parry Doyle Sheikh Mistry Lowe Barker
""".split()

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


@dataclass
class Person:
    key: str
    name: str
    job_title: str
    team: str | None
    manager: str | None
    started_on: date
    roles: list = field(default_factory=list)  # [(role name, WHOLE/SERVICE/TEAM, service or team name)]
    left_on: date | None = None
    kind: str = SUPPORT

    @property
    def username(self) -> str:
        return _username(self.name)


@dataclass
class DemoSummary:
    staff: int
    teams: int
    services: int
    role_assignments: int
    duties: dict[str, int]
    past_duties: dict[str, int]
    unheld_roles: list[str]
    seconds: float = 0.0

    def lines(self) -> list[str]:
        past = sum(self.past_duties.values()) or 1
        shares = ", ".join(
            f"{status} {count} ({100 * count / past:.0f}%)" for status, count in sorted(self.past_duties.items())
        )
        lines = [
            f"{self.staff} staff in {self.teams} teams across {self.services} services; "
            f"{self.role_assignments} role assignments",
            f"{sum(self.duties.values())} duties: "
            + ", ".join(f"{count} {status}" for status, count in sorted(self.duties.items())),
            f"of those already due: {shares}",
        ]
        if self.unheld_roles:
            lines.append(f"roles in the table that nobody holds: {', '.join(self.unheld_roles)}")
        lines.append(f"seeded in {self.seconds:.1f} s")
        return lines


def _username(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    parts = [re.sub(r"[^a-z-]", "", part) for part in plain.split()]
    return f"{parts[0]}.{parts[-1]}"


@contextmanager
def _clock(moment: datetime):
    """Make Django's clock read `moment`, so the rows and history written while the year is
    replayed carry the day they would have been written on."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _at(day: date, hour: int = 2, minute: int = 15) -> datetime:
    return datetime.combine(day, clock_time(hour, minute), tzinfo=LONDON)


def _cast(today: date, rng: random.Random) -> list[Person]:
    """Everyone in the demo council, each after their line manager."""

    def years_ago(low: float, high: float) -> date:
        return today - timedelta(days=rng.randint(int(low * 365), int(high * 365)))

    def worker(key, name, title, team, manager, kind) -> Person:
        # NQSWs are in their first year (but not among the three recent joiners); everyone else has
        # been in post a while.
        started = today - timedelta(days=rng.randint(60, 330)) if kind == NQSW else years_ago(1.2, 18)
        roles = [(role, TEAM, team) for role in ROLES_OF_JOB.get(title, [])]
        return Person(key, name, title, team, manager, started, roles=roles, kind=kind)

    people = [
        Person(key, name, title, team, manager, years_ago(2, 15), roles=ROLES_HELD[key])
        for key, (name, title, team, manager) in LEADERS.items()
    ]
    taken = {name for name, *_ in LEADERS.values()} | {name for name, *_ in NAMED_PRACTITIONERS.values()}
    taken |= {name for _, name, *_ in TEAM_LEADERS.values() if name}
    taken |= {name for _, name in ASSISTANT_TEAM_MANAGERS.values()}
    usernames = {_username(name) for name in taken}

    def invent() -> str:
        while True:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            if name not in taken and _username(name) not in usernames:
                taken.add(name)
                usernames.add(_username(name))
                return name

    for team, (leader, name, title, manager) in TEAM_LEADERS.items():
        if leader:
            roles = [("Team Leader", TEAM, team)]
            people.append(Person(leader, name, title, team, manager, years_ago(3, 15), roles=roles))
            manager = leader
        atm = ASSISTANT_TEAM_MANAGERS.get(team)
        if atm:
            roles = [("Team Leader", TEAM, team)]
            people.append(Person(*atm, "Assistant Team Manager", team, leader, years_ago(3, 12), roles=roles))
        for key, (name, title, team_, manager_, kind) in NAMED_PRACTITIONERS.items():
            if team_ == team:
                people.append(worker(key, name, title, team, manager_, kind))
        n = atm_reports = 0
        for title, kind, count in TEAM_STAFF[team]:
            for _ in range(count):
                n += 1
                reports_to = manager
                # Every other experienced practitioner reports to the assistant team manager, up to three.
                if atm and kind in (PRACTITIONER, CASE_HOLDER) and atm_reports < 3 and n % 2:
                    reports_to, atm_reports = atm[0], atm_reports + 1
                people.append(worker(f"{team}/{title}/{n}", invent(), title, team, reports_to, kind))

    by_key = {person.key: person for person in people}
    for key, days in JOINED_DAYS_AGO.items():
        by_key[key].started_on = today - timedelta(days=days)
    for key, days in LEFT_DAYS_AGO.items():
        by_key[key].left_on = today - timedelta(days=days)
    by_key[LEAVES_NEXT_MONTH].left_on = (today.replace(day=1) + timedelta(days=32)).replace(day=18)
    return people


class CannotSeed(Exception):
    pass


def seed_demo(today: date, *, log=print) -> DemoSummary:
    """Build the demo council in an empty portal (CannotSeed if it already has staff or the
    demo's usernames are taken). Returns what it made."""
    began = time.monotonic()
    if StaffMember.objects.exists():
        raise CannotSeed("the portal already has staff; the demo council only goes into an empty portal")
    rng = random.Random(SEED)
    start = today - timedelta(days=365)
    with transaction.atomic():
        if not Responsibility.objects.exists():
            log(f"Responsibilities: {import_responsibilities(DEFAULT_TABLE.read_bytes())}")
        with _clock(_at(start - timedelta(days=1), 9, 0)):
            staff = _organisation(_cast(today, rng), today, log)
        log(f"Organisation: {StaffMember.objects.count()} staff, {RoleAssignment.objects.count()} role assignments")
        _live_the_year(today, start, staff, rng, log)
        plan_duties(today)
        _cases_and_audits(today, log)
    summary = _summary(today)
    summary.seconds = time.monotonic() - began
    return summary


def _cases_and_audits(today: date, log) -> None:
    # The open-cases list, this month's audits of those cases, then the other strands' records,
    # each made through its app's own actions so that they complete duties as they would have.
    from audits.demo import seed_audits
    from cases.demo import seed_cases
    from complaints.demo import seed_complaints
    from observations.demo import seed_observations
    from participation.demo import seed_participation
    from standards.demo import seed_standards
    from supervision.demo import seed_supervision

    with _clock(_at(today, 9, 0)):
        seed_cases(today)
        seed_standards(today, log=log)  # first, so that the audits use the tool naming the standards
        seed_audits(today, log=log)
        seed_observations(today, log=log)
        seed_supervision(today, log=log)
        seed_participation(today, log=log)
        seed_complaints(today, log=log)
    # The head of safeguarding monitoring leads quality assurance: she reads the reminder log.
    from django.contrib.auth.models import Permission

    lead = get_user_model().objects.filter(username="nadia.hussain").first()
    if lead is not None:
        lead.user_permissions.add(Permission.objects.get(codename="view_notice", content_type__app_label="reminders"))


def _organisation(people: list[Person], today: date, log) -> dict[str, StaffMember]:
    User = get_user_model()
    taken = sorted(User.objects.filter(username__in=[p.username for p in people]).values_list("username", flat=True))
    if taken:
        raise CannotSeed(f"these usernames are taken already: {', '.join(taken)}")
    services = {name: Service.objects.create(name=name) for name in SERVICES}
    teams = {
        team: Team.objects.create(name=team, service=services[service])
        for service, names in SERVICES.items()
        for team in names
    }
    Role.objects.filter(name__in=MANAGERIAL_ROLES).update(oversees_scope=True)
    roles = {role.name: role for role in Role.objects.all()}

    password = make_password(DEMO_PASSWORD)  # hashed once: every demo login shares it
    users = User.objects.bulk_create(
        [
            User(
                username=person.username,
                password=password,
                email=f"{person.username}@{EMAIL_DOMAIN}",
                first_name=person.name.split()[0],
                last_name=person.name.split()[-1],
                is_active=person.left_on is None or person.left_on >= today,
            )
            for person in people
        ]
    )
    if User.objects.filter(username=ADMIN_USERNAME).exists():
        log(f"A user {ADMIN_USERNAME!r} already exists: its password is left as it was.")
    else:
        User.objects.create(
            username=ADMIN_USERNAME,
            password=password,
            email=f"{ADMIN_USERNAME}@{EMAIL_DOMAIN}",
            is_staff=True,
            is_superuser=True,
        )

    staff: dict[str, StaffMember] = {}
    for number, (person, user) in enumerate(zip(people, users, strict=True), start=1):
        member = StaffMember(
            user=user,
            staff_number=f"CSC{number:04d}",
            name=person.name,
            email=user.email,
            job_title=person.job_title,
            team=teams.get(person.team),
            line_manager=staff.get(person.manager),
            started_on=person.started_on,
            left_on=person.left_on,
            is_case_holder=person.kind in (CASE_HOLDER, NQSW),
            is_practitioner=person.kind in (PRACTITIONER, CASE_HOLDER, NQSW),
            is_newly_qualified=person.kind == NQSW,
        )
        member._change_reason = "demo council"
        member.save()
        staff[person.key] = member
        for role_name, scope, over in person.roles:
            if role_name not in roles:
                continue  # a council's own table may not have this role
            assignment = RoleAssignment(
                staff=member,
                role=roles[role_name],
                starts_on=person.started_on,
                ends_on=person.left_on,
                service=services[over] if scope == SERVICE else None,
                team=teams[over] if scope == TEAM else None,
            )
            assignment._change_reason = "demo council"
            assignment.save()
    return staff


@dataclass
class Fate:
    """What happens to one duty: done, waived or missed, and on which day."""

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
                return Fate(Status.OVERDUE)
        if draw < P_MISSED:
            return Fate(Status.OVERDUE)
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
        # What people did last week first, so work finished on time is never marked overdue.
        _carry_out(
            [duty_id for duty_id, fate in fates.items() if fate.on and fate.on < day and not fate.carried_out],
            fates,
            user_of,
            manager_user,
            rng,
        )
        with _clock(_at(day)):
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
        duty._history_date = _at(fate.on, 9 + duty.id % 8, duty.id * 7 % 60)
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


def _summary(today: date) -> DemoSummary:
    held = set(RoleAssignment.objects.values_list("role__name", flat=True))
    table_roles = set(Responsibility.objects.values_list("role__name", flat=True))
    return DemoSummary(
        staff=StaffMember.objects.count(),
        teams=Team.objects.count(),
        services=Service.objects.count(),
        role_assignments=RoleAssignment.objects.count(),
        duties=dict(Counter(Duty.objects.values_list("status", flat=True))),
        past_duties=dict(Counter(Duty.objects.filter(due_on__lt=today).values_list("status", flat=True))),
        unheld_roles=sorted(table_roles - held),
    )


def print_logins(write=print) -> None:
    write(f"Demo logins (every one has the password {DEMO_PASSWORD!r}):")
    width = max(len(username) for username, _ in DEMO_LOGINS)
    for username, who in DEMO_LOGINS:
        write(f"  {username:<{width}}  {who}")
