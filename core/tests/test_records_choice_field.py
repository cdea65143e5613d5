"""RecordsChoiceField: several records chosen by id; an id no row could have is the field's own
error, not a database error (a 20-digit id made the database refuse the query: a 500)."""

import pytest
from django import forms

from core.fields import LARGEST_KEY, RecordsChoiceField
from people.models import Team
from people.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


class TeamsForm(forms.Form):
    teams = RecordsChoiceField(queryset=Team.objects.all(), required=False,
                               error_messages={"invalid_choice": "Select teams from the list"})


@pytest.mark.parametrize("given", ["99999999999999999999", str(LARGEST_KEY + 1), "9" * 1_000_000, "²", "①", "-1", "0",
                                   "x", "1.5", "\x00", ""])
def test_an_id_no_row_could_have_is_refused_beside_the_field(given):
    TeamFactory()
    form = TeamsForm({"teams": [given]})
    assert not form.is_valid() and form.errors["teams"] == ["Select teams from the list"]


def test_real_ids_are_chosen_and_one_not_among_them_is_refused():
    first, second = TeamFactory(), TeamFactory()
    form = TeamsForm({"teams": [str(first.pk), str(second.pk)]})
    assert form.is_valid() and set(form.cleaned_data["teams"]) == {first, second}
    assert not TeamsForm({"teams": [str(second.pk + 1000)]}).is_valid()
    assert not TeamsForm({"teams": [str(LARGEST_KEY)]}).is_valid()  # as large as a row's id may be: not found
