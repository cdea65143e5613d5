"""Duties about a case (an audit on closure or transfer, R60): how they read, the page that records
them, one per person and case, the record that completes them even late, and a planner that
leaves them alone: they are overdue by their due date, with no job to mark them.

The cast (top conftest); today is Wednesday 15 April 2026.
"""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.records import complete_duties
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closure(cast):
    """R60 of the team leader's role, for this test."""
    return ResponsibilityFactory(
        ref="R60", role=cast.team_leader_role, task="Audit case files on closure or transfer",
        frequency="on_event", record="audit:closure_transfer",
    )


def case_duty(responsibility, owner, reference="CR-1001", start=date(2026, 4, 10), due=date(2026, 5, 8), **fields):
    return DutyFactory(
        responsibility=responsibility, owner=owner, frequency="on_event", period_start=start, period_end=due,
        due_on=due, case_reference=reference, **fields,
    )


def test_a_case_duty_names_its_case_and_the_days_it_runs(cast, closure):
    duty = case_duty(closure, cast.team_leader)
    assert duty.title() == "Audit case files on closure or transfer: case CR-1001"
    assert duty.period_label == "10 April to 8 May 2026"
    within_a_month = case_duty(closure, cast.head, "CR-2", date(2026, 4, 3), date(2026, 4, 30))
    assert within_a_month.period_label == "3 to 30 April 2026"
    duty.period_start, duty.period_end = date(2026, 12, 20), date(2027, 1, 17)
    assert duty.period_label == "20 December 2026 to 17 January 2027"


def test_a_case_duty_links_to_the_audit_of_its_case(cast, closure):
    assert case_duty(closure, cast.team_leader).record_url == "/audits/new/?kind=audit:closure_transfer&case=CR-1001"
    assert case_duty(closure, cast.head, "AB/2026 7").record_url.endswith("&case=AB/2026%207")
    periodic = DutyFactory(responsibility=ResponsibilityFactory(record="audit:case_file"), owner=cast.team_leader)
    assert periodic.record_url == "/audits/new/?kind=audit:case_file"


def test_one_duty_per_responsibility_person_and_case(cast, closure):
    case_duty(closure, cast.team_leader)
    case_duty(closure, cast.team_leader, "CR-1002")  # another case
    case_duty(closure, cast.head)  # another person
    with pytest.raises(IntegrityError), transaction.atomic():
        case_duty(closure, cast.team_leader, start=date(2026, 4, 12))


