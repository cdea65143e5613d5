"""Form fields and layouts shared by every app, worded the way the GOV.UK Design System words errors."""

import re
from collections import Counter
from datetime import date
from urllib.parse import urlencode

from crispy_forms_gds.fields import DateInputField as GdsDateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.html import format_html


class DateInputField(GdsDateInputField):
    """Day, month and year boxes; an impossible date (31 2 2026) gets a plain-English error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        # Plain digits only ("²" is a digit to Python, but not to int()), and a year's length
        # checked before it is read (int() of 5,000 digits fails).
        if not (is_digits(year, len(year)) and is_digits(day, 2) and is_digits(month, 2)):
            raise ValidationError("Enter a real date, for example 27 3 2026", code="invalid_date")
        if len(year) != 4 or not 1900 <= int(year) <= 9999:
            raise ValidationError("Enter a year with 4 digits, for example 2026", code="invalid_year")
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError("Enter a real date, for example 27 3 2026", code="invalid_date") from None


# Children's data is special-category data: every free-text box about a case says how to refer to
# the child.
CASE_HINT = "Use the case reference, not the child's name."


def hint_case_reference(form, *, not_about_a_case: tuple[str, ...] = ()) -> None:
    """Give every free-text box (a textarea) of `form` the case-reference hint, after its own."""
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.Textarea) and name not in not_about_a_case:
            own = field.help_text
            field.help_text = format_html("{} {}", own, CASE_HINT) if own else CASE_HINT


def is_digits(text, most: int) -> bool:
    """Plain digits 0 to 9 (not ², not ①), at most `most` of them: safe to hand to int()."""
    return isinstance(text, str) and 0 < len(text) <= most and text.isascii() and text.isdigit()


def as_key(text) -> int | None:
    """A record's id as typed in a query string or a form, or None when no row could have it."""
    text = str(text).strip()
    if not is_digits(text, len(str(LARGEST_KEY))):
        return None
    key = int(text)
    return key if 0 < key <= LARGEST_KEY else None


# The largest key a database row can have (a 64-bit signed integer): beyond it a database refuses
# the query itself, rather than finding no row.
LARGEST_KEY = 2**63 - 1


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several records by their ids (checkboxes). A value that is not a whole number a
    row could have (`99999999999999999999`, `-1`, `x`) is refused with the field's own error, like
    an id that is not among the choices, before the database is asked."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk":
            for given in value:
                if as_key(given) is None:
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                          params={"value": str(given).strip()[:40]})
        return super()._check_values(value)


class StaffChoiceField(forms.ModelChoiceField):
    """A choice of a member of staff, named with their team so that two people of one name differ."""

    def label_from_instance(self, staff):
        return staff_label(staff)


APPLY_FILTERS = HTML(
    '<button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">'
    "Apply filters</button>"
)


def filter_helper(*fields, after=()) -> FormHelper:
    """The layout of every list's filters: a full-width select for each field, sent by GET (so a
    filtered list has an address to share), then any other layout items and "Apply filters"."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.layout = Layout(*(Field.select(name, css_class="govuk-!-width-full") for name in fields), *after,
                           APPLY_FILTERS)
    return helper


# Where a StaffSearchField's autocomplete asks for people: a URL name (people's JSON search), so
# that core names the address without importing the app that serves it.
PERSON_SEARCH_URL = "people:search"
# A typed name longer than any name is nobody's (and is not sent to the database).
_LONGEST_NAME = 200
# How many people an ambiguous name lists.
_SEVERAL_SHOWN = 5


def staff_label(staff) -> str:
    """A person as the filters show them: with their team, so that two people of one name differ."""
    return f"{staff.name} ({staff.team.name})" if staff.team_id else staff.name


class _Chosen(str):
    """A person's label, carrying their id for the autocomplete (data-person-id)."""

    person_id: int


class _StaffSearchBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        value = self.value()
        if isinstance(value, _Chosen):
            attrs["data-person-id"] = value.person_id
        return attrs


