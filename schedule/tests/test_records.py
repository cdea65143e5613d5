"""Records complete duties: the owner's duty for the period, and coverage duties about a subject."""

from datetime import date

import pytest

from people.tests.factories import RoleAssignmentFactory
from schedule import records
from schedule.models import AppliesTo, Duty, Status
from schedule.planner import plan_duties
from schedule.records import complete_duties
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db

MAY = date(2026, 5, 12)


@pytest.fixture
def audit_duties(cast, today, clock):
    clock.move_to(today)
    ResponsibilityFactory(role=cast.team_leader_role, task="Audit 2 case files", count=2, record="audit:case_file")
    ResponsibilityFactory(role=cast.team_leader_role, task="Attend managers meeting", record="")
    ResponsibilityFactory(role=cast.head_role, task="Every case-holder audited", frequency="financial_year",
                          applies_to=AppliesTo.CASE_HOLDERS, record="audit:case_holder")
    plan_duties(today)
    return cast


def test_a_record_completes_one_of_the_owners_duties_for_the_period_containing_its_date(audit_duties, clock):
    cast = audit_duties
    clock.move_to(MAY)
    record = cast.team_a  # any saved object can be the record
    done = complete_duties("audit:case_file", on=MAY, record=record, acting_user=cast.team_leader.user,
                           owner=cast.team_leader)
    assert [(d.period_start, d.occurrence) for d in done] == [(date(2026, 5, 1), 1)]
    duty = Duty.objects.get(pk=done[0].pk)
    assert duty.status == Status.DONE and duty.completed_on == MAY and duty.record == record
    assert duty.history.first().history_change_reason == "marked done"
    second = complete_duties("audit:case_file", on=MAY, record=record, acting_user=cast.team_leader.user,
                             owner=cast.team_leader)
    assert [d.occurrence for d in second] == [2]
    # May's both done, a third makes up April's, overdue since 1 May (no nightly job need say so).
    third = complete_duties("audit:case_file", on=MAY, record=record, acting_user=cast.team_leader.user,
                            owner=cast.team_leader)
    assert [(d.period_start, d.occurrence) for d in third] == [(date(2026, 4, 1), 1)]
    assert Duty.objects.get(pk=third[0].pk).done_late
    Duty.objects.filter(period_start=date(2026, 4, 1), owner=cast.team_leader).update(status=Status.WAIVED)
    assert complete_duties("audit:case_file", on=MAY, record=record, acting_user=cast.team_leader.user,
                           owner=cast.team_leader) == []


def test_a_record_completes_the_coverage_duty_about_its_subject_whoever_owes_it(audit_duties):
    cast = audit_duties
    done = complete_duties("audit:case_holder", on=MAY, record=cast.team_a, acting_user=cast.team_leader.user,
                           subject=cast.practitioner)
    assert [(d.owner, d.subject_staff) for d in done] == [(cast.head, cast.practitioner)]


def test_other_kinds_owners_and_periods_are_left_alone(audit_duties):
    cast = audit_duties
    RoleAssignmentFactory(staff=cast.nqsw, role=cast.team_leader_role, team=cast.team_b)
    plan_duties(date(2026, 4, 15))
    assert complete_duties("audit:supervision_file", on=MAY, record=cast.team_a,
                           acting_user=cast.team_leader.user, owner=cast.team_leader) == []
    done = complete_duties("audit:case_file", on=date(2026, 4, 3), record=cast.team_a,
                           acting_user=cast.team_leader.user, owner=cast.team_leader)
    assert [d.period_start for d in done] == [date(2026, 4, 1)]
    assert not Duty.objects.filter(owner=cast.nqsw, status=Status.DONE).exists()
    assert not Duty.objects.filter(responsibility__task="Attend managers meeting", status=Status.DONE).exists()


