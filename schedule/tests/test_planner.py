"""plan_duties: what the responsibilities table gives each person, period by period, on a fixed day.

The cast (top conftest): the head of service holds "Head of Service" over the service (teams A
and B); the team leader holds "Team Leader" over team A and manages the practitioner and the
newly-qualified social worker; the outsider is in another service. Today is Wednesday 15 April
2026, in the first month of the 2026/27 financial year.
"""

import math
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory
from schedule.models import AppliesTo, Duty, Frequency, Status
from schedule.planner import PlanResult, plan_duties
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def owed(**filters) -> set[tuple]:
    """(owner, subject, period_start, period_end, occurrence) of every duty matching filters."""
    return {
        (d.owner.name, d.subject and d.subject.name, d.period_start, d.period_end, d.occurrence)
        for d in Duty.objects.filter(**filters).select_related("owner", "subject_staff", "subject_team")
    }


def statuses(**filters) -> dict[tuple, str]:
    return {(d.period_start, d.occurrence): d.status for d in Duty.objects.filter(**filters)}


@pytest.fixture
def team_leader_task(cast):
    """Something the team leader owes monthly: April 2026 is current, May is next."""
    return ResponsibilityFactory(role=cast.team_leader_role, task="Audit case files", count=2)


@pytest.fixture
def supervision(cast):
    return ResponsibilityFactory(
        role=cast.team_leader_role, task="Supervision", applies_to=AppliesTo.REPORTS, strand="supervision"
    )


APRIL, MAY = (D("2026-04-01"), D("2026-04-30")), (D("2026-05-01"), D("2026-05-31"))


# What is owed, frequency by frequency and subject by subject


@pytest.mark.parametrize(
    "frequency, current, following",
    [
        ("weekly", ("2026-04-13", "2026-04-19"), ("2026-04-20", "2026-04-26")),
        ("fortnightly", ("2026-04-13", "2026-04-26"), ("2026-04-27", "2026-05-10")),
        ("monthly", ("2026-04-01", "2026-04-30"), ("2026-05-01", "2026-05-31")),
        ("bimonthly", ("2026-04-01", "2026-05-31"), ("2026-06-01", "2026-07-31")),
        ("quarterly", ("2026-04-01", "2026-06-30"), ("2026-07-01", "2026-09-30")),
        ("six_monthly", ("2026-04-01", "2026-09-30"), ("2026-10-01", "2027-03-31")),
        ("annual", ("2026-04-01", "2027-03-31"), ("2027-04-01", "2028-03-31")),
        ("financial_year", ("2026-04-01", "2027-03-31"), ("2027-04-01", "2028-03-31")),
    ],
)
def test_the_holder_owes_the_current_and_next_period(cast, today, frequency, current, following):
    responsibility = ResponsibilityFactory(role=cast.team_leader_role, frequency=frequency)

    result = plan_duties(today)

    assert result == PlanResult(created=2)
    duties = list(Duty.objects.filter(responsibility=responsibility).order_by("period_start"))
    assert [(d.period_start, d.period_end) for d in duties] == [
        (D(current[0]), D(current[1])),
        (D(following[0]), D(following[1])),
    ]
    for duty in duties:
        assert duty.owner == cast.team_leader
        assert duty.due_on == duty.period_end
        assert duty.status == Status.OPEN
        assert (duty.occurrence, duty.subject_staff, duty.subject_team) == (1, None, None)


def test_only_holders_of_the_role_owe_its_duties(cast, today, team_leader_task):
    plan_duties(today)
    assert set(Duty.objects.values_list("owner", flat=True)) == {cast.team_leader.id}


def test_a_count_of_two_makes_two_duties_each_period(cast, today, team_leader_task):
    assert plan_duties(today).created == 4
    assert owed() == {
        ("Team Leader", None, *APRIL, 1),
        ("Team Leader", None, *APRIL, 2),
        ("Team Leader", None, *MAY, 1),
        ("Team Leader", None, *MAY, 2),
    }


def test_a_count_of_zero_makes_none(cast, today):
    ResponsibilityFactory(role=cast.team_leader_role, count=0)
    assert plan_duties(today) == PlanResult()
    assert not Duty.objects.exists()


