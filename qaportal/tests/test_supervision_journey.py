"""A team leader records, in Chromium, the fortnightly supervision of a newly-qualified worker from
My duties: the agenda shows last month's audit of the worker's case; a first try (cancelled, with
no reason) is refused keeping everything typed; then held, the audit marked discussed, the duties done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.periods import local_date
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from supervision.models import AgendaItem, SupervisionSession
from supervision.tests.factories import shared_audit, supervision_duties

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_leader_records_a_supervision_and_marks_last_months_audit_discussed(page, cast):
    today = local_date(timezone.now())
    supervision_duties(cast)
    plan_duties(today)
    audit = shared_audit(cast.head, cast.nqsw, today - timedelta(days=30), case_reference="CR-60006",
                         improvements="The plan has no timescales")

    sign_in(page, "team_leader")
    card = page.locator(".govuk-task-list__item", has_text="Fortnightly supervision of each NQSW: Nqsw").first
    card.get_by_role("link", name="Record a supervision session").click()

    # The duty is about the NQSW, so the form starts with her and her agenda.
    assert page.get_by_role("heading", name="Nqsw", level=1).is_visible()
    item = page.locator(".govuk-summary-card", has_text="Case file audit of CR-60006")
    assert item.get_by_text("The plan has no timescales").is_visible()
    item.get_by_label("Discussed").check()
    item.get_by_label("Note (optional)").fill("Timescales to be added at the review")
    page.get_by_label("Reflective supervision").check()
    page.get_by_role("group", name="Was the session held?").get_by_label("Cancelled").check()
    page.get_by_label("QA notes (optional)").fill("Audit feedback talked through")
    page.get_by_role("button", name="Record supervision").click()

    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Say why the session was cancelled" in summary.inner_text()
    assert item.get_by_label("Discussed").is_checked()
    assert item.get_by_label("Note (optional)").input_value() == "Timescales to be added at the review"
    assert page.get_by_label("QA notes (optional)").input_value() == "Audit feedback talked through"
    assert page.get_by_label("Reflective supervision").is_checked()
    assert not SupervisionSession.objects.exists()

    page.get_by_role("group", name="Was the session held?").get_by_label("Held").check()
    page.get_by_role("button", name="Record supervision").click()
    page.wait_for_url("**/supervision/*/")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Supervision recorded" in banner and "Fortnightly supervision of each NQSW" in banner

    session = SupervisionSession.objects.get()
    assert (session.supervisor, session.supervisee, session.kind) == (cast.team_leader, cast.nqsw, "reflective")
    assert AgendaItem.objects.get(session=session, audit=audit).discussed
    card = page.locator(".govuk-summary-card", has_text="Case file audit of CR-60006")
    assert card.get_by_text("Discussed", exact=True).is_visible()
    assert "1 of 1 item discussed" in page.locator("main").inner_text()
    assert Duty.objects.filter(subject_staff=cast.nqsw, status=Status.DONE).count() == 2

    page.get_by_role("link", name="Back to supervision").click()
    row = page.locator("tbody tr", has=page.get_by_role("link", name=f"{today:%-d %b %Y}"))
    assert "Reflective supervision" in row.inner_text() and "1 of 1" in row.inner_text()
