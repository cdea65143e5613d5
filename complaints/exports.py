"""The columns of the complaints list when it is downloaded (core.exports): the child by case
reference only, whoever complained by their role, staff by name, dates as dates, statuses and
outcomes in the page's words. The summary and lessons learnt stay on the complaint's page."""

from datetime import date

from core.exports import Column


def complaint_columns(today: date) -> list[Column]:
    """The columns, with whether each complaint's response is overdue on `today`."""
    return [
        Column("Reference", lambda complaint: complaint.reference),
        Column("Case reference", lambda complaint: complaint.case_reference),
        Column("Received", lambda complaint: complaint.received_on),
        Column("Who complained", lambda complaint: complaint.get_complainant_display()),
        Column("Category", lambda complaint: complaint.get_category_display()),
        Column("Team", lambda complaint: complaint.team),
        Column("Handler", lambda complaint: complaint.handler),
        Column("Stage", lambda complaint: complaint.current_stage),
        Column("Response due", lambda complaint: complaint.due_on),
        Column("Status", lambda complaint: complaint.get_status_display()),
        Column("Overdue", lambda complaint: complaint.is_overdue(today)),
        Column("Outcome", lambda complaint: complaint.get_outcome_display()),
        Column("Closed", lambda complaint: complaint.closed_on),
        Column("Referred to the Ombudsman", lambda complaint: complaint.ombudsman_referred_on),
        Column("The Ombudsman's decision", lambda complaint: complaint.get_ombudsman_outcome_display()),
    ]
