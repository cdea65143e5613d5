"""Participation's fixtures: the cast's duties that meetings and surveys complete."""

import pytest

from schedule.models import AppliesTo
from schedule.tests.factories import ResponsibilityFactory


@pytest.fixture
def participation_duties(cast):
    """The head of service meets the Children in Care Council twice a year, attends each team
    meeting of their service once a year (one duty per team, R41) and runs the annual survey
    (R79); the team leader attends the all-staff forum twice a year. Planning is the test's."""
    return {
        "cicc": ResponsibilityFactory(role=cast.head_role, task="Meet the Children in Care Council",
                                      frequency="six_monthly", strand="participation",
                                      record="participation:children_in_care_council"),
        "teams": ResponsibilityFactory(role=cast.head_role, task="Attend each team meeting", frequency="annual",
                                       applies_to=AppliesTo.TEAMS, strand="meeting",
                                       record="participation:team_meeting"),
        "survey": ResponsibilityFactory(role=cast.head_role, task="Annual surveys", frequency="annual",
                                        strand="participation", record="participation:survey"),
        "forum": ResponsibilityFactory(role=cast.team_leader_role, task="All staff forum", frequency="six_monthly",
                                       strand="meeting", record="participation:all_staff_forum"),
    }
