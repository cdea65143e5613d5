"""The demo council (people.demo and the seed_demo command).

Seeding takes seconds, so the council is seeded once for this module inside a transaction that
is rolled back at the end; each test runs in a savepoint inside it and changes nothing for the next.
"""

import os
import random
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone

from people.access import visible_staff_ids
from people.demo import DEMO_LOGINS, DEMO_PASSWORD, LONDON, SEED, _cast, moment
from people.models import Role, RoleAssignment, StaffMember, Team
from qaportal.demo import seed_demo
from reminders.digest import digests_for
from reminders.sending import _message
from schedule.models import Duty, Responsibility, State, Status

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


# Hashing is slow on purpose; the demo hashes its one password once, but the tests sign in eight times.
def fast_hashing():
    return override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), fast_hashing():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield seed_demo(TODAY, log=lambda line: None)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def staff(username: str) -> StaffMember:
    return StaffMember.objects.get(user__username=username)


# The organisation


def test_every_role_in_the_table_is_held_by_someone_employed_today(council):
    table_roles = set(Responsibility.objects.values_list("role__name", flat=True))
    held = set(
        RoleAssignment.objects.current_on(TODAY)
        .filter(staff__in=StaffMember.objects.employed_on(TODAY))
        .values_list("role__name", flat=True)
    )
    assert len(table_roles) == 18
    assert table_roles <= held
    assert council.unheld_roles == []


def test_the_council_is_the_size_asked_for(council):
    assert 110 <= StaffMember.objects.count() == council.staff <= 130
    assert 11 <= Team.objects.count() <= 14
    assert StaffMember.objects.filter(is_newly_qualified=True).count() == 12
    assert StaffMember.objects.filter(is_case_holder=True).count() >= 40
    social_workers = StaffMember.objects.filter(job_title__icontains="social worker")
    assert social_workers.filter(is_case_holder=True).count() > social_workers.count() / 2


def test_joiners_and_leavers(council):
    assert StaffMember.objects.filter(started_on__gt=TODAY - timedelta(days=42)).count() == 3
    assert StaffMember.objects.filter(left_on__lt=TODAY).count() == 2
    leaving = StaffMember.objects.get(left_on__gte=TODAY)
    assert leaving.left_on.month == 12 and leaving.left_on.year == 2026
    # Leavers cannot sign in; everyone else can.
    assert not get_user_model().objects.filter(staff_member__left_on__lt=TODAY, is_active=True).exists()
    assert StaffMember.objects.filter(user__isnull=True).count() == 0


def test_the_line_management_tree(council):
    # The council's own staff; partner agencies' people are managed in their own agencies.
    people = {s.id: s for s in StaffMember.objects.filter(agency__isnull=True)}
    tops = sorted(s.job_title for s in people.values() if s.line_manager_id is None)
    assert tops == [
        "Cabinet Member for Children and Families (Lead Member)",
        "Chief Executive",
        "Independent Chair, Safeguarding Children Partnership",
    ]
    for person in people.values():  # every chain ends at the top, without going round
        seen, at = set(), person
        while at.line_manager_id:
            assert at.id not in seen
            seen.add(at.id)
            at = people[at.line_manager_id]
    chain = []
    at = staff("aisha.rahman")
    while at:
        chain.append(at.job_title)
        at = at.line_manager
    assert chain == [
        "Social Worker",
        "Team Leader",
        "Service Leader, Assessment",
        "Head of Assessment and Intervention",
        "Deputy Director of Children's Services",
        "Director of Children's Services",
        "Chief Executive",
    ]


