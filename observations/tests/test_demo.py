"""The demo council's observations (people.demo.seed_demo calls seed_observations): made through
the action, so that they complete the duties they count for, and seen by the people they are about.

Seeding takes seconds, so the council is seeded once for this module inside a transaction that is
rolled back at the end (as people/tests/test_seed_demo.py does)."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings

from observations.demo import PLAN
from observations.models import Observation, Setting
from qaportal.demo import seed_demo
from schedule.models import Duty, Status

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            lines = []
            seed_demo(TODAY, log=lines.append)
            yield [line for line in lines if "bservation" in line]
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def completed_by_observations():
    return Duty.objects.filter(record_type=ContentType.objects.get_for_model(Observation), status=Status.DONE)


def test_every_planned_observation_is_made_by_someone_of_someone_else(council):
    assert Observation.objects.count() == len(PLAN)
    assert council[-1].startswith(f"Observations: {len(PLAN)} made")
    assert not [line for line in council if "skipped" in line]
    for observation in Observation.objects.select_related("observer__user"):
        assert observation.observer_id != observation.practitioner_id
        assert observation.observed_on <= TODAY
        assert observation.feedback_given_on is None or observation.observed_on <= observation.feedback_given_on
        created = observation.history.earliest()
        assert (created.history_change_reason, created.history_user) == ("recorded", observation.observer.user)


def test_the_observations_complete_duties(council):
    refs = set(completed_by_observations().values_list("responsibility__ref", flat=True))
    # The coverage of practitioners (R59) and of IROs (R69), and someone's own observation duties.
    assert {"R59", "R69"} <= refs
    assert refs & {"R11", "R17", "R26", "R34", "R39", "R54", "R55"}


def test_the_team_leader_observed_aisha_and_she_sees_it(council, client):
    observation = Observation.objects.get(observer__user__username="rebecca.thompson",
                                          practitioner__user__username="aisha.rahman")
    assert observation.setting == Setting.HOME_VISIT and observation.feedback_given_on
    aisha = observation.practitioner.user
    assert Observation.objects.visible_to(aisha).filter(pk=observation.pk).exists()
    client.force_login(aisha)
    assert client.get(observation.get_absolute_url()).status_code == 200
