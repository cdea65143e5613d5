"""What audits wait on a person for (schedule.waiting): an audit shared with them, its
case-holder, to acknowledge; the audits awaiting moderation, for those who moderate (never their
own); a multi-agency audit their agency was invited to, until its part is submitted. Each is one
query, for one person or for everyone; who moderates is asked of people.access.
"""

from datetime import date, datetime

from django.conf import settings
from django.urls import reverse

from core.periods import local_date
from people import line
from people.access import moderates, reporting_lines
from people.models import RoleAssignment
from schedule.waiting import Waiting

from .models import AgencyContribution, Audit, AuditStatus

ACKNOWLEDGE = "Audit to acknowledge"
MODERATE = "Audit to moderate"
CONTRIBUTE = "Multi-agency audit to contribute to"


def _day(moment: datetime | None, otherwise: date) -> date:
    return local_date(moment) if moment else otherwise


def _which(audit: Audit) -> str:
    """The audit as its case-holder or moderator knows it: its type, the case by reference, the auditor."""
    return f"{audit.get_audit_type_display()} of {audit.case_reference} by {audit.auditor.name}"


def audits_to_acknowledge(staff, *, today: date) -> list[Waiting]:
    """The audits shared with this case-holder that they have not acknowledged yet: one query."""
    audits = (
        Audit.objects.filter(status=AuditStatus.SHARED, **({} if staff is None else {"case_holder": staff}))
        .select_related("auditor")
        .order_by("shared_at", "id")
    )
    return [
        Waiting(kind=ACKNOWLEDGE, title=_which(audit), since=_day(audit.shared_at, audit.audited_on),
                url=audit.get_absolute_url(), owner_id=audit.case_holder_id)
        for audit in audits
    ]


def _moderator_ids(today: date) -> set[int]:
    """Everyone who moderates (people.access.moderates): the holders of the moderating role and
    everyone under them in the line. Two queries."""
    holders = set(
        RoleAssignment.objects.current_on(today)
        .filter(role__name=settings.MODERATOR_ROLE)
        .values_list("staff_id", flat=True)
    )
    if not holders:
        return set()
    lines = reporting_lines()
    return holders.union(*(line.below(holder, lines) for holder in holders))


def audits_to_moderate(staff, *, today: date) -> list[Waiting]:
    """The moderation queue, for each person who moderates: the audits awaiting moderation that
    they did not make. One query, once it is known who moderates."""
    if staff is None:
        moderators = _moderator_ids(today)
    else:
        moderators = {staff.id} if staff.user_id is not None and moderates(staff.user) else set()
    if not moderators:
        return []
    queue = list(Audit.objects.filter(status=AuditStatus.MODERATION).select_related("auditor")
                 .order_by("submitted_at", "id"))
    items = [(audit, _which(audit), _day(audit.submitted_at, audit.audited_on),
              reverse("audits:moderate", args=[audit.pk])) for audit in queue]
    return [
        Waiting(kind=MODERATE, title=title, since=since, url=url, owner_id=moderator)
        for moderator in sorted(moderators)
        for audit, title, since, url in items
        if audit.auditor_id != moderator
    ]


def contributions_to_make(staff, *, today: date) -> list[Waiting]:
    """The multi-agency audits this person was invited to contribute to, their part not yet
    submitted: one query."""
    contributions = (
        AgencyContribution.objects.filter(submitted_at__isnull=True,
                                          **({} if staff is None else {"contributor": staff}))
        .select_related("audit", "agency")
        .order_by("created_at", "id")
    )
    return [
        Waiting(kind=CONTRIBUTE,
                title=f"{contribution.audit.get_audit_type_display()} of {contribution.audit.case_reference} "
                      f"({contribution.agency.name})",
                since=_day(contribution.created_at, today), url=contribution.get_absolute_url(),
                owner_id=contribution.contributor_id)
        for contribution in contributions
    ]
