"""An observation's page: 404 for who may not see it, what it shows the observer, the practitioner
and their managers (its feedback, the duties it completed, its actions, its history), and the
same number of queries however much it has."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import Action, Level
from learning.plans import raise_action
from observations.actions import change_observation, record_observation
from observations.models import Setting
from people.tests.factories import UserFactory
from schedule.models import AppliesTo
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db

CAST = ["practitioner", "nqsw", "team_leader", "head", "outsider"]


def status_for(client, who, path) -> int:
    client.force_login(who.user)
    return client.get(path).status_code


@pytest.mark.parametrize("which, seen_by", [
    ("practitioner", {"practitioner", "team_leader", "head"}),
    ("nqsw", {"nqsw", "team_leader", "head"}),
    ("team_leader", {"team_leader", "head"}),
    ("elsewhere", {"outsider"}),
])
def test_who_sees_an_observation(client, cast, observations, which, seen_by):
    path = observations[which].get_absolute_url()
    seen = {who: status_for(client, getattr(cast, who), path) for who in CAST}
    assert seen == {who: 200 if who in seen_by else 404 for who in CAST}


def test_nobody_sees_what_is_not_there_and_everyone_must_sign_in(client, cast, observations):
    assert status_for(client, cast.head, "/observations/999999/") == 404
    client.logout()
    response = client.get(observations["practitioner"].get_absolute_url())
    assert response.status_code == 302 and response.url.startswith("/sign-in/")


def test_an_administrator_sees_every_observation_but_changes_none(client, cast, observations):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    observation = observations["elsewhere"]
    assert client.get(observation.get_absolute_url()).status_code == 200
    assert client.get(f"/observations/{observation.pk}/edit/").status_code == 403


def test_the_observer_sees_the_feedback_and_may_change_it(client, cast, observations):
    observation = observations["practitioner"]
    client.force_login(cast.team_leader.user)
    text = client.get(observation.get_absolute_url()).content.decode()
    assert "Observation of Practitioner" in text and "Home visit" in text and "20 April 2026" in text
    assert observation.went_well in text and "Record the child&#x27;s own words." in text
    assert f'href="/observations/{observation.pk}/edit/"' in text
    assert f'href="/observations/{observation.pk}/feedback/"' in text and "Not given yet" in text
    assert "in their next supervision" in text and "PDR" in text


def test_the_practitioner_reads_the_observation_of_their_practice(client, cast, observations):
    observation = observations["practitioner"]
    client.force_login(cast.practitioner.user)
    response = client.get(observation.get_absolute_url())
    text = response.content.decode()
    assert "Observation of your practice" in text and observation.went_well in text
    assert "discussed with you in your next supervision" in text
    assert "/edit/" not in text and "/feedback/" not in text and "Add an action" not in text


@pytest.fixture
def recorded(cast, today):
    """The team leader's observation, made through the action, completing their duty late."""
    ResponsibilityFactory(ref="R17", role=cast.team_leader_role, task="Practice review observation",
                          frequency="quarterly", strand="observation", record="observation:practice")
    ResponsibilityFactory(ref="R59", role=cast.head_role, task="Every practitioner observed",
                          frequency="financial_year", applies_to=AppliesTo.PRACTITIONERS, strand="observation",
                          record="observation:practitioner")
    plan_duties(today)
    plan_duties(date(2026, 7, 2))  # the first quarter's duty is now overdue
    observation, done = record_observation(  # an observation of June, recorded in July
        acting_user=cast.team_leader.user, practitioner=cast.practitioner, observed_on=date(2026, 6, 26),
        setting=Setting.HOME_VISIT, went_well="Calm and clear", to_develop="Use the genogram",
    )
    assert len(done) == 2
    return observation


def test_the_page_lists_the_duties_it_completed_with_the_late_one_marked(client, cast, recorded):
    client.force_login(cast.team_leader.user)
    response = client.get(recorded.get_absolute_url())
    text = response.content.decode()
    assert [d.responsibility.ref for d in response.context["duties"]] == ["R17", "R59"]
    assert "Practice review observation" in text and "Done late" in text
    # The practitioner sees the coverage duty about them, not their team leader's own duty.
    client.force_login(cast.practitioner.user)
    assert [d.responsibility.ref for d in client.get(recorded.get_absolute_url()).context["duties"]] == ["R59"]


def test_the_page_shows_its_history(client, cast, recorded):
    change_observation(recorded, acting_user=cast.team_leader.user, to_develop="Use the genogram more")
    client.force_login(cast.practitioner.user)
    response = client.get(recorded.get_absolute_url())
    assert [(h.history_change_reason, h.history_user) for h in response.context["history"]] == [
        ("changed", cast.team_leader.user), ("recorded", cast.team_leader.user)]
    assert response.content.decode().count(">Team Leader</td>") == 2


@pytest.mark.parametrize("who, can_add", [("team_leader", True), ("head", True), ("practitioner", False)])
def test_actions_from_an_observation(client, cast, observations, who, can_add):
    observation = observations["practitioner"]
    raise_action(acting_user=cast.team_leader.user, source=observation, owner=cast.practitioner,
                 level=Level.CASEWORK, description="Update the genogram on CR-1234",
                 due_on=date(2026, 6, 1))
    client.force_login(getattr(cast, who).user)
    response = client.get(observation.get_absolute_url())
    text = response.content.decode()
    assert [str(a) for a in response.context["actions"]] == ["Update the genogram on CR-1234"]
    assert ("Add an action" in text) is can_add
    link = f"/learning/actions/new/?source=observations.observation:{observation.pk}"
    assert (link in text) is can_add


def test_an_action_raised_from_the_page_joins_its_plan_and_comes_back(client, cast, observations):
    observation = observations["practitioner"]
    client.force_login(cast.team_leader.user)
    due = date.today() + timedelta(days=30)
    response = client.post(f"/learning/actions/new/?source=observations.observation:{observation.pk}", {
        "description": "Shadow a senior on a home visit", "owner": cast.practitioner.pk, "level": "casework",
        "due_on_0": due.day, "due_on_1": due.month, "due_on_2": due.year,
    })
    assert response.status_code == 302 and response.url == observation.get_absolute_url()
    assert Action.objects.get().plan.source == observation


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_queries_are_the_same_however_much_the_page_has(client, cast, recorded):
    path = recorded.get_absolute_url()
    client.force_login(cast.head.user)
    few = queries(client, path)
    for n in range(10):
        change_observation(recorded, acting_user=cast.team_leader.user, to_develop=f"Change {n}")
        raise_action(acting_user=cast.head.user, source=recorded, owner=cast.practitioner, level=Level.CASEWORK,
                     description=f"Action {n}", due_on=date(2026, 8, 1))
    client.force_login(cast.head.user)
    assert queries(client, path) == few