class StaffSearchField(forms.Field):
    """A filter's choice of one person among `queryset` (the people the user may filter by), typed
    rather than chosen from a list: a text input, upgraded by JavaScript into a search of people.

    What is typed is cleaned to the person's id (an int, None when blank: what a
    TypedChoiceField(coerce=int, empty_value=None) gives): an id (what the autocomplete and links
    such as `?practitioner=12` send), else a name, matched case-insensitively within the queryset,
    one exact match first (a name, or a name and team as the field shows them: "Ann Lee (Team A)"),
    else one partial match. The queryset is asked only about what was typed, in one query; it is
    never loaded whole. `scope` names the people the autocomplete offers (people.views.search)."""

    widget = forms.TextInput  # crispy-forms-gds knows it (govuk-input, its error class)
    default_error_messages = {
        "nobody": "Nobody you can see is called ‘%(typed)s’",
        # An id (from the autocomplete, which offers everyone visible, or a link) of someone the
        # filter does not offer: an id means nothing to the reader, so it is not repeated.
        "not_offered": "The person chosen is not one you can filter by here: enter a name",
        "same_name": "More than one person you can see is called ‘%(typed)s’: enter their name and team, "
                     "for example %(example)s",
        "several": "Enter more of the name: ‘%(typed)s’ matches %(names)s",
    }

    def __init__(self, *, queryset=None, scope="everyone", empty_label="Everyone", search_url=PERSON_SEARCH_URL,
                 **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Start typing a name")
        super().__init__(**kwargs)
        self.scope, self.empty_label, self.search_url = scope, empty_label, search_url
        self.queryset = queryset
        # person-search.js upgrades the input into GOV.UK's accessible autocomplete, asking the
        # search for people; without JavaScript it stays a text input a name is typed into.
        self.widget.attrs.update({
            "autocomplete": "off", "spellcheck": "false", "data-module": "app-person-search",
            "data-source": _SearchUrl(search_url, scope),
        })

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.queryset = None if self._queryset is None else self._queryset.all()  # not its results
        return result

    def get_bound_field(self, form, field_name):
        return _StaffSearchBoundField(form, self, field_name)

    @property
    def queryset(self):
        return self._queryset

    @queryset.setter
    def queryset(self, queryset):
        if queryset is not None and not hasattr(queryset, "filter"):
            raise TypeError("StaffSearchField needs a queryset of people (not a list, which loads everyone)")
        self._queryset = queryset
        self._found = {}  # what was typed -> (id, label), or None for nobody: each looked up once

    @property
    def choices(self):
        """Every person of the queryset as a choice, like the select this field replaces: for code and
        tests that ask who may be chosen. Reading it loads the queryset; rendering never does."""
        return [("", self.empty_label), *((person.pk, person.name) for person in self.queryset)]

    def to_python(self, value):
        return " ".join(str(value).split()) if value not in self.empty_values else ""

    def clean(self, value):
        typed = self.to_python(value)
        self.validate(typed)
        if not typed:
            return None
        found = self._look_up(typed)
        if found is None:
            if typed.isdigit():
                raise ValidationError(self.error_messages["not_offered"], code="not_offered")
            raise ValidationError(self.error_messages["nobody"], code="nobody", params={"typed": typed})
        return found[0]

    def prepare_value(self, value):
        """What the input shows: the person found (named with their team), else what was typed."""
        typed = self.to_python(value)
        if not typed or self._queryset is None:
            return typed
        if typed not in self._found and not typed.isdigit():
            return typed  # a name not looked up (the form was not cleaned): shown as typed
        try:
            found = self._look_up(typed)
        except ValidationError:
            found = None
        if found is None:
            return typed
        chosen = _Chosen(found[1])
        chosen.person_id = found[0]
        return chosen

    def _look_up(self, typed: str):
        """(id, label) of the one person `typed` names, None for nobody; ValidationError for several."""
        if typed not in self._found:
            try:
                self._found[typed] = self._query(typed)
            except ValidationError as several:
                self._found[typed] = several
        found = self._found[typed]
        if isinstance(found, ValidationError):
            raise found
        return found

    def _query(self, typed: str):
        if self._queryset is None:
            raise ImproperlyConfigured("Give the StaffSearchField a queryset before cleaning it")
        people = self._queryset.select_related("team")
        if typed.isdigit():
            key = as_key(typed)
            if key is None:
                return None
            person = people.filter(pk=key).order_by().first()
            return None if person is None else (person.pk, staff_label(person))
        if len(typed) > _LONGEST_NAME:
            return None
        exact = Q(name__iexact=typed)
        named = re.fullmatch(r"(.+?)\s*\((.+)\)", typed)
        if named:  # "Ann Lee (Team A)", as the field shows a person
            exact |= Q(name__iexact=named[1], team__name__iexact=named[2])
        candidates = list(
            people.filter(exact | Q(name__icontains=typed))
            .annotate(exact_match=Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField()))
            .order_by("exact_match", "name", "team__name", "pk")[: _SEVERAL_SHOWN + 1]
        )
        exacts = [person for person in candidates if person.exact_match == 0]
        if len(exacts) == 1 or (not exacts and len(candidates) == 1):
            person = (exacts or candidates)[0]
            return person.pk, staff_label(person)
        if exacts:
            raise ValidationError(self.error_messages["same_name"], code="same_name",
                                  params={"typed": typed, "example": staff_label(exacts[0])})
        if candidates:
            shown = candidates[:_SEVERAL_SHOWN]
            times = Counter(person.name.casefold() for person in shown)  # a name twice: with their teams
            shown = [staff_label(person) if times[person.name.casefold()] > 1 else person.name for person in shown]
            if len(candidates) > _SEVERAL_SHOWN:
                names = ", ".join(shown) + " and others"
            else:
                names = ", ".join(shown[:-1]) + " or " + shown[-1]
            raise ValidationError(self.error_messages["several"], code="several",
                                  params={"typed": typed, "names": names})
        return None


class _SearchUrl:
    """The autocomplete's address, worked out when the page is drawn (URLs are not loaded when
    forms are defined)."""

    def __init__(self, url_name: str, scope: str):
        self.url_name, self.scope = url_name, scope

    def __str__(self):
        return f"{reverse(self.url_name)}?{urlencode({'scope': self.scope})}"
