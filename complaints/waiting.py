"""The complaint responses a handler owes, for "Waiting for you" on My duties and the digest
(schedule.waiting): each complaint awaiting a response at its current stage, due on the date the
complaint keeps for that stage (as in complaints.deadlines), waiting since that stage was asked for."""

from datetime import date

from django.db.models import OuterRef, Subquery

from schedule.waiting import Waiting

from .deadlines import KINDS
from .models import Complaint, Stage


def responses_to_make(staff, *, today: date) -> list[Waiting]:
    """The open stages of the complaints this person handles (everyone's, given None): one query."""
    asked_on = Stage.objects.filter(complaint=OuterRef("pk"), number=OuterRef("current_stage")).values("requested_on")
    complaints = (
        Complaint.objects.awaiting_response()
        .filter(**({} if staff is None else {"handler": staff}))
        .annotate(stage_asked_on=Subquery(asked_on[:1]))
        .only("id", "reference", "case_reference", "current_stage", "due_on", "handler_id", "received_on")
        .order_by("due_on", "id")
    )
    return [
        Waiting(
            kind=KINDS[complaint.current_stage],
            title=f"Complaint {complaint.reference} (case {complaint.case_reference})",
            since=complaint.stage_asked_on or complaint.received_on,
            due_on=complaint.due_on,
            url=complaint.get_absolute_url(),
            owner_id=complaint.handler_id,
        )
        for complaint in complaints
    ]