@pytest.mark.parametrize("frequency", ["on_event", "as_required", "statutory", "ongoing"])
def test_unscheduled_frequencies_make_no_duties(cast, today, frequency):
    ResponsibilityFactory(role=cast.team_leader_role, frequency=frequency)
    ResponsibilityFactory(role=cast.head_role, frequency=frequency, applies_to=AppliesTo.REPORTS)
    assert plan_duties(today) == PlanResult()
    assert not Duty.objects.exists()


def test_reports_are_the_holders_direct_reports(cast, today, supervision):
    ResponsibilityFactory(role=cast.head_role, task="Head's supervision", applies_to=AppliesTo.REPORTS)
    plan_duties(today)

    assert owed(responsibility=supervision) == {
        ("Team Leader", "Practitioner", *APRIL, 1),
        ("Team Leader", "Practitioner", *MAY, 1),
        ("Team Leader", "Nqsw", *APRIL, 1),
        ("Team Leader", "Nqsw", *MAY, 1),
    }
    assert owed(responsibility__task="Head's supervision") == {
        ("Head", "Team Leader", *APRIL, 1),
        ("Head", "Team Leader", *MAY, 1),
    }


def test_a_count_does_not_multiply_duties_about_someone(cast, today, supervision):
    supervision.count = 3
    supervision.save()
    plan_duties(today)
    assert set(Duty.objects.values_list("occurrence", flat=True)) == {1}
    assert Duty.objects.count() == 4


def test_nqsw_reports_are_only_the_newly_qualified_direct_reports(cast, today):
    ResponsibilityFactory(role=cast.team_leader_role, frequency="fortnightly", applies_to=AppliesTo.NQSW_REPORTS)
    plan_duties(today)
    assert owed() == {
        ("Team Leader", "Nqsw", D("2026-04-13"), D("2026-04-26"), 1),
        ("Team Leader", "Nqsw", D("2026-04-27"), D("2026-05-10"), 1),
    }


def test_practitioners_are_those_in_the_scope_of_the_role(cast, today):
    ResponsibilityFactory(role=cast.head_role, frequency="quarterly", applies_to=AppliesTo.PRACTITIONERS)
    team_b_practitioner = StaffMemberFactory(name="Bea", team=cast.team_b, is_practitioner=True)
    StaffMemberFactory(name="Not a practitioner", team=cast.team_b)

    plan_duties(today)

    assert {(owner, subject) for owner, subject, *_ in owed()} == {
        ("Head", "Practitioner"),
        ("Head", "Nqsw"),
        ("Head", team_b_practitioner.name),
    }
    assert Duty.objects.count() == 6


def test_the_holder_is_never_their_own_subject(cast, today):
    cast.team_leader.is_practitioner = cast.team_leader.is_case_holder = True
    cast.team_leader.save()
    ResponsibilityFactory(role=cast.team_leader_role, applies_to=AppliesTo.PRACTITIONERS)
    ResponsibilityFactory(role=cast.team_leader_role, applies_to=AppliesTo.CASE_HOLDERS)

    plan_duties(today)

    assert "Team Leader" not in set(Duty.objects.values_list("subject_staff__name", flat=True))


def test_case_holders_are_those_in_the_scope_of_the_role(cast, today):
    ResponsibilityFactory(role=cast.head_role, frequency="financial_year", applies_to=AppliesTo.CASE_HOLDERS)
    plan_duties(today)
    assert {(owner, subject) for owner, subject, *_ in owed()} == {("Head", "Practitioner")}


def test_an_organisation_wide_role_has_everyone_in_scope(cast, today):
    director = StaffMemberFactory(name="Director")
    director_role = RoleFactory(name="Director")
    RoleAssignmentFactory(staff=director, role=director_role)
    ResponsibilityFactory(role=director_role, frequency="annual", applies_to=AppliesTo.PRACTITIONERS)
    ResponsibilityFactory(role=director_role, frequency="annual", applies_to=AppliesTo.TEAMS)

    plan_duties(today)

    assert {subject for _, subject, *_ in owed()} == {
        "Practitioner",
        "Nqsw",
        "Outsider",
        "Team A",
        "Team B",
        "Elsewhere",
    }


