"""Changes to an audit that other records depend on: each in one transaction, with its history
and the duties it completes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from schedule.records import complete_duties

from .models import CASE_AUDITS, CASE_HOLDER_RECORD, Audit, AuditStatus, AuditType
from .tasks import safeguarding_concern


@transaction.atomic
def submit_audit(audit: Audit, *, acting_user) -> list:
    """Submit a draft: it can no longer be edited, and it completes the auditor's duty for the
    period and type, and the coverage duty about the case-holder. Returns the duties completed."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.DRAFT:
        raise ValidationError("This audit has already been submitted.")
    audit.status = AuditStatus.SUBMITTED
    audit.submitted_at = timezone.now()
    audit._history_user = acting_user
    audit._change_reason = "submitted"
    audit.save()
    done = complete_duties(
        AuditType(audit.audit_type).record_kind, on=audit.audited_on, record=audit, acting_user=acting_user,
        owner=audit.auditor, case_reference=audit.case_reference,
    )
    if audit.safeguarding_concern:
        transaction.on_commit(lambda: safeguarding_concern.delay(audit.pk))
    if audit.case_holder_id and audit.audit_type in CASE_AUDITS:
        done += complete_duties(
            CASE_HOLDER_RECORD, on=audit.audited_on, record=audit, acting_user=acting_user,
            subject=audit.case_holder,
        )
    return done


@transaction.atomic
def share_audit(audit: Audit, *, acting_user) -> None:
    """Share a submitted audit with the case-holder, who may then read and acknowledge it."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.SUBMITTED:
        raise ValidationError("Only a submitted audit can be shared.")
    audit.status, audit.shared_at = AuditStatus.SHARED, timezone.now()
    audit._history_user, audit._change_reason = acting_user, "shared with the case-holder"
    audit.save()


@transaction.atomic
def acknowledge_audit(audit: Audit, *, acting_user, response: str) -> None:
    """The case-holder has read the audit and says what they make of it."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.SHARED:
        raise ValidationError("Only an audit shared with you can be acknowledged.")
    audit.status, audit.acknowledged_at, audit.response = AuditStatus.ACKNOWLEDGED, timezone.now(), response
    audit._history_user, audit._change_reason = acting_user, "acknowledged"
    audit.save()
