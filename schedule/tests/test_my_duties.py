"""My duties at a manager's scale: what waits for them first, then each section a compact list in
which a responsibility's many duties are one row ("Monthly supervision: 9 people") that opens. The
page is the same height, and asks the database the same number of times, for a service leader
with 5 supervisees and with 40."""

from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditStatus
from audits.tests.factories import AuditFactory, moderators
from complaints.tests.factories import make_complaint
from core.periods import LONDON
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory
from schedule.grouping import GROUP_FROM
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 15)  # a Wednesday in the first month of the 2026/27 financial year


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("schedule.views._today", lambda: TODAY)


class Rows(HTMLParser):
    """The rows of My duties' lists as a reader sees them before opening anything: the items of
    each task list outside any details element, and those inside; and the summary cards."""

    def __init__(self):
        super().__init__()
        self.depth, self.shown, self.inside, self.cards, self.groups = 0, 0, 0, 0, 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "details":
            self.depth += 1
            self.groups += 1
        elif tag == "li" and "govuk-task-list__item" in classes:
            if self.depth:
                self.inside += 1
            else:
                self.shown += 1
        if "govuk-summary-card" in classes:
            self.cards += 1

    def handle_endtag(self, tag):
        if tag == "details":
            self.depth -= 1


def rows_of(response) -> Rows:
    rows = Rows()
    rows.feed(response.content.decode())
    return rows


@pytest.fixture
def service_leader(cast):
    """A service leader with a monthly supervision and a yearly PDR of each direct report, a yearly
    observation of each practitioner in the service and a monthly meeting of their own."""
    leader = StaffMemberFactory(user=UserFactory(username="service_leader"), name="Service Leader",
                                job_title="Service Leader", line_manager=cast.head, team=cast.team_b)
    role = RoleFactory(name="Service Leader", oversees_scope=True)
    RoleAssignmentFactory(staff=leader, role=role, service=cast.service)
    ResponsibilityFactory(role=role, task="Monthly supervision", frequency="monthly", applies_to="reports",
                          strand="supervision", purpose="Support and challenge practice")
    ResponsibilityFactory(role=role, task="PDR", frequency="annual", applies_to="reports", strand="supervision")
    ResponsibilityFactory(role=role, task="Observe practice", frequency="financial_year",
                          applies_to="practitioners", strand="observation")
    ResponsibilityFactory(role=role, task="Chair the service meeting", frequency="monthly", strand="meeting")
    return leader


def supervisees(leader, cast, how_many):
    for _ in range(how_many):
        StaffMemberFactory(line_manager=leader, team=cast.team_b, is_practitioner=True, is_case_holder=True,
                           started_on=date(2020, 1, 1))
    plan_duties(TODAY - timedelta(days=31))  # March's, missed: overdue
    plan_duties(TODAY)
    # Most of March's supervision was done; two of it (and March's meeting) are still owed.
    march = Duty.objects.filter(owner=leader, due_on=date(2026, 3, 31), responsibility__task="Monthly supervision",
                                status=Status.OPEN).order_by("id")
    for duty in march[2:]:
        duty.mark_done(acting_user=leader.user, on=date(2026, 3, 30))