def test_teams_are_every_team_in_the_scope_of_the_role(cast, today):
    ResponsibilityFactory(role=cast.head_role, frequency="annual", applies_to=AppliesTo.TEAMS)
    plan_duties(today)
    assert owed() == {
        ("Head", "Team A", D("2026-04-01"), D("2027-03-31"), 1),
        ("Head", "Team B", D("2026-04-01"), D("2027-03-31"), 1),
        ("Head", "Team A", D("2027-04-01"), D("2028-03-31"), 1),
        ("Head", "Team B", D("2027-04-01"), D("2028-03-31"), 1),
    }
    assert Duty.objects.filter(subject_team__isnull=False, subject_staff__isnull=True).count() == 4


def test_team_is_the_team_the_role_is_held_over(cast, today):
    ResponsibilityFactory(role=cast.team_leader_role, applies_to=AppliesTo.TEAM)
    plan_duties(today)
    assert owed() == {("Team Leader", "Team A", *APRIL, 1), ("Team Leader", "Team A", *MAY, 1)}


def test_team_is_the_holders_own_team_when_the_role_is_held_over_no_team(cast, today):
    meeting_chair = RoleFactory(name="Meeting Chair")
    ResponsibilityFactory(role=meeting_chair, applies_to=AppliesTo.TEAM)
    RoleAssignmentFactory(staff=cast.practitioner, role=meeting_chair)
    RoleAssignmentFactory(staff=cast.head, role=meeting_chair)  # in no team: owes nothing

    plan_duties(today)

    assert owed() == {("Practitioner", "Team A", *APRIL, 1), ("Practitioner", "Team A", *MAY, 1)}


def test_holding_a_role_twice_owes_the_holders_duty_once(cast, today, team_leader_task):
    RoleAssignmentFactory(staff=cast.team_leader, role=cast.team_leader_role, team=cast.team_b)
    ResponsibilityFactory(role=cast.team_leader_role, applies_to=AppliesTo.TEAM)
    plan_duties(today)
    assert Duty.objects.filter(responsibility=team_leader_task).count() == 4
    assert {subject for _, subject, *_ in owed(subject_team__isnull=False)} == {"Team A", "Team B"}


# Planning twice


def test_a_second_run_creates_nothing(cast, today, team_leader_task, supervision):
    ResponsibilityFactory(role=cast.head_role, frequency="annual", applies_to=AppliesTo.TEAMS)
    ResponsibilityFactory(role=cast.head_role, frequency="weekly")
    first = plan_duties(today)
    count, history = Duty.objects.count(), Duty.history.count()

    assert first.created == count == 4 + 4 + 4 + 2
    assert plan_duties(today) == PlanResult()
    assert plan_duties(today + timedelta(days=1)) == PlanResult()
    assert (Duty.objects.count(), Duty.history.count()) == (count, history)


@pytest.mark.parametrize("subject", ["none", "staff", "team"])
def test_the_database_refuses_a_second_duty_with_the_same_key(cast, subject):
    fields = {
        "none": {},
        "staff": {"subject_staff": cast.practitioner},
        "team": {"subject_team": cast.team_a},
    }
    duty = DutyFactory(owner=cast.team_leader, **fields[subject])

    with pytest.raises(IntegrityError), transaction.atomic():
        DutyFactory(
            responsibility=duty.responsibility,
            owner=duty.owner,
            occurrence=duty.occurrence,
            **fields[subject],
        )
    # Another occurrence is another duty.
    DutyFactory(responsibility=duty.responsibility, owner=duty.owner, occurrence=2, **fields[subject])


# People come and go


def test_a_joiner_owes_only_periods_falling_due_after_they_start(cast, today, team_leader_task, supervision):
    joiner = StaffMemberFactory(name="Joiner", team=cast.team_a, started_on=D("2026-05-11"))
    RoleAssignmentFactory(staff=joiner, role=cast.team_leader_role, team=cast.team_a, starts_on=D("2026-05-11"))
    new_report = StaffMemberFactory(name="New Report", line_manager=cast.team_leader, started_on=D("2026-05-04"))

    plan_duties(today)

    assert owed(owner=joiner) == {("Joiner", None, *MAY, 1), ("Joiner", None, *MAY, 2)}
    assert owed(subject_staff=new_report) == {("Team Leader", "New Report", *MAY, 1)}