def test_case_duties_do_not_collide_with_planned_ones_of_the_same_period(cast):
    monthly = ResponsibilityFactory(role=cast.team_leader_role)
    DutyFactory(responsibility=monthly, owner=cast.team_leader)
    DutyFactory(responsibility=monthly, owner=cast.team_leader, case_reference="CR-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyFactory(responsibility=monthly, owner=cast.team_leader)


# Completed by the audit of the case


@pytest.fixture
def owed(cast, closure, today):
    """The team leader owes the closure audit of CR-1001 and CR-1002, and two monthly closure audits."""
    ResponsibilityFactory(role=cast.team_leader_role, task="Audit closures", count=2, record="audit:closure_transfer")
    plan_duties(today)
    return {
        "CR-1001": case_duty(closure, cast.team_leader, "CR-1001"),
        "CR-1002": case_duty(closure, cast.team_leader, "CR-1002"),
    }


def complete(cast, on, reference="", owner=None):
    return complete_duties("audit:closure_transfer", on=on, record=cast.team_a, acting_user=cast.team_leader.user,
                           owner=owner or cast.team_leader, case_reference=reference)


def test_the_audit_of_the_case_completes_its_duty_before_any_periodic_one(cast, owed):
    [done] = complete(cast, date(2026, 4, 20), "CR-1002")
    assert done == owed["CR-1002"]
    duty = Duty.objects.get(pk=done.pk)
    assert (duty.status, duty.completed_on, duty.record) == (Status.DONE, date(2026, 4, 20), cast.team_a)
    assert Duty.objects.filter(case_reference="", status=Status.DONE).count() == 0


def test_even_late_and_whatever_its_period(cast, owed):
    assert owed["CR-1001"].is_overdue(date(2026, 6, 30))
    [done] = complete(cast, date(2026, 6, 30), "CR-1001")
    assert done == owed["CR-1001"] and Duty.objects.get(pk=done.pk).status == Status.DONE


def test_with_no_duty_about_the_case_a_periodic_one_is_completed_and_never_anothers_case(cast, owed):
    [done] = complete(cast, date(2026, 4, 20), "CR-9999")
    assert (done.case_reference, done.period_start, done.occurrence) == ("", date(2026, 4, 1), 1)
    [done] = complete(cast, date(2026, 4, 20))  # no case given
    assert (done.case_reference, done.occurrence) == ("", 2)
    assert complete(cast, date(2026, 4, 20)) == []  # the case duties wait for their own case
    assert Duty.objects.filter(case_reference__startswith="CR-", status=Status.OPEN).count() == 2


def test_only_the_owner_and_the_kind_complete_it(cast, owed):
    assert complete(cast, date(2026, 4, 20), "CR-1001", owner=cast.head) == []
    assert complete_duties("audit:case_file", on=date(2026, 4, 20), record=cast.team_a, acting_user=None,
                           owner=cast.team_leader, case_reference="CR-1001") == []
    assert Duty.objects.get(pk=owed["CR-1001"].pk).status == Status.OPEN


def test_a_done_or_waived_case_duty_is_not_completed_again(cast, owed):
    Duty.objects.filter(case_reference="CR-1001").update(status=Status.WAIVED)
    [done] = complete(cast, date(2026, 4, 20), "CR-1001")
    assert done.case_reference == ""  # the month's duty instead


# The planner


def test_the_planner_never_cancels_moves_or_replans_case_duties(cast, closure, today):
    open_ = case_duty(closure, cast.team_leader, "CR-1", date(2026, 4, 10), date(2026, 5, 8))
    future = case_duty(closure, cast.team_leader, "CR-2", date(2026, 4, 14), date(2026, 12, 1))
    leaver = case_duty(closure, cast.nqsw, "CR-3", date(2026, 2, 1), date(2026, 3, 1))
    cast.nqsw.left_on = date(2026, 3, 31)
    cast.nqsw.save()
    closure.active = False  # even switched off: an event that happened is still owed
    closure.save()
    for day in (today, date(2026, 4, 16), date(2026, 5, 2)):
        plan_duties(day)
    for duty in (open_, future, leaver):
        before = (duty.status, duty.period_start, duty.period_end, duty.due_on, duty.frequency)
        duty.refresh_from_db()
        assert (duty.status, duty.period_start, duty.period_end, duty.due_on, duty.frequency) == before
    assert Duty.objects.filter(responsibility=closure).count() == 3


def test_a_case_duty_is_overdue_once_its_due_date_has_passed_and_the_planner_writes_nothing(cast, closure):
    duty = case_duty(closure, cast.team_leader, due=date(2026, 5, 8))
    assert not duty.is_overdue(date(2026, 5, 8)) and duty.is_overdue(date(2026, 5, 9))
    assert list(Duty.objects.overdue(date(2026, 5, 9))) == [duty]
    plan_duties(date(2026, 5, 9))
    duty.refresh_from_db()
    assert (duty.status, duty.history.count()) == (Status.OPEN, 1)


def test_a_case_duty_never_stands_in_for_a_planned_one_of_the_same_period(cast, today):
    # Same responsibility, owner, period start and occurrence as April's planned duty: only the case differs.
    monthly = ResponsibilityFactory(role=cast.team_leader_role)
    about_case = case_duty(monthly, cast.team_leader, "CR-1", date(2026, 4, 1), date(2026, 4, 29))
    assert plan_duties(today).created == 2 and plan_duties(today).created == 0
    assert set(Duty.objects.filter(case_reference="").values_list("period_start", flat=True)) == {
        date(2026, 4, 1), date(2026, 5, 1),
    }
    about_case.refresh_from_db()
    assert (about_case.status, about_case.period_end) == (Status.OPEN, date(2026, 4, 29))
