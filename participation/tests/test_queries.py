"""Every page asks the database a fixed number of times, however many records it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.periods import local_date
from participation.actions import record_meeting
from people.tests.factories import StaffMemberFactory
from schedule.planner import plan_duties

from .factories import FeedbackFactory, MeetingFactory, SurveyFactory, SurveyResultFactory

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_meeting(cast, n):
    people = [cast.head, cast.team_leader, *(StaffMemberFactory(team=cast.team_a, line_manager=cast.team_leader)
                                             for _ in range(n))]
    meeting, _done = record_meeting(acting_user=cast.head.user, recorded_by=cast.head, kind="children_in_care_council",
                                    held_on=local_date(timezone.now()), title="CiCC", team=cast.team_a,
                                    attendees=people)
    for _ in range(n):
        FeedbackFactory(meeting=meeting, owner=people[-1])
    return meeting


def test_meeting_pages(client, cast, participation_duties):
    plan_duties(local_date(timezone.now()))
    one = add_meeting(cast, 1)
    client.force_login(cast.head.user)
    counts = [queries(client, url) for url in ["/participation/", f"/participation/meetings/{one.pk}/",
                                                "/participation/you-said-we-did/"]]
    many = add_meeting(cast, 6)
    for _ in range(4):
        add_meeting(cast, 2)
    assert [queries(client, url) for url in ["/participation/", f"/participation/meetings/{many.pk}/",
                                              "/participation/you-said-we-did/"]] == counts


def test_meeting_pages_for_someone_who_sees_some(client, cast):
    one = MeetingFactory(recorded_by=cast.team_leader, attendees=[cast.team_leader])
    FeedbackFactory(meeting=one, owner=cast.practitioner)
    client.force_login(cast.team_leader.user)
    counts = [queries(client, url) for url in ["/participation/", f"/participation/meetings/{one.pk}/"]]
    for _ in range(5):
        other = MeetingFactory(recorded_by=cast.team_leader, attendees=[cast.team_leader, cast.practitioner])
        FeedbackFactory.create_batch(3, meeting=other, owner=cast.nqsw)
    FeedbackFactory.create_batch(3, meeting=one, owner=cast.nqsw)
    assert [queries(client, url) for url in ["/participation/", f"/participation/meetings/{one.pk}/"]] == counts


def test_survey_pages(client, cast):
    survey = SurveyResultFactory().survey
    client.force_login(cast.practitioner.user)
    counts = [queries(client, url) for url in ["/participation/surveys/", f"/participation/surveys/{survey.pk}/"]]
    SurveyFactory.create_batch(4)
    SurveyResultFactory.create_batch(20, survey=survey, question="Another question")
    assert [queries(client, url) for url in ["/participation/surveys/",
                                              f"/participation/surveys/{survey.pk}/"]] == counts
