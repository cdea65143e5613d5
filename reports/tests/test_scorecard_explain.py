"""A missed target asks its measure's owner for the reason and the planned action: a deadline in
My duties and the digest (reports.deadlines) until the owner gives them on the explain page."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from core.periods import LONDON
from reports.deadlines import KIND, reasons_due
from reports.models import MeasureValue
from reports.scorecard_actions import explain
from schedule.deadlines import PROVIDERS, Deadline, deadlines_for, everyones_deadlines

from .factories import MeasureFactory, make_value

pytestmark = pytest.mark.django_db

ON = datetime(2026, 4, 15, 10, 0, tzinfo=LONDON)
TODAY = date(2026, 4, 20)
UNTIL = TODAY + timedelta(days=30)


def test_the_provider_is_registered():
    assert PROVIDERS["scorecard"] is reasons_due


def test_each_missed_target_is_a_deadline_of_the_owner_until_explained(cast):
    measure = MeasureFactory(name="Visits on time", owner=cast.head)
    missed = make_value(measure, date(2026, 3, 1), "86", team=cast.team_a, at=ON)
    make_value(measure, date(2026, 2, 1), "91", at=ON)  # on target: nothing owed
    assert deadlines_for(cast.head, today=TODAY, until=UNTIL) == [
        Deadline(
            kind=KIND,
            title="Visits on time, Mar 2026, Team A: 86% (target 90% or more)",
            due_on=date(2026, 4, 29),
            url=f"/reports/scorecard/values/{missed.pk}/explain/",
            owner_id=cast.head.id,
            key=f"scorecard-reason-{missed.pk}",
        ),
    ]
    assert deadlines_for(cast.team_leader, today=TODAY, until=UNTIL) == []
    assert deadlines_for(cast.head, today=TODAY, until=date(2026, 4, 28)) == []  # not due by then
    assert [item.owner_id for item in everyones_deadlines(today=TODAY, until=UNTIL)[cast.head.id]] == [cast.head.id]

    explain(missed, reason="Two workers off sick", planned_action="Agency cover from May", acting_user=cast.head.user)
    assert deadlines_for(cast.head, today=TODAY, until=UNTIL) == []
    missed.refresh_from_db()
    assert (missed.explained_by, missed.reason, missed.planned_action) == (
        cast.head.user,
        "Two workers off sick",
        "Agency cover from May",
    )
    assert missed.history.first().history_change_reason == "reason and planned action given"


def test_the_deadline_follows_the_measures_owner_and_leaves_with_the_measure(cast):
    measure = MeasureFactory(owner=cast.head)
    make_value(measure, date(2026, 3, 1), "70", at=ON)
    measure.owner = cast.team_leader
    measure.save()
    assert [d.owner_id for d in deadlines_for(cast.team_leader, today=TODAY, until=UNTIL)] == [cast.team_leader.id]
    measure.active = False
    measure.save()
    assert deadlines_for(cast.team_leader, today=TODAY, until=UNTIL) == []


def test_the_provider_asks_once_whoever_asks(cast, django_assert_num_queries):
    for number in range(6):
        measure = MeasureFactory(owner=cast.head if number % 2 else cast.team_leader)
        make_value(measure, date(2026, 3, 1), "70", team=cast.team_a, at=ON)
        make_value(measure, date(2026, 2, 1), "80", service=cast.service, at=ON)
    with django_assert_num_queries(1):
        mine = reasons_due(cast.head, today=TODAY, until=UNTIL)
    with django_assert_num_queries(1):
        everyones = reasons_due(None, today=TODAY, until=UNTIL)
    assert len(mine) == 6 and len(everyones) == 12


def test_my_duties_lists_it_with_a_link_to_the_explain_page(client, cast):
    measure = MeasureFactory(name="Visits on time", owner=cast.head)
    value = make_value(measure, date.today().replace(day=1) - timedelta(days=1), "70")
    client.force_login(cast.head.user)
    text = client.get("/").content.decode()
    assert KIND in text and value.explain_url() in text


def test_the_owner_explains_on_the_page(client, cast):
    measure = MeasureFactory(name="Visits on time", owner=cast.head)
    value = make_value(measure, date(2026, 3, 1), "86", at=ON)
    client.force_login(cast.head.user)
    url = value.explain_url()
    page = client.get(url).content.decode()
    assert "Why the target was missed" in page and "86%" in page and "Amber" in page
    empty = client.post(url, {"reason": "", "planned_action": " "})
    assert "Enter why the target was missed" in empty.content.decode()
    assert "Enter what is planned" in empty.content.decode()
    response = client.post(url, {"reason": "Staff sickness", "planned_action": "Cover arranged"})
    assert response.status_code == 302 and response.url == measure.get_absolute_url()
    value.refresh_from_db()
    assert value.reason == "Staff sickness" and value.explained_by == cast.head.user and not value.awaiting_reason


def test_only_the_owner_or_those_allowed_explain_and_only_a_miss(client, cast):
    measure = MeasureFactory(owner=cast.head)
    value = make_value(measure, date(2026, 3, 1), "86", team=cast.team_a, at=ON)
    met = make_value(measure, date(2026, 2, 1), "95", team=cast.team_a, at=ON)
    client.force_login(cast.team_leader.user)  # sees Team A's values, owns nothing
    assert client.get(value.explain_url()).status_code == 403
    client.force_login(cast.outsider.user)  # sees nothing of it
    assert client.get(value.explain_url()).status_code == 404
    cast.team_leader.user.user_permissions.add(Permission.objects.get(codename="change_measurevalue"))
    client.force_login(cast.team_leader.user)
    assert client.get(value.explain_url()).status_code == 200
    client.force_login(cast.head.user)
    assert client.get(met.explain_url()).status_code == 403
    assert client.get("/reports/scorecard/values/999999/explain/").status_code == 404
    assert MeasureValue.objects.get(pk=value.pk).value == Decimal("86")
