"""Forms of the case list: uploading it, filtering it and asking for the month's audit sample.
Each says its own layout (crispy-forms-gds)."""

from datetime import timedelta

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from . import sampling
from .dates import month_key, month_of

LARGEST_UPLOAD = 10 * 1024 * 1024  # far beyond a council's case list; only there to stop a wrong file


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The case list file",
        help_text="A CSV file exported from the case management system.",
        error_messages={"required": "Select the case list file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("file", context={"label_size": Size.for_label(Size.MEDIUM)}),
            Submit("upload", "Upload and check"),
        )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > LARGEST_UPLOAD:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        return file


class CaseFilter(forms.Form):
    """The filters of the case list. Teams are those of the cases the user may see."""

    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="Status",
        choices=[("open", "Open"), ("ended", "Closed or transferred"), ("all", "Open, closed or transferred")],
        error_messages={"invalid_choice": "Select open, closed or transferred, or all"},
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams"), *((t.id, t.name) for t in teams)]
        self.fields["team"].error_messages["invalid_choice"] = "Select a team from the list"
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("team", css_class="govuk-!-width-full"),
            Field.select("status", css_class="govuk-!-width-full"),
            Submit("apply", "Apply filters", css_class="govuk-button--secondary"),
        )


def month_choices(today) -> dict:
    """The months a sample may be asked for, by 'YYYY-MM': the last three, this one and the next two."""
    current = month_of(today)
    months = [current]
    for _ in range(3):
        months.insert(0, month_of(months[0].start - timedelta(days=1)))
    for _ in range(2):
        months.append(month_of(months[-1].end + timedelta(days=1)))
    return {month_key(month): month for month in months}


class SampleForm(forms.Form):
    month = forms.ChoiceField(label="Month", error_messages={"invalid_choice": "Select a month from the list"})
    size = forms.IntegerField(
        label="How many cases",
        help_text=f"Between 1 and {sampling.MOST}. Leave it empty for as many as the case file audits you owe "
        "that month.",
        required=False,
        min_value=1,
        max_value=sampling.MOST,
        # GOV.UK asks for a text box that brings up the number keypad, not a number box.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "invalid": "Enter how many cases as a number, like 2",
            "min_value": "Enter at least 1 case",
            "max_value": f"Enter {sampling.MOST} cases or fewer",
        },
    )

    def __init__(self, *args, months: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.months = months
        self.fields["month"].choices = [(key, month.label("monthly")) for key, month in months.items()]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("month"),
            Field.text("size", field_width=2),
            Submit("propose", "Propose a sample", css_class="govuk-button--secondary"),
        )

    def chosen_month(self):
        return self.months[self.cleaned_data["month"]]
