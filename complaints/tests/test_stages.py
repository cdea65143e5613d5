"""Stage deadlines, extensions within the statutory maximum, escalation and closing: the
timescales on unsaved stages, then through complaints.actions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from complaints import actions, timescales
from complaints.models import Complaint, Stage

from .factories import make_complaint, today

D = date


@pytest.mark.parametrize("number, requested, due, latest", [
    (1, D(2025, 12, 19), D(2026, 1, 7), D(2026, 1, 21)),  # 10 working days, up to 20
    (2, D(2026, 8, 3), D(2026, 9, 8), D(2026, 11, 3)),  # 25, up to 65
    (3, D(2026, 11, 30), D(2027, 1, 14), D(2027, 1, 14)),  # 30, no extension
])
def test_each_stage_is_due_its_working_days_after_the_request(number, requested, due, latest):
    stage = Stage(number=number, requested_on=requested, due_on=timescales.due_on(number, requested))
    assert (stage.due_on, stage.standard_due_on, stage.latest_due_on) == (due, due, latest)
    assert stage.may_be_extended is (number != 3)


def test_a_stage_answered_or_at_its_maximum_cannot_be_extended():
    requested = D(2026, 6, 1)
    stage = Stage(number=1, requested_on=requested, due_on=timescales.latest_due_on(1, requested))
    assert not stage.may_be_extended
    stage = Stage(number=1, requested_on=requested, due_on=timescales.due_on(1, requested), responded_on=requested)
    assert not stage.may_be_extended


def test_a_response_by_the_due_date_is_within_the_timescale():
    stage = Stage(number=1, requested_on=D(2026, 6, 1), due_on=D(2026, 6, 15))
    assert stage.within_timescale is None
    stage.responded_on = D(2026, 6, 15)
    assert stage.within_timescale is True
    stage.responded_on = D(2026, 6, 16)
    assert stage.within_timescale is False



@pytest.fixture
def complaint(cast):
    return make_complaint(handler=cast.team_leader, received_on=D(2026, 6, 1))


@pytest.mark.django_db
def test_a_new_complaint_is_numbered_by_year_and_starts_stage_one(cast):
    first = make_complaint(handler=cast.team_leader, received_on=D(2026, 6, 1))
    second = make_complaint(handler=cast.team_leader, received_on=D(2026, 7, 1))
    other_year = make_complaint(handler=cast.team_leader, received_on=D(2025, 12, 19))
    assert [first.reference, second.reference, other_year.reference] == ["C-2026-001", "C-2026-002", "C-2025-001"]
    assert (other_year.current_stage, other_year.status, other_year.due_on) == (1, "open", D(2026, 1, 7))
    stage = other_year.stages.get()
    assert (stage.number, stage.requested_on, stage.due_on) == (1, D(2025, 12, 19), D(2026, 1, 7))
    assert other_year.history.first().history_change_reason == "received"
    assert other_year.history.first().history_user == cast.team_leader.user


@pytest.mark.django_db
def test_an_extension_moves_the_due_date_up_to_the_maximum_and_no_further(cast, complaint):
    user = cast.team_leader.user
    with pytest.raises(ValidationError, match="at the latest"):
        actions.extend_stage(complaint, acting_user=user, new_due_on=D(2026, 6, 30), reason="Waiting for a report")
    with pytest.raises(ValidationError, match="must be after"):
        actions.extend_stage(complaint, acting_user=user, new_due_on=D(2026, 6, 15), reason="Too soon")
    stage = actions.extend_stage(complaint, acting_user=user, new_due_on=D(2026, 6, 22), reason="Waiting for a report")
    assert (stage.due_on, stage.extended, stage.standard_due_on) == (D(2026, 6, 22), True, D(2026, 6, 15))
    assert complaint.due_on == D(2026, 6, 22)
    stage = actions.extend_stage(complaint, acting_user=user, new_due_on=D(2026, 6, 29), reason="And an interview")
    assert stage.due_on == stage.latest_due_on == D(2026, 6, 29)  # 20 working days
    assert not stage.may_be_extended
    assert [h.history_change_reason for h in Stage.history.filter(id=stage.id).order_by("history_id")] == [
        "stage 1 started", "stage 1 extended", "stage 1 extended"
    ]


@pytest.mark.django_db
def test_stage_three_cannot_be_extended(cast, complaint):
    user = cast.team_leader.user
    for number in (1, 2):
        actions.record_response(complaint, acting_user=user, responded_on=D(2026, 6, 10 * number), outcome="not_upheld")
        actions.escalate(complaint, acting_user=user, requested_on=D(2026, 6, 10 * number + 1), today=today())
    assert complaint.current_stage == 3
    with pytest.raises(ValidationError, match="cannot be extended"):
        actions.extend_stage(complaint, acting_user=user, new_due_on=D(2026, 9, 1), reason="Panel members away")


@pytest.mark.django_db
def test_a_response_then_escalation_starts_the_next_stage(cast, complaint):
    user = cast.team_leader.user
    assert not complaint.may_escalate(D(2026, 6, 5))  # neither answered nor late
    actions.record_response(complaint, acting_user=user, responded_on=D(2026, 6, 12), outcome="partly_upheld")
    assert (complaint.status, complaint.outcome, complaint.due_on) == ("responded", "partly_upheld", None)
    assert complaint.may_escalate(D(2026, 6, 15))
    with pytest.raises(ValidationError, match="cannot be before"):
        actions.escalate(complaint, acting_user=user, requested_on=D(2026, 6, 11), today=today())
    stage = actions.escalate(complaint, acting_user=user, requested_on=D(2026, 8, 3), today=today())
    assert (stage.number, stage.requested_on, stage.due_on) == (2, D(2026, 8, 3), D(2026, 9, 8))
    assert (complaint.status, complaint.current_stage, complaint.due_on) == ("open", 2, D(2026, 9, 8))


@pytest.mark.django_db
def test_an_overdue_stage_may_be_escalated_without_its_response(cast, complaint):
    assert complaint.is_overdue(D(2026, 6, 16)) and complaint.may_escalate(D(2026, 6, 16))
    stage = actions.escalate(complaint, acting_user=cast.team_leader.user, requested_on=D(2026, 6, 16),
                             today=D(2026, 6, 16))
    assert stage.number == 2 and complaint.stages.get(number=1).responded_on is None


@pytest.mark.django_db
def test_the_stage_three_response_closes_the_complaint_and_nothing_follows(cast, complaint):
    user = cast.team_leader.user
    for number in (1, 2, 3):
        actions.record_response(complaint, acting_user=user, responded_on=D(2026, 7, number), outcome="not_upheld")
        if number < 3:
            actions.escalate(complaint, acting_user=user, requested_on=D(2026, 7, number + 1), today=today())
    assert (complaint.status, complaint.closed_on, complaint.outcome) == ("closed", D(2026, 7, 3), "not_upheld")
    assert not complaint.may_escalate(today())
    with pytest.raises(ValidationError):
        actions.record_response(complaint, acting_user=user, responded_on=D(2026, 7, 4), outcome="upheld")


@pytest.mark.django_db
def test_awaiting_a_response_a_complaint_closes_only_as_withdrawn(cast, complaint):
    user = cast.team_leader.user
    with pytest.raises(ValidationError, match="withdrawn"):
        actions.close_complaint(complaint, acting_user=user, closed_on=D(2026, 6, 5), outcome="upheld",
                                lessons_learnt="")
    actions.close_complaint(complaint, acting_user=user, closed_on=D(2026, 6, 5), outcome="withdrawn",
                            lessons_learnt="Explain the timescales at the first call")
    assert (complaint.status, complaint.outcome, complaint.due_on) == ("closed", "withdrawn", None)
    assert complaint.lessons_learnt == "Explain the timescales at the first call"


@pytest.mark.django_db
def test_changing_the_date_received_moves_stage_one_until_it_is_extended(cast, complaint):
    user = cast.team_leader.user
    actions.update_details(complaint, acting_user=user, received_on=D(2025, 12, 19))
    assert complaint.due_on == complaint.stages.get().due_on == D(2026, 1, 7)
    assert complaint.reference == "C-2026-001"  # a reference never changes
    actions.extend_stage(complaint, acting_user=user, new_due_on=D(2026, 1, 14), reason="Needs a visit")
    with pytest.raises(ValidationError):
        actions.update_details(complaint, acting_user=user, received_on=D(2025, 12, 22))


@pytest.mark.django_db
def test_two_complaints_at_once_never_share_a_number(cast, monkeypatch):
    make_complaint(handler=cast.team_leader, received_on=D(2026, 6, 1))
    # The first try reads a stale "last number", as a second person saving at the same moment would.
    calls = iter([1, 2])
    monkeypatch.setattr(actions, "_next_sequence", lambda year: next(calls))
    second = make_complaint(handler=cast.team_leader, received_on=D(2026, 6, 2))
    assert second.reference == "C-2026-002" and Complaint.objects.count() == 2


def test_the_timescales_say_what_the_procedure_says():
    assert {n: (t.working_days, t.longest) for n, t in timescales.TIMESCALES.items()} == {
        1: (10, 20), 2: (25, 65), 3: (30, 30)
    }
    assert timescales.due_on(1, D(2026, 6, 1)) - D(2026, 6, 1) == timedelta(days=14)
