"""Forms of the case list: uploading it, filtering it and asking for the month's audit sample.
Each says its own layout (crispy-forms-gds)."""

from django import forms

from core.fields import filter_helper
from core.uploads import FileUploadForm


class UploadForm(FileUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            label="The case list file",
            help_text="A CSV file exported from the case management system.",
            missing="Select the case list file",
            **kwargs,
        )


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
