"""A case that closes or transfers is owed an audit (R60: "audit case files on closure or
transfer"): the duties it raises, for the holders of the role whose scope covers the case's team.

Raised once: a person owes one duty per responsibility about a case (a unique constraint), so a
case list uploaded twice, or a case that transfers and later closes, asks no one twice.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from people.models import RoleAssignment, StaffMember, Team
from schedule.models import Duty, Frequency, Responsibility, Status

# The record the table names for these duties: the audit on closure or transfer completes them
# (audits.models.AuditType.CLOSURE_TRANSFER's record kind).
CLOSURE_TRANSFER_RECORD = "audit:closure_transfer"


@dataclass(frozen=True)
class CaseEvent:
    """A case closed or transferred on a day."""

    reference: str
    team_id: int | None
    what: str  # "closed" or "transferred"
    on: date


def closure_responsibilities():
    return Responsibility.objects.filter(active=True, frequency=Frequency.ON_EVENT, record=CLOSURE_TRANSFER_RECORD)


def raise_closure_duties(events: list[CaseEvent], *, today: date, acting_user) -> list[Duty]:
    """A duty for each event, responsibility and current holder of its role whose scope covers the
    case's team, due CLOSURE_AUDIT_DAYS after the event (overdue at once when that has passed).
    Call it inside the transaction that records the events."""
    responsibilities = list(closure_responsibilities()) if events else []
    if not responsibilities:
        return []
    holders = defaultdict(list)
    employed = StaffMember.objects.employed_on(today)
    for assignment in RoleAssignment.objects.current_on(today).filter(
        role_id__in={r.role_id for r in responsibilities}, staff__in=employed
    ):
        holders[assignment.role_id].append(assignment)
    service_of = dict(Team.objects.values_list("id", "service_id"))
    owed = _already_owed(responsibilities, {event.reference for event in events})

    new = []
    for event in events:
        due = event.on + timedelta(days=settings.CLOSURE_AUDIT_DAYS)
        for responsibility in responsibilities:
            for assignment in holders[responsibility.role_id]:
                key = (responsibility.id, assignment.staff_id, event.reference)
                if key in owed or not assignment.covers(event.team_id, service_of.get(event.team_id)):
                    continue
                owed.add(key)  # a person holding the role twice over the team owes it once
                duty = Duty(
                    responsibility=responsibility, owner_id=assignment.staff_id, frequency=Frequency.ON_EVENT,
                    period_start=event.on, period_end=due, due_on=due, case_reference=event.reference,
                    status=Status.OPEN,
                )
                duty._change_reason = f"case {event.what} on {event.on:%d/%m/%Y}"
                new.append(duty)
    return bulk_create_with_history(new, Duty, batch_size=500, default_user=acting_user)


def _already_owed(responsibilities, references: set[str]) -> set[tuple]:
    """(responsibility, owner, case reference) of the duties these cases have raised before,
    in any state: one done, waived or cancelled is not raised again."""
    owed, references = set(), sorted(references)
    for start in range(0, len(references), 500):  # within every database's limit on parameters
        owed.update(
            Duty.objects.filter(responsibility__in=responsibilities, case_reference__in=references[start : start + 500])
            .values_list("responsibility_id", "owner_id", "case_reference")
        )
    return owed
