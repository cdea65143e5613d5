"""Forms of the schedule: marking a duty done, waiving one, filtering a team's duties."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from core.fields import DateInputField, StaffSearchField, filter_helper, hint_case_reference

from .models import State, Strand


class MarkDoneForm(forms.Form):
    completed_on = DateInputField(
        label="When was it done?", help_text="For example, 27 3 2026"
    )
    note = forms.CharField(
        label="Note",
        help_text="What was done, and where the record is kept.",
        widget=forms.Textarea,
        max_length=1000,
        required=False,
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("completed_on"),
            Field.textarea("note", rows=4, max_characters=1000),
            Submit("submit", "Mark as done"),
        )

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > self.today:
            raise forms.ValidationError("The date it was done must be today or in the past")
        return day


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label="Why is this duty being waived?",
        help_text="For example: long-term sick leave, on secondment, left the team.",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Enter why this duty is being waived"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", rows=4, max_characters=1000),
            Submit("submit", "Waive this duty", css_class="govuk-button--warning"),
        )


class TeamDutiesFilter(forms.Form):
    """The filters of My team. Choices come from what the user may see; a status is as the page
    shows it (State: overdue read from the due date)."""

    person = StaffSearchField(label="Person", scope="others")
    strand = forms.ChoiceField(label="Strand", required=False, choices=[("", "All strands"), *Strand.choices])
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *State.choices])
    period = forms.ChoiceField(label="Falling due in", required=False)

    def __init__(self, *args, people, period_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["period"].choices = period_choices
        self.helper = filter_helper("person", "strand", "status", "period")
