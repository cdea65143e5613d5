"""Forms of the scorecard: its filters, a value typed by hand, the reason and planned action for
a missed target, the weekly "scorecard reviewed", and the upload of a file of values. Each says
its own layout (crispy-forms-gds), and a refusal is shown beside the field it is about."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from core.fields import filter_helper, hint_case_reference
from core.versions import VersionedForm
from people.models import Service, Team

from .scope import ReportPeriod
from .scorecard import parse_amount, parse_period_day
from .scorecard_access import DEPARTMENT, Level

TEXT_LIMIT = 10_000  # generous; only there so a runaway paste cannot fill the database
LARGEST_UPLOAD = 10 * 1024 * 1024  # far beyond a council's scorecard; only there to stop a wrong file
ENDINGS_OFFERED = 24  # months back the scorecard may end


def level_choices(levels: list[Level]) -> list:
    """The levels as a select's choices: the department, then services and teams in groups."""
    choices = [(level.code, level.name) for level in levels if level.kind == DEPARTMENT]
    for kind, heading in (("service", "Services"), ("team", "Teams")):
        group = [(level.code, level.name) for level in levels if level.kind == kind]
        if group:
            choices.append((heading, group))
    return choices


class ScorecardFilter(forms.Form):
    """Which values the scorecard shows: for the department, a service or a team (only those the
    user may see are offered), ending with the latest values or with a month chosen."""

    level = forms.ChoiceField(label="Show values for")
    period = forms.ChoiceField(label="Ending with", required=False)

    def __init__(self, *args, levels: list[Level], today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = level_choices(levels)
        months = ReportPeriod.containing("month", today).back(ENDINGS_OFFERED)[::-1]
        self.fields["period"].choices = [("", "The latest values")] + [(m.code, m.label) for m in months]
        self.fields["period"].error_messages["invalid_choice"] = "Choose a month from the list"
        self.helper = filter_helper("level", "period")

    def ending(self) -> date | None:
        """The last day of the month chosen, or None for the latest values (and for a month that
        cannot be read, whose error the form shows)."""
        if not self.is_bound or not self.is_valid() or not self.cleaned_data["period"]:
            return None
        return ReportPeriod.parse(self.cleaned_data["period"]).end


def _where_choices() -> list:
    services = [(f"service-{s.id}", s.name) for s in Service.objects.order_by("name")]
    teams = [(f"team-{t.id}", f"{t.name} ({t.service.name})") for t in Team.objects.select_related("service")]
    return [(DEPARTMENT, "The whole department"), ("Services", services), ("Teams", teams)]


class ValueForm(forms.Form):
    """A value typed by hand, for a measure the user may enter values of."""

    measure = forms.ModelChoiceField(
        queryset=None,
        label="Measure",
        error_messages={"required": "Select the measure", "invalid_choice": "Select the measure"},
    )
    period = forms.CharField(
        label="Period",
        max_length=20,
        help_text="The month, for example 2026-03 for March 2026. For a quarterly measure, any month of the quarter.",
        error_messages={"required": "Enter the period"},
    )
    where = forms.ChoiceField(
        label="For",
        help_text="The whole department, one service or one team",
        error_messages={"required": "Select what the value is for", "invalid_choice": "Select what the value is for"},
    )
    value = forms.CharField(
        label="Value",
        max_length=30,
        help_text="A number, for example 87.5. It is kept to 2 decimal places.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": "Enter the value"},
    )

    def __init__(self, *args, measures, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["measure"].queryset = measures
        self.fields["measure"].empty_label = "Choose a measure"
        self.fields["where"].choices = _where_choices()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("measure"),
            Field.text("period", field_width=10),
            Field.select("where"),
            Field.text("value", field_width=10),
            Button.primary("save", "Save value"),
        )

    def clean_period(self) -> date:
        try:
            return parse_period_day(self.cleaned_data["period"])
        except ValueError:
            raise forms.ValidationError("Enter the period as a month, for example 2026-03, or a date in it") from None

    def clean_value(self):
        try:
            return parse_amount(self.cleaned_data["value"])
        except ValueError as error:
            message = "Enter the value as a number, for example 87.5"
            raise forms.ValidationError("Enter a smaller value" if "too large" in str(error) else message) from None

    def clean(self):
        data = super().clean()
        measure, day = data.get("measure"), data.get("period")
        if measure is not None and day is not None:
            period = measure.period_containing(day)
            if period.start > self.today:
                self.add_error("period", f"{period.label} has not begun yet: enter a period that has")
        return data

    def clean_where(self) -> dict:
        """The team or service the value is for, as put_value takes them."""
        kind, _, number = self.cleaned_data["where"].partition("-")
        place = {"team": None, "service": None}
        if kind in place:
            model = Team if kind == "team" else Service
            place[kind] = model.objects.filter(pk=int(number)).first()
            if place[kind] is None:
                raise forms.ValidationError("Select what the value is for")
        return place


class ExplainForm(VersionedForm, forms.Form):
    """The owner's reason for a missed target, and what will be done about it."""

    reason = forms.CharField(
        label="Why was the target missed?",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why the target was missed"},
    )
    planned_action = forms.CharField(
        label="What is planned to bring it back on target?",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Who will do what, and by when.",
        error_messages={"required": "Enter what is planned"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", rows=5),
            Field.textarea("planned_action", rows=5),
            Button.primary("save", "Save reason and action"),
        )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you noticed, and anything you asked for.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.form_action = "reports:scorecard_review"
        self.helper.layout = Layout(
            Field.textarea("note", rows=3), Button.primary("review", "Record scorecard reviewed for this week")
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The file of values",
        help_text="A CSV file or an Excel workbook (.xlsx).",
        error_messages={"required": "Select the file of values", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("file", context={"label_size": Size.for_label(Size.MEDIUM)}),
            Button.primary("upload", "Upload and check"),
        )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > LARGEST_UPLOAD:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        return file
