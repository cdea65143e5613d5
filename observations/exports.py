"""The columns of the observations list when it is downloaded (core.exports): staff by name, dates
as dates, the setting in the page's words. What went well and what to develop stay on each
observation's page: free text about a visit to a family is not for a spreadsheet."""

from core.exports import Column

OBSERVATION_COLUMNS = [
    Column("Practitioner observed", lambda observation: observation.practitioner),
    Column("Team", lambda observation: observation.practitioner.team),
    Column("Setting", lambda observation: observation.get_setting_display()),
    Column("Observer", lambda observation: observation.observer),
    Column("Observed", lambda observation: observation.observed_on),
    Column("Feedback given", lambda observation: observation.feedback_given_on),
]
