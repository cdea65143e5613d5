"""A held session completes the supervision duties about the supervisee (monthly R67 and, for a
newly-qualified worker, fortnightly R68); a late one the missed duty, marked late; a cancelled one
nothing. A PDR completes the annual PDR duty."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.periods import local_date
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory
from supervision.actions import record_pdr, record_session, update_session
from supervision.models import Outcome

from .factories import supervision_duties

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return local_date(timezone.now())


@pytest.fixture
def duties(cast, today):
    monthly, fortnightly = supervision_duties(cast)
    plan_duties(today)
    return monthly, fortnightly


def session(cast, supervisee, on, **fields):
    return record_session(acting_user=cast.team_leader.user, supervisor=cast.team_leader, supervisee=supervisee,
                          held_on=on, kind="case", **fields)


def test_a_held_session_with_an_nqsw_completes_the_monthly_and_the_fortnightly_duty(cast, duties, today):
    monthly, fortnightly = duties
    record, done = session(cast, cast.nqsw, today)
    assert {(duty.responsibility, duty.subject_staff) for duty in done} == {
        (monthly, cast.nqsw), (fortnightly, cast.nqsw)}
    for duty in done:
        duty.refresh_from_db()
        assert duty.status == Status.DONE and duty.record == record and not duty.done_late
    # The practitioner's duty is untouched.
    assert Duty.objects.get(responsibility=monthly, subject_staff=cast.practitioner,
                            period_start__lte=today, period_end__gte=today).status == Status.OPEN


def test_a_cancelled_session_is_recorded_with_its_reason_and_completes_nothing(cast, duties, today):
    record, done = session(cast, cast.practitioner, today, outcome=Outcome.CANCELLED, cancelled_reason="Off sick")
    assert done == [] and record.cancelled_reason == "Off sick"
    assert not Duty.objects.filter(status=Status.DONE).exists()


def test_a_cancelled_session_needs_a_reason(cast, duties, today):
    with pytest.raises(ValidationError):
        session(cast, cast.practitioner, today, outcome=Outcome.CANCELLED)


def test_a_cancelled_session_recorded_as_held_after_all_completes_its_duties_then(cast, duties, today):
    record, _ = session(cast, cast.practitioner, today, outcome=Outcome.CANCELLED, cancelled_reason="Clash")
    done = update_session(record, acting_user=cast.team_leader.user, held_on=today, kind="case", outcome="held")
    assert [duty.subject_staff for duty in done] == [cast.practitioner]
    assert record.history.first().history_change_reason == "recorded as held"


def test_a_held_session_cannot_be_cancelled_afterwards(cast, duties, today):
    record, _ = session(cast, cast.practitioner, today)
    with pytest.raises(ValidationError):
        update_session(record, acting_user=cast.team_leader.user, held_on=today, kind="case", outcome="cancelled",
                       cancelled_reason="Mistake")


def test_a_session_recorded_late_completes_the_missed_duty_marked_late(cast, today):
    monthly, _ = supervision_duties(cast)
    last_month = today.replace(day=1) - timedelta(days=1)
    plan_duties(last_month)
    plan_duties(today)  # last month's duty is now overdue
    missed = Duty.objects.get(responsibility=monthly, subject_staff=cast.practitioner, period_end=last_month)
    assert missed.status == Status.OPEN and missed.is_overdue(today)

    _, done = session(cast, cast.practitioner, last_month)  # held last month, recorded now

    assert done == [missed]
    missed.refresh_from_db()
    assert missed.status == Status.DONE and missed.done_late


def test_a_pdr_completes_the_annual_pdr_duty_about_the_appraisee(cast, today):
    pdr_duty = ResponsibilityFactory(role=cast.team_leader_role, task="PDR of each report", frequency="annual",
                                     applies_to="reports", strand="supervision", record="supervision:pdr")
    plan_duties(today)
    pdr, done = record_pdr(acting_user=cast.team_leader.user, appraiser=cast.team_leader,
                           appraisee=cast.practitioner, held_on=today, summary="A good year")
    assert [(duty.responsibility, duty.subject_staff) for duty in done] == [(pdr_duty, cast.practitioner)]
    assert pdr.history.first().history_change_reason == "recorded"