def test_a_role_starting_part_way_through_a_period_owes_that_period(cast, today, team_leader_task):
    # Owed when held on the day the duty falls due (30 April), however late in April it began.
    RoleAssignmentFactory(staff=cast.practitioner, role=cast.team_leader_role, starts_on=D("2026-04-29"))
    plan_duties(today)
    assert {start for _, _, start, *_ in owed(owner=cast.practitioner)} == {APRIL[0], MAY[0]}


def test_a_joiner_gets_the_current_period_on_a_later_run(cast, today, team_leader_task):
    joiner = StaffMemberFactory(name="Joiner", started_on=D("2026-05-11"))
    RoleAssignmentFactory(staff=joiner, role=cast.team_leader_role, starts_on=D("2026-05-11"))
    plan_duties(today)
    assert plan_duties(D("2026-05-12")).created == 4  # June: 2 for the joiner, 2 for the team leader
    assert {start for _, _, start, *_ in owed(owner=joiner)} == {MAY[0], D("2026-06-01")}


def test_a_leaver_s_outstanding_duties_are_cancelled_not_deleted(cast, today, team_leader_task, supervision):
    march = DutyFactory(responsibility=team_leader_task, owner=cast.team_leader, day=D("2026-03-15"))
    done = DutyFactory(
        responsibility=team_leader_task,
        owner=cast.team_leader,
        day=D("2026-03-15"),
        occurrence=2,
        status=Status.DONE,
        completed_on=D("2026-03-20"),
    )
    plan_duties(today)
    assert Duty.objects.get(pk=march.pk).status == Status.OPEN and march.is_overdue(today)
    count = Duty.objects.count()

    cast.team_leader.left_on = D("2026-04-14")
    cast.team_leader.save()
    result = plan_duties(today)

    assert Duty.objects.count() == count
    assert Duty.objects.get(pk=done.pk).status == Status.DONE
    assert set(Duty.objects.filter(owner=cast.team_leader).exclude(pk=done.pk).values_list("status", flat=True)) == {
        Status.CANCELLED
    }
    # 4 of their own (April, May), 4 supervisions (2 reports, April, May), and March's overdue one.
    assert result == PlanResult(cancelled=9)


def test_duties_about_a_leaver_are_cancelled(cast, today, supervision):
    plan_duties(today)
    cast.practitioner.left_on = D("2026-04-20")
    cast.practitioner.save()

    assert plan_duties(today).cancelled == 2
    assert set(Duty.objects.filter(subject_staff=cast.practitioner).values_list("status", flat=True)) == {
        Status.CANCELLED
    }
    assert set(Duty.objects.filter(subject_staff=cast.nqsw).values_list("status", flat=True)) == {Status.OPEN}


def test_someone_who_has_given_notice_owes_only_periods_due_while_still_employed(cast, today, team_leader_task):
    plan_duties(today)
    cast.team_leader.left_on = D("2026-05-15")
    cast.team_leader.save()

    assert plan_duties(today) == PlanResult(cancelled=2)
    assert statuses() == {
        (APRIL[0], 1): Status.OPEN,
        (APRIL[0], 2): Status.OPEN,
        (MAY[0], 1): Status.CANCELLED,
        (MAY[0], 2): Status.CANCELLED,
    }


@pytest.fixture
def role_ended(cast, today, team_leader_task):
    """The team leader's April duties done and waived, then the role ends on 20 April."""
    plan_duties(today)
    first, second = Duty.objects.filter(period_start=APRIL[0]).order_by("occurrence")
    first.mark_done(acting_user=cast.team_leader.user, on=today)
    second.waive(acting_user=cast.head.user, reason="Covered by the audit week", on=today)
    cast.team_leader.role_assignments.update(ends_on=D("2026-04-20"))
    return plan_duties(today)


def test_a_role_change_cancels_open_duties_but_leaves_done_and_waived_ones(role_ended):
    assert role_ended == PlanResult(cancelled=2)
    assert statuses() == {
        (APRIL[0], 1): Status.DONE,
        (APRIL[0], 2): Status.WAIVED,
        (MAY[0], 1): Status.CANCELLED,
        (MAY[0], 2): Status.CANCELLED,
    }


def test_a_role_change_cancels_the_current_period_too(cast, today, team_leader_task):
    plan_duties(today)
    cast.team_leader.role_assignments.update(ends_on=D("2026-04-20"))
    assert plan_duties(today) == PlanResult(cancelled=4)
    assert set(statuses().values()) == {Status.CANCELLED}


