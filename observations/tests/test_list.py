"""The list of observations: only those the user may see, newest first, filtered, 50 a page, and
asking the database the same number of times however many there are."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import ObservationFactory

pytestmark = pytest.mark.django_db


def listed(client, cast, who, query="") -> list[str]:
    client.force_login(getattr(cast, who).user)
    response = client.get(f"/observations/{query}")
    assert response.status_code == 200
    return [o.practitioner.user.username for o in response.context["page"].object_list]


def test_each_sees_the_observations_they_may_see_newest_first(client, cast, observations):
    assert listed(client, cast, "team_leader") == ["team_leader", "practitioner", "nqsw"]
    assert listed(client, cast, "head") == ["team_leader", "practitioner", "nqsw"]
    assert listed(client, cast, "practitioner") == ["practitioner"]
    assert listed(client, cast, "nqsw") == ["nqsw"]
    assert listed(client, cast, "outsider") == ["outsider"]


def test_the_list_links_each_observation_and_offers_to_record_one(client, cast, observations):
    client.force_login(cast.team_leader.user)
    text = client.get("/observations/").content.decode()
    assert f'href="/observations/{observations["practitioner"].pk}/"' in text
    assert 'href="/observations/new/"' in text and "Record an observation" in text
    assert "3 observations" in text and "Not given yet" in text and "12 Mar 2026" in text


def test_a_practitioner_is_not_offered_to_record_one_but_finds_their_own(client, cast, observations):
    client.force_login(cast.practitioner.user)
    text = client.get("/observations/").content.decode()
    assert "Record an observation" not in text
    assert f'href="?practitioner={cast.practitioner.pk}"' in text


@pytest.mark.parametrize("query, expected", [
    ("?setting=home_visit", ["practitioner"]),
    ("?setting=cp_conference", ["team_leader"]),
    ("?observer=TL", ["practitioner", "nqsw"]),
    ("?observer=HEAD", ["team_leader"]),
    ("?practitioner=NQSW", ["nqsw"]),
    ("?period=quarter-2026-04-01", ["team_leader", "practitioner"]),
    ("?period=quarter-2026-01-01", ["nqsw"]),
    ("?period=year-2025-04-01", ["nqsw"]),
    ("?period=year-2026-04-01&observer=TL", ["practitioner"]),
    ("?feedback=given", ["nqsw"]),
    ("?feedback=not_given", ["team_leader", "practitioner"]),
    ("?observer=&practitioner=&setting=&period=&feedback=", ["team_leader", "practitioner", "nqsw"]),
])
def test_filters(client, cast, observations, query, expected, monkeypatch):
    monkeypatch.setattr("observations.views._today", lambda: date(2026, 5, 12))
    query = query.replace("TL", str(cast.team_leader.pk)).replace("HEAD", str(cast.head.pk))
    query = query.replace("NQSW", str(cast.nqsw.pk))
    assert listed(client, cast, "head", query) == expected


@pytest.mark.parametrize("query", ["?observer=999999", "?period=quarter-1999-01-01", "?setting=pub"])
def test_an_impossible_filter_is_an_error_not_everything(client, cast, observations, query):
    client.force_login(cast.head.user)
    response = client.get(f"/observations/{query}")
    assert response.context["form"].errors
    assert list(response.context["page"].object_list) == []
    text = response.content.decode()
    assert "There is a problem" in text and "<title>Error: " in text


def test_people_to_filter_by_are_those_of_observations_i_may_see(client, cast, observations):
    client.force_login(cast.team_leader.user)
    form = client.get("/observations/").context["form"]
    assert set(dict(form.fields["observer"].choices)) == {"", cast.team_leader.pk, cast.head.pk}
    assert set(dict(form.fields["practitioner"].choices)) == {
        "", cast.practitioner.pk, cast.nqsw.pk, cast.team_leader.pk}  # not the outsider


def test_one_finds_observations_of_ones_practice_before_there_are_any(client, cast):
    client.force_login(cast.nqsw.user)
    response = client.get(f"/observations/?practitioner={cast.nqsw.pk}")
    assert response.context["form"].is_valid()
    assert "There is a problem" not in response.content.decode()
    assert "No observations match these filters." in response.content.decode()


def test_fifty_a_page(client, cast):
    ObservationFactory.create_batch(51, observer=cast.team_leader, practitioner=cast.practitioner)
    client.force_login(cast.team_leader.user)
    first = client.get("/observations/")
    assert len(first.context["page"].object_list) == 50 and "Page 1 of 2" in first.content.decode()
    second = client.get("/observations/?page=2")
    assert len(second.context["page"].object_list) == 1


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/observations/", "/observations/?setting=home_visit&period=year-2026-04-01"])
def test_queries_are_the_same_with_10_and_200_observations(client, cast, path):
    client.force_login(cast.head.user)
    ObservationFactory.create_batch(10, observer=cast.team_leader, practitioner=cast.practitioner)
    ten = queries(client, path)
    for observer, practitioner, count in [(cast.head, cast.team_leader, 60), (cast.team_leader, cast.nqsw, 60),
                                          (cast.team_leader, cast.practitioner, 70)]:
        ObservationFactory.create_batch(count, observer=observer, practitioner=practitioner,
                                        feedback_given_on=date(2026, 4, 20))
    ObservationFactory.create_batch(10, practitioner__team=cast.team_b)  # new observers and practitioners
    client.force_login(cast.head.user)
    assert queries(client, path) == ten
