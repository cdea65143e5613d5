"""How often moderators agree with auditors: the figure the audit programme reports (R50)."""

from django.db.models import Count, F, Q

from .models import AuditStatus


def agreement(audits) -> dict:
    """Of these audits, how many were moderated and in how many the moderator gave the auditor's
    overall grade: one query."""
    counts = (
        audits.filter(status__in=[AuditStatus.MODERATED, AuditStatus.SHARED, AuditStatus.ACKNOWLEDGED])
        .exclude(moderated_grade="")
        .aggregate(moderated=Count("id"), agreed=Count("id", filter=Q(moderated_grade=F("overall_grade"))))
    )
    moderated, agreed = counts["moderated"], counts["agreed"]
    return {"moderated": moderated, "agreed": agreed, "rate": round(100 * agreed / moderated) if moderated else None}
