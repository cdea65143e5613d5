"""The kinds of board report, as definitions in code: each kind's sections (the panel of figures
a section prints, from PANELS, or none for the author's words alone), the period it covers, the
record kind (schedule.records) that completes its duty, and the roles whose holders may write it.

A council that wants another kind adds one definition to KINDS; kinds are never free text in a
table, so a report's sections and figures are always what the code says they are.

The duty: finalising completes the author's duty named by the kind's record kind (R50's monthly
audit report, R48's Regulation 44 report, R70/R73's IRO report); a report on the whole department
also completes the duty of those who receive it, where the table names the same record (R01:
elected members monitor performance through the quarterly report; R07: the Chief Executive
receives the annual complaints report). A report is made once its period has ended, so the duty
it completes is the one of the period in which it is finalised: October's report on September is
October's R50 (and when that is done already, the earliest one still outstanding)."""

from collections.abc import Callable
from dataclasses import dataclass

from . import (
    actions,
    audit_quality,
    complaints,
    complaints_years,
    compliance,
    coverage,
    loop,
    participation,
    programme,
)

# Who manages the audit programme and the QA reports up the line (R50, R79 in the shipped table).
QA_LEAD = "Head of Safeguarding Monitoring"

# The panels a section may print, by key: the dashboard's, and those only a report prints.
PANELS: dict[str, Callable] = {
    "compliance": compliance.panel,
    "coverage": coverage.panel,
    "audit-quality": audit_quality.panel,
    "actions": actions.panel,
    "complaints": complaints.panel,
    "participation": participation.panel,
    "closing-the-loop": loop.panel,
    "complaints-years": complaints_years.panel,
    "programme": programme.panel,
}


@dataclass(frozen=True)
class SectionSpec:
    key: str  # unique within a kind: the key of its narrative and of its frozen figures
    title: str
    panel: str | None  # a dashboard panel's key (reports.dashboard), or None for words alone
    prompt: str  # what the author is asked to write, shown beside the text box


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str
    period_kind: str  # "month", "quarter", "half", "year" or "calendar", as reports.scope.ReportPeriod reads them
    sections: tuple[SectionSpec, ...]
    record_kind: str  # what completes the duty, as a responsibility's `record` column names it
    writers: tuple[str, ...]  # role names whose holders may start and write one
    board: str = ""  # whom it goes to, for the cover and the list

    def section(self, key: str) -> SectionSpec | None:
        return next((spec for spec in self.sections if spec.key == key), None)

    @property
    def narrative_keys(self) -> list[str]:
        return [spec.key for spec in self.sections]


QUARTERLY = ReportKind(
    key="quarterly_qa",
    title="Quarterly quality assurance and performance report",
    period_kind="quarter",
    board="Cabinet, the Corporate Parenting Board and the Safeguarding Children Board",
    record_kind="report:quarterly_qa",
    writers=(QA_LEAD,),
    sections=(
        SectionSpec("summary", "Summary and recommendation", None,
                    "The purpose of the report, what the board is asked to note or decide, and the headlines."),
        SectionSpec("compliance", "Compliance with the framework", "compliance",
                    "Duties done on time: what is going well, and what needs to improve."),
        SectionSpec("coverage", "Coverage", "coverage",
                    "Audits planned against audits completed, and who has not yet been audited this year."),
        SectionSpec("audit_quality", "Audit quality", "audit-quality",
                    "Grades against the local targets, by team and over time; moderation; themes and learning."),
        SectionSpec("actions", "Actions from quality assurance", "actions",
                    "Actions set, completed and overdue, and what is being done about the overdue ones."),
        SectionSpec("complaints", "Complaints", "complaints",
                    "Complaints received and their outcomes, timescales met, and the learning."),
        SectionSpec("participation", "The voice of children, young people and carers", "participation",
                    "Participation and \"you said, we did\"."),
        SectionSpec("loop", "Closing the loop", "closing-the-loop",
                    "Actions completed, re-audits, and what changed for children as a result."),
        SectionSpec("next_quarter", "Next quarter's audit programme", "programme",
                    "The themes set and the audits planned for the next quarter."),
    ),
)

