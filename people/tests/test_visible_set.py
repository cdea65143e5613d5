"""The visible set as the database computes it (people.access: a recursive query down the line,
the overseeing roles' scope in SQL) equals the rule as first written, in Python over every staff
row and reporting line (people.line and RoleAssignment.covers), on a generated council of several
hundred people: deep lines, line changes, acting-up in roles for a while, leavers and partners.
Also `oversees_anyone`, which the navigation asks on every page without listing anyone, and
`is_above`/`manages`, which walk the line."""

import random
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.periods import local_date
from people import line
from people.access import EVERYONE, is_above, oversees_anyone, visible_staff_ids
from people.models import Agency, RoleAssignment, StaffMember
from people.tests.factories import RoleFactory, ServiceFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def the_rule(user) -> set[int] | None:
    """The rule of README "Who sees what", over every row, as people.access first computed it."""
    if user.is_superuser:
        return EVERYONE
    staff = getattr(user, "staff_member", None)
    if staff is None:
        return set()
    today = local_date(timezone.now())
    if not staff.employed_on(today) or staff.is_partner:
        return {staff.id}
    oversight = [
        assignment
        for assignment in RoleAssignment.objects.filter(staff=staff, role__oversees_scope=True)
        if assignment.current_on(today)
    ]
    if any(assignment.covers_organisation for assignment in oversight):
        return EVERYONE
    lines = dict(StaffMember.objects.values_list("id", "line_manager_id"))
    ids = {staff.id} | line.below(staff.id, lines)
    for staff_id, team_id, service_id in StaffMember.objects.values_list("id", "team_id", "team__service_id"):
        if any(assignment.covers(team_id, service_id) for assignment in oversight):
            ids.add(staff_id)
    return ids


def fresh(user):
    return get_user_model().objects.select_related("staff_member").get(pk=user.pk)


def council(rng: random.Random, size: int) -> list[StaffMember]:
    """Services of teams; each team a leader over its workers; service leaders over the leaders;
    a director over them; then some people moved to another manager, some left, some from a
    partner agency, and roles held over teams, services or the organisation, some only for a while
    (acting up), some ended, some not started yet."""
    today = local_date(timezone.now())
    services = [ServiceFactory() for _ in range(3)]
    teams = [TeamFactory(service=services[n % 3]) for n in range(12)]
    director = StaffMember.objects.create(staff_number="D0", name="Director", started_on=date(2015, 1, 1),
                                          user=UserFactory())
    people = [director]
    heads = []
    for n in range(len(services)):
        head = StaffMember.objects.create(staff_number=f"H{n}", name=f"Head {n}", started_on=date(2015, 1, 1),
                                          line_manager=director, user=UserFactory())
        heads.append(head)
        people.append(head)
    leaders = {}
    for n, team in enumerate(teams):
        leaders[team.id] = StaffMember.objects.create(
            staff_number=f"L{n}", name=f"Leader {n}", team=team, started_on=date(2016, 1, 1),
            line_manager=heads[services.index(team.service)], user=UserFactory(),
        )
        people.append(leaders[team.id])
    agency = Agency.objects.create(name="Police", kind=Agency.Kind.POLICE)
    while len(people) < size:
        team = rng.choice(teams)
        manager = rng.choice([leaders[team.id], *[p for p in people[-20:] if p.team_id == team.id]])
        person = StaffMember.objects.create(
            staff_number=f"W{len(people)}", name=f"Worker {len(people)}", team=team, line_manager=manager,
            started_on=date(2018, 1, 1) if rng.random() > 0.05 else today + timedelta(days=10),
            left_on=(today - timedelta(days=rng.randint(1, 400))) if rng.random() < 0.08 else None,
            agency=agency if rng.random() < 0.03 else None,
            user=UserFactory() if rng.random() < 0.5 else None,
        )
        people.append(person)
    # Line changes: a few people move to a manager elsewhere (never below themselves).
    lines = dict(StaffMember.objects.values_list("id", "line_manager_id"))
    for person in rng.sample(people[16:], 25):
        candidate = rng.choice(people)
        if candidate.id != person.id and person.id not in line.above(candidate.id, lines):
            person.line_manager = candidate
            person.save(update_fields=["line_manager"])
            lines[person.id] = candidate.id
    overseeing = RoleFactory(name="Overseeing role", oversees_scope=True)
    plain = RoleFactory(name="Role that oversees nobody", oversees_scope=False)
    for person in rng.sample(people, 40):
        kind = rng.choice(["team", "service", "organisation", "plain"])
        starts, ends = rng.choice([
            (date(2020, 1, 1), None),  # held
            (today - timedelta(days=30), today + timedelta(days=30)),  # acting up now
            (date(2020, 1, 1), today - timedelta(days=1)),  # acted up, ended
            (today + timedelta(days=5), None),  # not started yet
        ])
        RoleAssignment.objects.create(
            staff=person, role=plain if kind == "plain" else overseeing, starts_on=starts, ends_on=ends,
            team=rng.choice(teams) if kind == "team" else None,
            service=rng.choice(services) if kind == "service" else None,
        )
    return people


@pytest.mark.parametrize("seed", [1, 2])
def test_the_visible_set_from_the_database_is_the_rule(seed):
    rng = random.Random(seed)
    people = council(rng, 320)
    users = [person.user for person in people if person.user_id]
    assert len(users) > 150
    for user in users:
        expected = the_rule(fresh(user))
        assert visible_staff_ids(fresh(user)) == expected, user.staff_member.name
        assert oversees_anyone(fresh(user)) == (
            expected is EVERYONE or bool(expected - {user.staff_member.id})
        ), user.staff_member.name

    # And after more of the line changes: a team moved under another leader.
    moved = [person for person in people[16:] if person.line_manager_id][:30]
    for person in moved:
        person.line_manager = people[rng.randrange(1, 16)]
        person.save(update_fields=["line_manager"])
    for user in users:
        assert visible_staff_ids(fresh(user)) == the_rule(fresh(user)), user.staff_member.name


def test_walking_up_the_line_in_the_database_is_the_walk_in_memory():
    rng = random.Random(3)
    people = council(rng, 200)
    lines = dict(StaffMember.objects.values_list("id", "line_manager_id"))
    for person in rng.sample(people, 60):
        above = set(line.above(person.id, lines))
        for other in rng.sample(people, 10):
            assert is_above(other.id, person.id) == (other.id in above)


def test_a_loop_in_the_line_ends_both_walks():
    a = StaffMember.objects.create(staff_number="A", name="A", started_on=date(2020, 1, 1))
    b = StaffMember.objects.create(staff_number="B", name="B", started_on=date(2020, 1, 1), line_manager=a)
    StaffMember.objects.filter(pk=a.pk).update(line_manager=b)  # as a bad import might have left it
    assert is_above(b.id, a.id) and is_above(a.id, b.id)
    assert not is_above(a.id, a.id)
