"""Making a board report (reports.board_actions): starting one, its words, printing versions by
the claim-and-build rule, a failure kept and retried, finalising (figures frozen, duty done), and
who may read it. PDFs are read back with pdftotext, as test_board_pdf does."""

import hashlib
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory
from reports import board_actions as actions
from reports import board_pdf
from reports.board_kinds import MONTHLY_AUDIT, QA_LEAD, QUARTERLY
from reports.models import NARRATIVE_LIMIT, BoardReport, BoardReportVersion, FiguresFrom, ReportStatus, VersionState
from reports.scope import ReportPeriod
from schedule.models import Frequency, Status, Strand
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

DAY = date(2026, 7, 20)  # after Q1 2026/27 has ended
Q1 = ReportPeriod.parse("quarter-2026-04")
HOSTILE = "We found <script>alert('x')</script> & more"


@pytest.fixture(autouse=True)
def _files_in_tmp(monkeypatch, tmp_path):
    yield from files_in_tmp(monkeypatch, tmp_path)


def files_in_tmp(monkeypatch, tmp_path):
    """Each test's PDFs in its own folder (the storage reads its location once, and caches it)."""
    storage = actions.board_storage()
    for cached in ("base_location", "location"):
        monkeypatch.delitem(storage.__dict__, cached, raising=False)
    monkeypatch.setattr(storage, "_location", str(tmp_path / "board-reports"))
    yield


def qa_lead(cast):
    """The head of service holds the QA lead's role over their service: they write the reports."""
    RoleAssignmentFactory(staff=cast.head, role=RoleFactory(name=QA_LEAD), service=cast.service)
    return cast.head


def audit_duty(cast, owner, done: bool):
    DutyFactory(responsibility=ResponsibilityFactory(strand=Strand.AUDIT), owner=owner,
                status=Status.DONE if done else Status.OPEN, day=date(2026, 5, 10), due_on=date(2026, 5, 10),
                completed_on=date(2026, 5, 1) if done else None)


def started(cast, **narrative):
    author = qa_lead(cast)
    report = actions.start_report(QUARTERLY, Q1, service=cast.service, acting_user=author.user)
    if narrative:
        actions.save_narrative(report, narrative, acting_user=author.user)
        report.refresh_from_db()
    return report


def pdf_text(version) -> str:
    return subprocess.run(["pdftotext", version.file.path, "-"], check=True, capture_output=True, text=True).stdout


def produced_masked(text: str) -> str:
    return re.sub(r"\d{1,2} \w+ \d{4}, \d{2}:\d{2}", "(produced)", text)


def built(report, author, django_capture_on_commit_callbacks, *, final=False):
    with django_capture_on_commit_callbacks() as callbacks:
        version = actions.finalise(report, acting_user=author.user, day=DAY) if final else \
            actions.request_pdf(report, acting_user=author.user)
    assert len(callbacks) == 1  # the Celery task, queued once the version is saved
    assert actions.build_version(version.id, day=DAY), BoardReportVersion.objects.get(id=version.id).error
    version.refresh_from_db()
    return version


# Starting a report and writing it.

def test_the_qa_lead_starts_a_draft_for_their_service(cast):
    report = started(cast)
    assert (report.kind, report.period_kind, report.period_start) == ("quarterly_qa", "quarter", date(2026, 4, 1))
    assert (report.service, report.team, report.scope_label) == (cast.service, None, cast.service.name)
    assert report.status == ReportStatus.DRAFT and report.author == cast.head
    assert report.history.first().history_change_reason == "started"


def test_only_a_holder_of_the_kinds_role_may_start_one(cast):
    with pytest.raises(PermissionDenied):
        actions.start_report(QUARTERLY, Q1, acting_user=cast.team_leader.user)


def test_a_report_covers_its_kinds_period(cast):
    qa_lead(cast)
    with pytest.raises(ValidationError, match="covers a month"):
        actions.start_report(MONTHLY_AUDIT, Q1, acting_user=cast.head.user)


def test_a_report_on_a_service_out_of_sight_is_refused_as_not_there(cast):
    qa_lead(cast)
    with pytest.raises(Http404):
        actions.start_report(QUARTERLY, Q1, team=cast.outsider.team, acting_user=cast.head.user)


