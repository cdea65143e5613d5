"""The complaint response dates that reach My duties of each complaint's handler."""

from datetime import date

from schedule.deadlines import Deadline

from .models import Complaint

KINDS = {
    1: "Complaint stage 1 response",
    2: "Complaint stage 2 response",
    3: "Complaint stage 3 review panel",
}


def complaint_deadlines(staff, *, today: date, until: date) -> list[Deadline]:
    """The open stages this person handles, due by `until` (overdue ones included): one query,
    on the due date the complaint keeps for its current stage."""
    complaints = (
        Complaint.objects.awaiting_response()
        .filter(due_on__lte=until, **({} if staff is None else {"handler": staff}))
        .only("id", "reference", "case_reference", "current_stage", "due_on", "handler_id")
        .order_by("due_on", "id")
    )
    return [
        Deadline(
            kind=KINDS[complaint.current_stage],
            title=f"Complaint {complaint.reference} (case {complaint.case_reference})",
            due_on=complaint.due_on,
            url=complaint.get_absolute_url(),
            owner_id=complaint.handler_id,
        )
        for complaint in complaints
    ]
