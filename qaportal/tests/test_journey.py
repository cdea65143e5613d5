"""A team leader signs in, sees what they owe, marks a duty done and sees it done: in Chromium."""

import pytest
from django.utils import timezone

from core.periods import local_date
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_team_leader_marks_a_duty_done(page, cast):
    ResponsibilityFactory(
        role=cast.team_leader_role, task="Attend the all managers meeting", frequency="monthly",
        strand="meeting", purpose="Hear the service's priorities",
    )
    plan_duties(local_date(timezone.now()))
    duty = Duty.objects.get(owner=cast.team_leader, period_start__lte=local_date(timezone.now()),
                            responsibility__task="Attend the all managers meeting")

    sign_in(page, "team_leader")
    assert page.get_by_role("heading", name="My duties", level=1).is_visible()
    card = page.locator("#this-period + ul .govuk-task-list__item", has_text="Attend the all managers meeting")
    assert f"due {duty.due_on:%-d %B}" in card.inner_text() and "Open" in card.inner_text()

    card.get_by_role("link", name="Mark as done").click()
    page.get_by_label("Note").fill("Attended; minutes on the team drive")
    page.get_by_role("button", name="Mark as done").click()

    assert page.get_by_text("Marked as done: Attend the all managers meeting").is_visible()
    done = page.locator("#recently-finished + ul .govuk-task-list__item", has_text="Attend the all managers meeting")
    assert "Done" in done.first.inner_text()
    duty.refresh_from_db()
    assert duty.status == Status.DONE
    assert duty.completion_note == "Attended; minutes on the team drive"
    assert duty.history.first().history_user.username == "team_leader"


def test_mark_done_with_keyboard_only_and_a_bad_date_keeps_what_was_typed(page, cast):
    ResponsibilityFactory(role=cast.team_leader_role, task="Write the team report", frequency="quarterly",
                          strand="report")
    plan_duties(local_date(timezone.now()))
    duty = Duty.objects.filter(owner=cast.team_leader).order_by("due_on").first()

    sign_in(page, "team_leader")
    page.goto(f"/duties/{duty.pk}/done/")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Note").fill("Sent to the head of service")
    page.get_by_label("Year").press("Enter")  # submits from the keyboard

    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.get_by_label("Note").input_value() == "Sent to the head of service"
    assert page.get_by_label("Day").input_value() == "31"
    duty.refresh_from_db()
    assert duty.status == Status.OPEN
