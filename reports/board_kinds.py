"""The kinds of board report, as definitions in code: each kind's sections (the dashboard panel a
section prints, or none for the author's words alone), the period it covers, the record kind
(schedule.records) that completes its duty, and the roles whose holders may write it.

A council that wants another kind adds one definition to KINDS; kinds are never free text in a
table, so a report's sections and figures are always what the code says they are."""

from dataclasses import dataclass

# Who manages the audit programme and the QA reports up the line (R50, R79 in the shipped table).
QA_LEAD = "Head of Safeguarding Monitoring"


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
    period_kind: str  # "month", "quarter" or "year", as reports.scope.ReportPeriod reads them
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
        SectionSpec("next_quarter", "Next quarter's audit programme", None,
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

KINDS: dict[str, ReportKind] = {kind.key: kind for kind in (QUARTERLY, MONTHLY_AUDIT)}


def kind_of(key: str) -> ReportKind | None:
    return KINDS.get(key)