MONTHLY_AUDIT = ReportKind(
    key="monthly_audit",
    title="Monthly audit activity report",
    period_kind="month",
    board="the Senior Management Team",
    record_kind="report:monthly_audit",
    writers=(QA_LEAD,),
    sections=(
        SectionSpec("summary", "Summary", None, "The month's audit activity in a few lines, and any concerns."),
        SectionSpec("audit_quality", "Audit quality", "audit-quality",
                    "Grades, moderation, and the learning and recommendations drawn from the month's audits."),
        SectionSpec("actions", "Actions from quality assurance", "actions",
                    "Actions set from the audits and their progress."),
    ),
)

ANNUAL_COMPLAINTS = ReportKind(
    key="annual_complaints",
    title="Annual complaints report",
    period_kind="calendar",
    board="the Chief Executive and Cabinet",
    record_kind="report:annual_complaints",
    writers=("Complaints Manager",),
    sections=(
        SectionSpec("summary", "Summary", None,
                    "The year in a few lines: how many representations, how they were resolved, and the headlines."),
        SectionSpec("year", "Representations this year", "complaints",
                    "The number of representations by stage, their outcomes, whether timescales were met, "
                    "who complained and about what, and the Ombudsman's findings."),
        SectionSpec("trends", "Trends over five years", "complaints-years",
                    "How the numbers, the escalation rate and the on-time rates per stage have moved."),
        SectionSpec("ombudsman", "The Local Government and Social Care Ombudsman", None,
                    "The complaints the Ombudsman considered, what was found and what the council did."),
        SectionSpec("learning", "Learning and improvements", None,
                    "What was learned from complaints this year and what changed as a result."),
    ),
)

IRO_ANNUAL = ReportKind(
    key="iro_annual",
    title="Annual report of the Independent Reviewing Officer service",
    period_kind="year",
    board="the Corporate Parenting Board",
    record_kind="report:iro_annual",
    writers=("Service Leader IRO", "Service Leader CP / LADO"),
    sections=(
        SectionSpec("summary", "Summary", None, "The year for the IRO service, and what the board is asked to note."),
        SectionSpec("compliance", "Reviews, observations and oversight", "compliance",
                    "Duties of the IRO service done on time, including the observation of every IRO chairing."),
        SectionSpec("audit_quality", "The quality of reviews", "audit-quality",
                    "What audits of review records found, and the learning."),
        SectionSpec("participation", "Children's participation in their reviews", "participation",
                    "How children and young people took part, and what they said."),
        SectionSpec("actions", "Actions and escalation", "actions",
                    "Actions set, and the issues the IROs escalated and how they were resolved."),
        SectionSpec("improvement", "Key areas of improvement", None,
                    "What the service will improve next year, with corrective action where targets were missed."),
    ),
)

ANNUAL_SURVEYS = ReportKind(
    key="annual_surveys",
    title="Annual surveys of children in need and looked-after children",
    period_kind="year",
    board="the Corporate Parenting Board and the Safeguarding Children Board",
    record_kind="report:annual_surveys",
    writers=(QA_LEAD,),
    sections=(
        SectionSpec("summary", "Summary", None, "Who was surveyed, how many answered, and the headlines."),
        SectionSpec("participation", "Participation and the surveys", "participation",
                    "The surveys held, the responses, and the participation events of the year."),
        SectionSpec("said", "What children, young people and carers told us", None,
                    "The themes of what they said, in their words where they agreed to it."),
        SectionSpec("loop", "You said, we did", "closing-the-loop",
                    "What changed because of what they said, and what is still to do."),
    ),
)

REGULATION_44 = ReportKind(
    key="regulation_44",
    title="Regulation 44 visits: key issues and findings",
    period_kind="half",
    board="the Corporate Parenting Board",
    record_kind="report:regulation_44",
    writers=("Head of Looked After Children",),
    sections=(
        SectionSpec("summary", "Summary", None, "The visits made in the half year and the headlines."),
        SectionSpec("findings", "Key issues and findings", None,
                    "What the independent visitors found about the quality of care and children's experience."),
        SectionSpec("compliance", "Visits signed off", "compliance",
                    "Whether every visit report was received and signed off, and on time."),
        SectionSpec("participation", "The children's views", "participation",
                    "What children in the homes said, and how it was acted on."),
        SectionSpec("actions", "Actions", "actions", "Actions from the visits and their progress."),
    ),
)

KINDS: dict[str, ReportKind] = {
    kind.key: kind
    for kind in (QUARTERLY, MONTHLY_AUDIT, ANNUAL_COMPLAINTS, IRO_ANNUAL, ANNUAL_SURVEYS, REGULATION_44)
}


def kind_of(key: str) -> ReportKind | None:
    return KINDS.get(key)
