"""The demo's scorecard, seeded into a small stand-in for the demo council."""

from datetime import date, timedelta

import pytest

from people.tests.factories import (
    RoleAssignmentFactory,
    RoleFactory,
    ServiceFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
)
from reports.demo import PLANS, QA_LEAD, REVIEWS_DONE, seed_scorecard
from reports.models import Measure, MeasureValue, ScorecardReview, Source
from reports.scorecard import Rating
from schedule.deadlines import deadlines_for
from schedule.models import Status
from schedule.tests.factories import DutyFactory

from .factories import scorecard_responsibility

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.fixture
def demo_council(db):
    services = {name: ServiceFactory(name=name) for name in ["Assessment & Intervention", "Looked After Children"]}
    for team, service in [
        ("Assessment Team 1", "Assessment & Intervention"),
        ("Assessment Team 2", "Assessment & Intervention"),
        ("Leaving Care Team", "Looked After Children"),
    ]:
        TeamFactory(name=team, service=services[service])
    people = {}
    for username in {plan.owner for plan in PLANS} | {QA_LEAD}:
        people[username] = StaffMemberFactory(
            user=UserFactory(username=username), name=username.replace(".", " ").title()
        )
    head_role = RoleFactory(name="Head of Service", oversees_scope=True)
    reviewer = people[REVIEWS_DONE[0]]
    RoleAssignmentFactory(staff=reviewer, role=head_role, service=services["Looked After Children"])
    duty = DutyFactory(responsibility=scorecard_responsibility(head_role), owner=reviewer, day=TODAY)
    return people, duty


def test_a_year_of_values_some_missed_some_explained(demo_council):
    people, duty = demo_council
    lines = []
    made = seed_scorecard(TODAY, log=lines.append)
    assert Measure.objects.count() == len(PLANS) == 8
    values = list(MeasureValue.objects.select_related("measure"))
    assert made == len(values) > 8 * 13
    monthly = MeasureValue.objects.filter(measure__frequency="monthly", team__isnull=True, service__isnull=True)
    assert monthly.filter(measure__name=PLANS[0].name).count() == 13
    assert max(value.period_end for value in values) < TODAY
    missed = [value for value in values if value.rating != Rating.GREEN]
    explained = [value for value in missed if value.explained_at]
    awaiting = [value for value in missed if value.awaiting_reason]
    assert len(explained) > 10 and len(awaiting) >= 2
    assert any(value.reason_due_on < TODAY for value in awaiting)  # one overdue
    assert all(value.reason and value.planned_action for value in explained)
    assert {value.source for value in values} == {Source.IMPORTED, Source.TYPED}
    assert {value.entered_by.username for value in values if value.source == Source.IMPORTED} == {QA_LEAD}
    # History carries the day each value was entered, not the day the demo was seeded.
    first = min(values, key=lambda value: value.period_start)
    assert first.history.earliest("history_date").history_date == first.entered_at
    assert first.entered_at.date() > first.period_end
    owner = people[PLANS[0].owner]
    assert deadlines_for(owner, today=TODAY, until=TODAY + timedelta(days=30)) or not any(
        value.measure.owner_id == owner.id for value in awaiting
    )
    duty.refresh_from_db()
    assert duty.status == Status.DONE and ScorecardReview.objects.get().reviewer == duty.owner
    assert people[QA_LEAD].user.has_perm("reports.add_measurevalue")
    assert "8 measures" in lines[-1] and "awaiting a reason" in lines[-1]
    assert seed_scorecard(TODAY, log=lines.append) == 0  # once only
