"""The "you said, we did" responses a person owns, for "Waiting for you" on My duties and the
digest (schedule.waiting): every response not yet done, whenever it is due (participation.deadlines
lists the same responses as deadlines, for the calendar), waiting since the meeting where it was said."""

from datetime import date

from django.utils.text import Truncator

from schedule.waiting import Waiting

from .deadlines import KIND
from .models import Feedback


def responses_owed(staff, *, today: date) -> list[Waiting]:
    """This person's open responses (everyone's, given None): one query."""
    feedback = (
        Feedback.objects.outstanding()
        .filter(**({} if staff is None else {"owner": staff}))
        .select_related("meeting")
        .order_by("respond_by", "id")
    )
    return [
        Waiting(
            kind=KIND,
            title=f"{item.meeting.title}: {Truncator(str(item)).chars(60)}",
            since=item.meeting.held_on,
            due_on=item.respond_by,
            url=item.get_absolute_url(),
            owner_id=item.owner_id,
        )
        for item in feedback
    ]
