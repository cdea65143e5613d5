"""The "you said, we did" responses a person owes, for My duties and its reminders
(schedule.deadlines): each open response is due on its `respond_by` date."""

from datetime import date

from django.utils.text import Truncator

from schedule.deadlines import Deadline

from .models import Feedback

KIND = "“You said, we did” response"


def responses_due(staff, *, today: date, until: date) -> list[Deadline]:
    """This person's responses not yet done, due on or before `until` (overdue ones included), in one query."""
    feedback = (
        Feedback.objects.outstanding()
        .filter(respond_by__lte=until, **({} if staff is None else {"owner": staff}))
        .select_related("meeting")
        .order_by("respond_by", "id")
    )
    return [
        Deadline(
            kind=KIND,
            title=f"{item.meeting.title}: {Truncator(str(item)).chars(60)}",
            due_on=item.respond_by,
            url=item.get_absolute_url(),
            owner_id=item.owner_id,
        )
        for item in feedback
    ]
