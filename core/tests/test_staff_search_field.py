"""StaffSearchField: a filter's choice of one person, typed (a name or an id) instead of chosen
from a list of everyone, looked up in one query within the people the filter offers."""

import copy

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.fields import StaffSearchField, filter_helper
from people.models import StaffMember
from people.tests.factories import StaffMemberFactory, TeamFactory

pytestmark = pytest.mark.django_db


class PersonFilter(forms.Form):
    person = StaffSearchField(label="Person")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.helper = filter_helper("person")


class OldPersonFilter(forms.Form):
    """The select each filter had: a choice of every person."""

    person = forms.TypedChoiceField(label="Person", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Everyone"), *((p.id, p.name) for p in people)]


@pytest.fixture
def people():
    team_a, team_b = TeamFactory(name="Team A"), TeamFactory(name="Team B")
    return {
        "ann": StaffMemberFactory(name="Ann Lee", team=team_a),
        "anne": StaffMemberFactory(name="Anne Jones", team=team_b),
        "joanne": StaffMemberFactory(name="Joanne Smith", team=team_a),
        "bob": StaffMemberFactory(name="Bob Okafor", team=team_b),
        "hidden": StaffMemberFactory(name="Hidden Person", team=team_b),
    }


def offered(people):
    """The people the filter offers: all but the hidden one."""
    return StaffMember.objects.exclude(id=people["hidden"].id)


def cleaned(people, typed):
    form = PersonFilter({"person": typed}, people=offered(people))
    assert form.is_valid(), form.errors
    return form.cleaned_data["person"]


def error(people, typed) -> str:
    form = PersonFilter({"person": typed}, people=offered(people))
    assert not form.is_valid()
    return " ".join(form.errors["person"])


def test_an_id_is_the_person(people):
    assert cleaned(people, str(people["bob"].id)) == people["bob"].id


def test_the_cleaned_value_is_what_the_choice_field_gave(people):
    """An int id, None when blank: the views' filtering code reads it unchanged."""
    for typed in [str(people["bob"].id), ""]:
        new, old = (Form({"person": typed}, people=offered(people)) for Form in (PersonFilter, OldPersonFilter))
        assert new.is_valid() and old.is_valid()
        assert new.cleaned_data["person"] == old.cleaned_data["person"]
        assert type(new.cleaned_data["person"]) is type(old.cleaned_data["person"])


@pytest.mark.parametrize("typed", ["Ann Lee", "ann lee", "  ANN   LEE ", "Ann Lee (Team A)", "ann lee (team a)"])
def test_an_exact_name_in_any_case_is_the_person(people, typed):
    assert cleaned(people, typed) == people["ann"].id


def test_an_exact_name_wins_over_partial_matches(people):
    people["ann"].name = "Ann"
    people["ann"].save()
    assert cleaned(people, "ann") == people["ann"].id  # not Anne Jones, nor Joanne Smith


@pytest.mark.parametrize("typed,who", [("okaf", "bob"), ("JONES", "anne"), ("anne j", "anne")])
def test_one_partial_match_is_the_person(people, typed, who):
    assert cleaned(people, typed) == people[who].id


NOT_OFFERED = "The person chosen is not one you can filter by here: enter a name"


@pytest.mark.parametrize("typed", ["Zed", "Ann Lee (Team B)", " zed  ZED ", "x" * 300])
def test_nobody_is_an_error_beside_the_field(people, typed):
    shown = " ".join(typed.split())
    assert error(people, typed) == f"Nobody you can see is called ‘{shown}’"


@pytest.mark.parametrize("typed", ["999999999", "9" * 30])
def test_an_id_of_nobody_is_an_error_that_does_not_repeat_it(people, typed):
    assert error(people, typed) == NOT_OFFERED


def test_someone_outside_the_queryset_is_nobody_by_id_or_by_name(people):
    hidden = people["hidden"]
    assert error(people, str(hidden.id)) == NOT_OFFERED
    assert error(people, "Hidden Person") == "Nobody you can see is called ‘Hidden Person’"
    assert error(people, "hidden") == "Nobody you can see is called ‘hidden’"


def test_several_matches_ask_for_more_of_the_name(people):
    assert error(people, "ann") == "Enter more of the name: ‘ann’ matches Ann Lee, Anne Jones or Joanne Smith"


def test_several_of_one_name_are_listed_with_their_teams(people):
    StaffMemberFactory(name="Anne Jones", team=people["ann"].team)
    assert error(people, "ann") == ("Enter more of the name: ‘ann’ matches Ann Lee, Anne Jones (Team A), "
                                    "Anne Jones (Team B) or Joanne Smith")


def test_several_matches_list_five_and_others(people):
    team = TeamFactory(name="Team C")
    for n in range(7):
        StaffMemberFactory(name=f"Chris {n}", team=team)
    assert error(people, "chris") == ("Enter more of the name: ‘chris’ matches Chris 0, Chris 1, Chris 2, Chris 3, "
                                      "Chris 4 and others")


def test_two_people_of_one_name_are_told_apart_by_team(people):
    other = StaffMemberFactory(name="Ann Lee", team=people["anne"].team)
    assert error(people, "ann lee") == ("More than one person you can see is called ‘ann lee’: enter their name "
                                        "and team, for example Ann Lee (Team A)")
    assert cleaned(people, "Ann Lee (Team B)") == other.id
    assert cleaned(people, "Ann Lee (Team A)") == people["ann"].id


@pytest.mark.parametrize("typed", ["", "   "])
def test_blank_is_no_filter(people, typed):
    assert cleaned(people, typed) is None


def test_blank_and_unbound_forms_ask_nothing(people, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert PersonFilter({"person": ""}, people=offered(people)).is_valid()
        render_crispy_form(PersonFilter(people=StaffMember.objects.all()))


@pytest.mark.parametrize("many", [5, 200])
def test_one_query_however_many_people(people, many, django_assert_num_queries):
    """What was typed is looked up in one query; the queryset is never loaded, cleaned or drawn."""
    StaffMemberFactory.create_batch(many, team=people["ann"].team)
    for typed in ["Bob Okafor", "okaf", str(people["bob"].id), "Nobody Here", "staff member"]:
        form = PersonFilter({"person": typed}, people=StaffMember.objects.all())
        with CaptureQueriesContext(connection) as captured:
            form.is_valid()
            html = render_crispy_form(form)
        assert len(captured) == 1, [query["sql"] for query in captured]
        assert "LIMIT" in captured[0]["sql"]
        assert "<option" not in html


def test_it_renders_as_a_govuk_text_input_with_its_label_and_hint(people):
    html = render_crispy_form(PersonFilter(people=offered(people)))
    assert 'type="text"' in html and 'name="person"' in html
    assert 'class="govuk-input govuk-!-width-full"' in html
    assert '<label for="id_person" class="govuk-label">' in html
    assert "Start typing a name" in html
    assert 'data-module="app-person-search"' in html
    assert 'data-source="/people/search/?scope=everyone"' in html
    assert 'autocomplete="off"' in html
    assert "<select" not in html


def test_the_form_shows_again_what_was_typed_or_whom_it_found(people):
    form = PersonFilter({"person": "Zed"}, people=offered(people))
    form.is_valid()
    html = render_crispy_form(form)
    assert 'value="Zed"' in html and "govuk-input--error" in html
    assert "Nobody you can see is called ‘Zed’" in html

    form = PersonFilter({"person": "okaf"}, people=offered(people))
    form.is_valid()
    html = render_crispy_form(form)
    assert 'value="Bob Okafor (Team B)"' in html and f'data-person-id="{people["bob"].id}"' in html

    form = PersonFilter({"person": str(people["ann"].id)}, people=offered(people))
    form.is_valid()
    assert 'value="Ann Lee (Team A)"' in render_crispy_form(form)  # a link's id, shown as the person


def test_an_initial_id_is_shown_as_the_person(people):
    form = PersonFilter(initial={"person": people["ann"].id}, people=offered(people))
    assert 'value="Ann Lee (Team A)"' in render_crispy_form(form)


def test_the_scope_names_whom_the_autocomplete_offers(people):
    class TeamFilter(forms.Form):
        person = StaffSearchField(label="Person", scope="others")

    assert 'data-source="/people/search/?scope=others"' in str(TeamFilter()["person"])


def test_who_may_be_chosen_is_still_listed_for_those_who_ask(people):
    """`choices`, as the select had them, for code and tests that ask (reading it loads the queryset)."""
    field = PersonFilter(people=offered(people)).fields["person"]
    assert dict(field.choices) == {"": "Everyone", **{p.id: p.name for k, p in people.items() if k != "hidden"}}


def test_each_form_has_its_own_queryset_and_lookups(people):
    first = PersonFilter({"person": "okaf"}, people=offered(people))
    second = PersonFilter({"person": "okaf"}, people=StaffMember.objects.filter(id=people["ann"].id))
    assert first.is_valid() and not second.is_valid()
    assert copy.deepcopy(first.fields["person"]).queryset is not first.fields["person"].queryset


def test_a_list_of_people_is_refused(people):
    with pytest.raises(TypeError):
        PersonFilter(people=list(offered(people)))
