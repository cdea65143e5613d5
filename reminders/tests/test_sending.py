"""Reminder runs: who gets a digest and what it says, once per person per working day, claimed
before sending, failures recorded and retried, leave respected, escalation up the line."""

from datetime import date, datetime

import pytest
from django.core import mail
from django.core.management import call_command

from core.periods import LONDON
from people.models import StaffMember
from reminders.models import Escalation, Notice
from reminders.sending import run
from schedule.models import AppliesTo, Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


@pytest.fixture
def council(cast):
    for member in (cast.head, cast.team_leader, cast.practitioner, cast.nqsw):
        member.email = f"{member.user.username}@example.gov.uk"
        member.save()
    ResponsibilityFactory(role=cast.team_leader_role, task="Monthly supervision", applies_to=AppliesTo.REPORTS,
                          purpose="Support and challenge practice")
    plan_duties(date(2026, 11, 2))
    return cast


def digest_for(username: str):
    found = [m for m in mail.outbox if m.to == [f"{username}@example.gov.uk"]]
    assert len(found) <= 1
    return found[0] if found else None


def test_a_duty_due_within_its_lead_time_is_in_its_owners_digest_once(council):
    report = run(at(MONDAY))  # November's duties fall due on Monday 30 November: 7 days ahead
    assert report.sent == 1
    message = digest_for("team_leader")
    assert "DUE SOON" in message.body and "Monthly supervision: Practitioner" in message.body
    assert "Support and challenge practice" in message.body  # why they are told
    assert "/duties/" in message.body and message.alternatives[0][1] == "text/html"
    assert run(at(MONDAY, 10)).sent == 0  # a second run that day sends nothing again
    assert len(mail.outbox) == 1
    notice = Notice.objects.get()
    assert (notice.state, notice.attempts, notice.contents) == (Notice.State.SENT, 1, {"due_soon": 2})


def test_nothing_before_the_hour_at_weekends_or_on_bank_holidays(council):
    assert run(at(MONDAY, 6)).reason == "before 07:00"
    assert run(at(date(2026, 11, 28))).reason == "not a working day"
    assert run(at(date(2026, 12, 25))).reason == "not a working day"
    assert mail.outbox == [] and not Notice.objects.exists()


def test_nothing_to_say_means_no_email(council):
    assert run(at(date(2026, 11, 9))).due == 0  # three weeks before anything falls due
    assert mail.outbox == []


def test_a_duty_completed_after_its_reminder_is_not_mentioned_again(council):
    run(at(MONDAY))
    for duty in Duty.objects.filter(owner=council.team_leader):
        duty.mark_done(acting_user=council.team_leader.user, on=MONDAY)
    mail.outbox.clear()
    assert run(at(date(2026, 11, 24))).due == 0


def test_someone_on_leave_gets_nothing_but_their_overdue_duties_still_escalate(council, settings):
    settings.ESCALATE_TO_MANAGER_DAYS = 5
    StaffMember.objects.filter(pk=council.team_leader.pk).update(
        on_leave_from=date(2026, 12, 1), on_leave_until=date(2026, 12, 31)
    )
    plan_duties(date(2026, 12, 8))  # November's duties are now overdue
    run(at(date(2026, 12, 8)))
    assert digest_for("team_leader") is None
    head = digest_for("head")  # the team leader's line manager
    assert "OVERDUE IN YOUR TEAM" in head.body and "Team Leader: Monthly supervision" in head.body
    assert set(Escalation.objects.values_list("level", "escalated_to")) == {("manager", council.head.id)}


def test_escalation_is_recorded_once_per_level(council, settings):
    settings.ESCALATE_TO_MANAGER_DAYS = 5
    plan_duties(date(2026, 12, 8))
    run(at(date(2026, 12, 8)))
    run(at(date(2026, 12, 9)))
    assert Escalation.objects.count() == 2  # two overdue duties, each once to the line manager
    assert set(Escalation.objects.values_list("day", flat=True)) == {date(2026, 12, 8)}


def test_a_failed_send_is_recorded_and_tried_again_on_the_next_run(council, settings):
    settings.EMAIL_BACKEND = "reminders.tests.test_sending.RefusingBackend"
    report = run(at(MONDAY))
    assert (report.sent, report.failed) == (0, 1)
    notice = Notice.objects.get()
    assert notice.state == Notice.State.FAILED and "mail server said no" in notice.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run(at(MONDAY, 9)).sent == 1
    notice.refresh_from_db()
    assert (notice.state, notice.attempts, notice.error) == (Notice.State.SENT, 2, "")


def test_a_row_claimed_by_a_live_worker_is_left_alone_until_its_claim_goes_stale(council, settings):
    settings.REMINDER_CLAIM_SECONDS = 600
    run(at(MONDAY), dry_run=True)
    Notice.objects.create(recipient=council.team_leader, day=MONDAY, state=Notice.State.SENDING,
                          claimed_at=at(MONDAY, 8))
    assert run(at(MONDAY, 8)).skipped == 1 and mail.outbox == []
    assert run(at(MONDAY, 9)).sent == 1  # an hour later the claim is stale: that worker died


def test_dry_run_says_who_would_get_what_and_sends_nothing(council, capsys):
    call_command("send_reminders", "--dry-run", "--date", "2026-11-23")
    out = capsys.readouterr().out
    assert "team_leader@example.gov.uk: 2 due soon" in out and "dry run" in out
    assert mail.outbox == [] and not Notice.objects.exists()


def test_the_command_sends_for_a_given_day(council, capsys):
    call_command("send_reminders", "--date", "2026-11-23")
    assert "1 sent" in capsys.readouterr().out and len(mail.outbox) == 1


def test_the_command_refuses_a_bad_date(council):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("send_reminders", "--date", "23/11/2026")


def test_leavers_and_people_without_an_address_get_nothing(council):
    StaffMember.objects.filter(pk=council.team_leader.pk).update(email="")
    assert run(at(MONDAY)).due == 0


def test_done_duties_are_not_reminders(council):
    Duty.objects.update(status=Status.DONE, completed_on=MONDAY)
    assert run(at(MONDAY)).due == 0


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server said no")

    def open(self):
        pass

    def close(self):
        pass


def test_other_records_deadlines_are_in_the_digest(council):
    from complaints.tests.factories import make_complaint

    make_complaint(handler=council.team_leader, received_on=date(2026, 11, 17))  # stage 1 due 1 December
    run(at(date(2026, 11, 24)))
    message = digest_for("team_leader")
    assert "OTHER DEADLINES" in message.body and "Complaint stage 1 response" in message.body
