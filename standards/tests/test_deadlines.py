"""A review that falls due is a deadline of the document's owner, in My duties and the reminders."""

from datetime import date, timedelta

import pytest

from schedule import deadlines
from standards.deadlines import KIND, review_deadlines

from .factories import StandardFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 15)
UNTIL = TODAY + timedelta(days=60)


def test_the_provider_is_registered_when_the_app_starts():
    assert deadlines.PROVIDERS["standards"] is review_deadlines


def test_the_owners_reviews_due_by_until_overdue_included(cast):
    overdue = StandardFactory(owner=cast.team_leader, title="Case recording guide",
                              next_review_on=TODAY - timedelta(days=10))
    soon = StandardFactory(owner=cast.team_leader, title="Chronologies", next_review_on=TODAY + timedelta(days=20))
    on_the_day = StandardFactory(owner=cast.team_leader, title="Supervision policy", next_review_on=UNTIL)
    StandardFactory(owner=cast.team_leader, next_review_on=UNTIL + timedelta(days=1))  # later
    StandardFactory(owner=cast.team_leader, next_review_on=TODAY - timedelta(days=1), active=False)  # retired
    StandardFactory(owner=cast.head, next_review_on=TODAY)  # someone else's

    found = review_deadlines(cast.team_leader, today=TODAY, until=UNTIL)
    assert [(d.kind, d.title, d.due_on, d.url) for d in found] == [
        (KIND, "Case recording guide", overdue.next_review_on, f"/standards/{overdue.pk}/review/"),
        (KIND, "Chronologies", soon.next_review_on, f"/standards/{soon.pk}/review/"),
        (KIND, "Supervision policy", on_the_day.next_review_on, f"/standards/{on_the_day.pk}/review/"),
    ]
    assert found[0].is_overdue(TODAY) and not found[1].is_overdue(TODAY)
    assert KIND == "Review of a policy or standard"


def test_one_query_however_many(cast, django_assert_num_queries):
    StandardFactory.create_batch(12, owner=cast.team_leader, next_review_on=TODAY)
    with django_assert_num_queries(1):
        assert len(review_deadlines(cast.team_leader, today=TODAY, until=UNTIL)) == 12


def test_a_review_due_shows_in_my_duties(client, cast):
    from standards.tests.factories import today

    standard = StandardFactory(owner=cast.team_leader, title="Chronologies practice standard",
                               next_review_on=today() - timedelta(days=2))
    client.force_login(cast.team_leader.user)
    page = client.get("/").content.decode()
    assert "Other deadlines" in page
    assert f'{KIND}: <a class="govuk-link" href="/standards/{standard.pk}/review/">Chronologies practice standard</a>' \
        in page
