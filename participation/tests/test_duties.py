"""Meetings complete their attendees' duties of their kind: the earliest overdue or current one,
the duty about the meeting's team at a team meeting, a missed one marked late, and never twice."""

from datetime import date

import pytest

from participation.actions import change_meeting, record_meeting
from participation.models import MeetingKind
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.records import KINDS
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _recorded_mid_april(clock):
    clock.move_to(date(2026, 4, 15))  # the day the meetings below are recorded (the cast's today)


def record(cast, kind, held_on, attendees, team=None, by=None):
    by = by or cast.team_leader
    return record_meeting(acting_user=by.user, recorded_by=by, kind=kind, held_on=held_on, title="A meeting",
                          team=team, attendees=attendees)


def test_every_kind_is_a_record_kind_linking_to_its_page():
    for kind in MeetingKind.values:
        assert KINDS[f"participation:{kind}"].url() == f"/participation/meetings/new/?kind=participation:{kind}"
    assert KINDS["participation:survey"].url() == "/participation/surveys/upload/?kind=participation:survey"


@pytest.mark.parametrize("kind", [k for k in MeetingKind.values if k != MeetingKind.TEAM_MEETING])
def test_each_attendee_completes_their_duty_of_the_meetings_kind(cast, today, kind):
    ResponsibilityFactory(role=cast.head_role, frequency="quarterly", record=f"participation:{kind}")
    ResponsibilityFactory(role=cast.team_leader_role, frequency="quarterly", record=f"participation:{kind}")
    other = "participation:focus_group" if kind != "focus_group" else "participation:round_table"
    ResponsibilityFactory(role=cast.head_role, frequency="quarterly", record=other)
    plan_duties(today)
    meeting, done = record(cast, kind, today, [cast.head, cast.team_leader, cast.practitioner])
    assert sorted(d.owner.name for d in done) == ["Head", "Team Leader"]
    for duty in Duty.objects.filter(pk__in=[d.pk for d in done]):
        assert duty.status == Status.DONE and duty.record == meeting and duty.completed_on == today
        assert duty.responsibility.record == f"participation:{kind}"
        assert duty.period_start == date(2026, 4, 1) and not duty.done_late
    assert not Duty.objects.filter(responsibility__record=other, status=Status.DONE).exists()


def test_someone_who_did_not_attend_keeps_their_duty(cast, today, participation_duties):
    plan_duties(today)
    _meeting, done = record(cast, MeetingKind.CHILDREN_IN_CARE_COUNCIL, today, [cast.team_leader])
    assert done == []
    assert not Duty.objects.filter(status=Status.DONE).exists()


def test_a_team_meeting_completes_the_attendees_duty_about_that_team(cast, today, participation_duties):
    plan_duties(today)
    about = {d.subject_team.name: d for d in Duty.objects.filter(responsibility=participation_duties["teams"],
                                                                 period_start=date(2026, 4, 1))}
    assert set(about) == {"Team A", "Team B"}
    _meeting, done = record(cast, MeetingKind.TEAM_MEETING, today, [cast.head, cast.team_leader], team=cast.team_b)
    assert [d.pk for d in done] == [about["Team B"].pk]
    assert Duty.objects.get(pk=about["Team A"].pk).status == Status.OPEN
    # The next one, of team A, completes team A's; a third of team A finds nothing more to do.
    _meeting, done = record(cast, MeetingKind.TEAM_MEETING, today, [cast.head], team=cast.team_a)
    assert [d.pk for d in done] == [about["Team A"].pk]
    assert record(cast, MeetingKind.TEAM_MEETING, today, [cast.head], team=cast.team_a)[1] == []


def test_a_team_meeting_completes_a_holders_duty_about_no_team(cast, today, participation_duties):
    deputy_role = RoleFactory(name="Deputy Director")
    deputy = StaffMemberFactory(name="Deputy")
    RoleAssignmentFactory(staff=deputy, role=deputy_role)
    ResponsibilityFactory(role=deputy_role, frequency="annual", record="participation:team_meeting")  # R16
    plan_duties(today)
    _meeting, done = record(cast, MeetingKind.TEAM_MEETING, today, [deputy], team=cast.team_a)
    assert [(d.owner, d.subject_team) for d in done] == [(deputy, None)]


def test_a_meeting_held_late_completes_the_missed_duty_marked_late(cast, participation_duties):
    plan_duties(date(2026, 3, 1))  # the half-year October to March
    plan_duties(date(2026, 4, 15))  # its duty is now overdue
    missed = Duty.objects.get(responsibility=participation_duties["cicc"], period_start=date(2025, 10, 1))
    assert missed.status == Status.OPEN and missed.is_overdue(date(2026, 4, 15))
    # Held in March, recorded in April once the duty had gone overdue.
    _meeting, done = record(cast, MeetingKind.CHILDREN_IN_CARE_COUNCIL, date(2026, 3, 20), [cast.head])
    assert [d.pk for d in done] == [missed.pk]
    missed.refresh_from_db()
    assert missed.status == Status.DONE and missed.done_late and missed.completed_on == date(2026, 3, 20)
    current = Duty.objects.get(responsibility=participation_duties["cicc"], period_start=date(2026, 4, 1))
    assert current.status == Status.OPEN
    # The next meeting completes this half-year's, on time.
    _meeting, done = record(cast, MeetingKind.CHILDREN_IN_CARE_COUNCIL, date(2026, 5, 20), [cast.head])
    assert [d.pk for d in done] == [current.pk] and not Duty.objects.get(pk=current.pk).done_late


def test_a_late_team_meeting_completes_the_missed_duty_about_that_team(cast, participation_duties):
    plan_duties(date(2026, 3, 1))
    plan_duties(date(2026, 4, 15))
    missed = Duty.objects.get(responsibility=participation_duties["teams"], period_start=date(2025, 4, 1),
                              subject_team=cast.team_a)
    assert missed.status == Status.OPEN and missed.is_overdue(date(2026, 4, 15))
    # Held in March, recorded in April once the year's duty about the team had gone overdue.
    _meeting, done = record(cast, MeetingKind.TEAM_MEETING, date(2026, 3, 20), [cast.head], team=cast.team_a)
    assert [d.pk for d in done] == [missed.pk] and Duty.objects.get(pk=missed.pk).done_late


def test_adding_an_attendee_completes_theirs_and_nobody_completes_twice(cast, today, participation_duties):
    plan_duties(today)
    meeting, done = record(cast, MeetingKind.ALL_STAFF_FORUM, today, [cast.head])
    assert done == []
    done = change_meeting(meeting, acting_user=cast.head.user, attendees=[cast.head, cast.team_leader],
                          title="Renamed")
    assert [d.owner for d in done] == [cast.team_leader]
    assert change_meeting(meeting, acting_user=cast.head.user, attendees=[cast.head, cast.team_leader],
                          title="Again") == []
    assert Duty.objects.filter(owner=cast.team_leader, status=Status.DONE).count() == 1
    assert [h.history_change_reason for h in meeting.history.order_by("history_id")][:1] == ["recorded"]
