"""The providers of "Waiting for you" (schedule.waiting) that the strands register: audits to
acknowledge, the moderation queue, multi-agency contributions, complaint responses and "you said,
we did" responses. Each gives one person's items or everyone's by owner, names a case by its
reference only, and asks the database a fixed number of times however many items there are."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.actions import acknowledge_audit, invite_agency, submit_contribution
from audits.models import AuditStatus, AuditTool, AuditType
from audits.tests.factories import AuditFactory, moderators, partner, theme_with_questions
from audits.waiting import (
    ACKNOWLEDGE,
    CONTRIBUTE,
    MODERATE,
    audits_to_acknowledge,
    audits_to_moderate,
    contributions_to_make,
)
from complaints.actions import record_response
from complaints.tests.factories import make_complaint
from complaints.waiting import responses_to_make
from core.periods import LONDON, local_date
from participation.models import ResponseStatus
from participation.tests.factories import FeedbackFactory, MeetingFactory
from participation.waiting import responses_owed
from people.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def today() -> date:
    return local_date(timezone.now())


def at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=LONDON)


def queries(provider, staff) -> tuple[list, int]:
    with CaptureQueriesContext(connection) as captured:
        found = provider(staff, today=today())
    return found, len(captured)


def shared(cast, case_holder, day, **fields):
    return AuditFactory(auditor=cast.team_leader, case_holder=case_holder, status=AuditStatus.SHARED,
                        overall_grade="good", shared_at=at(day), **fields)


def test_an_audit_shared_with_its_case_holder_waits_for_her_acknowledgement(cast):
    day = today() - timedelta(days=3)
    audit = shared(cast, cast.practitioner, day, case_reference="CR-20001")
    shared(cast, cast.nqsw, day)
    AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, status=AuditStatus.SUBMITTED)

    [item], count = queries(audits_to_acknowledge, cast.practitioner)
    assert (item.kind, item.since, item.due_on, item.url, item.owner_id) == (
        ACKNOWLEDGE, day, None, f"/audits/{audit.pk}/", cast.practitioner.id)
    assert item.title == "Case file audit of CR-20001 by Team Leader"
    assert count == 1

    acknowledge_audit(audit, acting_user=cast.practitioner.user, response="Agreed")
    assert audits_to_acknowledge(cast.practitioner, today=today()) == []
    assert [w.owner_id for w in audits_to_acknowledge(None, today=today())] == [cast.nqsw.id]


def test_the_acknowledgements_take_one_query_however_many(cast):
    shared(cast, cast.practitioner, today())
    _, few = queries(audits_to_acknowledge, cast.practitioner)
    for _ in range(10):
        shared(cast, cast.practitioner, today())
    found, many = queries(audits_to_acknowledge, cast.practitioner)
    assert len(found) == 11 and many == few
    assert queries(audits_to_acknowledge, None)[1] == few


def test_the_moderation_queue_waits_for_every_moderator_but_the_auditor(cast):
    head, officer = moderators()
    first = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, status=AuditStatus.MODERATION,
                         submitted_at=at(today() - timedelta(days=2)), case_reference="CR-30001")
    own = AuditFactory(auditor=officer, case_holder=cast.practitioner, status=AuditStatus.MODERATION,
                       submitted_at=at(today()))
    AuditFactory(auditor=cast.team_leader, status=AuditStatus.MODERATED)

    assert [(w.kind, w.url, w.since) for w in audits_to_moderate(head, today=today())] == [
        (MODERATE, f"/audits/{first.pk}/moderate/", today() - timedelta(days=2)),
        (MODERATE, f"/audits/{own.pk}/moderate/", today()),
    ]
    assert [w.url for w in audits_to_moderate(officer, today=today())] == [f"/audits/{first.pk}/moderate/"]
    assert audits_to_moderate(cast.practitioner, today=today()) == []  # not a moderator
    assert audits_to_moderate(cast.head, today=today()) == []

    everyone = {}
    for item in audits_to_moderate(None, today=today()):
        everyone.setdefault(item.owner_id, []).append(item.url)
    assert everyone == {head.id: [f"/audits/{first.pk}/moderate/", f"/audits/{own.pk}/moderate/"],
                        officer.id: [f"/audits/{first.pk}/moderate/"]}


def test_the_moderation_queue_takes_a_fixed_number_of_queries(cast):
    head, officer = moderators()
    AuditFactory(auditor=cast.team_leader, status=AuditStatus.MODERATION, submitted_at=at(today()))
    _, few = queries(audits_to_moderate, officer)
    _, everyone = queries(audits_to_moderate, None)
    for _ in range(8):
        AuditFactory(auditor=cast.team_leader, status=AuditStatus.MODERATION, submitted_at=at(today()))
        StaffMemberFactory(line_manager=officer)  # more moderators
    del officer.user._moderates  # asked afresh, as a new request would
    found, many = queries(audits_to_moderate, officer)
    assert len(found) == 9 and many == few
    found, all_of_them = queries(audits_to_moderate, None)
    assert len(found) == 9 * 10 and all_of_them == everyone


def test_a_partner_agency_invited_to_a_multi_agency_audit_is_waited_for_until_it_submits(cast):
    theme = theme_with_questions(audit_type=AuditType.MULTI_AGENCY, title="Child exploitation", set_by="The MESC")
    audit = AuditFactory(audit_type=AuditType.MULTI_AGENCY, theme=theme, auditor=cast.team_leader,
                         tool=AuditTool.objects.current(AuditType.MULTI_AGENCY, theme=theme),
                         case_holder=cast.practitioner, case_reference="CR-MULTI", status=AuditStatus.SUBMITTED)
    police, nurse = partner("police_officer", "Police"), partner("school_nurse", "Health", "health")
    asked = invite_agency(audit, acting_user=cast.team_leader.user, agency=police.agency, contributor=police)
    answered = invite_agency(audit, acting_user=cast.team_leader.user, agency=nurse.agency, contributor=nurse)
    submit_contribution(answered, acting_user=nurse.user)

    [item], count = queries(contributions_to_make, police)
    assert (item.kind, item.title, item.url, item.since, item.owner_id) == (
        CONTRIBUTE, "Multi-agency audit of CR-MULTI (Police)", asked.get_absolute_url(), today(), police.id)
    assert count == 1
    assert contributions_to_make(nurse, today=today()) == []
    assert [w.owner_id for w in contributions_to_make(None, today=today())] == [police.id]


def test_a_complaint_awaiting_its_response_waits_for_its_handler(cast):
    received = today() - timedelta(days=20)
    complaint = make_complaint(handler=cast.team_leader, received_on=received)
    make_complaint(handler=cast.head, team=cast.team_a)

    [item], count = queries(responses_to_make, cast.team_leader)
    assert (item.kind, item.title, item.since, item.due_on, item.url, item.owner_id) == (
        "Complaint stage 1 response", f"Complaint {complaint.reference} (case CR-12345)", received,
        complaint.due_on, complaint.get_absolute_url(), cast.team_leader.id)
    assert item.is_overdue(today())  # 10 working days have passed
    assert count == 1
    assert {w.owner_id for w in responses_to_make(None, today=today())} == {cast.team_leader.id, cast.head.id}

    record_response(complaint, acting_user=cast.team_leader.user, responded_on=today(), outcome="upheld")
    assert responses_to_make(cast.team_leader, today=today()) == []


def test_a_you_said_we_did_waits_for_its_owner_until_done(cast):
    held = today() - timedelta(days=10)
    meeting = MeetingFactory(title="Forum", held_on=held, recorded_by=cast.head, attendees=[cast.head])
    FeedbackFactory(meeting=meeting, owner=cast.practitioner, said="More training please",
                    respond_by=today() + timedelta(days=90))  # months away: still waiting
    FeedbackFactory(meeting=meeting, owner=cast.practitioner, status=ResponseStatus.DONE)
    FeedbackFactory(meeting=meeting, owner=cast.nqsw)

    [item], count = queries(responses_owed, cast.practitioner)
    assert (item.kind, item.title, item.since, item.due_on) == (
        "“You said, we did” response", "Forum: More training please", held, today() + timedelta(days=90))
    assert item.url.startswith(f"/participation/meetings/{meeting.pk}/")
    assert count == 1
    assert {w.owner_id for w in responses_owed(None, today=today())} == {cast.practitioner.id, cast.nqsw.id}
