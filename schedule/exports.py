"""The columns of a list of duties when it is downloaded (core.exports), for My team and a
responsibility's duties: the task, who owes it and about whom (staff and teams by name, a case by
its reference only), the period, dates as dates and the status in the page's words (overdue read
from the due date on the day of the download)."""

from datetime import date

from core.exports import Column


def duty_columns(today: date) -> list[Column]:
    return [
        Column("Ref", lambda duty: duty.responsibility.ref),
        Column("Duty", lambda duty: duty.title()),
        Column("Strand", lambda duty: duty.responsibility.get_strand_display()),
        Column("Owed by", lambda duty: duty.owner),
        Column("About", lambda duty: duty.subject),
        Column("Case reference", lambda duty: duty.case_reference),
        Column("Period", lambda duty: duty.period_label),
        Column("Period starts", lambda duty: duty.period_start),
        Column("Period ends", lambda duty: duty.period_end),
        Column("Due", lambda duty: duty.due_on),
        Column("Status", lambda duty: duty.state(today).label),
        Column("Done or waived", lambda duty: duty.finished_on),
        Column("Done late", lambda duty: duty.done_late),
    ]
