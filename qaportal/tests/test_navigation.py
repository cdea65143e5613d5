"""The service navigation: who sees which items, and which item a page belongs to."""

import pytest

from people.models import Agency
from people.tests.factories import StaffMemberFactory, UserFactory

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


def test_someone_from_a_partner_agency_sees_only_their_duties_audits_and_more(client, cast):
    agency = Agency.objects.create(name="Northshire Police", kind="police")
    partner = StaffMemberFactory(user=UserFactory(username="officer"), agency=agency, team=None)
    assert labels(items(client, partner)) == ["My duties", "Audits", "More"]


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
