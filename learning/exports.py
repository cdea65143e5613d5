"""The columns of the actions list when it is downloaded (core.exports): staff by name, dates as
dates, levels and statuses in the page's words, and the learning themes each action is about."""

from core.exports import Column

ACTION_COLUMNS = [
    Column("Action", lambda action: action.description),
    Column("Owner", lambda action: action.owner),
    Column("Raised by", lambda action: action.raised_by),
    Column("Due", lambda action: action.due_on),
    Column("Level", lambda action: action.get_level_display()),
    Column("Status", lambda action: action.get_status_display()),
    Column("Completed", lambda action: action.completed_on),
    # Read from the prefetch: sorting in the query would make a query per action.
    Column("Learning themes", lambda action: "; ".join(sorted(theme.name for theme in action.themes.all()))),
]
