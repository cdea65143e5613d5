"""ASYE compliance: each newly-qualified worker's fortnightly supervision duties (R68) in the last
fortnights, done on time, done late, missed or waived, and this fortnight's; and a PDR's evidence."""

from datetime import date, datetime, timedelta

import pytest

from audits.tests.factories import AuditFactory
from core.periods import LONDON
from learning.models import Action
from learning.tests.factories import ActionFactory
from schedule.models import Status
from schedule.tests.factories import DutyFactory
from supervision.compliance import FORTNIGHTS_SHOWN, asye_compliance, evidence_for, fortnights_back

from .factories import ObservationFactory, SessionFactory, supervision_duties

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 15)  # in the fortnight of 13 April 2026


def fortnight_duty(responsibility, cast, weeks_back: int, **fields):
    day = TODAY - timedelta(weeks=weeks_back)
    return DutyFactory(responsibility=responsibility, owner=cast.team_leader, subject_staff=cast.nqsw, day=day,
                       **fields)


def test_asye_fortnightly_compliance_counts_on_time_late_missed_and_this_fortnight(cast):
    monthly, fortnightly = supervision_duties(cast)
    fortnight_duty(fortnightly, cast, 2, status=Status.DONE, completed_on=date(2026, 4, 8))  # on time
    late = fortnight_duty(fortnightly, cast, 4, status=Status.DONE)
    late.completed_on, late.completed_late = late.due_on + timedelta(days=5), True
    late.save()
    fortnight_duty(fortnightly, cast, 6)
    fortnight_duty(fortnightly, cast, 8, status=Status.WAIVED, waived_on=date(2026, 2, 20))
    fortnight_duty(fortnightly, cast, 20)  # before the fortnights shown
    fortnight_duty(fortnightly, cast, 10, status=Status.CANCELLED)
    current = fortnight_duty(fortnightly, cast, 0)
    DutyFactory(responsibility=monthly, owner=cast.team_leader, subject_staff=cast.nqsw, day=TODAY,
                due_on=TODAY - timedelta(days=1))  # overdue, but monthly, not fortnightly

    rows = asye_compliance(cast.team_leader.user, TODAY)

    assert [row.worker for row in rows] == [cast.nqsw]
    tally = rows[0].tally
    assert (tally.on_time, tally.late, tally.missed, tally.waived) == (1, 1, 1, 1)
    assert tally.fell_due == 3
    assert tally.current == current and tally.current_outcome == "open"


def test_only_the_newly_qualified_workers_the_user_may_see(cast):
    assert [row.worker for row in asye_compliance(cast.head.user, TODAY)] == [cast.nqsw]
    assert [row.worker for row in asye_compliance(cast.nqsw.user, TODAY)] == [cast.nqsw]
    assert asye_compliance(cast.practitioner.user, TODAY) == []
    assert asye_compliance(cast.outsider.user, TODAY) == []


def test_the_fortnights_shown_end_with_this_one():
    span = fortnights_back(TODAY)
    assert span.end == date(2026, 4, 26) and span.days == 14 * FORTNIGHTS_SHOWN


def test_a_pdrs_evidence_is_the_year_before_it(cast):
    held_on = date(2026, 4, 10)
    inside = AuditFactory(auditor=cast.head, case_holder=cast.practitioner, status="submitted",
                          audited_on=date(2025, 6, 1))
    AuditFactory(auditor=cast.head, case_holder=cast.practitioner, status="submitted", audited_on=date(2025, 4, 9))
    AuditFactory(auditor=cast.head, case_holder=cast.practitioner, audited_on=date(2025, 6, 1))  # a draft
    observation = ObservationFactory(observer=cast.team_leader, practitioner=cast.practitioner,
                                     observed_on=date(2025, 9, 1))
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)
    Action.objects.filter(pk=action.pk).update(created_at=datetime(2025, 10, 1, 9, tzinfo=LONDON))
    ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)  # raised after the PDR
    session = SessionFactory(supervisor=cast.team_leader, supervisee=cast.practitioner, held_on=date(2026, 3, 3))
    monthly, _ = supervision_duties(cast)
    DutyFactory(responsibility=monthly, owner=cast.team_leader, subject_staff=cast.practitioner,
                day=date(2026, 2, 10))
    DutyFactory(responsibility=monthly, owner=cast.team_leader, subject_staff=cast.practitioner,
                day=date(2026, 3, 10), status=Status.DONE, completed_on=date(2026, 3, 3))

    evidence = evidence_for(cast.practitioner, held_on, cast.team_leader.user, today=TODAY)

    assert (evidence.start, evidence.end) == (date(2025, 4, 11), held_on)
    assert evidence.audits == [inside]
    assert evidence.observations == [observation]
    assert evidence.actions == [action]
    assert evidence.sessions == [session]
    assert (evidence.supervision.on_time, evidence.supervision.missed) == (1, 1)
