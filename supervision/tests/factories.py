"""factory-boy factories for supervision, and the supervision duties of the cast's team leader."""

from datetime import date, datetime, time

import factory

from audits.models import AuditStatus
from audits.tests.factories import AuditFactory
from core.periods import LONDON
from observations.models import Observation, Setting
from people.tests.factories import StaffMemberFactory
from schedule.tests.factories import ResponsibilityFactory
from supervision.models import PDR, Kind, Outcome, SupervisionSession


class SessionFactory(factory.django.DjangoModelFactory):
    """A held case supervision (made directly: no agenda, no duties completed)."""

    class Meta:
        model = SupervisionSession

    supervisor = factory.SubFactory(StaffMemberFactory)
    supervisee = factory.SubFactory(StaffMemberFactory)
    held_on = date(2026, 4, 1)
    kind = Kind.CASE
    outcome = Outcome.HELD


class PDRFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PDR

    appraiser = factory.SubFactory(StaffMemberFactory)
    appraisee = factory.SubFactory(StaffMemberFactory)
    held_on = date(2026, 4, 1)
    summary = "A good year"


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    observer = factory.SubFactory(StaffMemberFactory)
    practitioner = factory.SubFactory(StaffMemberFactory)
    observed_on = date(2026, 4, 1)
    setting = Setting.HOME_VISIT
    went_well = "Warm, clear explanation of the plan to the family"
    to_develop = "Ask the child's views before the parents'"


def shared_audit(auditor, case_holder, shared_on: date, **fields):
    """An audit of the case-holder's work, shared with them on that day."""
    fields.setdefault("overall_grade", "good")
    fields.setdefault("strengths", "A clear, current chronology")
    return AuditFactory(
        auditor=auditor, case_holder=case_holder, status=AuditStatus.SHARED, audited_on=shared_on,
        shared_at=datetime.combine(shared_on, time(10, 0), tzinfo=LONDON), **fields,
    )


def supervision_duties(cast):
    """R67 (monthly with each report) and R68 (fortnightly with each NQSW) for the cast's team leader."""
    monthly = ResponsibilityFactory(
        ref="R67", role=cast.team_leader_role, task="Undertake monthly supervision", frequency="monthly",
        applies_to="reports", strand="supervision", record="supervision:session",
    )
    fortnightly = ResponsibilityFactory(
        ref="R68", role=cast.team_leader_role, task="Fortnightly supervision of each NQSW",
        frequency="fortnightly", applies_to="nqsw_reports", strand="supervision", record="supervision:session",
    )
    return monthly, fortnightly
