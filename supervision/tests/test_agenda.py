"""A session's agenda carries, without retyping, the QA feedback about the supervisee since their
previous held session: audits shared with them, observations of their practice, their open actions;
and what an earlier session carried but did not discuss."""

from datetime import date, timedelta

import pytest

from audits.models import AuditStatus
from audits.tests.factories import AuditFactory
from learning.tests.factories import ActionFactory
from supervision.actions import record_session, update_session
from supervision.agenda import FIRST_LOOKBACK_DAYS, feedback_for
from supervision.models import AgendaItem, Outcome

from .factories import ObservationFactory, SessionFactory, shared_audit

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 20)


def keys(records):
    return [f"{r._meta.model_name}:{getattr(r, 'case_reference', None) or r.pk}" for r in records]


def test_the_agenda_carries_an_audit_an_observation_and_open_actions_since_the_last_session(cast):
    SessionFactory(supervisor=cast.team_leader, supervisee=cast.practitioner, held_on=date(2026, 4, 20))
    before = shared_audit(cast.team_leader, cast.practitioner, date(2026, 4, 10), case_reference="CR-OLD")
    audit = shared_audit(cast.head, cast.practitioner, date(2026, 5, 2), case_reference="CR-NEW")
    AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, status=AuditStatus.SUBMITTED,
                 case_reference="CR-UNSHARED")
    shared_audit(cast.team_leader, cast.nqsw, date(2026, 5, 2), case_reference="CR-NQSW")
    observation = ObservationFactory(observer=cast.team_leader, practitioner=cast.practitioner,
                                     observed_on=date(2026, 5, 6))
    ObservationFactory(observer=cast.team_leader, practitioner=cast.practitioner, observed_on=date(2026, 4, 2))
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)
    ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader, done=True)

    carried = feedback_for(cast.practitioner, DAY)

    assert carried == [audit, observation, action]
    assert before not in carried


def test_a_first_session_looks_back_three_months(cast):
    old = shared_audit(cast.team_leader, cast.practitioner, DAY - timedelta(days=FIRST_LOOKBACK_DAYS + 1))
    recent = shared_audit(cast.team_leader, cast.practitioner, DAY - timedelta(days=FIRST_LOOKBACK_DAYS - 1))
    assert feedback_for(cast.practitioner, DAY) == [recent]
    assert old.pk != recent.pk


def test_feedback_after_the_session_date_is_not_carried(cast):
    shared_audit(cast.team_leader, cast.practitioner, DAY + timedelta(days=1))
    assert feedback_for(cast.practitioner, DAY) == []


def test_recording_a_session_fills_the_agenda_and_marks_what_was_discussed(cast):
    audit = shared_audit(cast.team_leader, cast.practitioner, date(2026, 5, 2))
    observation = ObservationFactory(observer=cast.head, practitioner=cast.practitioner, observed_on=date(2026, 5, 6))
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)

    session, _ = record_session(
        acting_user=cast.team_leader.user, supervisor=cast.team_leader, supervisee=cast.practitioner, held_on=DAY,
        kind="case", marks={f"audit-{audit.pk}": (True, "Agreed the chronology fix"),
                            f"observation-{observation.pk}": (True, "")},
    )

    items = {item.record: item for item in session.agenda.all()}
    assert set(items) == {audit, observation, action}
    assert items[audit].discussed and items[audit].note == "Agreed the chronology fix"
    assert items[observation].discussed
    assert not items[action].discussed
    assert items[audit].history.first().history_user == cast.team_leader.user


def test_what_was_not_discussed_is_carried_to_the_next_session_and_what_was_is_not(cast):
    discussed = shared_audit(cast.team_leader, cast.practitioner, date(2026, 5, 2), case_reference="CR-TALKED")
    left = shared_audit(cast.team_leader, cast.practitioner, date(2026, 5, 3), case_reference="CR-LEFT")
    record_session(acting_user=cast.team_leader.user, supervisor=cast.team_leader, supervisee=cast.practitioner,
                   held_on=DAY, kind="case", marks={f"audit-{discussed.pk}": (True, "")})

    assert feedback_for(cast.practitioner, DAY + timedelta(days=30)) == [left]


def test_a_cancelled_session_does_not_end_the_window(cast):
    audit = shared_audit(cast.team_leader, cast.practitioner, date(2026, 5, 2))
    record_session(acting_user=cast.team_leader.user, supervisor=cast.team_leader, supervisee=cast.practitioner,
                   held_on=DAY, kind="case", outcome=Outcome.CANCELLED, cancelled_reason="Off sick")
    assert feedback_for(cast.practitioner, DAY + timedelta(days=3)) == [audit]


def test_changing_the_date_adds_what_the_new_date_carries_and_drops_unmarked_items_it_does_not(cast):
    early = shared_audit(cast.team_leader, cast.practitioner, date(2026, 5, 2))
    late = shared_audit(cast.team_leader, cast.practitioner, date(2026, 5, 25))
    session, _ = record_session(acting_user=cast.team_leader.user, supervisor=cast.team_leader,
                                supervisee=cast.practitioner, held_on=date(2026, 5, 28), kind="case",
                                marks={f"audit-{late.pk}": (False, "")})
    assert {item.audit for item in session.agenda.all()} == {early, late}

    update_session(session, acting_user=cast.team_leader.user, held_on=date(2026, 5, 10), kind="case",
                   outcome="held", marks={f"audit-{early.pk}": (True, "")})

    assert [item.audit for item in AgendaItem.objects.filter(session=session)] == [early]
