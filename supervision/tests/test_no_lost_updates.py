"""The supervisor or appraiser with a session or a PDR open in two tabs: a save from the older tab
is refused with what changed, and nothing saved in the other tab is lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.periods import local_date
from core.tests.page_forms import save_from_two_tabs
from supervision.models import PDR, Kind, SupervisionSession

from .factories import PDRFactory, SessionFactory

pytestmark = pytest.mark.django_db


def today():
    return local_date(timezone.now())


@pytest.fixture
def tabs(client, cast):
    """The team leader, signed in in two tabs."""
    other = client.__class__()
    for tab in (client, other):
        tab.force_login(cast.team_leader.user)
    return client, other


def test_a_sessions_notes_and_kind_changed_in_two_tabs_both_stay(tabs, cast):
    session = SessionFactory(
        supervisor=cast.team_leader, supervisee=cast.practitioner, held_on=today() - timedelta(days=20)
    )
    refused = save_from_two_tabs(
        f"/supervision/{session.pk}/edit/",
        *tabs,
        first_change={"notes": "Agreed a chronology workshop"},
        second_change={"kind": Kind.REFLECTIVE},
    )
    assert "QA notes (optional)</a>: now “Agreed a chronology workshop”" in refused.content.decode()
    session = SupervisionSession.objects.get(pk=session.pk)
    assert (session.notes, session.kind) == ("Agreed a chronology workshop", Kind.REFLECTIVE)


def test_a_pdrs_date_and_summary_changed_in_two_tabs_both_stay(tabs, cast):
    pdr = PDRFactory(appraiser=cast.team_leader, appraisee=cast.practitioner, held_on=today())
    day = today() - timedelta(days=2)
    refused = save_from_two_tabs(
        f"/supervision/pdrs/{pdr.pk}/edit/",
        *tabs,
        first_change={"held_on_0": str(day.day), "held_on_1": str(day.month), "held_on_2": str(day.year)},
        second_change={"summary": "A strong year: ready for senior practitioner"},
    )
    assert f"Date of the PDR</a>: now “{day:%-d %B %Y}”" in refused.content.decode()
    pdr = PDR.objects.get(pk=pdr.pk)
    assert (pdr.held_on, pdr.summary) == (day, "A strong year: ready for senior practitioner")