def test_holding_the_role_again_reopens_cancelled_duties(cast, today, role_ended):
    cast.team_leader.role_assignments.update(ends_on=None)

    assert plan_duties(today) == PlanResult(reopened=2)
    assert statuses() == {
        (APRIL[0], 1): Status.DONE,
        (APRIL[0], 2): Status.WAIVED,
        (MAY[0], 1): Status.OPEN,
        (MAY[0], 2): Status.OPEN,
    }
    assert Duty.objects.count() == 4


def test_a_deactivated_responsibility_s_open_duties_are_cancelled(cast, today, team_leader_task):
    plan_duties(today)
    Duty.objects.get(period_start=APRIL[0], occurrence=1).mark_done(acting_user=None, on=today)
    team_leader_task.active = False
    team_leader_task.save()

    assert plan_duties(today) == PlanResult(cancelled=3)
    assert statuses()[(APRIL[0], 1)] == Status.DONE

    team_leader_task.active = True
    team_leader_task.save()
    assert plan_duties(today) == PlanResult(reopened=3)


def test_a_responsibility_made_unscheduled_cancels_its_open_duties(cast, today, team_leader_task):
    plan_duties(today)
    team_leader_task.frequency = Frequency.AS_REQUIRED
    team_leader_task.save()
    assert plan_duties(today) == PlanResult(cancelled=4)


@pytest.mark.parametrize(
    "before, after, current_end",
    [("monthly", "quarterly", "2026-06-30"), ("quarterly", "monthly", "2026-04-30")],
)
def test_a_change_of_frequency_moves_the_due_date_of_open_duties(cast, today, before, after, current_end):
    # April and the first quarter both start on 1 April: the open duty owed for the current
    # period must fall due at the end of the new period, not the old one.
    responsibility = ResponsibilityFactory(role=cast.team_leader_role, frequency=before)
    plan_duties(today)
    responsibility.frequency = after
    responsibility.save()

    plan_duties(today)

    current = Duty.objects.get(period_start=APRIL[0])
    assert (current.period_end, current.due_on, current.status) == (
        D(current_end),
        D(current_end),
        Status.OPEN,
    )
    assert current.period_label == ("Q1 2026/27" if after == "quarterly" else "April 2026")
    # And it is not overdue before the new period ends.
    plan_duties(D("2026-05-01"))
    assert Duty.objects.get(pk=current.pk).is_overdue(D("2026-05-01")) == (after == "monthly")


def test_a_new_line_manager_takes_over_the_supervision(cast, today, supervision):
    plan_duties(today)
    other_leader = StaffMemberFactory(name="Other Leader", team=cast.team_b, line_manager=cast.head)
    RoleAssignmentFactory(staff=other_leader, role=cast.team_leader_role, team=cast.team_b)
    cast.practitioner.line_manager = other_leader
    cast.practitioner.save()

    assert plan_duties(today) == PlanResult(created=2, cancelled=2)
    assert owed(subject_staff=cast.practitioner, status=Status.OPEN) == {
        ("Other Leader", "Practitioner", *APRIL, 1),
        ("Other Leader", "Practitioner", *MAY, 1),
    }
    assert set(
        Duty.objects.filter(owner=cast.team_leader, subject_staff=cast.practitioner).values_list("status", flat=True)
    ) == {Status.CANCELLED}
    assert set(Duty.objects.filter(subject_staff=cast.nqsw).values_list("status", flat=True)) == {Status.OPEN}


# Falling due


def test_open_duties_past_their_due_date_are_overdue_and_the_planner_leaves_them_open(cast, today, team_leader_task):
    march = DutyFactory(responsibility=team_leader_task, owner=cast.team_leader, day=D("2026-03-01"))
    done = DutyFactory(
        responsibility=team_leader_task,
        owner=cast.team_leader,
        day=D("2026-03-01"),
        occurrence=2,
        status=Status.DONE,
    )
    assert list(Duty.objects.overdue(today)) == [march]  # before any planner run

    assert plan_duties(today) == PlanResult(created=4)

    assert Duty.objects.get(pk=march.pk).status == Status.OPEN and march.history.count() == 1
    assert list(Duty.objects.overdue(today)) == [march]
    assert Duty.objects.get(pk=done.pk).status == Status.DONE
    assert set(Duty.objects.filter(period_start__gte=APRIL[0]).values_list("status", flat=True)) == {Status.OPEN}


