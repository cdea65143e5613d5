"""The library's list: everyone on the staff reads it, with filters by kind, owner and review."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from standards.models import Kind

from .conftest import give, login
from .factories import StandardFactory, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(cast):
    return {
        "overdue": StandardFactory(title="Case recording guide", kind=Kind.ONE_MINUTE_GUIDE, owner=cast.head,
                                   next_review_on=today() - timedelta(days=5)),
        "soon": StandardFactory(title="Chronologies", owner=cast.team_leader,
                                next_review_on=today() + timedelta(days=20)),
        "later": StandardFactory(title="Supervision policy", kind=Kind.POLICY, owner=cast.team_leader,
                                 next_review_on=today() + timedelta(days=200)),
        "retired": StandardFactory(title="Old procedure", kind=Kind.PROCEDURE, owner=cast.head, active=False,
                                   next_review_on=today() - timedelta(days=400)),
    }


def titles(response):
    return [s.title for s in response.context["page"].object_list]


def test_everyone_on_the_staff_sees_the_documents_in_use(client, cast, library):
    response = login(client, cast.practitioner).get("/standards/")
    assert response.status_code == 200
    assert titles(response) == ["Case recording guide", "Chronologies", "Supervision policy"]
    text = response.content.decode()
    assert "Review overdue" in text and "Review due soon" in text
    assert "Add a document" not in text


@pytest.mark.parametrize("query, expected", [
    ("kind=policy", ["Supervision policy"]),
    ("review=overdue", ["Case recording guide"]),
    ("review=month", ["Case recording guide", "Chronologies"]),
    ("review=quarter", ["Case recording guide", "Chronologies"]),
    ("status=retired", ["Old procedure"]),
    ("status=all", ["Case recording guide", "Chronologies", "Old procedure", "Supervision policy"]),
])
def test_filters(client, cast, library, query, expected):
    assert titles(login(client, cast.practitioner).get(f"/standards/?{query}")) == expected


def test_filter_by_owner(client, cast, library):
    response = login(client, cast.practitioner).get(f"/standards/?owner={cast.team_leader.pk}")
    assert titles(response) == ["Chronologies", "Supervision policy"]


def test_a_filter_that_cannot_be_read_says_so_and_lists_nothing(client, cast, library):
    response = login(client, cast.practitioner).get("/standards/?kind=novel")
    assert titles(response) == []
    assert response.content.decode().count("govuk-error-summary") >= 1


def test_partner_agencies_find_no_library(client, partner, library):
    assert login(client, partner).get("/standards/").status_code == 404


def test_those_with_the_permission_may_add(client, cast, library):
    give(cast.head, "add_standard")
    assert "Add a document" in login(client, cast.head).get("/standards/").content.decode()


def test_queries_do_not_grow_with_the_library(client, cast, library):
    login(client, cast.practitioner)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/standards/?review=quarter").status_code == 200
        return len(captured)

    before = count()
    for _ in range(15):
        StandardFactory(next_review_on=today())
    assert count() == before
