"""A value of a measure, entered by hand or by import (reports.scorecard_actions.put_value) and on
the page that types one in: who entered it is kept, a change keeps history, one value per measure,
period and team, service or department, and a missed target asks for its reason."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from core.periods import LONDON
from reports.models import MeasureValue, Source
from reports.scorecard_actions import REASON_WORKING_DAYS, put_value, reason_due

from .factories import MeasureFactory, make_value

pytestmark = pytest.mark.django_db

ON = datetime(2026, 4, 15, 10, 0, tzinfo=LONDON)  # a Wednesday


def test_a_value_keeps_its_period_target_and_who_entered_it(cast):
    measure = MeasureFactory(owner=cast.head, frequency="quarterly")
    entered = put_value(
        measure=measure,
        day=date(2026, 2, 10),
        value=Decimal("93"),
        source=Source.TYPED,
        acting_user=cast.head.user,
        team=cast.team_a,
        at=ON,
    )
    value = entered.value
    assert entered.created and entered.previous is None
    assert (value.period_start, value.period_end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (value.target, value.entered_by, value.entered_at, value.source) == (
        Decimal("90"),
        cast.head.user,
        ON,
        Source.TYPED,
    )
    assert value.reason_due_on is None  # on target: nothing to explain
    assert value.history.get().history_user == cast.head.user


def test_a_missed_target_asks_for_a_reason_ten_working_days_after_entry(cast):
    measure = MeasureFactory(owner=cast.head)
    value = make_value(measure, date(2026, 3, 1), "86", acting_user=cast.head.user, at=ON)
    # Ten working days from Wednesday 15 April 2026: the 20th to 24th, then 27th to 29th April.
    assert REASON_WORKING_DAYS == 10 and value.reason_due_on == reason_due(date(2026, 4, 15)) == date(2026, 4, 29)
    assert value.awaiting_reason and value.misses_target


def test_a_change_keeps_history_and_the_first_due_date(cast):
    measure = MeasureFactory(owner=cast.head)
    value = make_value(measure, date(2026, 3, 1), "86", acting_user=cast.head.user, at=ON)
    later = datetime(2026, 4, 20, 9, 0, tzinfo=LONDON)
    entered = put_value(
        measure=measure,
        day=date(2026, 3, 31),
        value=Decimal("84"),
        source=Source.TYPED,
        acting_user=cast.team_leader.user,
        at=later,
    )
    assert not entered.created and entered.previous == Decimal("86.00") and entered.value.pk == value.pk
    value.refresh_from_db()
    assert (value.value, value.entered_by, value.reason_due_on) == (
        Decimal("84"),
        cast.team_leader.user,
        date(2026, 4, 29),
    )
    assert [(h.value, h.history_user, h.history_change_reason) for h in value.history.order_by("history_date")] == [
        (Decimal("86.00"), cast.head.user, "imported from a file"),
        (Decimal("84.00"), cast.team_leader.user, "changed from 86.00"),
    ]
    # Corrected onto the target, it is owed nothing.
    put_value(
        measure=measure, day=date(2026, 3, 1), value=Decimal("91"), source=Source.TYPED, acting_user=cast.head.user
    )
    value.refresh_from_db()
    assert value.reason_due_on is None and not value.awaiting_reason


def test_the_same_value_again_changes_nothing(cast):
    measure = MeasureFactory(owner=cast.head)
    make_value(measure, date(2026, 3, 1), "86", at=ON)
    entered = put_value(
        measure=measure, day=date(2026, 3, 1), value=Decimal("86.00"), source=Source.IMPORTED, acting_user=None
    )
    assert not entered.created and entered.previous is None
    assert MeasureValue.history.count() == 1


def test_one_value_per_measure_period_and_place(cast):
    measure = MeasureFactory(owner=cast.head)
    for place in ({}, {"team": cast.team_a}, {"service": cast.service}):
        first = make_value(measure, date(2026, 3, 1), "91", **place)
        with pytest.raises(IntegrityError), transaction.atomic():
            MeasureValue.objects.create(
                measure=measure,
                period_start=first.period_start,
                period_end=first.period_end,
                value=1,
                target=1,
                source=Source.TYPED,
                entered_at=ON,
                **place,
            )
    assert MeasureValue.objects.count() == 3  # the department's, the team's and the service's
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureValue.objects.create(
            measure=measure,
            period_start=date(2026, 2, 1),
            period_end=date(2026, 2, 28),
            value=1,
            target=1,
            source=Source.TYPED,
            entered_at=ON,
            team=cast.team_a,
            service=cast.service,
        )
    with pytest.raises(ValueError, match="not both"):
        make_value(measure, date(2026, 2, 1), "91", team=cast.team_a, service=cast.service)


def test_the_owner_types_a_value_in_and_is_kept_as_who_entered_it(client, cast):
    measure = MeasureFactory(owner=cast.team_leader, name="Visits on time")
    client.force_login(cast.team_leader.user)
    page = client.get(f"/reports/scorecard/values/new/?measure={measure.pk}")
    assert page.status_code == 200 and "Type in a value" in page.content.decode()
    response = client.post(
        "/reports/scorecard/values/new/",
        {
            "measure": measure.pk,
            "period": "2026-03",
            "where": f"team-{cast.team_a.pk}",
            "value": "82.5",
        },
    )
    assert response.status_code == 302 and response.url == measure.get_absolute_url()
    value = MeasureValue.objects.get()
    assert (value.value, value.team, value.source, value.entered_by) == (
        Decimal("82.5"),
        cast.team_a,
        Source.TYPED,
        cast.team_leader.user,
    )
    assert value.history.get().history_user == cast.team_leader.user
    message = client.get(response.url).content.decode()
    assert "Visits on time, Mar 2026, Team A: 82.5% saved" in message and "the reason is due by" in message


def test_bad_input_is_shown_beside_its_field(client, cast, today):
    measure = MeasureFactory(owner=cast.team_leader)
    client.force_login(cast.team_leader.user)
    response = client.post(
        "/reports/scorecard/values/new/",
        {
            "measure": measure.pk,
            "period": "March",
            "where": "team-999999",
            "value": "lots",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text
    assert text.count("Enter the period as a month, for example 2026-03, or a date in it") == 2  # summary and field
    assert "Enter the value as a number, for example 87.5" in text and "Select what the value is for" in text
    future = client.post(
        "/reports/scorecard/values/new/",
        {
            "measure": measure.pk,
            "period": "2099-01",
            "where": "department",
            "value": "80",
        },
    )
    assert "January 2099 has not begun yet" in future.content.decode()
    assert not MeasureValue.objects.exists()


def test_only_owners_and_those_allowed_type_values_in(client, cast):
    measure = MeasureFactory(owner=cast.head)
    client.force_login(cast.practitioner.user)
    assert client.get("/reports/scorecard/values/new/").status_code == 403
    client.force_login(cast.team_leader.user)  # owns another measure, not this one
    MeasureFactory(owner=cast.team_leader)
    response = client.post(
        "/reports/scorecard/values/new/",
        {
            "measure": measure.pk,
            "period": "2026-03",
            "where": "department",
            "value": "80",
        },
    )
    assert response.status_code == 200 and "Select the measure" in response.content.decode()
    assert not MeasureValue.objects.exists()
