"""Submitting, sharing and acknowledging an audit: duties completed, history kept, the
safeguarding alert sent to the case-holder's head of service."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audits.actions import acknowledge_audit, share_audit, submit_audit
from audits.models import Audit, AuditStatus, AuditTool
from people.access import head_of_service_for
from qaportal.celery import app
from schedule.models import AppliesTo, Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db

MAY = date(2026, 5, 12)


def draft(cast, **fields) -> Audit:
    return Audit.objects.create(**{
        "audit_type": "case_file", "tool": AuditTool.objects.current("case_file"), "case_reference": "CR-10042",
        "case_holder": cast.practitioner, "team": cast.team_a, "auditor": cast.team_leader, "audited_on": MAY,
        **fields,
    })


@pytest.fixture
def duties(cast, today):
    ResponsibilityFactory(role=cast.team_leader_role, task="Audit 1 case file", record="audit:case_file")
    ResponsibilityFactory(role=cast.head_role, task="Every case-holder audited", frequency="financial_year",
                          applies_to=AppliesTo.CASE_HOLDERS, record="audit:case_holder")
    plan_duties(today)
    return cast


def test_submitting_completes_the_auditors_duty_and_the_case_holders_coverage(duties):
    audit = draft(duties)
    done = submit_audit(audit, acting_user=duties.team_leader.user)
    assert {(d.owner, d.responsibility.task) for d in done} == {
        (duties.team_leader, "Audit 1 case file"), (duties.head, "Every case-holder audited")}
    for duty in Duty.objects.filter(pk__in=[d.pk for d in done]):
        assert (duty.status, duty.record, duty.completed_on) == (Status.DONE, audit, MAY)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED and audit.submitted_at
    assert audit.history.first().history_change_reason == "submitted"


def test_an_audit_is_submitted_once(duties):
    audit = draft(duties)
    submit_audit(audit, acting_user=duties.team_leader.user)
    with pytest.raises(ValidationError):
        submit_audit(audit, acting_user=duties.team_leader.user)


def test_share_then_acknowledge(duties):
    audit = draft(duties)
    with pytest.raises(ValidationError):
        share_audit(audit, acting_user=duties.team_leader.user)
    submit_audit(audit, acting_user=duties.team_leader.user)
    with pytest.raises(ValidationError):
        acknowledge_audit(audit, acting_user=duties.practitioner.user, response="Too early")
    share_audit(audit, acting_user=duties.team_leader.user)
    acknowledge_audit(audit, acting_user=duties.practitioner.user, response="Agreed; chronology updated")
    audit.refresh_from_db()
    assert audit.status == AuditStatus.ACKNOWLEDGED and audit.response == "Agreed; chronology updated"
    assert [h.history_change_reason for h in audit.history.order_by("history_id")][-2:] == [
        "shared with the case-holder", "acknowledged"]
    assert audit.history.first().history_user == duties.practitioner.user


def test_the_head_of_service_is_the_first_manager_up_the_line_over_the_service(cast):
    assert head_of_service_for(cast.practitioner) == cast.head
    assert head_of_service_for(cast.outsider) is None


@pytest.fixture
def eager_tasks():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_a_supervision_file_audit_does_not_count_as_auditing_a_case(duties):
    audit = draft(duties, audit_type="supervision_file", tool=AuditTool.objects.current("supervision_file"))
    assert submit_audit(audit, acting_user=duties.team_leader.user) == []


def test_a_safeguarding_concern_emails_the_head_of_service_at_once(
    duties, mailoutbox, django_capture_on_commit_callbacks, eager_tasks
):
    duties.head.email = "head@example.gov.uk"
    duties.head.save()
    audit = draft(duties, safeguarding_concern=True)
    with django_capture_on_commit_callbacks(execute=True):
        submit_audit(audit, acting_user=duties.team_leader.user)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["head@example.gov.uk"]
    assert mail.subject == "Immediate safeguarding concern: case CR-10042"
    assert f"/audits/{audit.pk}/" in mail.body and "Practitioner" in mail.body
    assert "CR-10042" in mail.alternatives[0][0]
