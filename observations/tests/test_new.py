"""Recording an observation on its page: who may, whom they may observe, the setting a duty's link
starts with, what it refuses (keeping everything typed) and the duties it completes."""

import re
from datetime import date

import pytest

from observations.models import Observation, Setting
from people.models import Agency, StaffMember
from people.tests.factories import StaffMemberFactory, UserFactory
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.records import KINDS
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 12)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("observations.views._today", lambda: TODAY)


def checked(value: str, text: str) -> bool:
    return re.search(rf'value="{value}"\s+checked', text) is not None


def post_data(practitioner, **fields) -> dict:
    return {
        "practitioner": practitioner.pk, "observed_on_0": "6", "observed_on_1": "5", "observed_on_2": "2026",
        "setting": "home_visit", "went_well": "Warm and clear with the family", "to_develop": "Use the genogram",
        "feedback_given_on_0": "", "feedback_given_on_1": "", "feedback_given_on_2": "", **fields,
    }


def test_the_team_leader_records_an_observation_which_completes_their_duty(client, cast):
    ResponsibilityFactory(ref="R17", role=cast.team_leader_role, task="Practice review observation",
                          frequency="quarterly", strand="observation", record="observation:practice")
    plan_duties(TODAY)
    client.force_login(cast.team_leader.user)
    response = client.post("/observations/new/", post_data(cast.practitioner), follow=True)
    observation = Observation.objects.get()
    assert response.redirect_chain == [(observation.get_absolute_url(), 302)]
    assert (observation.observer, observation.practitioner, observation.observed_on, observation.setting) == (
        cast.team_leader, cast.practitioner, date(2026, 5, 6), Setting.HOME_VISIT)
    assert observation.feedback_given_on is None
    assert observation.history.get().history_user == cast.team_leader.user
    [message] = [str(m) for m in response.context["messages"]]
    assert message == "Observation saved. This completed: Practice review observation"
    duty = Duty.objects.get(responsibility__ref="R17", period_start=date(2026, 4, 1))
    assert (duty.status, duty.record) == (Status.DONE, observation)


def test_my_duties_links_to_the_page_with_the_setting_chosen(client, cast):
    assert KINDS["observation:cp_conference"].url() == "/observations/new/?kind=observation:cp_conference"
    client.force_login(cast.head.user)
    for kind, setting in [("observation:cp_conference", "cp_conference"), ("observation:iro", "lac_review"),
                          ("observation:practice", None)]:
        form = client.get(f"/observations/new/?kind={kind}").context["form"]
        assert form.initial.get("setting") == setting
    form = client.get(f"/observations/new/?practitioner={cast.nqsw.pk}&setting=court").context["form"]
    assert (form.initial["practitioner"], form.initial["setting"]) == (cast.nqsw.pk, "court")
    text = client.get("/observations/new/?kind=observation:lac_review").content.decode()
    assert checked("lac_review", text)


def test_whom_one_may_record_observing(client, cast):
    leaver = StaffMemberFactory(team=cast.team_a, line_manager=cast.team_leader, left_on=date(2026, 3, 31))
    client.force_login(cast.team_leader.user)
    choices = client.get("/observations/new/").context["form"].fields["practitioner"].queryset
    assert set(choices) == {cast.practitioner, cast.nqsw}  # not themselves, the leaver or others' people
    client.force_login(cast.head.user)
    choices = client.get("/observations/new/").context["form"].fields["practitioner"].queryset
    assert set(choices) == {cast.team_leader, cast.practitioner, cast.nqsw}
    assert leaver not in choices


def test_someone_with_nobody_to_observe_is_told_so(client, cast):
    client.force_login(cast.practitioner.user)
    response = client.get("/observations/new/")
    assert response.status_code == 200 and response.context["nobody"]
    assert "There is nobody for you to observe" in response.content.decode()
    response = client.post("/observations/new/", post_data(cast.outsider))
    assert response.context["form"].errors["practitioner"] and not Observation.objects.exists()


def test_without_a_staff_record_or_from_a_partner_agency_one_records_nothing(client, cast):
    client.force_login(UserFactory(username="admin", is_superuser=True))
    assert client.get("/observations/new/").status_code == 403
    partner = StaffMemberFactory(agency=Agency.objects.create(name="Northshire Police", kind="police"))
    client.force_login(partner.user)
    assert client.post("/observations/new/", post_data(cast.practitioner)).status_code == 404  # not theirs to open
    assert not Observation.objects.exists()


@pytest.mark.parametrize("fields, field, error", [
    ({"practitioner": ""}, "practitioner", "Select the practitioner observed"),
    ({"observed_on_0": "", "observed_on_1": "", "observed_on_2": ""}, "observed_on", "Enter the date observed"),
    ({"observed_on_0": "31", "observed_on_1": "2"}, "observed_on", "Enter a real date, for example 27 3 2026"),
    ({"observed_on_0": "13"}, "observed_on", "The date observed must be today or in the past"),
    ({"setting": ""}, "setting", "Select where the practice was observed"),
    ({"went_well": "   "}, "went_well", "Enter what went well"),
    ({"feedback_given_on_0": "5", "feedback_given_on_1": "5", "feedback_given_on_2": "2026"}, "feedback_given_on",
     "The date feedback was given must be on or after the date observed"),
    ({"feedback_given_on_0": "20", "feedback_given_on_1": "5", "feedback_given_on_2": "2026"}, "feedback_given_on",
     "The date feedback was given must be today or in the past"),
])
def test_a_refused_observation_keeps_everything_typed(client, cast, fields, field, error):
    client.force_login(cast.team_leader.user)
    data = {**post_data(cast.nqsw), "setting": "court", "went_well": "Well prepared for the hearing",
            "to_develop": "Keep the statement shorter", **fields}
    response = client.post("/observations/new/", data)
    assert response.status_code == 200 and not Observation.objects.exists()
    form = response.context["form"]
    assert form.errors[field] == [error]
    text = response.content.decode()
    assert "<title>Error: " in text and "There is a problem" in text and error in text
    if "observed_on_2" not in fields:
        assert 'name="observed_on_2" value="2026"' in text
    if "went_well" not in fields:
        assert "Well prepared for the hearing</textarea>" in text
    assert "Keep the statement shorter</textarea>" in text
    if "setting" not in fields:
        assert checked("court", text)
    if "practitioner" not in fields:
        assert f'value="{cast.nqsw.pk}" selected' in text


def test_the_feedback_date_may_be_given_with_the_observation(client, cast):
    client.force_login(cast.team_leader.user)
    client.post("/observations/new/", post_data(cast.nqsw, feedback_given_on_0="8", feedback_given_on_1="5",
                                                feedback_given_on_2="2026"))
    assert Observation.objects.get().feedback_given_on == date(2026, 5, 8)


def test_an_observation_of_oneself_cannot_be_forged(client, cast):
    client.force_login(cast.team_leader.user)
    response = client.post("/observations/new/", post_data(StaffMember.objects.get(pk=cast.team_leader.pk)))
    assert response.context["form"].errors["practitioner"] and not Observation.objects.exists()
