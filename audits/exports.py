"""The columns of the audits list when it is downloaded (core.exports): the child by case reference
only, staff by name, dates as dates, types, grades and statuses in the page's words."""

from core.exports import Column

AUDIT_COLUMNS = [
    Column("Case reference", lambda audit: audit.case_reference),
    Column("Type", lambda audit: audit.get_audit_type_display()),
    Column("Theme", lambda audit: audit.theme.title if audit.theme else None),
    Column("Case-holder", lambda audit: audit.case_holder),
    Column("Team", lambda audit: audit.team),
    Column("Auditor", lambda audit: audit.auditor),
    Column("Audited", lambda audit: audit.audited_on),
    Column("Grade", lambda audit: audit.get_overall_grade_display()),
    Column("Moderated grade", lambda audit: audit.get_moderated_grade_display()),
    Column("Status", lambda audit: audit.get_status_display()),
    Column("Safeguarding concern", lambda audit: audit.safeguarding_concern),
    Column("Submitted", lambda audit: audit.submitted_at),
    Column("Shared", lambda audit: audit.shared_at),
    Column("Acknowledged", lambda audit: audit.acknowledged_at),
]
