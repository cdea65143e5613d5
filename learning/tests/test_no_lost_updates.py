"""Two tabs on one action: the editor's change and the owner's progress are each saved from a page
opened before another save, refused with what changed, and nothing is overwritten."""

from datetime import timedelta

import pytest

from core.tests.page_forms import save_from_two_tabs
from learning.models import Action, Level, Status

from .factories import ActionFactory, today

pytestmark = pytest.mark.django_db


def signed_in(client, staff):
    client.force_login(staff.user)
    return client


def test_the_raiser_and_the_manager_change_one_action_and_both_changes_stay(client, cast):
    action = ActionFactory(owner=cast.practitioner, raised_by=cast.nqsw, description="Update the chronology")
    refused = save_from_two_tabs(
        f"/learning/actions/{action.pk}/edit/",
        signed_in(client, cast.nqsw),
        signed_in(client.__class__(), cast.head),
        first_change={"description": "Update the chronology on CR-777"},
        second_change={"level": Level.STRUCTURAL},
    )
    assert "What needs to be done?</a>: now “Update the chronology on CR-777”" in refused.content.decode()
    action = Action.objects.get(pk=action.pk)
    assert (action.description, action.level) == ("Update the chronology on CR-777", Level.STRUCTURAL)


def test_the_owner_updates_progress_from_two_tabs_and_loses_neither(client, cast):
    action = ActionFactory(
        owner=cast.practitioner,
        raised_by=cast.team_leader,
        status=Status.IN_PROGRESS,
        evidence="Started the chronology",
    )
    day = today() - timedelta(days=1)
    refused = save_from_two_tabs(
        f"/learning/actions/{action.pk}/progress/",
        signed_in(client, cast.practitioner),
        signed_in(client.__class__(), cast.practitioner),
        first_change={"evidence": "Chronology updated on CR-777"},
        second_change={
            "status": Status.DONE,
            "completed_on_0": str(day.day),
            "completed_on_1": str(day.month),
            "completed_on_2": str(day.year),
        },
    )
    assert "Progress and evidence</a>: now “Chronology updated on CR-777”" in refused.content.decode()
    action = Action.objects.get(pk=action.pk)
    assert (action.status, action.evidence, action.completed_on) == (Status.DONE, "Chronology updated on CR-777", day)