def test_this_period_s_duties_are_overdue_once_it_ends(cast, today, team_leader_task):
    plan_duties(today)
    assert not Duty.objects.overdue(D("2026-04-30")).exists()  # due today is not yet late
    assert Duty.objects.overdue(D("2026-05-01")).count() == 2

    assert plan_duties(D("2026-05-01")) == PlanResult(created=2)
    assert set(statuses().values()) == {Status.OPEN}
    # Overdue is still outstanding: it stays owed, and is not cancelled by later runs.
    assert plan_duties(D("2026-05-02")) == PlanResult()
    assert {(d.period_start, d.occurrence) for d in Duty.objects.overdue(D("2026-05-02"))} == {
        (APRIL[0], 1), (APRIL[0], 2)}


# History


def test_history_is_written_for_created_and_changed_duties(cast, today, team_leader_task):
    plan_duties(today)
    duty = Duty.objects.get(period_start=MAY[0], occurrence=1)
    assert duty.history.count() == 1
    created = duty.history.get()
    assert (created.history_type, created.history_change_reason, created.status) == ("+", "planned", "open")

    cast.team_leader.role_assignments.update(ends_on=today)
    plan_duties(today)
    assert duty.history.count() == 2
    cancelled = duty.history.first()
    assert (cancelled.history_type, cancelled.history_change_reason, cancelled.status) == (
        "~",
        "no longer owed",
        "cancelled",
    )

    cast.team_leader.role_assignments.update(ends_on=None)
    plan_duties(today)
    assert duty.history.count() == 3
    assert duty.history.first().history_change_reason == "owed again"

    plan_duties(D("2026-06-01"))
    assert duty.history.count() == 3  # falling due changes nothing stored


def test_a_run_that_changes_nothing_writes_no_history(cast, today, team_leader_task, supervision):
    plan_duties(today)
    history = Duty.history.count()
    plan_duties(today)
    assert Duty.history.count() == history


# Cost


def queries(today) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        plan_duties(today)
    return [query["sql"] for query in context.captured_queries]


def selects(sqls: list[str]) -> int:
    return sum(sql.lstrip().upper().startswith("SELECT") for sql in sqls)


def plan_twice(cast, today, more_reports: int) -> tuple[list[str], list[str]]:
    """Add practitioners reporting to the team leader, then plan (creating and cancelling) and
    plan again (with one more duty past its due date), from an empty duty table. The SQL of each run."""
    Duty.history.all().delete()
    Duty.objects.all().delete()
    for n in range(more_reports):
        StaffMemberFactory(
            team=cast.team_a if n % 2 else cast.team_b, line_manager=cast.team_leader, is_practitioner=True
        )
    DutyFactory(owner=cast.practitioner, day=D("2026-03-01"))  # a leaver's: cancelled on the first run
    first = queries(today)
    DutyFactory(owner=cast.nqsw, day=D("2026-03-01"))  # falls due on the second run
    return first, queries(today)


def test_planning_reads_the_same_few_times_for_5_staff_or_50(cast, today):
    ResponsibilityFactory(role=cast.team_leader_role, count=2)
    ResponsibilityFactory(role=cast.team_leader_role, applies_to=AppliesTo.REPORTS)
    ResponsibilityFactory(role=cast.head_role, frequency="quarterly", applies_to=AppliesTo.PRACTITIONERS)
    ResponsibilityFactory(role=cast.head_role, frequency="annual", applies_to=AppliesTo.TEAMS)
    cast.practitioner.left_on = today - timedelta(days=1)
    cast.practitioner.save()

    small_first, small_again = plan_twice(cast, today, 5)
    big_first, big_again = plan_twice(cast, today, 45)
    duties = Duty.objects.count()

    assert duties > 200
    assert selects(big_first) == selects(small_first) <= 8
    assert len(big_again) == len(small_again)
    # Writes come in batches (SQLite takes 999 values a statement: 30 to 50 duties or history rows),
    # not a row each.
    assert len(big_first) - selects(big_first) <= 2 + 2 * math.ceil(duties / 30)
