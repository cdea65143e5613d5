"""Recording a review: the owner (or those with the permission) says when, what it found, the new
version and when the next is due; a refused form keeps what was typed."""

from datetime import timedelta

import pytest

from standards.models import Review

from .conftest import give, login
from .factories import StandardFactory, today

pytestmark = pytest.mark.django_db


def review(**fields) -> dict:
    now, due = today(), today() + timedelta(days=365)
    data = {"reviewed_on_0": now.day, "reviewed_on_1": now.month, "reviewed_on_2": now.year,
            "note": "Updated for Working Together 2023", "version": "2.0",
            "next_review_on_0": due.day, "next_review_on_1": due.month, "next_review_on_2": due.year}
    return {**data, **fields}


@pytest.fixture
def standard(cast):
    return StandardFactory(owner=cast.team_leader, version="1.0", next_review_on=today() - timedelta(days=3))


def test_the_owner_records_a_review(client, cast, standard):
    login(client, cast.team_leader)
    page = client.get(f"/standards/{standard.pk}/review/").content.decode()
    assert "Record a review" in page and f'value="{today().day}"' in page  # today, to start with
    response = client.post(f"/standards/{standard.pk}/review/", review())
    assert response.status_code == 302
    standard.refresh_from_db()
    assert (standard.version, standard.last_reviewed_on, standard.next_review_on) == (
        "2.0", today(), today() + timedelta(days=365))
    assert Review.objects.get().reviewed_by == cast.team_leader.user
    # No longer a deadline: the review is not due for a year.
    assert "Review of a policy or standard" not in client.get("/").content.decode()


def test_a_refused_review_says_why_and_keeps_what_was_typed(client, cast, standard):
    past = today() - timedelta(days=1)
    response = login(client, cast.team_leader).post(f"/standards/{standard.pk}/review/", review(
        note="", version="2.0-draft", next_review_on_0=past.day, next_review_on_1=past.month,
        next_review_on_2=past.year))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter what the review found or changed" in text
    assert "The next review must be in the future" in text
    assert 'value="2.0-draft"' in text and f'value="{past.day}"' in text
    assert not Review.objects.exists()


def test_a_review_cannot_be_dated_in_the_future(client, cast, standard):
    tomorrow = today() + timedelta(days=1)
    response = login(client, cast.team_leader).post(f"/standards/{standard.pk}/review/", review(
        reviewed_on_0=tomorrow.day, reviewed_on_1=tomorrow.month, reviewed_on_2=tomorrow.year))
    assert "The date reviewed must be today or in the past" in response.content.decode()


def test_only_the_owner_or_those_with_the_permission(client, cast, standard, partner):
    assert login(client, cast.head).post(f"/standards/{standard.pk}/review/", review()).status_code == 403
    assert login(client, partner).get(f"/standards/{standard.pk}/review/").status_code == 404
    give(cast.head, "change_standard")
    assert login(client, cast.head).post(f"/standards/{standard.pk}/review/", review()).status_code == 302


def test_a_retired_document_is_not_reviewed(client, cast, standard):
    standard.active = False
    standard.save()
    response = login(client, cast.team_leader).post(f"/standards/{standard.pk}/review/", review())
    assert response.status_code == 302
    assert not Review.objects.exists()
