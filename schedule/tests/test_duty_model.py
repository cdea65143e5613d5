"""Duty's own logic: completing and waiving it (with history), and how it names itself."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from people.tests.factories import StaffMemberFactory, TeamFactory, UserFactory
from schedule.models import AppliesTo, Duty, Frequency, State, Status, state_condition
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def duty():
    return DutyFactory(owner=StaffMemberFactory(name="Priya Practitioner"))


@pytest.fixture
def manager():
    return UserFactory(username="manager")


def test_mark_done_records_who_when_and_why(duty, manager):
    record = TeamFactory()  # any saved record will do: an audit, an observation, a supervision
    duty.mark_done(acting_user=manager, on=date(2026, 4, 20), note="Audited with the worker", record=record)

    duty = Duty.objects.get(pk=duty.pk)
    assert duty.status == Status.DONE
    assert duty.completed_on == date(2026, 4, 20)
    assert duty.completed_by == manager
    assert duty.completion_note == "Audited with the worker"
    assert duty.record == record
    assert not duty.is_outstanding


def test_mark_done_without_a_record(duty, manager):
    duty.mark_done(acting_user=manager, on=date(2026, 4, 20))
    duty.refresh_from_db()
    assert duty.status == Status.DONE
    assert duty.record_type is None and duty.record_id is None


def test_an_overdue_duty_can_still_be_done(manager):
    duty = DutyFactory()  # April 2026's, due on the 30th
    assert duty.is_overdue(date(2026, 5, 3)) and duty.state(date(2026, 5, 3)) == State.OVERDUE
    duty.mark_done(acting_user=manager, on=date(2026, 5, 3), today=date(2026, 5, 3))
    duty.refresh_from_db()
    assert duty.status == Status.DONE and duty.done_late


def test_overdue_is_read_from_the_due_date_on_the_day_asked():
    duty = DutyFactory()  # due 30 April 2026
    for day, state in [(date(2026, 4, 30), State.OPEN), (date(2026, 5, 1), State.OVERDUE)]:
        assert duty.state(day) == state and duty.is_overdue(day) == (state == State.OVERDUE)
        assert set(Duty.objects.filter(state_condition(state, day))) == {duty}
        assert set(Duty.objects.in_state(state, day)) == {duty}
    assert list(Duty.objects.overdue(date(2026, 5, 1))) == [duty] and not Duty.objects.overdue(date(2026, 4, 30))
    duty.status = Status.WAIVED
    assert duty.state(date(2026, 5, 1)) == State.WAIVED and not duty.is_overdue(date(2026, 5, 1))


def test_done_late_when_marked_done_after_the_due_date_whatever_date_the_work_bears(manager):
    on_time, recorded_late = DutyFactory(), DutyFactory()
    on_time.mark_done(acting_user=manager, on=date(2026, 4, 28), today=date(2026, 4, 30))
    recorded_late.mark_done(acting_user=manager, on=date(2026, 4, 28), today=date(2026, 5, 2))
    assert not on_time.done_late and recorded_late.done_late


def test_mark_done_writes_history_with_the_acting_user(duty, manager):
    before = duty.history.count()
    duty.mark_done(acting_user=manager, on=date(2026, 4, 20))

    assert duty.history.count() == before + 1
    latest = duty.history.first()
    assert latest.history_user == manager
    assert latest.history_type == "~"
    assert latest.status == Status.DONE


def test_waive_records_who_and_why_with_history(duty, manager):
    duty.waive(acting_user=manager, reason="On long-term sick leave", on=date(2026, 4, 21))

    duty = Duty.objects.get(pk=duty.pk)
    assert duty.status == Status.WAIVED
    assert duty.waived_by == manager
    assert duty.waived_reason == "On long-term sick leave"
    assert duty.waived_on == date(2026, 4, 21)
    assert duty.completed_on is None
    latest = duty.history.first()
    assert latest.history_user == manager
    assert latest.status == Status.WAIVED


@pytest.mark.parametrize("status", [Status.DONE, Status.WAIVED, Status.CANCELLED])
def test_a_duty_that_is_not_outstanding_cannot_be_done_or_waived(manager, status):
    duty = DutyFactory(status=status)
    history = duty.history.count()

    with pytest.raises(ValidationError, match=f"This duty is {status.label.lower()}, not open"):
        duty.mark_done(acting_user=manager, on=date(2026, 4, 20))
    with pytest.raises(ValidationError):
        duty.waive(acting_user=manager, reason="no", on=date(2026, 4, 20))

    duty.refresh_from_db()
    assert duty.status == status
    assert duty.completed_by is None and duty.waived_by is None
    assert duty.history.count() == history


def test_title_is_the_task_for_a_single_duty_of_the_holder():
    duty = DutyFactory(responsibility__task="Audit five case files")
    assert duty.title() == "Audit five case files"


def test_title_counts_occurrences():
    responsibility = ResponsibilityFactory(task="Observe practice", count=2)
    first = DutyFactory(responsibility=responsibility, occurrence=1)
    second = DutyFactory(responsibility=responsibility, occurrence=2)
    assert first.title() == "Observe practice (1 of 2)"
    assert second.title() == "Observe practice (2 of 2)"


def test_title_names_the_person_it_is_about():
    responsibility = ResponsibilityFactory(task="Supervision", applies_to=AppliesTo.REPORTS)
    duty = DutyFactory(responsibility=responsibility, subject_staff=StaffMemberFactory(name="Sam Social Worker"))
    assert duty.title() == "Supervision: Sam Social Worker"
    assert duty.subject.name == "Sam Social Worker"


def test_title_names_the_team_it_is_about():
    responsibility = ResponsibilityFactory(task="Team meeting", applies_to=AppliesTo.TEAMS)
    duty = DutyFactory(responsibility=responsibility, subject_team=TeamFactory(name="Assessment Team 2"))
    assert duty.title() == "Team meeting: Assessment Team 2"


def test_title_does_not_count_duties_about_someone():
    # A count only multiplies the holder's own tasks: one supervision per report per period.
    responsibility = ResponsibilityFactory(task="Supervision", applies_to=AppliesTo.REPORTS, count=2)
    duty = DutyFactory(responsibility=responsibility, subject_staff=StaffMemberFactory(name="Sam"))
    assert duty.title() == "Supervision: Sam"


@pytest.mark.parametrize(
    "frequency, label",
    [
        (Frequency.WEEKLY, "Week of 13 Apr 2026"),
        (Frequency.FORTNIGHTLY, "Fortnight of 13 Apr 2026"),
        (Frequency.MONTHLY, "April 2026"),
        (Frequency.BIMONTHLY, "Apr-May 2026"),
        (Frequency.QUARTERLY, "Q1 2026/27"),
        (Frequency.SIX_MONTHLY, "H1 2026/27"),
        (Frequency.ANNUAL, "2026/27"),
        (Frequency.FINANCIAL_YEAR, "2026/27"),
    ],
)
def test_period_label(frequency, label):
    duty = DutyFactory(responsibility__frequency=frequency, day=date(2026, 4, 15))
    assert duty.period_label == label


def test_period_label_later_in_the_year():
    duty = DutyFactory(responsibility__frequency=Frequency.QUARTERLY, day=date(2027, 2, 1))
    assert (duty.period_start, duty.period_end) == (date(2027, 1, 1), date(2027, 3, 31))
    assert duty.period_label == "Q4 2026/27"


def test_str_says_what_whose_and_when():
    duty = DutyFactory(responsibility__ref="R07", responsibility__task="Audit", owner=StaffMemberFactory(name="Priya"))
    assert str(duty) == "R07 Audit – Priya – April 2026"


def test_a_stale_copy_cannot_finish_a_duty_twice(duty, manager):
    """Two clicks (or a click and the planner) at once: the second sees the row as it is now."""
    stale = Duty.objects.get(pk=duty.pk)
    duty.mark_done(acting_user=manager, on=date(2026, 4, 20), note="first")
    with pytest.raises(ValidationError, match="This duty is done, not open"):
        stale.waive(acting_user=manager, reason="second", on=date(2026, 4, 20))
    stale.refresh_from_db()
    assert (stale.status, stale.completion_note, stale.waived_reason) == (Status.DONE, "first", "")