def test_roles_are_held_over_the_right_scopes(council):
    def scopes(username):
        return {
            (a.role.name, a.service.name if a.service else None, a.team.name if a.team else None)
            for a in staff(username).role_assignments.all()
        }

    assert scopes("gareth.llewellyn") == {
        ("Head of Looked After Children", "Looked After Children", None),
        ("Head of Service", "Looked After Children", None),
    }
    assert scopes("rebecca.thompson") == {("Team Leader", None, "Assessment Team 1")}
    assert ("Deputy Director of Children's Services", None, None) in scopes("marcus.adeyemi")
    assert ("Senior Management Team", None, None) in scopes("sarah.whitfield")
    managerial = set(Role.objects.filter(oversees_scope=True).values_list("name", flat=True))
    assert {"Team Leader", "Head of Service", "Senior Management Team", "Service Leader IRO"} <= managerial
    assert not managerial & {
        "Elected Members",
        "Chief Executive",
        "Complaints Manager",
        "Safeguarding Children Board (MESC)",
        "Independent Reviewing Officer / CP Chair",
    }


def test_each_login_sees_what_their_role_covers(council):
    def sees(username):
        user = get_user_model().objects.get(username=username)
        ids = visible_staff_ids(user)
        return None if ids is None else len(ids)

    practitioner, team_leader, service_leader, head = (
        sees(u) for u in ("aisha.rahman", "rebecca.thompson", "daniel.mensah", "priya.raman")
    )
    assert practitioner == 1
    assert 10 <= team_leader < service_leader < head < StaffMember.objects.count()
    assert sees("marcus.adeyemi") is None and sees("admin") is None


# A year of duties


def test_past_duties_are_mostly_done_some_missed_a_few_waived(council):
    past = Counter(duty.state(TODAY) for duty in Duty.objects.filter(due_on__lt=TODAY))
    total = sum(past.values())
    assert total > 1500
    # The demo's records (audits, observations, meetings) made this month make up a few missed duties.
    assert 0.80 <= past[State.DONE] / total <= 0.94
    assert 0.04 <= past[State.OVERDUE] / total <= 0.12  # still open, so overdue by the date
    assert 0.015 <= past[State.WAIVED] / total <= 0.06
    assert past[State.OPEN] == 0  # nothing past its due date is anything but overdue
    assert council.past_duties == dict(past)


def test_the_current_period_is_partly_done(council):
    current = Counter(
        Duty.objects.filter(period_start__lte=TODAY, period_end__gte=TODAY).values_list("status", flat=True)
    )
    done_share = current[Status.DONE] / sum(current.values())
    assert 0.15 <= done_share <= 0.6
    assert current[Status.OPEN] > 0


def test_the_showcase_logins_have_something_on_every_page(council):
    for username in ("rebecca.thompson", "daniel.mensah", "priya.raman", "marcus.adeyemi", "nadia.hussain"):
        theirs = Counter(duty.state(TODAY) for duty in Duty.objects.filter(owner=staff(username)))
        assert theirs[State.OVERDUE] >= 2 and theirs[State.OPEN] > 0 and theirs[State.DONE] > 0, username
    # The team leader's team: the assistant team manager owes supervision, some of it overdue.
    team_leader = get_user_model().objects.get(username="rebecca.thompson")
    in_team = Duty.objects.visible_to(team_leader).exclude(owner=team_leader.staff_member)
    assert in_team.overdue(TODAY).exists() and in_team.in_state(State.OPEN, TODAY).exists()
    # The NQSW's fortnightly supervision is planned for their team leader.
    assert Duty.objects.filter(subject_staff=staff("jack.robinson"), responsibility__ref="R68").exists()


def test_completions_and_waivers_keep_their_history(council):
    done = Duty.objects.filter(status=Status.DONE).order_by("id").first()
    assert done.completed_on and done.completed_by == done.owner.user
    assert done.period_start <= done.completed_on <= TODAY
    latest = done.history.first()
    assert latest.status == Status.DONE and latest.history_user == done.owner.user
    assert latest.history_date.date() == done.completed_on
    assert done.history.last().history_change_reason == "planned"

    waived = Duty.objects.filter(status=Status.WAIVED).order_by("id").first()
    assert waived.waived_by == waived.owner.line_manager.user and waived.waived_reason
    assert waived.history.first().history_user == waived.waived_by

    late = Duty.objects.filter(status=Status.DONE, completed_on__gt=TODAY - timedelta(days=300))
    late = [d for d in late if d.completed_on > d.due_on]
    assert late, "some work is done late"


