"""Forms of the case list: uploading it, filtering it and asking for the month's audit sample.
Each says its own layout (crispy-forms-gds)."""


from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from core.fields import filter_helper

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
        self.helper = filter_helper("team", "status")