def test_the_words_are_kept_per_section_and_only_for_the_kinds_sections(cast):
    report = started(cast, summary="First.", actions="Second.", nonsense="Dropped.")
    assert report.narrative == {"summary": "First.", "actions": "Second."}
    actions.save_narrative(report, {"summary": "Changed."}, acting_user=cast.head.user)
    report.refresh_from_db()
    assert report.narrative == {"summary": "Changed.", "actions": "Second."}


def test_a_section_holds_at_most_20000_characters(cast):
    report = started(cast, summary="x" * NARRATIVE_LIMIT)
    with pytest.raises(ValidationError, match="20,000 characters or fewer"):
        actions.save_narrative(report, {"summary": "x" * (NARRATIVE_LIMIT + 1)}, acting_user=cast.head.user)
    report.refresh_from_db()
    assert len(report.narrative["summary"]) == NARRATIVE_LIMIT


def test_only_the_author_writes_the_words(cast):
    report = started(cast)
    with pytest.raises(PermissionDenied):
        actions.save_narrative(report, {"summary": "Mine."}, acting_user=cast.team_leader.user)


# Printing versions.

def test_two_requests_while_one_is_in_progress_make_one_version(cast, django_capture_on_commit_callbacks):
    report = started(cast)
    with django_capture_on_commit_callbacks() as callbacks:
        first = actions.request_pdf(report, acting_user=cast.head.user)
    with django_capture_on_commit_callbacks() as again:
        second = actions.request_pdf(report, acting_user=cast.head.user)
    assert first == second and report.versions.count() == 1
    assert (len(callbacks), len(again)) == (1, 0)
    assert first.state == VersionState.QUEUED and first.figures_from == FiguresFrom.LIVE


def test_a_version_is_built_once_however_often_its_task_runs(cast):
    report = started(cast)
    version = actions.request_pdf(report, acting_user=cast.head.user)
    assert actions.build_version(version.id, day=DAY), BoardReportVersion.objects.get(id=version.id).error
    assert not actions.build_version(version.id, day=DAY)


def test_a_built_version_is_the_dashboards_figures_and_the_authors_words(cast, django_capture_on_commit_callbacks):
    for owner, done in [(cast.practitioner, True), (cast.nqsw, False)]:
        audit_duty(cast, owner, done)
    report = started(cast, summary=HOSTILE)
    version = built(report, cast.head, django_capture_on_commit_callbacks)
    assert version.state == VersionState.DONE and version.error == ""
    data = version.file.read()
    assert data.startswith(b"%PDF-")
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    text = pdf_text(version)
    assert "50% (1 of 2)" in text  # the compliance panel's share of audit duties done on time
    assert HOSTILE in text and "DRAFT" in text
    assert version.file.storage.listdir(f"report-{report.id}")[1] == [version.file.name.rsplit("/", 1)[1]]


def test_a_failure_is_recorded_and_a_retry_builds_a_new_version(cast, monkeypatch):
    report = started(cast)
    version = actions.request_pdf(report, acting_user=cast.head.user)

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(board_pdf, "render_pdf", broken)
    assert not actions.build_version(version.id, day=DAY)
    version.refresh_from_db()
    assert version.state == VersionState.FAILED and version.error == "OSError: disk full"
    assert not version.file and not version.sha256
    monkeypatch.undo()
    retry = actions.request_pdf(report, acting_user=cast.head.user)
    assert retry.number == 2 and retry.state == VersionState.QUEUED
    assert actions.build_version(retry.id, day=DAY)


def test_a_version_whose_worker_died_is_given_up_when_asked_again(cast):
    report = started(cast)
    stuck = actions.request_pdf(report, acting_user=cast.head.user)
    BoardReportVersion.objects.filter(id=stuck.id).update(
        state=VersionState.RENDERING, requested_at=stuck.requested_at - actions.STALE * 2)
    fresh = actions.request_pdf(report, acting_user=cast.head.user)
    stuck.refresh_from_db()
    assert stuck.state == VersionState.FAILED and "stopped" in stuck.error
    assert fresh.number == 2 and fresh.state == VersionState.QUEUED


# Finalising.

