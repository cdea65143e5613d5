"""The digest counts what others are waiting on a person for (schedule.waiting) and links to it
on My duties: "3 things are waiting for you". Someone with only that to hear of still gets a
digest; the complaint and response deadlines it already listed stay listed."""

from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.actions import invite_agency
from audits.models import AuditStatus, AuditTool, AuditType
from audits.tests.factories import AuditFactory, partner, theme_with_questions
from complaints.tests.factories import make_complaint
from core.periods import LONDON
from reminders.digest import digests_for
from reminders.models import Notice
from reminders.sending import run

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


@pytest.fixture
def council(cast):
    for member in (cast.head, cast.team_leader, cast.practitioner, cast.nqsw):
        member.email = f"{member.user.username}@example.gov.uk"
        member.save()
    return cast


def shared_with(cast, case_holder, **fields):
    return AuditFactory(auditor=cast.team_leader, case_holder=case_holder, status=AuditStatus.SHARED,
                        overall_grade="good", shared_at=datetime.combine(date(2026, 11, 20), time(10), tzinfo=LONDON),
                        **fields)


def digest_for(username: str):
    found = [m for m in mail.outbox if m.to == [f"{username}@example.gov.uk"]]
    assert len(found) <= 1
    return found[0] if found else None


def test_someone_with_only_an_audit_to_acknowledge_gets_a_digest_that_counts_it(council):
    shared_with(council, council.practitioner)
    assert run(at(MONDAY)).sent == 1
    message = digest_for("practitioner")
    assert message.subject == "QA Portal: 1 waiting for you (23 November)"
    my_duties = settings.PORTAL_URL.rstrip("/") + "/#waiting"
    assert f"1 thing is waiting for you. See what on My duties:\n  {my_duties}\n" in message.body
    html = message.alternatives[0][0]
    assert f'<a href="{my_duties}" style="color:#1d70b8;">1 thing is waiting for you</a>' in html
    assert Notice.objects.get().contents == {"waiting": 1}


def test_the_count_is_of_everything_waiting_and_the_deadlines_stay_listed(council):
    shared_with(council, council.team_leader)
    shared_with(council, council.team_leader)
    make_complaint(handler=council.team_leader, received_on=date(2026, 11, 17))  # stage 1 due 1 December
    run(at(date(2026, 11, 24)))
    message = digest_for("team_leader")
    assert "3 things are waiting for you." in message.body
    assert "OTHER DEADLINES" in message.body and "Complaint stage 1 response" in message.body
    assert message.subject == "QA Portal: 3 waiting for you (24 November)"
    assert "3 things are waiting for you</a>" in message.alternatives[0][0]


def test_nothing_waiting_says_nothing_of_it(council):
    shared = shared_with(council, council.practitioner)
    shared.status = AuditStatus.ACKNOWLEDGED
    shared.save()
    assert run(at(MONDAY)).due == 0
    assert mail.outbox == []


def test_someone_on_leave_hears_nothing_of_what_waits(council):
    council.practitioner.on_leave_from = MONDAY
    council.practitioner.save()
    shared_with(council, council.practitioner)
    assert run(at(MONDAY)).due == 0


def test_a_partner_agency_s_person_hears_that_a_multi_agency_audit_waits_for_her(council):
    theme = theme_with_questions(audit_type=AuditType.MULTI_AGENCY, title="Child exploitation", set_by="The MESC")
    audit = AuditFactory(audit_type=AuditType.MULTI_AGENCY, theme=theme, auditor=council.team_leader,
                         tool=AuditTool.objects.current(AuditType.MULTI_AGENCY, theme=theme),
                         case_holder=council.practitioner, status=AuditStatus.SUBMITTED)
    police = partner("police_officer", "Police", email="police_officer@example.gov.uk")
    invite_agency(audit, acting_user=council.team_leader.user, agency=police.agency, contributor=police)
    run(at(MONDAY))
    message = digest_for("police_officer")
    assert message is not None and "1 thing is waiting for you." in message.body


def test_the_digests_take_the_same_queries_however_much_waits(council):
    shared_with(council, council.practitioner)
    with CaptureQueriesContext(connection) as few:
        digests_for(MONDAY)
    for member in (council.practitioner, council.nqsw, council.team_leader):
        for _ in range(4):
            shared_with(council, member)
        make_complaint(handler=member, team=council.team_a, received_on=date(2026, 11, 17))
    with CaptureQueriesContext(connection) as many:
        found = digests_for(MONDAY)
    assert len(many) == len(few)
    assert sorted(len(d.waiting) for d in found) == [5, 5, 6]
