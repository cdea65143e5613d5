"""The observer with an observation open in two tabs: a save from the older tab is refused with
what changed, and nothing saved in the other tab is lost."""

from datetime import date

import pytest

from core.tests.page_forms import form_data, opened, save_from_two_tabs
from observations.models import Observation, Setting

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 12)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("observations.views._today", lambda: TODAY)


@pytest.fixture
def tabs(client, cast):
    """The observer (the team leader), signed in in two tabs."""
    other = client.__class__()
    for tab in (client, other):
        tab.force_login(cast.team_leader.user)
    return client, other


def test_changes_from_two_tabs_both_stay(tabs, observations):
    observation = observations["practitioner"]
    refused = save_from_two_tabs(
        f"/observations/{observation.pk}/edit/",
        *tabs,
        first_change={"to_develop": "Keep the statement short"},
        second_change={"setting": Setting.COURT},
    )
    assert "What to develop (optional)</a>: now “Keep the statement short”" in refused.content.decode()
    observation = Observation.objects.get(pk=observation.pk)
    assert (observation.to_develop, observation.setting) == ("Keep the statement short", Setting.COURT)


def test_a_feedback_date_from_an_older_tab_is_refused_then_saved_on_purpose(tabs, observations):
    # The page has one field: both tabs change it, so the second is told and saves again on purpose.
    observation = observations["practitioner"]
    url = f"/observations/{observation.pk}/feedback/"
    first, second = tabs
    firsts_tab, seconds_tab = opened(first, url), opened(second, url)
    firsts_tab.update(feedback_given_on_0=["22"], feedback_given_on_1=["4"], feedback_given_on_2=["2026"])
    assert first.post(url, firsts_tab).status_code == 302
    seconds_tab.update(feedback_given_on_0=["24"], feedback_given_on_1=["4"], feedback_given_on_2=["2026"])
    refused = second.post(url, seconds_tab)
    text = refused.content.decode()
    assert refused.status_code == 200 and "nothing was saved" in text
    assert "Date feedback was given</a>: now “22 April 2026”" in text and "You changed it too" in text
    assert Observation.objects.get(pk=observation.pk).feedback_given_on == date(2026, 4, 22)
    assert second.post(url, form_data(refused)).status_code == 302
    assert Observation.objects.get(pk=observation.pk).feedback_given_on == date(2026, 4, 24)
