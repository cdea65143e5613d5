"""Changing an observation and saying when the feedback was given: only the observer (403 for
others who see it, 404 for the rest), refusals keep what was typed, every change has its history,
and no change completes a duty again."""

from datetime import date

import pytest

from observations.models import Setting
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 12)
CAST = ["practitioner", "nqsw", "team_leader", "head", "outsider"]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("observations.views._today", lambda: TODAY)


def edit_data(observation, **fields) -> dict:
    day = observation.observed_on
    return {
        "practitioner": observation.practitioner_id, "observed_on_0": day.day, "observed_on_1": day.month,
        "observed_on_2": day.year, "setting": observation.setting, "went_well": observation.went_well,
        "to_develop": observation.to_develop, "feedback_given_on_0": "", "feedback_given_on_1": "",
        "feedback_given_on_2": "", **fields,
    }


@pytest.mark.parametrize("page", ["edit", "feedback"])
def test_only_the_observer_changes_it(client, cast, observations, page):
    path = f"/observations/{observations['practitioner'].pk}/{page}/"
    seen = {}
    for who in CAST:
        client.force_login(getattr(cast, who).user)
        seen[who] = client.get(path).status_code
    # The practitioner and the head see it but may not change it; the others do not see it.
    assert seen == {"practitioner": 403, "nqsw": 404, "team_leader": 200, "head": 403, "outsider": 404}
    client.force_login(cast.head.user)
    assert client.post(path, {"feedback_given_on_0": "1", "feedback_given_on_1": "5",
                              "feedback_given_on_2": "2026"}).status_code == 403


def test_the_observer_corrects_it_with_history(client, cast, observations):
    observation = observations["practitioner"]
    client.force_login(cast.team_leader.user)
    form = client.get(f"/observations/{observation.pk}/edit/").context["form"]
    assert form.initial["practitioner"] == cast.practitioner.pk and form.initial["setting"] == Setting.HOME_VISIT
    response = client.post(f"/observations/{observation.pk}/edit/",
                           edit_data(observation, setting="court", to_develop="Keep the statement short",
                                     feedback_given_on_0="22", feedback_given_on_1="4", feedback_given_on_2="2026"))
    assert response.status_code == 302 and response.url == observation.get_absolute_url()
    observation.refresh_from_db()
    assert (observation.setting, observation.to_develop, observation.feedback_given_on) == (
        Setting.COURT, "Keep the statement short", date(2026, 4, 22))
    latest = observation.history.first()
    assert (latest.history_type, latest.history_change_reason, latest.history_user) == (
        "~", "changed", cast.team_leader.user)


def test_a_refused_change_keeps_what_was_typed_and_changes_nothing(client, cast, observations):
    observation = observations["practitioner"]
    client.force_login(cast.team_leader.user)
    response = client.post(f"/observations/{observation.pk}/edit/",
                           edit_data(observation, went_well="", to_develop="Rewritten, not yet saved"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"went_well": ["Enter what went well"]}
    text = response.content.decode()
    assert "<title>Error: " in text and "Rewritten, not yet saved</textarea>" in text
    assert "Change the observation" in text and "Practitioner, 20 April 2026" in text
    observation.refresh_from_db()
    assert observation.to_develop == "Record the child's own words." and observation.history.count() == 1


def test_a_change_completes_no_duty(client, cast, observations):
    ResponsibilityFactory(ref="R54", role=cast.team_leader_role, task="Observe a child protection conference",
                          frequency="quarterly", strand="observation", record="observation:cp_conference")
    plan_duties(TODAY)
    observation = observations["practitioner"]
    client.force_login(cast.team_leader.user)
    client.post(f"/observations/{observation.pk}/edit/", edit_data(observation, setting="cp_conference"))
    observation.refresh_from_db()
    assert observation.setting == Setting.CP_CONFERENCE
    assert not Duty.objects.filter(status=Status.DONE).exists()


def test_the_practitioner_observed_stays_a_choice_after_they_leave(client, cast, observations):
    observation = observations["practitioner"]
    cast.practitioner.left_on = date(2026, 4, 30)
    cast.practitioner.save()
    client.force_login(cast.team_leader.user)
    choices = client.get(f"/observations/{observation.pk}/edit/").context["form"].fields["practitioner"].queryset
    assert cast.practitioner in choices
    assert client.get("/observations/new/").context["form"].fields["practitioner"].queryset.filter(
        pk=cast.practitioner.pk).count() == 0


def test_the_observer_records_when_feedback_was_given(client, cast, observations):
    observation = observations["practitioner"]
    client.force_login(cast.team_leader.user)
    page = client.get(f"/observations/{observation.pk}/feedback/")
    assert page.context["form"].initial["feedback_given_on"] == TODAY
    response = client.post(f"/observations/{observation.pk}/feedback/",
                           {"feedback_given_on_0": "24", "feedback_given_on_1": "4", "feedback_given_on_2": "2026"},
                           follow=True)
    assert response.redirect_chain == [(observation.get_absolute_url(), 302)]
    observation.refresh_from_db()
    assert observation.feedback_given_on == date(2026, 4, 24)
    assert observation.history.first().history_change_reason == "feedback given"
    assert "24 April 2026" in response.content.decode()


@pytest.mark.parametrize("day, error", [
    (("", "", ""), "Enter the date feedback was given"),
    (("19", "4", "2026"), "The date feedback was given must be on or after the date observed"),
    (("13", "5", "2026"), "The date feedback was given must be today or in the past"),
    (("30", "2", "2026"), "Enter a real date, for example 27 3 2026"),
    (("24", "4", ""), "Enter the year"),
])
def test_a_refused_feedback_date_keeps_what_was_typed(client, cast, observations, day, error):
    observation = observations["practitioner"]
    client.force_login(cast.team_leader.user)
    response = client.post(f"/observations/{observation.pk}/feedback/",
                           dict(zip(["feedback_given_on_0", "feedback_given_on_1", "feedback_given_on_2"], day,
                                    strict=True)))
    assert response.status_code == 200
    assert response.context["form"].errors["feedback_given_on"] == [error]
    text = response.content.decode()
    assert "<title>Error: " in text and error in text
    if day[0]:
        assert f'name="feedback_given_on_0" value="{day[0]}"' in text
    observation.refresh_from_db()
    assert observation.feedback_given_on is None