def test_a_duty_completed_by_a_record_is_not_marked_done_by_hand(client, audit_duties):
    cast = audit_duties
    registered = dict(records.KINDS)
    records.register("audit:case_file", "a case file audit")  # with no page to make one
    try:
        duty = Duty.objects.filter(owner=cast.team_leader, responsibility__record="audit:case_file").first()
        client.force_login(cast.team_leader.user)
        response = client.get(f"/duties/{duty.pk}/done/")
        assert response.status_code == 302
        page = client.get(f"/duties/{duty.pk}/").content.decode()
        assert "done when a case file audit is submitted" in page
        assert "Mark as done" not in page
        assert "Done when a case file audit is submitted" in client.get("/").content.decode()
    finally:
        records.KINDS.clear()
        records.KINDS.update(registered)


@pytest.fixture
def supervision_duties(cast, clock):
    ResponsibilityFactory(role=cast.team_leader_role, task="Monthly supervision", applies_to=AppliesTo.REPORTS,
                          record="supervision:session")
    for day in (date(2026, 4, 15), date(2026, 5, 15), date(2026, 6, 2)):
        plan_duties(day)  # April's duty is overdue by June; May's too
    clock.move_to(date(2026, 6, 2))  # when the records below come in
    return cast


def test_a_record_completes_this_periods_duty_and_a_missed_one_stays_missed(supervision_duties):
    cast = supervision_duties
    about = Duty.objects.filter(subject_staff=cast.practitioner).order_by("period_start")
    assert [d.is_overdue(date(2026, 6, 2)) for d in about] == [True, True, False, False]
    done = complete_duties("supervision:session", on=date(2026, 6, 3), record=cast.team_a,
                           acting_user=cast.team_leader.user, subject=cast.practitioner)
    assert [d.period_start for d in done] == [date(2026, 6, 1)]
    june = Duty.objects.get(pk=done[0].pk)
    assert june.status == Status.DONE and not june.done_late


def test_a_second_record_in_the_period_makes_up_the_earliest_missed_duty_late(supervision_duties):
    cast = supervision_duties
    for day in (date(2026, 6, 3), date(2026, 6, 17)):
        done = complete_duties("supervision:session", on=day, record=cast.team_a,
                               acting_user=cast.team_leader.user, subject=cast.practitioner)
    assert [d.period_start for d in done] == [date(2026, 4, 1)]
    assert Duty.objects.get(pk=done[0].pk).done_late


def test_a_record_of_a_day_in_the_period_made_once_the_duty_is_overdue_is_done_late(supervision_duties):
    cast = supervision_duties
    done = complete_duties("supervision:session", on=date(2026, 5, 28), record=cast.team_a,
                           acting_user=cast.team_leader.user, subject=cast.practitioner)
    assert [d.period_start for d in done] == [date(2026, 5, 1)]  # May's, recorded in June
    may = Duty.objects.get(pk=done[0].pk)
    assert may.completed_on == date(2026, 5, 28) and may.done_late


def test_a_record_dated_before_a_period_does_not_complete_it(supervision_duties):
    cast = supervision_duties
    Duty.objects.filter(subject_staff=cast.practitioner).overdue(date(2026, 6, 2)).update(status=Status.WAIVED)
    assert complete_duties("supervision:session", on=date(2026, 5, 31), record=cast.team_a,
                           acting_user=cast.team_leader.user, subject=cast.practitioner) == []


def test_a_record_about_a_team_completes_the_duty_about_that_team_and_never_another(cast, today):
    ResponsibilityFactory(role=cast.head_role, task="Attend each team meeting", applies_to=AppliesTo.TEAMS,
                          frequency="annual", record="participation:team_meeting")
    plan_duties(today)
    done = complete_duties("participation:team_meeting", on=today, record=cast.team_a, acting_user=cast.head.user,
                           owner=cast.head, team=cast.team_b)
    assert [d.subject_team for d in done] == [cast.team_b]
    assert complete_duties("participation:team_meeting", on=today, record=cast.team_a, acting_user=cast.head.user,
                           owner=cast.head) == []  # no team named: a duty about a team is not chosen
