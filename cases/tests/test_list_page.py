"""The case list at /cases/: the cases the user may see, filtered by team and open or closed, 50 a
page, and asking the database the same number of times however many cases there are."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.tests.factories import StaffMemberFactory, UserFactory

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("cases.views._today", lambda: date(2026, 4, 15))


@pytest.fixture
def cases(cast):
    CaseFactory(reference="CR-PRAC", case_holder=cast.practitioner)
    CaseFactory(reference="CR-SHUT", case_holder=cast.practitioner, closed_on=date(2026, 3, 2))
    CaseFactory(reference="CR-GONE", case_holder=cast.nqsw, transferred_on=date(2026, 2, 2))
    CaseFactory(reference="CR-NQSW", case_holder=cast.nqsw, team=cast.team_b)
    CaseFactory(reference="CR-OUT", case_holder=cast.outsider)


def listed(client, user, query="") -> list[str]:
    client.force_login(user)
    response = client.get(f"/cases/{query}")
    assert response.status_code == 200
    return [case.reference for case in response.context["page"].object_list]


def test_open_cases_of_the_people_i_may_see(client, cast, cases):
    assert listed(client, cast.team_leader.user) == ["CR-NQSW", "CR-PRAC"]
    assert listed(client, cast.practitioner.user) == ["CR-PRAC"]
    assert listed(client, cast.outsider.user) == ["CR-OUT"]
    assert listed(client, UserFactory(username="nobody")) == []


@pytest.mark.parametrize("query, expected", [
    ("?status=ended", ["CR-GONE", "CR-SHUT"]),
    ("?status=all", ["CR-GONE", "CR-NQSW", "CR-PRAC", "CR-SHUT"]),
    ("?status=all&team=TEAM_B", ["CR-NQSW"]),
    ("?team=TEAM_A", ["CR-PRAC"]),
    ("?team=&status=open", ["CR-NQSW", "CR-PRAC"]),
])
def test_filters(client, cast, cases, query, expected):
    query = query.replace("TEAM_A", str(cast.team_a.pk)).replace("TEAM_B", str(cast.team_b.pk))
    assert listed(client, cast.head.user, query) == expected


def test_an_impossible_filter_is_an_error_that_keeps_what_was_chosen(client, cast, cases):
    client.force_login(cast.team_leader.user)
    response = client.get(f"/cases/?team={cast.outsider.team.pk}&status=all")
    assert response.context["form"].errors["team"] == ["Select a team from the list"]
    assert list(response.context["page"].object_list) == []
    text = response.content.decode()
    assert "There is a problem" in text and '<option value="all" selected>' in text


def test_the_list_links_each_case_and_offers_the_sample_and_upload_to_those_who_may(client, cast, cases):
    client.force_login(cast.team_leader.user)
    text = client.get("/cases/").content.decode()
    assert 'href="/cases/sample/"' in text and 'href="/cases/upload/"' not in text
    assert "CR-PRAC" in text and "Practitioner" in text
    client.force_login(UserFactory(username="admin", is_superuser=True))
    text = client.get("/cases/").content.decode()
    assert 'href="/cases/upload/"' in text and 'href="/cases/sample/"' not in text  # no staff record


def test_fifty_a_page(client, cast):
    CaseFactory.create_batch(51, case_holder=cast.practitioner)
    client.force_login(cast.team_leader.user)
    first = client.get("/cases/")
    assert len(first.context["page"].object_list) == 50 and "Page 1 of 2" in first.content.decode()
    assert len(client.get("/cases/?page=2").context["page"].object_list) == 1


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/cases/", "/cases/?status=all&team=TEAM_A"])
def test_queries_are_the_same_with_10_and_200_cases(client, cast, path):
    path = path.replace("TEAM_A", str(cast.team_a.pk))
    client.force_login(cast.head.user)
    CaseFactory.create_batch(10, case_holder=cast.practitioner)
    ten = queries(client, path)
    for _ in range(19):
        holder = StaffMemberFactory(team=cast.team_a, line_manager=cast.team_leader, is_case_holder=True)
        CaseFactory.create_batch(10, case_holder=holder)
    client.force_login(cast.head.user)
    assert queries(client, path) == ten
