"""Starting an audit and the changes to it that other records depend on, and the themes and
partner agencies' parts of themed and multi-agency audits: each in one transaction, with its
history and the duties it completes.

Each takes `at`, the moment the change was made (default: now), so that a record written later
(the demo's audits) carries the moment it tells of: the timestamps it sets (submitted, shared,
moderated...), the `created_at` of what it makes, and its history. The duties it completes are
marked done now (schedule.records takes no moment)."""

import random
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import made_at, stamp
from learning.models import ActionPlan
from schedule.records import complete_duties

from . import tools
from .models import (
    CASE_AUDITS,
    CASE_HOLDER_RECORD,
    FINISHED,
    SCRUTINY_RECORD,
    SHAREABLE,
    AgencyContribution,
    Audit,
    AuditStatus,
    AuditTheme,
    AuditTool,
    AuditType,
    Scrutiny,
)
from .tasks import audit_shared, safeguarding_concern


def _now(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


def chosen_for_moderation(audit: Audit, *, draw=random.random) -> bool:
    """Every audit the auditor asks to have moderated, and a share of the rest drawn at random."""
    return audit.moderation_requested or draw() < settings.MODERATION_SHARE


@transaction.atomic
def start_audit(
    *, acting_user, audit_type: str, auditor=None, theme=None, tool=None, at: datetime | None = None, **details
) -> Audit:
    """Start a draft audit by `auditor` (the acting user's own staff record unless given) of what
    `details` say (case_reference, case_holder, team, audited_on...), answered with the theme's
    own questions when it has them, or else with `tool` (a current version of one of its type's
    tools, as the auditor chose) or the current version of its type's own tool."""
    if tool is not None and (tool.audit_type != audit_type or tool.theme_id is not None):
        raise ValidationError("That tool is not one for this type of audit.")
    if theme is not None:
        tool = AuditTool.objects.current(audit_type, theme=theme) or tool
    audit = Audit(
        audit_type=audit_type, tool=tool or AuditTool.objects.current(audit_type), theme=theme,
        auditor=auditor or acting_user.staff_member, **details,
    )
    stamp(audit, acting_user, "started", at)
    audit.save()
    made_at(audit, at)
    return audit


@transaction.atomic
def delete_draft(audit: Audit, *, acting_user) -> None:
    """The auditor deletes their draft; its history, and its answers', keep what it held and who
    deleted it. A draft with actions raised from it is kept: the actions name it."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.DRAFT:
        raise ValidationError("Only a draft can be deleted: this audit has been submitted.")
    if not audit.may_edit(acting_user):
        raise PermissionDenied("Only the auditor can delete their draft.")
    if ActionPlan.objects.of_record(audit).exists():
        raise ValidationError("Actions have been raised from this draft, so it cannot be deleted.")
    for answer in audit.answers.all():
        stamp(answer, acting_user, "the draft was deleted")
        answer.delete()
    stamp(audit, acting_user, "draft deleted")
    audit.delete()


@transaction.atomic
def change_details(audit: Audit, *, acting_user, at: datetime | None = None, **details) -> Audit:
    """Correct what was audited, whose work it is and when, while the audit is a draft."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.DRAFT:
        raise ValidationError("This audit has been submitted, so it can no longer be changed.")
    for name, value in details.items():
        setattr(audit, name, value)
    stamp(audit, acting_user, "details corrected", at)
    audit.save()
    return audit


@transaction.atomic
def submit_audit(audit: Audit, *, acting_user, draw=random.random, at: datetime | None = None) -> list:
    """Submit a draft: it can no longer be edited, it goes to a moderator if chosen, and it
    completes the auditor's duty for the period and type, and the coverage duty about the
    case-holder. Returns the duties completed."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.DRAFT:
        raise ValidationError("This audit has already been submitted.")
    moderated = chosen_for_moderation(audit, draw=draw)
    audit.status = AuditStatus.MODERATION if moderated else AuditStatus.SUBMITTED
    audit.submitted_at = _now(at)
    stamp(audit, acting_user, "submitted for moderation" if moderated else "submitted", at)
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
def share_audit(audit: Audit, *, acting_user, at: datetime | None = None) -> None:
    """Share a submitted audit with the case-holder, who may then read and acknowledge it."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status not in SHAREABLE:
        raise ValidationError(
            "This audit is awaiting moderation: it can be shared once moderated."
            if audit.status == AuditStatus.MODERATION else "Only a submitted audit can be shared."
        )
    audit.status, audit.shared_at = AuditStatus.SHARED, _now(at)
    stamp(audit, acting_user, "shared with the case-holder", at)
    audit.save()
    transaction.on_commit(lambda: audit_shared.delay(audit.pk))


@transaction.atomic
def acknowledge_audit(audit: Audit, *, acting_user, response: str, at: datetime | None = None) -> None:
    """The case-holder has read the audit and says what they make of it."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.SHARED:
        raise ValidationError("Only an audit shared with you can be acknowledged.")
    audit.status, audit.acknowledged_at, audit.response = AuditStatus.ACKNOWLEDGED, _now(at), response
    stamp(audit, acting_user, "acknowledged", at)
    audit.save()


@transaction.atomic
def moderate_audit(
    audit: Audit, *, acting_user, overall_grade: str, comment: str, grades: dict, at: datetime | None = None
) -> None:
    """Record a moderator's grades beside the auditor's: `grades` maps an answer's id to the
    moderator's grade and the reason for any change. The auditor's grades are never changed."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != AuditStatus.MODERATION:
        raise ValidationError("This audit is not awaiting moderation.")
    answers = {answer.id: answer for answer in audit.answers.all()}
    for answer_id, (grade, reason) in grades.items():
        answer = answers[answer_id]
        answer.moderated_grade, answer.moderation_reason = grade, reason if grade != answer.grade else ""
        stamp(answer, acting_user, "moderated", at)
        answer.save()
    audit.status, audit.moderator, audit.moderated_at = AuditStatus.MODERATED, acting_user.staff_member, _now(at)
    audit.moderated_grade, audit.moderation_comment = overall_grade, comment
    agreed = overall_grade == audit.overall_grade
    stamp(audit, acting_user, "moderated: grade agreed" if agreed else "moderated: grade changed", at)
    audit.save()


@transaction.atomic
def scrutinise_audit(
    audit: Audit, *, acting_user, comment: str, on, at: datetime | None = None
) -> tuple[Scrutiny, list]:
    """The director's comment on an audit; it completes their scrutiny duty for the quarter."""
    if audit.status not in FINISHED:
        raise ValidationError("Only a submitted audit can be scrutinised.")
    me = acting_user.staff_member
    scrutiny = Scrutiny(audit=audit, scrutineer=me, comment=comment, scrutinised_on=on)
    scrutiny._history_user = acting_user
    if at is not None:
        scrutiny._history_date = at
    scrutiny.save()
    made_at(scrutiny, at)
    done = complete_duties(SCRUTINY_RECORD, on=on, record=scrutiny, acting_user=acting_user, owner=me)
    return scrutiny, done


@transaction.atomic
def invite_agency(
    audit: Audit, *, acting_user, agency, contributor, at: datetime | None = None
) -> AgencyContribution:
    """Ask a partner agency, through one of its people, for its part in a multi-agency audit."""
    if audit.audit_type != AuditType.MULTI_AGENCY:
        raise ValidationError("Only a multi-agency audit has partner agencies.")
    if audit.contributions.filter(agency=agency).exists():
        raise ValidationError(f"{agency} is already taking part in this audit.")
    contribution = AgencyContribution(audit=audit, agency=agency, contributor=contributor)
    stamp(contribution, acting_user, "agency invited", at)
    contribution.save()
    made_at(contribution, at)
    return contribution


@transaction.atomic
def save_contribution(
    contribution: AgencyContribution, *, acting_user, submit: bool = False, at: datetime | None = None, **answers
) -> AgencyContribution:
    """Save an agency's part of a multi-agency audit as a draft (`answers`: its grade and what it
    found), and submit it as well when `submit`."""
    current = AgencyContribution.objects.select_for_update().get(pk=contribution.pk)
    if current.submitted_at is not None:
        raise ValidationError("This agency's part has already been submitted.")
    for name, value in answers.items():
        setattr(current, name, value)
    stamp(current, acting_user, "draft saved", at)
    current.save()
    if submit:
        submit_contribution(current, acting_user=acting_user, at=at)
        current.refresh_from_db()
    return current


@transaction.atomic
def submit_contribution(contribution: AgencyContribution, *, acting_user, at: datetime | None = None) -> None:
    contribution = AgencyContribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.submitted_at is not None:
        raise ValidationError("This agency's part has already been submitted.")
    contribution.submitted_at = _now(at)
    stamp(contribution, acting_user, "submitted", at)
    contribution.save()


@transaction.atomic
def save_theme(
    theme: AuditTheme, *, acting_user, questions: str | None = None, at: datetime | None = None
) -> AuditTool | None:
    """Set a theme, or change one (`theme` as the theme form left it). New `questions`, as text in
    the tools' format, make the next version of the theme's own tool; the audits already made keep
    theirs. Returns that version, or None when there were no new questions."""
    made = theme.pk is None
    theme._history_user = acting_user
    if at is not None:
        theme._history_date = at
    theme.save()
    if made:
        made_at(theme, at)
    if questions is None:
        return None
    tool = tools.save_version(theme.audit_type, questions, acting_user=acting_user, theme=theme)
    made_at(tool, at)
    return tool
