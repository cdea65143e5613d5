"""Changes to an audit that other records depend on: each in one transaction, with its history
and the duties it completes."""

import random

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from schedule.records import complete_duties

from .models import (
    CASE_AUDITS,
    CASE_HOLDER_RECORD,
    FINISHED,
    SCRUTINY_RECORD,
    SHAREABLE,
    AgencyContribution,
    Audit,
    AuditStatus,
    AuditType,
    Scrutiny,
)
from .tasks import audit_shared, safeguarding_concern


def chosen_for_moderation(audit: Audit, *, draw=random.random) -> bool:
    """Every audit the auditor asks to have moderated, and a share of the rest drawn at random."""
    return audit.moderation_requested or draw() < settings.MODERATION_SHARE


@transaction.atomic
def submit_audit(audit: Audit, *, acting_user, draw=random.random) -> list:
    """Submit a draft: it can no longer be edited, it goes to a moderator if chosen, and it
    completes the auditor's duty for the period and type, and the coverage duty about the
    case-holder. Returns the duties completed."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.DRAFT:
        raise ValidationError("This audit has already been submitted.")
    moderated = chosen_for_moderation(audit, draw=draw)
    audit.status = AuditStatus.MODERATION if moderated else AuditStatus.SUBMITTED
    audit.submitted_at = timezone.now()
    audit._history_user = acting_user
    audit._change_reason = "submitted for moderation" if moderated else "submitted"
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
    if audit.status not in SHAREABLE:
        raise ValidationError(
            "This audit is awaiting moderation: it can be shared once moderated."
            if audit.status == AuditStatus.MODERATION else "Only a submitted audit can be shared."
        )
    audit.status, audit.shared_at = AuditStatus.SHARED, timezone.now()
    audit._history_user, audit._change_reason = acting_user, "shared with the case-holder"
    audit.save()
    transaction.on_commit(lambda: audit_shared.delay(audit.pk))


@transaction.atomic
def acknowledge_audit(audit: Audit, *, acting_user, response: str) -> None:
    """The case-holder has read the audit and says what they make of it."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.SHARED:
        raise ValidationError("Only an audit shared with you can be acknowledged.")
    audit.status, audit.acknowledged_at, audit.response = AuditStatus.ACKNOWLEDGED, timezone.now(), response
    audit._history_user, audit._change_reason = acting_user, "acknowledged"
    audit.save()


@transaction.atomic
def moderate_audit(audit: Audit, *, acting_user, overall_grade: str, comment: str, grades: dict) -> None:
    """Record a moderator's grades beside the auditor's: `grades` maps an answer's id to the
    moderator's grade and the reason for any change. The auditor's grades are never changed."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.MODERATION:
        raise ValidationError("This audit is not awaiting moderation.")
    answers = {answer.id: answer for answer in audit.answers.all()}
    for answer_id, (grade, reason) in grades.items():
        answer = answers[answer_id]
        answer.moderated_grade, answer.moderation_reason = grade, reason if grade != answer.grade else ""
        answer._history_user, answer._change_reason = acting_user, "moderated"
        answer.save()
    audit.status, audit.moderator, audit.moderated_at = AuditStatus.MODERATED, acting_user.staff_member, timezone.now()
    audit.moderated_grade, audit.moderation_comment = overall_grade, comment
    audit._history_user = acting_user
    agreed = overall_grade == audit.overall_grade
    audit._change_reason = "moderated: grade agreed" if agreed else "moderated: grade changed"
    audit.save()


@transaction.atomic
def scrutinise_audit(audit: Audit, *, acting_user, comment: str, on) -> tuple[Scrutiny, list]:
    """The director's comment on an audit; it completes their scrutiny duty for the quarter."""
    if audit.status not in FINISHED:
        raise ValidationError("Only a submitted audit can be scrutinised.")
    me = acting_user.staff_member
    scrutiny = Scrutiny(audit=audit, scrutineer=me, comment=comment, scrutinised_on=on)
    scrutiny._history_user = acting_user
    scrutiny.save()
    done = complete_duties(SCRUTINY_RECORD, on=on, record=scrutiny, acting_user=acting_user, owner=me)
    return scrutiny, done


@transaction.atomic
def invite_agency(audit: Audit, *, acting_user, agency, contributor) -> AgencyContribution:
    """Ask a partner agency, through one of its people, for its part in a multi-agency audit."""
    if audit.audit_type != AuditType.MULTI_AGENCY:
        raise ValidationError("Only a multi-agency audit has partner agencies.")
    if audit.contributions.filter(agency=agency).exists():
        raise ValidationError(f"{agency} is already taking part in this audit.")
    contribution = AgencyContribution(audit=audit, agency=agency, contributor=contributor)
    contribution._history_user, contribution._change_reason = acting_user, "agency invited"
    contribution.save()
    return contribution


@transaction.atomic
def submit_contribution(contribution: AgencyContribution, *, acting_user) -> None:
    contribution = AgencyContribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.submitted_at is not None:
        raise ValidationError("This agency's part has already been submitted.")
    contribution.submitted_at = timezone.now()
    contribution._history_user, contribution._change_reason = acting_user, "submitted"
    contribution.save()