def test_the_planner_has_nothing_left_to_do(council):
    from schedule.planner import plan_duties

    result = plan_duties(TODAY)
    assert (result.created, result.cancelled, result.reopened) == (0, 0, 0)


# Logins


def test_every_demo_login_signs_in_with_the_demo_password(council):
    with fast_hashing():
        for username, _ in DEMO_LOGINS:
            assert authenticate(RequestFactory().post("/sign-in/"), username=username, password=DEMO_PASSWORD), username
        assert authenticate(RequestFactory().post("/sign-in/"), username="aisha.rahman", password="wrong") is None
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and not hasattr(admin, "staff_member")
    assert staff("aisha.rahman").is_case_holder and staff("jack.robinson").is_newly_qualified


def test_the_command_prints_the_logins(council, capsys):
    call_command("seed_demo", "--logins")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    assert all(username in out for username, _ in DEMO_LOGINS)


# Seeding again


def test_if_empty_leaves_a_seeded_portal_alone(council, capsys):
    before = (StaffMember.objects.count(), Duty.objects.count(), get_user_model().objects.count())
    call_command("seed_demo", "--if-empty", "--today", "2026-12-01")
    assert "left it as it is" in capsys.readouterr().out
    assert (StaffMember.objects.count(), Duty.objects.count(), get_user_model().objects.count()) == before


def test_seeding_a_portal_with_staff_is_refused(council):
    with pytest.raises(CommandError, match="already has staff"):
        call_command("seed_demo", "--today", "2026-12-01")


def test_the_cast_is_the_same_every_time():
    def cast():
        return [
            (p.name, p.job_title, p.team, p.manager, p.started_on, p.left_on) for p in _cast(TODAY, random.Random(SEED))
        ]

    first = cast()
    assert first == cast()
    assert len({name for name, *_ in first}) == len(first)


# Moments and links


def test_nothing_the_demo_records_is_dated_after_the_moment_it_is_made():
    assert moment(timezone.localdate(), 23, 59) <= timezone.now()
    assert moment(TODAY, 9, 30) == datetime(2026, 11, 25, 9, 30, tzinfo=LONDON)


HREF = re.compile(r'href="([^"]+)"')


def test_every_link_of_every_digest_opens_for_its_recipient(council, client, settings):
    """The digests of the demo's day, as sent: each link in their HTML starts with PORTAL_URL and
    answers 200 to the person it was sent to (each distinct link once per person)."""
    settings.PORTAL_URL = "http://portal.test:8822"
    digests = digests_for(TODAY)
    assert len(digests) >= 5
    followed = 0
    for digest in digests:
        html = _message(digest, TODAY, connection=None).alternatives[0][0]
        links = {unescape(link) for link in HREF.findall(html)}
        assert links and all(link.startswith("http://portal.test:8822/") for link in links), digest.recipient
        client.force_login(digest.recipient.user)
        for link in sorted(links):
            response = client.get(link.removeprefix("http://portal.test:8822"))
            assert response.status_code == 200, (digest.recipient.name, link, response.status_code)
            followed += 1
    assert followed >= 50


def test_portal_url_follows_the_port_make_run_serves_unless_it_is_set():
    def portal_url(**env):
        clean = {k: v for k, v in os.environ.items() if k not in ("PORTAL_URL", "QAPORTAL_PORT")}
        code = "from django.conf import settings; print(settings.PORTAL_URL)"
        result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                                env={**clean, "DJANGO_SETTINGS_MODULE": "qaportal.settings", **env},
                                capture_output=True, text=True, check=True)
        return result.stdout.strip()

    assert portal_url(QAPORTAL_PORT="8822") == "http://127.0.0.1:8822"
    assert portal_url() == "http://127.0.0.1:8000"
    assert portal_url(QAPORTAL_PORT="8822", PORTAL_URL="https://qa.example.gov.uk") == "https://qa.example.gov.uk"
