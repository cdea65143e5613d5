"""The board report pages: the list, starting one, the draft page (figures as they print, errors
beside the field keeping what was typed, refreshing itself while a PDF is made), generating,
finalising, and downloading a version as an attachment (404 for another service's report)."""

import pytest

from reports import board_actions as actions
from reports.models import NARRATIVE_LIMIT, ReportStatus

from .test_board_actions import DAY, HOSTILE, Q1, QUARTERLY, audit_duty, files_in_tmp, qa_lead, started


@pytest.fixture(autouse=True)
def _files_in_tmp(monkeypatch, tmp_path):
    yield from files_in_tmp(monkeypatch, tmp_path)


def signed_in(client, staff):
    client.force_login(staff.user)
    return client


def test_the_qa_lead_starts_a_report_from_the_list(client, cast):
    qa_lead(cast)
    signed_in(client, cast.head)
    assert "Start a report" in client.get("/reports/board/").content.decode()
    response = client.post("/reports/board/start/", {"kind": "quarterly_qa", "period": Q1.code,
                                                     "where": f"service-{cast.service.id}"})
    report = actions.visible_reports(cast.head.user)[0]
    assert response.status_code == 302 and response.url == f"/reports/board/{report.pk}/"
    assert "Quarterly quality assurance" in client.get("/reports/board/").content.decode()


def test_a_month_is_refused_for_the_quarterly_report_beside_the_field(client, cast):
    qa_lead(cast)
    response = signed_in(client, cast.head).post("/reports/board/start/", {"kind": "quarterly_qa",
                                                                            "period": "month-2026-04"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "Select a quarter" in page


def test_no_role_no_start(client, cast):
    assert signed_in(client, cast.team_leader).get("/reports/board/start/").status_code == 403


def test_the_draft_page_shows_the_figures_and_keeps_what_was_typed(client, cast):
    audit_duty(cast, cast.practitioner, True)
    report = started(cast)
    signed_in(client, cast.head)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Compliance with the framework" in page and "100% (1 of 1)" in page
    assert 'http-equiv="refresh"' not in page
    too_long = HOSTILE + "x" * NARRATIVE_LIMIT
    page = client.post(report.get_absolute_url(), {"summary": too_long}).content.decode()
    assert "There is a problem" in page and "20,000 characters or fewer" in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page and "<script>alert(" not in page
    response = client.post(report.get_absolute_url(), {"summary": HOSTILE})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.narrative["summary"] == HOSTILE


def test_generating_shows_progress_until_done_then_downloads_as_an_attachment(
        client, cast, django_capture_on_commit_callbacks):
    report = started(cast)
    signed_in(client, cast.head)
    with django_capture_on_commit_callbacks():
        client.post(f"/reports/board/{report.pk}/generate/")
        client.post(f"/reports/board/{report.pk}/generate/")
    assert report.versions.count() == 1
    page = client.get(report.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page and "Queued" in page
    assert client.get(f"/reports/board/{report.pk}/versions/1/").status_code == 404  # not ready: never half a file
    actions.build_version(report.versions.get().id, day=DAY)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page and "Download PDF" in page
    response = client.get(f"/reports/board/{report.pk}/versions/1/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_services_report_is_not_there(client, cast):
    report = started(cast)
    signed_in(client, cast.outsider)
    for address in (report.get_absolute_url(), f"/reports/board/{report.pk}/versions/1/"):
        assert client.get(address).status_code == 404
    assert client.post(f"/reports/board/{report.pk}/generate/").status_code == 404


def test_finalising_asks_first_then_freezes(client, cast, django_capture_on_commit_callbacks):
    report = started(cast)
    signed_in(client, cast.head)
    assert "Finalise the report?" in client.get(f"/reports/board/{report.pk}/finalise/").content.decode()
    with django_capture_on_commit_callbacks():
        client.post(f"/reports/board/{report.pk}/finalise/")
    report.refresh_from_db()
    assert report.status == ReportStatus.FINAL and report.versions.get().final
    page = client.get(report.get_absolute_url()).content.decode()
    assert "<textarea" not in page and "Finalise</a>" not in page


def test_the_list_shows_only_reports_one_may_see(client, cast):
    qa_lead(cast)
    actions.start_report(QUARTERLY, Q1, service=cast.service, acting_user=cast.head.user)
    assert "Quarterly quality" not in signed_in(client, cast.outsider).get("/reports/board/").content.decode()
