"""Form fields and layouts shared by every app, worded the way the GOV.UK Design System words errors."""

from datetime import date

from crispy_forms_gds.fields import DateInputField as GdsDateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout
from django import forms
from django.core.exceptions import ValidationError


class DateInputField(GdsDateInputField):
    """Day, month and year boxes; an impossible date (31 2 2026) gets a plain-English error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if not 1900 <= int(year) <= 9999:
            raise ValidationError("Enter a year with 4 digits, for example 2026", code="invalid_year")
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError("Enter a real date, for example 27 3 2026", code="invalid_date") from None


class StaffChoiceField(forms.ModelChoiceField):
    """A choice of a member of staff, named with their team so that two people of one name differ."""

    def label_from_instance(self, staff):
        return f"{staff.name} ({staff.team})" if staff.team_id else staff.name


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
