"""The service navigation: who sees which items, and which item a page belongs to."""

import pytest
from django.urls import get_resolver

from people.models import Agency
from people.tests.factories import StaffMemberFactory, UserFactory
from qaportal.partners import ALLOWED

pytestmark = pytest.mark.django_db


def items(client, member, path="/"):
    client.force_login(member.user)
    response = client.get(path)
    assert response.status_code == 200
    return response.context["navigation"]()


def labels(found):
    return [item.label for item in found]


def test_a_practitioner_sees_every_strand_but_not_my_team(client, cast):
    assert labels(items(client, cast.practitioner)) == [
        "My duties", "Audits", "Observations", "Supervision", "Actions", "More"]


def test_a_manager_sees_my_team(client, cast):
    assert "My team" in labels(items(client, cast.team_leader))


def test_those_who_oversee_others_see_the_reports(client, cast):
    assert labels(items(client, cast.head)) == [
        "My duties", "My team", "Audits", "Observations", "Supervision", "Actions", "Reports", "More"]
    reports = next(item for item in items(client, cast.team_leader, "/reports/") if item.label == "Reports")
    assert reports.active and reports.current


def test_someone_from_a_partner_agency_sees_only_their_duties_and_audits(client, cast):
    # Every other page answers them 404 (qaportal.partners), so the navigation offers no other.
    agency = Agency.objects.create(name="Northshire Police", kind="police")
    partner = StaffMemberFactory(user=UserFactory(username="officer"), agency=agency, team=None)
    assert labels(items(client, partner)) == ["My duties", "Audits"]


@pytest.mark.parametrize(
    "path, active, current",
    [
        ("/", "My duties", True),
        ("/audits/", "Audits", True),
        ("/audits/themes/", "Audits", False),
        ("/framework/", "More", False),
        ("/more/", "More", True),
        ("/standards/", "More", False),
        ("/learning/", "Actions", True),
        ("/complaints/", "More", False),
    ],
)
def test_the_page_belongs_to_one_item(client, cast, path, active, current):
    found = [item for item in items(client, cast.team_leader, path) if item.active]
    assert [(item.label, item.current) for item in found] == [(active, current)]


# A partner agency's person


def test_a_partner_reaches_their_multi_agency_audits_and_their_own_page_and_nothing_else(client, cast):
    """The allow-list (qaportal/partners.py) holds for every address of the portal: each one not on
    it answers 404 to a partner, as a page that is not there."""
    police = StaffMemberFactory(agency=Agency.objects.create(name="Northshire Police", kind="police"))
    client.force_login(police.user)
    for address in ["/", "/audits/"]:
        assert client.get(address).status_code == 200, address
    for address in ["/audits/themes/", "/audits/tools/", "/framework/", "/cases/", "/observations/",
                    "/supervision/", "/supervision/pdrs/", "/complaints/", "/learning/", "/learning/plans/",
                    "/participation/", "/team/", "/reports/", "/more/", "/standards/"]:
        assert client.get(address).status_code == 404, address
    assert client.post("/sign-out/").status_code == 302


def test_every_address_a_partner_may_open_is_one_of_the_portal():
    names = {pattern.name for pattern in get_resolver().url_patterns if getattr(pattern, "name", None)}
    namespaced = {f"{namespace}:{name}" for namespace, (_, resolver) in get_resolver().namespace_dict.items()
                  for name in resolver.reverse_dict if isinstance(name, str)}
    assert ALLOWED <= names | namespaced
