"""The audit on closure or transfer (R60) as the case list's tests need it: a service leader over
team A (of the cast in the top conftest) owes it for team A's cases."""

import pytest

from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory
from schedule.tests.factories import ResponsibilityFactory


@pytest.fixture
def closure_audit(cast):
    """R60, held by `cast.service_leader` over team A."""
    role = RoleFactory(name="Service Leader", oversees_scope=True)
    cast.service_leader = StaffMemberFactory(
        user=UserFactory(username="service_leader"), name="Service Leader", team=cast.team_a,
        line_manager=cast.head, job_title="Service Leader",
    )
    RoleAssignmentFactory(staff=cast.service_leader, role=role, team=cast.team_a)
    return ResponsibilityFactory(
        ref="R60", role=role, task="Audit case files on closure or transfer", frequency="on_event",
        record="audit:closure_transfer",
    )
