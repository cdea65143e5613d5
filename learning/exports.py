"""The columns of the actions list when it is downloaded (core.exports): staff by name, dates as
dates, levels and states in the page's words (overdue read from the due date on the day of the
download), and the learning themes each action is about."""

from datetime import date

from core.exports import Column


def action_columns(today: date) -> list[Column]:
    return [
        Column("Action", lambda action: action.description),
        Column("Owner", lambda action: action.owner),
        Column("Raised by", lambda action: action.raised_by),
        Column("Due", lambda action: action.due_on),
        Column("Level", lambda action: action.get_level_display()),
        Column("Status", lambda action: action.state(today).label),
        Column("Completed", lambda action: action.completed_on),
        # Read from the prefetch: sorting in the query would make a query per action.
        Column("Learning themes", lambda action: "; ".join(sorted(theme.name for theme in action.themes.all()))),
    ]
