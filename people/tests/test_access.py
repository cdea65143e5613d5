"""Who may see whom (people.access), told with the fixed cast from the top conftest."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.periods import local_date
from people.access import EVERYONE, can_see, manages, visible_staff_ids
from people.models import StaffMember
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory
from schedule.models import Duty
from schedule.tests.factories import DutyFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as a new request would load it: visible_staff_ids caches its answer on the object."""
    return get_user_model().objects.get(pk=user.pk)


def ids(*people) -> set[int]:
    return {person.id for person in people}


def visible(user) -> set[int]:
    found = visible_staff_ids(fresh(user))
    return found if found is EVERYONE else set(found)


@pytest.fixture
def team_b_worker(cast):
    """In the head's service but nobody's report: seen only through the head's role."""
    return StaffMemberFactory(name="Team B Worker", team=cast.team_b, is_practitioner=True)


@pytest.fixture
def real_today():
    # The access rules ask which roles are held today, by the clock, not the tests' fixed day.
    return local_date(timezone.now())


def test_practitioner_sees_only_themselves(cast, team_b_worker):
    assert visible(cast.practitioner.user) == ids(cast.practitioner)


def test_newly_qualified_practitioner_sees_only_themselves(cast):
    assert visible(cast.nqsw.user) == ids(cast.nqsw)


def test_team_leader_sees_themselves_and_their_reports(cast, team_b_worker):
    assert visible(cast.team_leader.user) == ids(cast.team_leader, cast.practitioner, cast.nqsw)


def test_team_leader_sees_their_whole_team_only_when_their_role_oversees_it(cast):
    # In team A, but line-managed by the head rather than the team leader.
    agency_worker = StaffMemberFactory(team=cast.team_a, line_manager=cast.head)
    assert agency_worker.id not in visible(cast.team_leader.user)

    cast.team_leader_role.oversees_scope = True
    cast.team_leader_role.save()

    assert visible(cast.team_leader.user) == ids(cast.team_leader, cast.practitioner, cast.nqsw, agency_worker)


def test_head_of_service_sees_the_whole_service_including_indirect_reports(cast, team_b_worker):
    assert visible(cast.head.user) == ids(cast.head, cast.team_leader, cast.practitioner, cast.nqsw, team_b_worker)


def test_line_management_alone_reaches_reports_however_deep(cast, team_b_worker):
    cast.head_role.oversees_scope = False
    cast.head_role.save()
    # A report of a report of a report.
    student = StaffMemberFactory(line_manager=cast.practitioner)

    assert visible(cast.head.user) == ids(cast.head, cast.team_leader, cast.practitioner, cast.nqsw, student)
    assert student.id in visible(cast.team_leader.user)


def test_outsider_sees_only_themselves(cast, team_b_worker):
    assert visible(cast.outsider.user) == ids(cast.outsider)


def test_superuser_sees_everyone(cast):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    assert visible_staff_ids(admin) is EVERYONE
    assert set(StaffMember.objects.visible_to(admin)) == set(StaffMember.objects.all())


def test_a_user_with_no_staff_record_sees_nobody(cast):
    stranger = UserFactory(username="stranger")
    assert visible_staff_ids(stranger) == set()
    assert not StaffMember.objects.visible_to(stranger).exists()
    assert not can_see(stranger, cast.practitioner)


def test_anonymous_sees_nobody(cast):
    assert visible_staff_ids(AnonymousUser()) == set()
    assert not StaffMember.objects.visible_to(AnonymousUser()).exists()
    assert not Duty.objects.visible_to(AnonymousUser()).exists()


def test_a_role_that_has_ended_no_longer_grants_sight(cast, team_b_worker, real_today):
    assignment = cast.head.role_assignments.get()
    assignment.ends_on = real_today - timedelta(days=1)
    assignment.save()

    seen = visible(cast.head.user)
    assert team_b_worker.id not in seen
    # Line management does not end with the role.
    assert seen == ids(cast.head, cast.team_leader, cast.practitioner, cast.nqsw)


def test_a_role_that_has_not_started_grants_no_sight_yet(cast, team_b_worker, real_today):
    cast.head.role_assignments.update(starts_on=real_today + timedelta(days=1))
    assert team_b_worker.id not in visible(cast.head.user)


def test_a_role_ending_today_still_grants_sight(cast, team_b_worker, real_today):
    cast.head.role_assignments.update(ends_on=real_today)
    assert team_b_worker.id in visible(cast.head.user)


def test_an_organisation_wide_overseeing_role_sees_everyone(cast):
    director = StaffMemberFactory(name="Director")
    RoleAssignmentFactory(staff=director, role=RoleFactory(name="Director", oversees_scope=True))

    assert visible_staff_ids(director.user) is EVERYONE
    assert set(StaffMember.objects.visible_to(director.user)) == set(StaffMember.objects.all())


