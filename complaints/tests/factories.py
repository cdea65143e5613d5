"""Complaints for tests, made the way the pages make them (complaints.actions), so that each has
its stage 1 and its stored due date."""

from datetime import date

import pytest
from django.utils import timezone

from complaints import actions
from complaints.models import Complaint
from core.periods import local_date
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory


def today() -> date:
    return local_date(timezone.now())


def make_complaint(*, handler, team=None, received_on: date | None = None, acting_user=None, **fields) -> Complaint:
    values = {
        "received_on": received_on or today(),
        "complainant": "parent",
        "case_reference": "CR-12345",
        "team": team or handler.team,
        "category": "communication",
        "summary": "Calls to the social worker were not returned.",
        "handler": handler,
        **fields,
    }
    return actions.create_complaint(acting_user=acting_user or handler.user, **values)


def make_complaints_manager(staff):
    """Give this person the Complaints Manager role, over the whole organisation."""
    RoleAssignmentFactory(staff=staff, role=RoleFactory(name="Complaints Manager"))
    return staff


@pytest.fixture
def complaints_manager(cast):
    """Someone in another service who holds the Complaints Manager role, and oversees nobody."""
    manager = StaffMemberFactory(user=UserFactory(username="complaints_manager"), name="Complaints Manager",
                                 team=cast.outsider.team, job_title="Complaints Manager")
    return make_complaints_manager(manager)
