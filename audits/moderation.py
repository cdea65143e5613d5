"""How the audit programme counts (R50): the grade an audit counts as once moderated, how often
moderators agree with auditors, and which duties an audit does. The month at a glance and the
reports both count with these, so the two pages cannot disagree about the same audits."""

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, NullIf

from .models import AuditStatus, AuditType, Grade

# The duties an audit completes: an auditor's monthly case file audits and the like.
AUDIT_RECORDS = [audit_type.record_kind for audit_type in AuditType]

# The grades a share is out of: "not applicable" says nothing about the quality of practice.
GRADED = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)

# The grade that counts: the moderator's where moderation gave one (the auditor's is kept beside
# it, never changed), else the auditor's. Annotate it as `final_grade` and group and filter by it.
FINAL_GRADE = Coalesce(NullIf("moderated_grade", Value("")), "overall_grade")
# The same for one answer of an audit.
FINAL_ANSWER_GRADE = Coalesce(NullIf("moderated_grade", Value("")), "grade")

# Moderated: a moderator has given an overall grade (a moderated audit may since have been shared).
MODERATED = Q(status__in=[AuditStatus.MODERATED, AuditStatus.SHARED, AuditStatus.ACKNOWLEDGED]) & ~Q(moderated_grade="")
AGREED = MODERATED & Q(moderated_grade=F("overall_grade"))
CHANGED = MODERATED & ~Q(moderated_grade=F("overall_grade"))


def grade_counts(extra: Q | None = None, field: str = "final_grade", prefix: str = "") -> dict:
    """Aggregates counting each grade of `field` (an annotation such as `final_grade`), named
    f"{prefix}{grade}", among the rows that also meet `extra`, for one aggregate() or
    values().annotate() over many audits or answers."""
    return {f"{prefix}{value}": Count("id", filter=Q(**{field: value}) & (extra or Q())) for value in Grade.values}


def agreement_counts() -> dict:
    """Aggregates of how many audits were moderated and how many kept the auditor's overall grade."""
    return {"moderated": Count("id", filter=MODERATED), "agreed": Count("id", filter=AGREED)}


def agreement(audits) -> dict:
    """Of these audits, how many were moderated and in how many the moderator gave the auditor's
    overall grade: one query."""
    counts = audits.aggregate(**agreement_counts())
    moderated, agreed = counts["moderated"], counts["agreed"]
    return {"moderated": moderated, "agreed": agreed, "rate": round(100 * agreed / moderated) if moderated else None}
