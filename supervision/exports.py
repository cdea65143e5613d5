"""The columns of the supervision sessions and PDRs lists when they are downloaded (core.exports):
staff by name, dates as dates, kinds and outcomes in the page's words. The QA notes and the PDR's
summary stay on each record's page."""

from core.exports import Column

# A session's agenda counts are annotated on each row (items, discussed) by the list's download.
SESSION_COLUMNS = [
    Column("Date", lambda session: session.held_on),
    Column("Supervisee", lambda session: session.supervisee),
    Column("Team", lambda session: session.supervisee.team),
    Column("Supervisor", lambda session: session.supervisor),
    Column("Kind", lambda session: session.get_kind_display()),
    Column("Held", lambda session: session.get_outcome_display()),
    Column("Agenda items", lambda session: session.items),
    Column("Agenda items discussed", lambda session: session.discussed),
]

PDR_COLUMNS = [
    Column("Date", lambda pdr: pdr.held_on),
    Column("Appraisee", lambda pdr: pdr.appraisee),
    Column("Team", lambda pdr: pdr.appraisee.team),
    Column("Appraiser", lambda pdr: pdr.appraiser),
]
