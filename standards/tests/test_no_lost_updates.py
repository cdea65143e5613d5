"""A standard's owner and a library keeper change it from pages opened at the same time: the later
save is refused with what changed, and both changes end up saved (no file is uploaded)."""

import pytest

from core.tests.page_forms import save_from_two_tabs
from standards.models import Standard

from .conftest import give, login
from .factories import StandardFactory

pytestmark = pytest.mark.django_db


def test_the_owner_and_a_keeper_change_one_standard_and_both_changes_stay(client, cast):
    standard = StandardFactory(owner=cast.team_leader, code="chronologies", summary="")
    give(cast.head, "change_standard")
    refused = save_from_two_tabs(
        f"/standards/{standard.pk}/edit/",
        login(client, cast.team_leader),
        login(client.__class__(), cast.head),
        first_change={"summary": "How to keep a child's chronology"},
        second_change={"title": "Chronologies practice standard"},
    )
    assert "What it covers (optional)</a>: now “How to keep a child&#x27;s chronology”" in refused.content.decode()
    standard = Standard.objects.get(pk=standard.pk)
    assert (standard.summary, standard.title, standard.version) == (
        "How to keep a child's chronology",
        "Chronologies practice standard",
        "1.0",
    )
