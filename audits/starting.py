"""What an auditor is told before starting an audit of a case, so that two audits of one case are
not made by accident and a case comes from where its row of the table asks:

- a draft of the same case already started (theirs, to go back to; or someone else's, named
  without a link when they may not see it);
- a finished audit of the case within the last 12 months (as the month's sample leaves out);
- for a case file audit, a case from outside the part of the service its duties ask for
  (audits.sampling: R61's "another part of the service").

They are warnings, not refusals: the auditor may start the audit anyway."""

from dataclasses import dataclass
from datetime import date

from cases.dates import months_before
from cases.models import Case
from core import periods

from .models import FINISHED, Audit, AuditStatus, AuditType
from .sampling import breaks_rule, rule_for


@dataclass(frozen=True)
class Warning:
    text: str
    url: str = ""  # the audit it is about, when the auditor may open it


def _about(audit: Audit) -> str:
    return f"{audit.get_audit_type_display().lower()} by {audit.auditor.name}, dated {audit.audited_on:%-d %B %Y}"


def warnings_for(user, auditor, *, audit_type: str, case_reference: str, audited_on: date) -> list[Warning]:
    if not case_reference:
        return []
    found = []
    same_case = (Audit.objects.filter(case_reference__iexact=case_reference)
                 .select_related("auditor").order_by("-audited_on", "-id"))
    visible = set(Audit.objects.visible_to(user).filter(case_reference__iexact=case_reference)
                  .values_list("id", flat=True))
    for draft in same_case.filter(status=AuditStatus.DRAFT)[:3]:
        if draft.auditor_id == auditor.id:
            found.append(Warning(f"You have a draft {_about(draft)}: carry on with it rather than start another.",
                                 draft.get_absolute_url()))
        else:
            found.append(Warning(f"There is a draft {_about(draft)}.",
                                 draft.get_absolute_url() if draft.id in visible else ""))
    recent = same_case.filter(status__in=FINISHED, audited_on__gt=months_before(audited_on, 12)).first()
    if recent is not None:
        found.append(Warning(f"This case had a {_about(recent)}, within the last 12 months.",
                             recent.get_absolute_url() if recent.id in visible else ""))
    if audit_type == AuditType.CASE_FILE:
        case = Case.objects.visible_to(user).select_related("team__service", "case_holder__team__service").filter(
            reference__iexact=case_reference).first()
        month = periods.period_containing("monthly", audited_on)
        broken = breaks_rule(rule_for(auditor, month), auditor, case) if case is not None else None
        if broken:
            found.append(Warning(broken))
    return found
