"""Form fields shared by every app, worded the way the GOV.UK Design System words errors."""

from datetime import date

from crispy_forms_gds.fields import DateInputField as GdsDateInputField
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
