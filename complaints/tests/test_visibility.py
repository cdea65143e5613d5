"""Who sees which complaint (404 otherwise) and who may act on one they see (403 otherwise),
told with the cast, a Complaints Manager, an administrator and someone from a partner agency."""

from datetime import date

import pytest

from complaints.models import Complaint
from people.models import Agency
from people.tests.factories import StaffMemberFactory, UserFactory

from .factories import make_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaints(cast, complaints_manager):
    return {
        # Handled by the team leader, about team A.
        "team_leader": make_complaint(handler=cast.team_leader, team=cast.team_a, received_on=date(2026, 6, 1)),
        # Handled by the Complaints Manager, about team A: the team's managers see it too.
        "manager": make_complaint(handler=complaints_manager, team=cast.team_a, received_on=date(2026, 6, 2)),
        # About a team in another service, handled there.
        "elsewhere": make_complaint(handler=cast.outsider, team=cast.outsider.team, received_on=date(2026, 6, 3)),
    }


@pytest.fixture
def partner(cast):
    agency = Agency.objects.create(name="Northshire Police", kind="police")
    return StaffMemberFactory(user=UserFactory(username="partner"), agency=agency, team=cast.team_a)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="administrator", is_superuser=True, is_staff=True)


SEEN = {
    "team_leader": {"team_leader", "manager"},
    "head": {"team_leader", "manager"},
    "practitioner": set(),
    "nqsw": set(),
    "outsider": {"elsewhere"},
    "complaints_manager": {"team_leader", "manager", "elsewhere"},
}


def user_of(cast, complaints_manager, who):
    return complaints_manager.user if who == "complaints_manager" else getattr(cast, who).user


@pytest.mark.parametrize("who", list(SEEN))
def test_each_sees_what_the_rules_allow_and_no_more(client, cast, complaints, complaints_manager, who):
    user = user_of(cast, complaints_manager, who)
    expected = {complaints[name].pk for name in SEEN[who]}
    assert set(Complaint.objects.visible_to(user).values_list("pk", flat=True)) == expected
    client.force_login(user)
    listed = {c.pk for c in client.get("/complaints/").context["page"].object_list}
    assert listed == expected
    for name, complaint in complaints.items():
        status = client.get(complaint.get_absolute_url()).status_code
        assert status == (200 if name in SEEN[who] else 404), name


def test_partner_agencies_see_no_complaint_even_about_their_team(client, complaints, partner):
    assert not Complaint.objects.visible_to(partner.user).exists()
    client.force_login(partner.user)
    assert client.get(complaints["team_leader"].get_absolute_url()).status_code == 404
    assert client.get("/complaints/new/").status_code == 404  # not a page for a partner agency


def test_an_administrator_sees_every_complaint_but_acts_on_none(client, complaints, admin_user):
    client.force_login(admin_user)
    assert client.get(complaints["elsewhere"].get_absolute_url()).status_code == 200
    assert client.get(f"{complaints['elsewhere'].get_absolute_url()}respond/").status_code == 403


ACTS = ["edit/", "respond/", "extend/", "close/"]


@pytest.mark.parametrize("page", ACTS)
def test_the_handler_and_the_complaints_manager_act_others_who_see_get_403(
    client, cast, complaints, complaints_manager, page
):
    url = complaints["team_leader"].get_absolute_url() + page
    for user, status in [(cast.team_leader.user, 200), (complaints_manager.user, 200), (cast.head.user, 403),
                         (cast.practitioner.user, 404), (cast.outsider.user, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, (user, page)
    url = complaints["manager"].get_absolute_url() + page
    client.force_login(cast.team_leader.user)  # sees the team's complaint, but does not handle it
    assert client.get(url).status_code == 403


def test_escalating_before_a_response_or_lateness_is_refused(client, cast, complaints):
    complaint = make_complaint(handler=cast.team_leader)  # received today: not late
    client.force_login(cast.team_leader.user)
    assert client.get(f"{complaint.get_absolute_url()}escalate/").status_code == 403


def test_may_raise_actions_is_the_handler_or_the_complaints_manager(cast, complaints, complaints_manager):
    complaint = complaints["team_leader"]
    assert complaint.may_raise_actions(cast.team_leader.user)
    assert complaint.may_raise_actions(complaints_manager.user)
    assert not complaint.may_raise_actions(cast.head.user)


def test_only_managers_and_the_complaints_manager_record_complaints(client, cast, complaints_manager):
    for user, status in [(cast.team_leader.user, 200), (cast.head.user, 200), (complaints_manager.user, 200),
                         (cast.practitioner.user, 403)]:
        client.force_login(user)
        assert client.get("/complaints/new/").status_code == status


def test_a_leaver_no_longer_holds_the_complaints_manager_role(cast, complaints, complaints_manager):
    from people.models import RoleAssignment

    RoleAssignment.objects.filter(staff=complaints_manager).update(ends_on=date(2025, 1, 1))
    complaints_manager.user.refresh_from_db()
    user = type(complaints_manager.user).objects.get(pk=complaints_manager.user.pk)
    assert set(Complaint.objects.visible_to(user)) == {complaints["manager"]}  # the one they handle
