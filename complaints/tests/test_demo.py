"""The demo's complaints, seeded into a small stand-in for the demo council."""

from datetime import date

import pytest

from complaints.demo import PLANS, seed_complaints
from complaints.models import Complaint, ComplaintStatus, Stage
from learning.models import ActionPlan
from people.tests.factories import StaffMemberFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_staff(db):
    teams = {name: TeamFactory(name=name) for name in {plan.team for plan in PLANS if plan.team}}
    for username in {plan.handler for plan in PLANS}:
        StaffMemberFactory(user=UserFactory(username=username), name=username.replace(".", " ").title(),
                           team=TeamFactory(name=f"Team of {username}"))
    return teams


def test_a_year_of_complaints_at_every_step(demo_staff):
    today = date(2026, 11, 26)
    lines = []
    assert seed_complaints(today, log=lines.append) == len(PLANS)
    complaints = Complaint.objects.all()
    assert all(c.received_on <= today for c in complaints)
    overdue = [c for c in complaints if c.is_overdue(today)]
    assert len(overdue) == 2
    assert complaints.filter(status=ComplaintStatus.OPEN, current_stage=2).count() == 2
    assert complaints.filter(current_stage=3, status=ComplaintStatus.CLOSED).count() == 1
    assert complaints.filter(ombudsman_referred_on__isnull=False).count() == 1
    assert complaints.filter(outcome="withdrawn").count() == 1
    assert complaints.filter(handler__user__username="linda.okafor").count() == 4
    assert complaints.exclude(lessons_learnt="").count() >= 5
    assert ActionPlan.objects.count() == 3
    # Every stage answered is answered after it began, and extensions keep to the maximum.
    for stage in Stage.objects.all():
        assert stage.due_on <= stage.latest_due_on
        assert stage.responded_on is None or stage.responded_on >= stage.requested_on
    # History carries the day each step happened, not the day the demo was seeded.
    first = complaints.order_by("received_on").first()
    assert first.history.earliest("history_date").history_date.date() == first.received_on
    assert "2 overdue" in lines[-1]
    assert seed_complaints(today, log=lines.append) == 0  # once only
