"""Actions and action plans: who sees them, who may do what, and the rules of their changes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from learning.models import (
    DEFAULT_THEMES,
    Action,
    ActionPlan,
    LearningTheme,
    State,
    Status,
    load_default_themes,
    state_condition,
)
from learning.plans import plan_for
from people.tests.factories import UserFactory

from .factories import ActionFactory, ThemePlanFactory, theme, today

pytestmark = pytest.mark.django_db

CAST = ["practitioner", "nqsw", "team_leader", "head", "outsider"]


def seen_by(cast, who, queryset):
    return set(queryset.visible_to(getattr(cast, who).user))


def test_a_new_portal_has_the_default_themes():
    assert set(LearningTheme.objects.values_list("name", flat=True)) >= set(DEFAULT_THEMES)
    assert theme("Voice of the child").slug == "voice-of-the-child"


def test_default_themes_never_come_back_once_the_council_has_its_own():
    theme("Chronologies").delete()
    assert load_default_themes() == []
    assert not LearningTheme.objects.filter(name="Chronologies").exists()
    LearningTheme.objects.all().delete()
    assert len(load_default_themes()) == len(DEFAULT_THEMES)


@pytest.mark.parametrize("owner,raiser,expected", [
    ("practitioner", "team_leader", {"practitioner", "team_leader", "head"}),
    ("nqsw", "nqsw", {"nqsw", "team_leader", "head"}),
    ("team_leader", "head", {"team_leader", "head"}),
    ("outsider", "head", {"outsider", "head"}),  # raised by the head for someone elsewhere
])
def test_an_action_is_seen_by_those_who_see_its_owner_or_the_person_who_raised_it(cast, owner, raiser, expected):
    action = ActionFactory(owner=getattr(cast, owner), raised_by=getattr(cast, raiser))
    assert {who for who in CAST if action in seen_by(cast, who, Action.objects)} == expected


def test_administrators_see_every_action(cast):
    action = ActionFactory(owner=cast.outsider, raised_by=cast.outsider)
    admin = UserFactory(username="administrator", is_superuser=True, is_staff=True)
    assert action in Action.objects.visible_to(admin)


def test_overdue_is_read_from_the_due_date_on_the_day_asked(cast):
    running = ActionFactory(owner=cast.practitioner)
    started = ActionFactory(owner=cast.practitioner, status=Status.IN_PROGRESS, due_on=today() - timedelta(days=1))
    late = ActionFactory(owner=cast.practitioner, late=True)
    due_today = ActionFactory(owner=cast.practitioner, due_on=today())
    done = ActionFactory(owner=cast.practitioner, done=True, due_on=today() - timedelta(days=9))
    assert set(Action.objects.open()) == {running, started, late, due_today}
    assert set(Action.objects.overdue(today())) == {started, late}
    assert set(Action.objects.overdue(today() + timedelta(days=1))) == {started, late, due_today}
    assert set(Action.objects.overdue(today() - timedelta(days=2))) == {late}
    assert done not in Action.objects.open()
    expected = {running: State.OPEN, started: State.OVERDUE, late: State.OVERDUE, due_today: State.OPEN,
                done: State.DONE}
    for action, state in expected.items():  # the instance and the query state one rule
        assert action.state(today()) == state and action.is_overdue(today()) == (state == State.OVERDUE)
        assert set(Action.objects.filter(state_condition(state, today()))) == {a for a, s in expected.items()
                                                                                if s == state}
    assert set(Action.objects.in_state(State.IN_PROGRESS, today() - timedelta(days=3))) == {started}


def test_team_actions_are_those_of_the_people_i_see_not_mine(cast):
    mine = ActionFactory(owner=cast.team_leader)
    theirs = ActionFactory(owner=cast.practitioner)
    elsewhere = ActionFactory(owner=cast.outsider, raised_by=cast.team_leader)
    assert set(Action.objects.in_team_of(cast.team_leader.user)) == {theirs}
    assert set(Action.objects.in_team_of(cast.head.user)) == {theirs, mine}
    assert elsewhere not in Action.objects.in_team_of(cast.head.user)


def test_only_the_owner_updates_progress(cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)
    assert {who for who in CAST if action.may_update(getattr(cast, who).user)} == {"practitioner"}


def test_the_raiser_or_a_manager_above_the_owner_edits(cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.nqsw)
    assert {who for who in CAST if action.may_edit(getattr(cast, who).user)} == {"nqsw", "team_leader", "head"}


def test_who_may_raise_actions(cast):
    from audits.tests.factories import AuditFactory

    assert {who for who in CAST if Action.may_raise(getattr(cast, who).user)} == {"team_leader", "head"}
    audit = AuditFactory(auditor=cast.nqsw, case_holder=cast.practitioner)
    assert {who for who in CAST if Action.may_raise(getattr(cast, who).user, audit)} == {"nqsw", "team_leader", "head"}
    without_staff = UserFactory(username="visitor")
    assert not Action.may_raise(without_staff) and not Action.may_raise(without_staff, audit)


def test_done_needs_evidence_and_a_date(cast):
    action = ActionFactory.build(owner=cast.practitioner, raised_by=cast.team_leader, status=Status.DONE)
    with pytest.raises(ValidationError):
        action.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()


def test_recording_progress_then_done_keeps_history(cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)
    user = cast.practitioner.user
    action.record_progress(acting_user=user, status=Status.IN_PROGRESS, evidence="Started", completed_on=None)
    assert (action.status, action.evidence) == (Status.IN_PROGRESS, "Started")
    action.record_progress(acting_user=user, status=Status.DONE, evidence="Chronology updated", completed_on=today())
    assert (action.status, action.completed_on) == (Status.DONE, today())
    latest = action.history.first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (Status.DONE, user, "marked done")
    with pytest.raises(ValidationError):
        action.record_progress(acting_user=user, status=Status.IN_PROGRESS, evidence="", completed_on=None)


def test_an_overdue_action_stays_overdue_while_in_progress(cast):
    action = ActionFactory(owner=cast.practitioner, late=True)
    action.record_progress(acting_user=cast.practitioner.user, status=Status.IN_PROGRESS, evidence="Half done",
                           completed_on=None)
    assert (action.status, action.evidence) == (Status.IN_PROGRESS, "Half done")
    assert action.state(today()) == State.OVERDUE


def test_a_later_due_date_runs_an_overdue_action_again(cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader, late=True)
    action.revise(acting_user=cast.team_leader.user, due_on=today() + timedelta(days=7))
    assert action.state(today()) == State.OPEN
    started = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader, late=True)
    started.record_progress(acting_user=cast.practitioner.user, status=Status.IN_PROGRESS, evidence="",
                            completed_on=None)
    assert started.state(today()) == State.OVERDUE
    started.revise(acting_user=cast.team_leader.user, due_on=today() + timedelta(days=7))
    assert started.state(today()) == State.IN_PROGRESS


def test_revising_changes_themes_with_history(cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)
    action.revise(acting_user=cast.team_leader.user, description="Visit within 10 days",
                  themes=[theme("Planning")])
    action.refresh_from_db()
    assert action.description == "Visit within 10 days"
    assert [t.name for t in action.themes.all()] == ["Planning"]
    reasons = [h.history_change_reason for h in action.history.order_by("history_id")]
    assert reasons[-2:] == ["changed", "learning themes changed"]
    assert [t.learningtheme.name for t in action.history.first().themes.all()] == ["Planning"]


def test_a_record_has_one_plan(cast):
    from audits.tests.factories import AuditFactory

    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    plan = plan_for(audit, title="Plan", acting_user=cast.team_leader.user)
    assert plan_for(audit, title="Another", acting_user=cast.head.user) == plan
    assert (plan.source, plan.created_by, plan.history.count()) == (audit, cast.team_leader.user, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlan.objects.create(title="Twice", source=audit)


def test_a_plan_belongs_to_a_record_or_a_theme():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlan.objects.create(title="Of nothing")
    with pytest.raises(ValidationError):
        ActionPlan(title="Of nothing").full_clean()


def test_who_sees_a_plan(cast):
    from audits.tests.factories import AuditFactory

    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    plan = plan_for(audit, title="Plan", acting_user=cast.team_leader.user)
    assert {who for who in CAST if plan in seen_by(cast, who, ActionPlan.objects)} == {"team_leader"}
    ActionFactory(plan=plan, owner=cast.practitioner, raised_by=cast.team_leader)
    assert {who for who in CAST if plan in seen_by(cast, who, ActionPlan.objects)} == {
        "practitioner", "team_leader", "head"}
    themed = ThemePlanFactory()
    assert all(themed in seen_by(cast, who, ActionPlan.objects) for who in CAST)
