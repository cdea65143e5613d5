"""The columns of the meetings list when it is downloaded (core.exports): how many from the
service attended and how many children, parents and carers took part, as numbers; never who they
were. The meeting's notes stay on its page."""

from core.exports import Column

# attendee_count and open_count are annotated on each row by the list, as the page shows them.
MEETING_COLUMNS = [
    Column("Meeting", lambda meeting: meeting.title),
    Column("Kind", lambda meeting: meeting.get_kind_display()),
    Column("Held", lambda meeting: meeting.held_on),
    Column("Team", lambda meeting: meeting.team),
    Column("Recorded by", lambda meeting: meeting.recorded_by),
    Column("Staff", lambda meeting: meeting.attendee_count),
    Column("Children and young people", lambda meeting: meeting.children_count),
    Column("Parents", lambda meeting: meeting.parents_count),
    Column("Carers", lambda meeting: meeting.carers_count),
    Column("Foster carers", lambda meeting: meeting.foster_carers_count),
    Column("Took part", lambda meeting: meeting.took_part),
    Column("Open responses", lambda meeting: meeting.open_count),
]
