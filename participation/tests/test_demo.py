"""The demo's participation: three meetings with feedback, completing the attendees' duties, and a survey."""

from datetime import date

import pytest

from participation.demo import PEOPLE, TEAM, seed_participation
from participation.models import Feedback, Meeting, Survey
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, TeamFactory, UserFactory
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


@pytest.fixture
def council(db):
    team = TeamFactory(name=TEAM)
    people = {key: StaffMemberFactory(user=UserFactory(username=username)) for key, username in PEOPLE.items()}
    director = RoleFactory(name="Director of Children's Services")
    RoleAssignmentFactory(staff=people["director"], role=director)
    ResponsibilityFactory(role=director, frequency="six_monthly", record="participation:children_in_care_council")
    survey_role = RoleFactory(name="Head of Safeguarding Monitoring")
    RoleAssignmentFactory(staff=people["head_sm"], role=survey_role)
    ResponsibilityFactory(role=survey_role, frequency="annual", record="participation:survey")
    plan_duties(TODAY)
    return people, team


def test_the_demo_records_meetings_feedback_and_a_survey(council):
    people, team = council
    lines = []
    meetings = seed_participation(TODAY, log=lines.append)
    assert [m.kind for m in meetings] == ["children_in_care_council", "foster_carers_liaison_group", "team_meeting"]
    cicc = Meeting.objects.get(kind="children_in_care_council")
    assert {people["director"], people["deputy"]} <= set(cicc.attendees.all())
    assert Meeting.objects.get(kind="team_meeting").team == team
    assert Feedback.objects.count() == 6 and Feedback.objects.filter(status="done").count() == 1
    assert Survey.objects.get().results.count() == 13
    assert Duty.objects.filter(status=Status.DONE).count() == 2  # the director's CiCC, the survey
    assert seed_participation(TODAY, log=lines.append) == []
    assert "the demo's are not added" in lines[-1]


def test_without_the_demo_council_nothing_is_added(db):
    lines = []
    assert seed_participation(TODAY, log=lines.append) == []
    assert not Meeting.objects.exists() and "nothing added" in lines[0]
