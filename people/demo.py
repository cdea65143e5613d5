"""The people of a plausible demo council to try the portal with: services, teams, about 120
staff with logins and line managers, and every role of the responsibilities table held by someone.

Everything is invented and deterministic (one `random.Random(2026)`), relative to `today`. The
rest of the demo builds on it: the year of duties (schedule.demo), then each strand's records
(each app's own demo.py), in the order qaportal.demo runs them. The helpers at the end
(`moment`, `written_at`) date what the demo writes on the day it would have been written.
"""

import random
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Max
from django.utils import timezone

from core.periods import LONDON

from .models import Role, RoleAssignment, Service, StaffMember, Team

DEMO_PASSWORD = "qa-portal-demo"
ADMIN_USERNAME = "admin"
EMAIL_DOMAIN = "example.gov.uk"
SEED = 2026
YEAR = timedelta(days=365)  # how far back the demo's history goes

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


def _username(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    parts = [re.sub(r"[^a-z-]", "", part) for part in plain.split()]
    return f"{parts[0]}.{parts[-1]}"


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    """That time of that day in the council's time zone, or now if that is still to come: the
    demo is made at some moment of its `today`, and records nothing after it."""
    return min(datetime.combine(day, clock_time(hour, minute), tzinfo=LONDON), timezone.now())


@contextmanager
def written_at(when: datetime, *models):
    """Date at `when` what the block writes to these models through code that takes no moment of
    its own (the planner, the duties a record completes): the history rows it adds, and the
    `created_at` of the rows it makes, in their history too. Django's clock is left alone.

    For the demo, which fills a portal nobody is using yet: what the block wrote is told apart by
    id, as the rows after the last one there before."""
    marks = [(model, _last_id(model), _last_id(_history_of(model))) for model in models]
    yield
    for model, last_row, last_history in marks:
        history = _history_of(model)
        made = any(f.name == "created_at" for f in model._meta.concrete_fields)
        if history is not None:
            history.objects.filter(pk__gt=last_history).update(history_date=when)
            if made:
                key = f"{model._meta.pk.attname}__gt"
                history.objects.filter(pk__gt=last_history, **{key: last_row}).update(created_at=when)
        if made:
            model._base_manager.filter(pk__gt=last_row).update(created_at=when)


def _history_of(model):
    history = getattr(model, "history", None)
    return history.model if history is not None else None


def _last_id(model) -> int:
    return (model._base_manager.aggregate(last=Max("pk"))["last"] or 0) if model is not None else 0


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


def refuse_unless_empty() -> None:
    """CannotSeed unless the portal has no staff: the demo council only goes into an empty portal."""
    if StaffMember.objects.exists():
        raise CannotSeed("the portal already has staff; the demo council only goes into an empty portal")


def seed_people(today: date, *, rng: random.Random | None = None, log=print) -> dict[str, StaffMember]:
    """Services, teams, staff with logins, their line managers and the roles they hold, as on the
    day before the demo's year began (CannotSeed if the portal has staff or the demo's usernames
    are taken). The roles are the responsibilities table's (schedule.demo.seed_responsibilities
    first); a role the table lacks is not held. Returns the staff by their key in the cast."""
    refuse_unless_empty()
    rng = rng or random.Random(SEED)
    began = moment(today - YEAR - timedelta(days=1), 9)
    staff = _organisation(_cast(today, rng), today, log, at=began)
    log(f"Organisation: {StaffMember.objects.count()} staff, {RoleAssignment.objects.count()} role assignments")
    return staff


def _organisation(people: list[Person], today: date, log, *, at: datetime) -> dict[str, StaffMember]:
    User = get_user_model()
    taken = sorted(User.objects.filter(username__in=[p.username for p in people]).values_list("username", flat=True))
    if taken:
        raise CannotSeed(f"these usernames are taken already: {', '.join(taken)}")
    services = {name: _made(Service(name=name), at) for name in SERVICES}
    teams = {
        team: _made(Team(name=team, service=services[service]), at)
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
        member._change_reason, member._history_date = "demo council", at
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
            assignment._change_reason, assignment._history_date = "demo council", at
            assignment.save()
    return staff


def _made(record, at: datetime):
    record._history_date = at
    record.save()
    return record


def print_logins(write=print) -> None:
    write(f"Demo logins (every one has the password {DEMO_PASSWORD!r}):")
    width = max(len(username) for username, _ in DEMO_LOGINS)
    for username, who in DEMO_LOGINS:
        write(f"  {username:<{width}}  {who}")