def my_duties(client, leader):
    client.force_login(leader.user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return response, len(captured)


def test_a_service_leader_s_duties_are_a_few_rows_whatever_their_number(client, cast, service_leader):
    supervisees(service_leader, cast, 5)
    small, small_queries = my_duties(client, service_leader)
    small_rows = rows_of(small)
    supervisees(service_leader, cast, 35)
    large, large_queries = my_duties(client, service_leader)
    large_rows = rows_of(large)

    assert large_queries == small_queries  # nor does the number of queries
    assert large.context["this_period_count"] > 3 * small.context["this_period_count"]
    # The page a reader sees before opening a group is the same height: rows, not cards.
    assert large_rows.cards == small_rows.cards == 0
    assert large_rows.shown == small_rows.shown <= 15
    assert large_rows.groups == small_rows.groups
    assert large_rows.inside > small_rows.inside  # what the groups open to

    [supervision] = [g for g in large.context["this_period_groups"] if g.responsibility.task == "Monthly supervision"]
    assert (supervision.total, supervision.noun, supervision.open) == (40, "people", 40)
    [missed] = [d for d in large.context["overdue"] if d.responsibility.task == "Monthly supervision"][:1]
    assert len([d for d in large.context["overdue"] if d.responsibility.task == "Monthly supervision"]) == 2
    assert missed.due_on == date(2026, 3, 31)
    text = large.content.decode()
    assert "Monthly supervision: 40 people</span></summary>" in text
    assert ">40 open</strong>" in text
    finished = [g for g in large.context["finished_groups"] if g.responsibility.task == "Monthly supervision"]
    assert (finished[0].total, finished[0].done, finished[0].noun) == (38, 38, "people")
    assert ">38 done</strong>" in text


def test_each_section_lists_its_duties_with_whom_when_and_the_one_thing_to_do(client, cast, service_leader):
    supervisees(service_leader, cast, GROUP_FROM - 1)
    last_year = Duty.objects.filter(owner=service_leader, responsibility__task="PDR", due_on=date(2026, 3, 31))
    last_year.first().mark_done(acting_user=service_leader.user, on=date(2026, 4, 2), today=TODAY)
    response, _ = my_duties(client, service_leader)
    text = response.content.decode()
    for heading in ["Waiting for you", "Overdue", "Due this period", "Coming up", "Done or waived in the last 30 days"]:
        assert f">{heading}</h2>" in text
    assert text.index(">Waiting for you<") < text.index(">Overdue<") < text.index(">Due this period<")
    meeting = next(d for d in response.context["overdue"] if d.responsibility.task == "Chair the service meeting")
    # The task links to the duty's page, where its purpose and history are.
    assert f'<a class="govuk-link" href="/duties/{meeting.pk}/" aria-describedby="duty-{meeting.pk}-status">' \
        "Chair the service meeting</a>" in text
    assert "March 2026, due 31 March. " in text  # this year's dates without the year
    assert f'href="/duties/{meeting.pk}/done/">Mark as done' in text
    supervision = next(d for d in response.context["this_period"] if d.responsibility.task == "Monthly supervision")
    assert f"{supervision.subject_staff.name}, April 2026, due 30 April" in text
    pdr = next(d for d in response.context["this_period"] if d.responsibility.task == "PDR")
    assert "2026/27, due 31 March 2027" in text and pdr.due_on == date(2027, 3, 31)  # next year's, with it
    assert "Support and challenge practice" not in text  # the purpose is on the duty's page
    assert "Support and challenge practice" in client.get(f"/duties/{supervision.pk}/").content.decode()
    assert "2025/26, done 2 April" in text
    # Nothing is done to duties of the next period yet.
    coming = response.context["coming_up"][0]
    assert f'href="/duties/{coming.pk}/done/"' not in text


def test_what_is_waiting_comes_first_and_a_complaint_is_listed_once(client, cast, service_leader, clock):
    clock.move_to(TODAY)
    supervisees(service_leader, cast, 3)
    shared_on = TODAY - timedelta(days=2)
    audit = AuditFactory(auditor=cast.head, case_holder=service_leader, status=AuditStatus.SHARED,
                         overall_grade="good", case_reference="CR-40001",
                         shared_at=datetime.combine(shared_on, time(10), tzinfo=LONDON))
    complaint = make_complaint(handler=service_leader, received_on=TODAY - timedelta(days=20))
    response, _ = my_duties(client, service_leader)
    assert [w.kind for w in response.context["waiting"]] == ["Complaint stage 1 response", "Audit to acknowledge"]
    text = response.content.decode()
    assert "2 things are waiting for you." in text
    assert f'Audit to acknowledge: <a class="govuk-link" href="/audits/{audit.pk}/">' \
           "Case file audit of CR-40001 by Head</a>" in text
    assert "Waiting since 13 April" in text
    assert text.count(complaint.reference) == 1  # not again under "Other deadlines"
    assert response.context["deadlines"] == []
    assert text.index(complaint.reference) < text.index(">Overdue</h2>")
    assert ">Overdue</strong>" in text


def test_nothing_waiting_is_said(client, cast):
    client.force_login(cast.practitioner.user)
    response = client.get("/")
    assert response.context["waiting"] == [] and "Nothing is waiting for you." in response.content.decode()


def test_the_moderation_queue_is_waiting_for_moderators(client, cast):
    head, officer = moderators()
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, status=AuditStatus.MODERATION,
                         case_reference="CR-50001", submitted_at=datetime.combine(TODAY, time(9), tzinfo=LONDON))
    client.force_login(officer.user)
    text = client.get("/").content.decode()
    assert f'Audit to moderate: <a class="govuk-link" href="/audits/{audit.pk}/moderate/">' in text
    client.force_login(cast.practitioner.user)
    assert "CR-50001" not in client.get("/").content.decode()  # not shared with her yet, nor hers to moderate


def test_the_queries_do_not_grow_with_what_is_waiting(client, cast, service_leader):
    supervisees(service_leader, cast, 3)
    make_complaint(handler=service_leader, team=cast.team_b)
    AuditFactory(auditor=cast.head, case_holder=service_leader, status=AuditStatus.SHARED, overall_grade="good",
                 shared_at=datetime.combine(TODAY, time(10), tzinfo=LONDON))
    _, before = my_duties(client, service_leader)
    for _ in range(5):
        make_complaint(handler=service_leader, team=cast.team_b)
        AuditFactory(auditor=cast.head, case_holder=service_leader, status=AuditStatus.SHARED, overall_grade="good",
                     shared_at=datetime.combine(TODAY, time(10), tzinfo=LONDON))
    response, after = my_duties(client, service_leader)
    assert len(response.context["waiting"]) == 12 and after == before
