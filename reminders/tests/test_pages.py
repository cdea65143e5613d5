"""The calendar feed at a secret, resettable address, and the QA lead's log of what was sent."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import StaffMember
from people.tests.factories import StaffMemberFactory
from reminders.calendar import _fold
from reminders.models import CalendarFeed, Notice
from schedule.models import AppliesTo
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def duties(cast):
    ResponsibilityFactory(role=cast.team_leader_role, task="Monthly supervision; with care, and notes",
                          applies_to=AppliesTo.REPORTS)
    plan_duties(date.today())
    return cast


def signed_in(client, member):
    client.force_login(member.user)
    return client


def feed_address(client, member) -> str:
    response = signed_in(client, member).get("/reminders/calendar/")
    assert response.status_code == 200
    return response.context["address"]


def test_the_feed_lists_the_persons_duties_without_signing_in(client, duties):
    address = feed_address(client, duties.team_leader)
    client.logout()
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 4  # this month's and next month's supervision of two reports
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Monthly supervision\\; with care\\, and notes: Practitioner" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert CalendarFeed.objects.get(staff=duties.team_leader).last_read_at is not None


def test_resetting_the_address_ends_the_old_one(client, duties):
    old = feed_address(client, duties.team_leader)
    assert client.post("/reminders/calendar/reset/").status_code == 302
    new = feed_address(client, duties.team_leader)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_unknown_address_or_a_leavers_is_404(client, duties):
    address = feed_address(client, duties.team_leader)
    client.logout()
    assert client.get("/reminders/calendar/not-a-token.ics").status_code == 404
    StaffMember.objects.filter(pk=duties.team_leader.pk).update(left_on=date(2020, 1, 1), started_on=date(2019, 1, 1))
    assert client.get(address).status_code == 404


def test_the_calendar_page_needs_sign_in_and_a_staff_record(client, duties, django_user_model):
    assert client.get("/reminders/calendar/").status_code == 302
    client.force_login(django_user_model.objects.create_user("no-staff-record"))
    assert client.get("/reminders/calendar/").status_code == 403


def test_the_feed_reads_a_fixed_number_of_queries(client, duties):
    address = feed_address(client, duties.team_leader)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    before = count()
    for _ in range(5):
        StaffMemberFactory(line_manager=duties.team_leader, team=duties.team_a)
    plan_duties(date.today())
    assert count() == before


def test_long_lines_fold_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 60
    parts = _fold(line)
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(part.removeprefix(" ") for part in parts) == line


def test_the_log_is_for_the_qa_lead_only(client, cast):
    Notice.objects.create(recipient=cast.team_leader, day=date(2026, 11, 23), state=Notice.State.FAILED,
                          error="Connection refused", address="tl@example.gov.uk")
    assert signed_in(client, cast.head).get("/reminders/").status_code == 403
    cast.head.user.user_permissions.add(Permission.objects.get(codename="view_notice"))
    response = signed_in(client, StaffMember.objects.get(pk=cast.head.pk)).get("/reminders/?state=failed")
    assert response.status_code == 200
    assert "Connection refused" in response.content.decode() and "1 e-mail failed" in response.content.decode()


def test_the_log_reads_a_fixed_number_of_queries_whatever_the_kinds(client, cast):
    cast.head.user.user_permissions.add(Permission.objects.get(codename="view_notice"))
    client = signed_in(client, StaffMember.objects.get(pk=cast.head.pk))

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/reminders/").status_code == 200
        return len(captured)

    Notice.objects.create(recipient=cast.team_leader, day=date(2026, 11, 23), state=Notice.State.SENT)
    before = count()
    for number, member in enumerate([cast.practitioner, cast.nqsw, cast.head]):
        Notice.objects.create(recipient=member, day=date(2026, 11, 24), state=Notice.State.SENT)
        Notice.objects.create(recipient=member, kind=Notice.Kind.SAFEGUARDING_CONCERN, about=f"audit:{number}",
                              day=date(2026, 11, 24), state=Notice.State.FAILED, error="Connection refused")
        Notice.objects.create(recipient=member, kind=Notice.Kind.AUDIT_SHARED, about=f"audit:{number}",
                              day=date(2026, 11, 24), state=Notice.State.SENT)
    assert count() == before


def test_a_person_sets_their_own_leave_and_the_form_keeps_what_was_typed(client, cast):
    client = signed_in(client, cast.practitioner)
    response = client.post("/reminders/calendar/", {
        "on_leave_from_0": "21", "on_leave_from_1": "12", "on_leave_from_2": "2026",
        "on_leave_until_0": "2", "on_leave_until_1": "12", "on_leave_until_2": "2026"})
    assert response.status_code == 200
    assert "The last day of leave must be on or after the first" in response.content.decode()
    assert 'value="21"' in response.content.decode()
    response = client.post("/reminders/calendar/", {
        "on_leave_from_0": "21", "on_leave_from_1": "12", "on_leave_from_2": "2026",
        "on_leave_until_0": "2", "on_leave_until_1": "1", "on_leave_until_2": "2027"})
    assert response.status_code == 302
    member = StaffMember.objects.get(pk=cast.practitioner.pk)
    assert (member.on_leave_from, member.on_leave_until) == (date(2026, 12, 21), date(2027, 1, 2))
    assert member.on_leave(date(2026, 12, 25)) and not member.on_leave(date(2027, 1, 4))
    assert member.history.first().history_change_reason == "leave dates set"
