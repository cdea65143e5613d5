"""The demo council's board reports: the QA lead's quarterly QA and performance report for the last
quarter that has ended, final, with its final PDF; and this quarter's, a draft with some of its
words written and one provisional PDF printed.

Made through reports.board_actions as the QA lead would, on the demo's `today`; the PDFs are built
in place (as the Celery task would) so the demo has its files without a worker. Needs the rest of
the demo council first: the figures are its audits, duties, actions and complaints."""

from datetime import date, timedelta

from people.models import StaffMember

from . import board_actions
from .board_kinds import QUARTERLY
from .scope import ReportPeriod

QA_LEAD = "nadia.hussain"

FINAL_WORDS = {
    "summary": (
        "This report gives Cabinet, the Corporate Parenting Board and the Safeguarding Children Board an "
        "overview of quality assurance activity in Children's Social Care in the quarter.\n\n"
        "The board is asked to note the findings of the quarter's audits and the progress made on actions, "
        "and to agree the audit programme for the next quarter."
    ),
    "compliance": (
        "Most duties in the framework were done on time. Supervision of newly qualified social workers is "
        "the strongest strand. Case file audits by senior managers slipped in one service, where two posts "
        "were vacant for part of the quarter."
    ),
    "audit_quality": (
        "The share of audits graded good or better is close to the local target. Moderation agreed with the "
        "auditor's grade in most cases.\n\n"
        "Themes from the audits:\n"
        "- plans that are specific and reviewed on time;\n"
        "- the child's lived experience recorded in their own words;\n"
        "- management oversight recorded on the file."
    ),
    "actions": "Overdue actions are reviewed each month by the heads of service with the team managers concerned.",
    "complaints": "Most stage 1 responses were sent within the timescale. Communication is the most common theme.",
    "participation": (
        "Children and young people told us they want to know their social worker's plans for visits in "
        "advance. Each team now shares the next visit date at the end of every visit."
    ),
    "next_quarter": (
        "The programme continues the monthly case file audits and adds a themed audit of pre-birth assessments."
    ),
}
DRAFT_WORDS = {
    "summary": "This quarter's report is in progress: the figures below are provisional until the quarter ends.",
}


def seed_board_reports(today: date, *, log=print) -> None:
    lead = StaffMember.objects.select_related("user").get(user__username=QA_LEAD)
    this_quarter = ReportPeriod.containing("quarter", today)
    last_quarter = this_quarter.previous()

    final = board_actions.start_report(QUARTERLY, last_quarter, acting_user=lead.user)
    board_actions.save_narrative(final, FINAL_WORDS, acting_user=lead.user)
    draft_print = board_actions.request_pdf(final, acting_user=lead.user)
    board_actions.build_version(draft_print.id, day=last_quarter.end + timedelta(days=5))
    final_print = board_actions.finalise(final, acting_user=lead.user, day=today)
    board_actions.build_version(final_print.id, day=today)

    draft = board_actions.start_report(QUARTERLY, this_quarter, acting_user=lead.user)
    board_actions.save_narrative(draft, DRAFT_WORDS, acting_user=lead.user)
    board_actions.build_version(board_actions.request_pdf(draft, acting_user=lead.user).id, day=today)
    log(f"board reports: the {QUARTERLY.title.lower()} for {last_quarter.label} (final) and "
        f"{this_quarter.label} (draft)")
