"""My duties in Chromium: a service leader with forty supervisees reads it on a phone, and opens a
group from the keyboard; a practitioner finds the audit shared with her at the top of the page
and acknowledges it."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from audits.models import Audit, AuditStatus
from audits.tests.factories import AuditFactory
from core.periods import LONDON, local_date
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory
from schedule.grouping import GROUP_SHOWS
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def a_service_leader_with(cast, supervisees: int):
    """A service leader who supervises each of their reports monthly, gives each a PDR, observes
    every practitioner in the service once a year and chairs a monthly meeting; last month's
    meeting and two of last month's supervisions were missed."""
    today = local_date(timezone.now())
    leader = StaffMemberFactory(user=UserFactory(username="service_leader"), name="Service Leader",
                                job_title="Service Leader", line_manager=cast.head, team=cast.team_b)
    role = RoleFactory(name="Service Leader", oversees_scope=True)
    RoleAssignmentFactory(staff=leader, role=role, service=cast.service)
    ResponsibilityFactory(role=role, task="Monthly supervision", frequency="monthly", applies_to="reports",
                          strand="supervision", record="supervision:session")
    ResponsibilityFactory(role=role, task="PDR", frequency="annual", applies_to="reports", strand="supervision")
    ResponsibilityFactory(role=role, task="Observe practice", frequency="financial_year",
                          applies_to="practitioners", strand="observation")
    ResponsibilityFactory(role=role, task="Chair the service meeting", frequency="monthly", strand="meeting")
    for number in range(supervisees):
        StaffMemberFactory(name=f"Supervisee {number + 1:02d}", line_manager=leader, team=cast.team_b,
                           is_practitioner=True, is_case_holder=True)
    plan_duties(today - timedelta(days=31))
    plan_duties(today)
    missed = Duty.objects.filter(owner=leader, responsibility__task="Monthly supervision", due_on__lt=today,
                                 status=Status.OPEN).order_by("id")
    for duty in missed[2:]:
        duty.mark_done(acting_user=leader.user, on=duty.due_on)
    return leader


def test_my_duties_at_a_service_leader_s_scale_on_a_phone(signed_in, cast):
    a_service_leader_with(cast, 40)
    page = signed_in("service_leader")
    page.set_viewport_size(PHONE)
    page.goto("/")

    assert page.get_by_role("heading", name="My duties", level=1).is_visible()
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page is wider than the phone: {width}"
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 5 * PHONE["height"], f"My duties is {height} px tall on a phone"
    assert page.locator(".govuk-summary-card").count() == 0

    # The month's forty supervisions are one row that opens, from the keyboard.
    group = page.locator("#this-period + ul > li details",
                         has=page.locator("summary", has_text="Monthly supervision: 40 people"))
    summary = group.locator("summary")
    first = group.get_by_role("link", name=re.compile(r"^Supervisee 01\b.*Monthly supervision$"))
    assert not first.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert group.evaluate("details => details.open")
    assert first.is_visible()
    assert group.locator(".govuk-task-list__item").count() == GROUP_SHOWS
    record = group.get_by_role("link", name=re.compile(r"^Record a supervision session\b.*Supervisee 01,"))
    assert record.is_visible()
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the open group is wider than the phone: {width}"
    assert axe_violations(page) == []

    # The rest are on the responsibility's page.
    see_all = group.get_by_role("link", name="See all 40")
    see_all.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/duties/of/*/?section=this_period")
    assert page.get_by_role("heading", name="Monthly supervision", level=1).is_visible()
    assert "All 40" in page.locator("main").inner_text()


def test_waiting_for_you_a_practitioner_acknowledges_the_audit_shared_with_her(signed_in, cast):
    shared_on = local_date(timezone.now()) - timedelta(days=1)
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, status=AuditStatus.SHARED,
                         overall_grade="good", strengths="A clear chronology", case_reference="CR-70007",
                         shared_at=datetime.combine(shared_on, time(10), tzinfo=LONDON))
    page = signed_in("practitioner")
    page.goto("/")

    # It is the first thing on the page after the heading.
    first = page.locator("main h2").first
    assert first.inner_text() == "Waiting for you"
    waiting = page.locator("#waiting + p + ul")
    assert page.locator("#waiting + p").inner_text() == "1 thing is waiting for you."
    item = waiting.locator("li", has_text="Audit to acknowledge")
    assert "Case file audit of CR-70007 by Team Leader" in item.inner_text()
    assert "Waiting since" in item.inner_text()
    item.get_by_role("link", name="Case file audit of CR-70007 by Team Leader").click()

    page.wait_for_url(f"**/audits/{audit.pk}/")
    page.get_by_label("Your response (optional)").fill("Read; the chronology stays up to date")
    page.get_by_role("button", name="Acknowledge audit").click()
    assert page.get_by_text("Audit acknowledged").is_visible()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.ACKNOWLEDGED

    page.get_by_role("link", name="My duties").click()
    assert page.locator("#waiting + p").inner_text() == "Nothing is waiting for you."
    assert Audit.objects.get(pk=audit.pk).response == "Read; the chronology stays up to date"
