"""Who sees which observation, who may change it and who raises the actions it calls for."""

import pytest

from observations.models import Observation, Setting, observes_as_manager, setting_for_kind
from people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def visible(cast, who) -> set[str]:
    user = getattr(cast, who).user if isinstance(who, str) else who
    return set(Observation.objects.visible_to(user).values_list("practitioner__user__username", flat=True))


def test_each_sees_the_observations_made_by_or_of_someone_they_may_see(cast, observations):
    assert visible(cast, "practitioner") == {"practitioner"}  # of their own practice
    assert visible(cast, "nqsw") == {"nqsw"}
    assert visible(cast, "team_leader") == {"practitioner", "nqsw", "team_leader"}  # theirs, and of them
    assert visible(cast, "head") == {"practitioner", "nqsw", "team_leader"}
    assert visible(cast, "outsider") == {"outsider"}
    assert visible(cast, UserFactory(username="admin", is_superuser=True)) == {
        "practitioner", "nqsw", "team_leader", "outsider"}
    assert visible(cast, UserFactory(username="nobody")) == set()


@pytest.mark.parametrize("who, may_edit, may_raise", [
    ("practitioner", False, False),
    ("nqsw", False, False),
    ("team_leader", True, True),  # the observer
    ("head", False, True),  # a manager of the practitioner
    ("outsider", False, False),
])
def test_who_may_change_it_and_raise_its_actions(cast, observations, who, may_edit, may_raise):
    observation = observations["practitioner"]
    user = getattr(cast, who).user
    assert observation.may_edit(user) is may_edit
    assert observation.may_raise_actions(user) is may_raise


def test_a_duty_opens_the_form_at_its_setting():
    assert setting_for_kind("observation:cp_conference") == Setting.CP_CONFERENCE
    assert setting_for_kind("observation:lac_review") == setting_for_kind("observation:iro") == Setting.LAC_REVIEW
    assert setting_for_kind("observation:practice") is None
    assert Setting.HOME_VISIT.record_kind == Setting.COURT.record_kind == "observation:practice"
    assert Setting.CP_CONFERENCE.record_kind == "observation:cp_conference"


def test_team_leader_or_above(cast, today):
    assert observes_as_manager(cast.team_leader, cast.practitioner, today)  # their line manager
    assert observes_as_manager(cast.head, cast.practitioner, today)  # further up the line, and overseeing
    assert observes_as_manager(cast.head, cast.outsider, today)  # holds a role that oversees staff
    assert not observes_as_manager(cast.team_leader, cast.outsider, today)  # a team leader of others
    assert not observes_as_manager(cast.nqsw, cast.practitioner, today)
    assert not observes_as_manager(cast.practitioner, cast.team_leader, today)  # below, not above
    assert not observes_as_manager(cast.head, cast.head, today)


def test_its_page_and_its_name(observations):
    observation = observations["practitioner"]
    assert observation.get_absolute_url() == f"/observations/{observation.pk}/"
    assert str(observation) == "Observation of Practitioner (home visit), 20 April 2026"
