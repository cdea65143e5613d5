"""Forms of the observations: recording or changing one, the date feedback was given, and the
list's filters. Each says its own layout (crispy-forms-gds)."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from core.fields import DateInputField, StaffChoiceField, StaffSearchField, filter_helper, hint_case_reference
from core.versions import VersionedForm
from people.models import StaffMember

from .models import Setting

TEXT_LIMIT = 10_000  # generous; only there so a runaway paste cannot fill the database


def practitioners_for(user, today: date, *, keep=None):
    """Whom the user may record observing: the council's staff they may see, employed today, not
    themselves; and the practitioner an observation already names (`keep`), employed or not."""
    me = getattr(user, "staff_member", None)
    people = StaffMember.objects.visible_to(user).employed_on(today).council()
    if me is not None:
        people = people.exclude(pk=me.pk)
    if keep is not None:
        people = people | StaffMember.objects.filter(pk=keep)
    return people.select_related("team")


class ObservationForm(VersionedForm, forms.Form):
    """Whose practice was observed, when and where, what went well, what to develop and when the
    feedback was given."""

    practitioner = StaffChoiceField(
        label="Practitioner observed",
        help_text="For a conference or a review, the person chairing it.",
        queryset=StaffMember.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Select the practitioner observed",
                        "invalid_choice": "Select the practitioner observed from the list"},
    )
    observed_on = DateInputField(label="Date observed", help_text="For example, 27 3 2026")
    setting = forms.ChoiceField(
        label="Where was the practice observed?",
        choices=Setting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the practice was observed",
                        "invalid_choice": "Select where the practice was observed"},
    )
    went_well = forms.CharField(
        label="What went well",
        widget=forms.Textarea,
        max_length=TEXT_LIMIT,
        error_messages={"required": "Enter what went well"},
    )
    to_develop = forms.CharField(
        label="What to develop (optional)",
        help_text="What the practitioner could do differently, or learn, next.",
        widget=forms.Textarea,
        max_length=TEXT_LIMIT,
        required=False,
    )
    feedback_given_on = DateInputField(
        label="Date feedback was given (optional)",
        help_text="Leave this blank if you have not given feedback yet. For example, 28 3 2026",
        required=False,
    )

    def __init__(self, *args, user, today: date, keep_practitioner=None, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["practitioner"].queryset = practitioners_for(user, today, keep=keep_practitioner)
        self.fields["observed_on"].error_messages.update(
            required="Enter the date observed", incomplete="Enter the date observed, with its day, month and year"
        )
        self.fields["feedback_given_on"].error_messages.update(
            incomplete="Enter the date feedback was given, with its day, month and year"
        )
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("practitioner"),
            Field("observed_on"),
            Field.radios("setting", legend_size=Size.SMALL),
            Field.textarea("went_well", rows=6, max_characters=TEXT_LIMIT),
            Field.textarea("to_develop", rows=6, max_characters=TEXT_LIMIT),
            Field("feedback_given_on"),
            Submit("save", submit_label),
        )

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        if day > self.today:
            raise forms.ValidationError("The date observed must be today or in the past")
        return day

    def clean_went_well(self):
        text = self.cleaned_data["went_well"].strip()
        if not text:
            raise forms.ValidationError("Enter what went well")
        return text

    def clean(self):
        data = super().clean()
        given, observed = data.get("feedback_given_on"), data.get("observed_on")
        if given is not None:
            if given > self.today:
                self.add_error("feedback_given_on", "The date feedback was given must be today or in the past")
            elif observed is not None and given < observed:
                self.add_error("feedback_given_on", "The date feedback was given must be on or after the date observed")
        return data


class FeedbackForm(VersionedForm, forms.Form):
    """The day the observer gave the practitioner their feedback."""

    feedback_given_on = DateInputField(label="Date feedback was given", help_text="For example, 28 3 2026")

    def __init__(self, *args, observed_on: date, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.observed_on, self.today = observed_on, today
        self.fields["feedback_given_on"].error_messages.update(
            required="Enter the date feedback was given",
            incomplete="Enter the date feedback was given, with its day, month and year",
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("feedback_given_on"), Submit("save", "Save the date"))

    def clean_feedback_given_on(self):
        day = self.cleaned_data["feedback_given_on"]
        if day > self.today:
            raise forms.ValidationError("The date feedback was given must be today or in the past")
        if day < self.observed_on:
            raise forms.ValidationError("The date feedback was given must be on or after the date observed")
        return day


class ObservationFilter(forms.Form):
    """The filters of the observation list. People and periods come from what the user may see."""

    observer = StaffSearchField(label="Observer", empty_label="Anyone")
    practitioner = StaffSearchField(label="Practitioner observed", empty_label="Anyone")
    setting = forms.ChoiceField(label="Setting", required=False, choices=[("", "Any setting"), *Setting.choices])
    period = forms.ChoiceField(label="Observed in", required=False)
    feedback = forms.ChoiceField(
        label="Feedback", required=False,
        choices=[("", "Given or not"), ("given", "Given"), ("not_given", "Not given yet")],
    )

    def __init__(self, *args, observers, practitioners, period_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observer"].queryset = observers
        self.fields["practitioner"].queryset = practitioners
        self.fields["period"].choices = period_choices
        self.helper = filter_helper(*self.fields)