def test_finalising_freezes_the_figures_and_completes_the_duty(cast, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("core.clock.today", lambda: DAY)
    for owner, done in [(cast.practitioner, True), (cast.nqsw, False)]:
        audit_duty(cast, owner, done)
    reporting = ResponsibilityFactory(record=QUARTERLY.record_kind, frequency=Frequency.QUARTERLY)
    duty = DutyFactory(responsibility=reporting, owner=cast.head, day=DAY)  # the quarter it is made in
    report = started(cast, summary="Final words.")
    version = built(report, cast.head, django_capture_on_commit_callbacks, final=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.FINAL and "compliance" in report.frozen_figures
    assert version.final and version.figures_from == FiguresFrom.FROZEN
    duty.refresh_from_db()
    assert (duty.status, duty.completed_late, duty.record) == (Status.DONE, False, report)

    audit_duty(cast, cast.practitioner, True)  # the data changes after the report is final
    assert "67% (2 of 3)" in actions.live_figures(report, cast.head.user, day=DAY)["compliance"]
    again = built(report, cast.head, django_capture_on_commit_callbacks)
    text = pdf_text(again)
    assert "50% (1 of 2)" in text and "67% (2 of 3)" not in text and "FINAL" in text
    # The final report reprints from its snapshot: the same text, but for the moment it was produced.
    assert produced_masked(pdf_text(version)) == produced_masked(text)
    with pytest.raises(ValidationError):
        actions.save_narrative(report, {"summary": "Too late."}, acting_user=cast.head.user)
    with pytest.raises(ValidationError):
        actions.finalise(report, acting_user=cast.head.user)


def test_finalising_overtakes_a_draft_version_in_progress(cast, django_capture_on_commit_callbacks):
    report = started(cast)
    draft = actions.request_pdf(report, acting_user=cast.head.user)
    final = actions.finalise(report, acting_user=cast.head.user, day=DAY)
    draft.refresh_from_db()
    assert draft.state == VersionState.FAILED and final.final
    assert not actions.build_version(draft.id, day=DAY)


# Who may read.

def test_who_may_read_a_service_report(cast):
    StaffMemberFactory(team=cast.team_b, line_manager=cast.head)  # out of the team leader's sight
    report = started(cast)
    assert actions.report_for(cast.head.user, report.pk) == report
    for stranger in (cast.outsider, cast.team_leader, cast.practitioner):  # the leader sees only team A
        with pytest.raises(Http404):
            actions.report_for(stranger.user, report.pk)


def test_a_team_report_is_read_by_its_team_leader_and_not_by_another_team(cast):
    qa_lead(cast)
    report = actions.start_report(QUARTERLY, Q1, team=cast.team_a, acting_user=cast.head.user)
    assert actions.may_read(cast.team_leader.user, report)
    assert not actions.may_read(cast.outsider.user, report)
    assert [r.pk for r in actions.visible_reports(cast.team_leader.user)] == [report.pk]
    assert not actions.visible_reports(cast.outsider.user).exists()


# Deleting.

def test_only_an_administrator_deletes_a_report_with_its_files_and_its_history_keeps_it(
        cast, django_capture_on_commit_callbacks, admin_user):
    report = started(cast, summary="Words.")
    version = built(report, cast.head, django_capture_on_commit_callbacks)
    path = Path(version.file.path)
    assert path.exists()
    with pytest.raises(PermissionDenied):
        actions.delete_report(report, acting_user=cast.head.user)
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_report(report, acting_user=admin_user)
    assert not BoardReport.objects.filter(pk=report.pk).exists() and not path.exists()
    deleted = BoardReport.history.filter(id=report.pk).latest("history_date")
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == ("-", admin_user, "deleted")


def test_a_report_that_a_correction_names_is_not_deleted_before_the_correction(
        cast, django_capture_on_commit_callbacks, admin_user):
    report = started(cast)
    built(report, cast.head, django_capture_on_commit_callbacks, final=True)
    report.refresh_from_db()
    correction = actions.start_report(QUARTERLY, Q1, service=cast.service, acting_user=cast.head.user,
                                      replaces=report)
    with pytest.raises(ValidationError):
        actions.delete_report(report, acting_user=admin_user)
    actions.delete_report(correction, acting_user=admin_user)
    actions.delete_report(report, acting_user=admin_user)
    assert not BoardReport.objects.exists()