def test_an_organisation_wide_role_that_does_not_oversee_grants_nothing(cast):
    clerk = StaffMemberFactory(name="Clerk")
    RoleAssignmentFactory(staff=clerk, role=RoleFactory(name="Minute Taker"))
    assert visible(clerk.user) == ids(clerk)


def test_staff_visible_to_follows_the_same_rules(cast, team_b_worker):
    assert set(StaffMember.objects.visible_to(cast.team_leader.user)) == {
        cast.team_leader,
        cast.practitioner,
        cast.nqsw,
    }
    assert list(StaffMember.objects.visible_to(cast.outsider.user)) == [cast.outsider]


def test_duties_visible_to_are_those_of_the_staff_one_may_see(cast, team_b_worker):
    duty = {
        person: DutyFactory(owner=person)
        for person in (
            cast.head,
            cast.team_leader,
            cast.practitioner,
            cast.nqsw,
            cast.outsider,
            team_b_worker,
        )
    }

    def seen(user):
        return set(Duty.objects.visible_to(fresh(user)))

    assert seen(cast.practitioner.user) == {duty[cast.practitioner]}
    assert seen(cast.team_leader.user) == {duty[cast.team_leader], duty[cast.practitioner], duty[cast.nqsw]}
    assert seen(cast.head.user) == set(duty.values()) - {duty[cast.outsider]}
    assert seen(cast.outsider.user) == {duty[cast.outsider]}
    assert seen(UserFactory(username="admin", is_superuser=True)) == set(duty.values())
    assert seen(UserFactory(username="stranger")) == set()


def test_can_see(cast):
    assert can_see(cast.team_leader.user, cast.practitioner)
    assert not can_see(cast.practitioner.user, cast.team_leader)
    assert not can_see(cast.head.user, cast.outsider)


def test_managers_up_the_chain_manage(cast):
    assert manages(cast.team_leader.user, cast.practitioner)
    assert manages(cast.team_leader.user, cast.nqsw)
    assert manages(cast.head.user, cast.team_leader)
    assert manages(cast.head.user, cast.practitioner)


def test_nobody_manages_themselves_their_peers_or_their_managers(cast, team_b_worker):
    assert not manages(cast.practitioner.user, cast.practitioner)
    assert not manages(cast.head.user, cast.head)
    assert not manages(cast.practitioner.user, cast.nqsw)
    assert not manages(cast.nqsw.user, cast.practitioner)
    assert not manages(cast.practitioner.user, cast.team_leader)
    assert not manages(cast.team_leader.user, cast.head)
    assert not manages(cast.outsider.user, cast.practitioner)
    # Seeing someone through an overseeing role is not managing them.
    assert not manages(cast.head.user, team_b_worker)


def test_nobody_without_a_staff_record_manages_anyone(cast):
    assert not manages(UserFactory(username="stranger"), cast.practitioner)
    assert not manages(AnonymousUser(), cast.practitioner)


def queries_to_see(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        visible_staff_ids(fresh(user))
    return len(queries) - 1  # not the query that loaded the user


@pytest.mark.parametrize("who", ["practitioner", "team_leader", "head"])
def test_visible_staff_ids_makes_the_same_few_queries_however_many_staff(cast, who):
    user = getattr(cast, who).user
    small = queries_to_see(user)

    for n in range(50):
        StaffMemberFactory(team=cast.team_a if n % 2 else cast.team_b, line_manager=cast.practitioner)
    RoleAssignmentFactory(staff=cast.head, role=RoleFactory(name="Deputy", oversees_scope=True), team=cast.team_a)

    assert queries_to_see(user) == small <= 4


def test_visible_staff_ids_asks_the_database_once_per_user_object(cast, django_assert_num_queries):
    user = fresh(cast.head.user)
    first = visible_staff_ids(user)
    with django_assert_num_queries(0):
        assert visible_staff_ids(user) == first
        staff, duties = StaffMember.objects.visible_to(user), Duty.objects.visible_to(user)
    with django_assert_num_queries(2):
        assert {person.id for person in staff} == first
        list(duties)


def test_a_duty_about_someone_is_visible_to_them_but_not_to_their_peers(cast):
    supervision = DutyFactory(owner=cast.team_leader, subject_staff=cast.practitioner)
    assert set(Duty.objects.visible_to(fresh(cast.practitioner.user))) == {supervision}
    assert set(Duty.objects.visible_to(fresh(cast.nqsw.user))) == set()
    assert set(Duty.objects.visible_to(fresh(cast.outsider.user))) == set()


def test_a_leaver_sees_only_themselves_and_manages_nobody(cast):
    cast.team_leader.left_on = local_date(timezone.now()) - timedelta(days=1)
    cast.team_leader.save()
    assert visible_staff_ids(fresh(cast.team_leader.user)) == {cast.team_leader.id}
    assert not manages(fresh(cast.team_leader.user), cast.practitioner)
