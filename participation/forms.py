"""Forms of participation: recording a meeting and its feedback, the lists' filters and uploading
a survey's results. Each says its own layout (crispy-forms-gds)."""

from datetime import date, timedelta

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q

from core.fields import (
    DateInputField,
    RecordsChoiceField,
    StaffChoiceField,
    StaffSearchField,
    filter_helper,
    hint_case_reference,
)
from core.versions import VersionedForm
from learning.models import LearningTheme
from people.models import StaffMember, Team
from schedule.models import Duty

from .models import Feedback, FromWhom, Meeting, MeetingKind, ResponseState, ResponseStatus, SurveyKind

TEXT_LIMIT = 5000
COUNT_LIMIT = 10_000
# The response to feedback is due this many days after the meeting, unless the form says otherwise.
RESPONSE_DAYS = 28
LARGEST_UPLOAD = 5 * 1024 * 1024


def _numeric(**attrs):
    # GOV.UK asks for a text box that brings up the number keypad, not a number box.
    return forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off", **attrs})


class StaffMultipleChoiceField(RecordsChoiceField):
    def label_from_instance(self, staff):
        return f"{staff.name} ({staff.job_title or staff.team or 'no team'})"


class ChooseKindForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of meeting or event was it?",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of meeting", "invalid_choice": "Select the kind of meeting"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.LARGE, legend_tag="h1"),
            # With no kind chosen the browser sends nothing else: `choose` says the form was sent.
            HTML('<input type="hidden" name="choose" value="1">'
                 '<button type="submit" class="govuk-button" data-module="govuk-button">Continue</button>'),
        )


def count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=COUNT_LIMIT,
        widget=_numeric(),
        error_messages={
            "invalid": f"Enter the number of {label} as a whole number, like 6",
            "min_value": f"The number of {label} must be 0 or more",
            "max_value": f"The number of {label} must be {COUNT_LIMIT:,} or fewer",
        },
    )


COUNTS = {
    "children_count": "children and young people",
    "parents_count": "parents",
    "carers_count": "carers",
    "foster_carers_count": "foster carers",
}


def attendee_choices(kind: str, user, today: date, meeting: Meeting | None = None):
    """The council's staff one may say attended: those who owe a duty this kind of meeting
    completes, those the user may see, and those already recorded; not long gone."""
    staff = StaffMember.objects.council().filter(
        Q(left_on__isnull=True) | Q(left_on__gte=today - timedelta(days=366))
    )
    owing = Duty.objects.filter(responsibility__record=f"participation:{kind}").values("owner_id")
    wanted = Q(id__in=owing)
    seen = StaffMember.objects.visible_to(user).values("id")
    wanted |= Q(id__in=seen)
    if meeting is not None and meeting.pk:
        wanted |= Q(id__in=meeting.attendees.values("id"))
    return staff.filter(wanted).select_related("team").order_by("name", "id")


class MeetingForm(VersionedForm, forms.ModelForm):
    """A meeting: when, what, which team, who from the service attended and how many took part."""

    title = forms.CharField(
        label="Title", max_length=200, help_text="For example, Children in Care Council: spring meeting.",
        error_messages={"required": "Enter a title for the meeting",
                        "max_length": "The title must be 200 characters or fewer"},
    )
    held_on = DateInputField(label="Date held", help_text="For example, 27 3 2026")
    team = forms.ModelChoiceField(
        label="Team (optional)", queryset=Team.objects.all(), required=False, empty_label="No team",
        error_messages={"invalid_choice": "Select a team from the list"},
    )
    attendees = StaffMultipleChoiceField(
        label="Staff who attended",
        help_text="Select everyone from the service who attended. Each completes their duty to attend, if they "
        "owe one.",
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the staff who attended",
                        "invalid_choice": "Select the staff who attended from the list"},
    )
    children_count = count_field(COUNTS["children_count"])
    parents_count = count_field(COUNTS["parents_count"])
    carers_count = count_field(COUNTS["carers_count"])
    foster_carers_count = count_field(COUNTS["foster_carers_count"])
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea, max_length=TEXT_LIMIT,
        help_text="What was discussed and agreed.",
        error_messages={"max_length": f"The notes must be {TEXT_LIMIT:,} characters or fewer"},
    )

    class Meta:
        model = Meeting
        fields = ["title", "held_on", "team", "attendees", *COUNTS, "notes"]

    def __init__(self, *args, kind: str, user, today: date, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.today = kind, today
        self.fields["held_on"].error_messages["required"] = "Enter the date the meeting was held"
        self.fields["attendees"].queryset = attendee_choices(kind, user, today, self.instance)
        team_meeting = kind == MeetingKind.TEAM_MEETING
        if team_meeting:
            self.fields["team"].label = "Team"
            self.fields["team"].help_text = "The team whose meeting it was."
            self.fields["team"].empty_label = "Choose a team"
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("title"),
            Field("held_on"),
            Field.select("team"),
            Field.checkboxes("attendees", legend_size=Size.SMALL, small=True),
            Fieldset(
                HTML('<p class="govuk-hint">How many took part, not who: never children\'s names.</p>'),
                *(Field.text(name, field_width=4) for name in COUNTS),
                legend="Who took part", legend_size=Size.SMALL,
            ),
            Field.textarea("notes", rows=5, max_characters=TEXT_LIMIT),
            Submit("save", submit_label),
        )

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > self.today:
            raise forms.ValidationError("The date held must be today or in the past")
        return day

    def clean_team(self):
        team = self.cleaned_data["team"]
        if team is None and self.kind == MeetingKind.TEAM_MEETING:
            raise forms.ValidationError("Select the team whose meeting it was")
        return team

    def _clean_count(self, name):
        value = self.cleaned_data[name]
        return 0 if value is None else value

    def clean_children_count(self):
        return self._clean_count("children_count")

    def clean_parents_count(self):
        return self._clean_count("parents_count")

    def clean_carers_count(self):
        return self._clean_count("carers_count")

    def clean_foster_carers_count(self):
        return self._clean_count("foster_carers_count")

    def meeting_fields(self) -> dict:
        """The meeting's own columns, as typed."""
        return {name: self.cleaned_data[name] for name in ["title", "held_on", "team", *COUNTS, "notes"]}


STATUS_CHOICES = [
    Choice(ResponseStatus.OPEN, ResponseStatus.OPEN.label, hint="Nothing done yet."),
    Choice(ResponseStatus.IN_PROGRESS, ResponseStatus.IN_PROGRESS.label, hint="Work has started."),
    Choice(ResponseStatus.DONE, ResponseStatus.DONE.label, hint="Done: say what we did."),
]


class FeedbackForm(VersionedForm, forms.ModelForm):
    """What was said, by whom, and the service's response: what we did, who owns it, by when."""

    from_whom = forms.ChoiceField(
        label="Who gave this feedback?", choices=FromWhom.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select who gave the feedback",
                        "invalid_choice": "Select who gave the feedback"},
    )
    said = forms.CharField(
        label="What was said (you said)", widget=forms.Textarea, max_length=TEXT_LIMIT,
        help_text="In their words where you can.",
        error_messages={"required": "Enter what was said",
                        "max_length": f"What was said must be {TEXT_LIMIT:,} characters or fewer"},
    )
    theme = forms.ModelChoiceField(
        label="Learning theme (optional)", queryset=LearningTheme.objects.none(), required=False,
        empty_label="No theme", error_messages={"invalid_choice": "Select a learning theme from the list"},
    )
    owner = StaffChoiceField(
        label="Owner of the response", help_text="The person who will see that something is done.",
        queryset=StaffMember.objects.none(), empty_label="Choose a person",
        error_messages={"required": "Select who owns the response",
                        "invalid_choice": "Select an owner from the list"},
    )
    respond_by = DateInputField(label="Respond by", help_text="For example, 27 5 2026")
    status = forms.ChoiceField(
        label="Status of the response", choices=STATUS_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the response",
                        "invalid_choice": "Select the status of the response"},
    )
    response = forms.CharField(
        label="What we did (optional until it is done)", widget=forms.Textarea, required=False,
        max_length=TEXT_LIMIT, help_text="What the service changed or will change because of this feedback.",
        error_messages={"max_length": f"What we did must be {TEXT_LIMIT:,} characters or fewer"},
    )

    class Meta:
        model = Feedback
        fields = ["from_whom", "said", "theme", "owner", "respond_by", "status", "response"]

    def __init__(self, *args, today: date, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["respond_by"].error_messages["required"] = "Enter the date to respond by"
        instance = self.instance
        owners = StaffMember.objects.council().employed_on(today)
        if instance.pk:
            owners = owners | StaffMember.objects.filter(pk=instance.owner_id)
        self.fields["owner"].queryset = owners.select_related("team").order_by("name", "id")
        kept = [instance.theme_id] if instance.pk and instance.theme_id else []
        self.fields["theme"].queryset = LearningTheme.objects.filter(Q(active=True) | Q(pk__in=kept))
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("from_whom", legend_size=Size.SMALL, small=True),
            Field.textarea("said", rows=4, max_characters=TEXT_LIMIT),
            Field.select("theme"),
            Fieldset(
                Field.select("owner"),
                Field("respond_by"),
                Field.radios("status", legend_size=Size.SMALL, small=True),
                Field.textarea("response", rows=4, max_characters=TEXT_LIMIT),
                legend="The service's response (we did)", legend_size=Size.MEDIUM, legend_tag="h2",
            ),
            Submit("save", submit_label),
        )

    def clean_respond_by(self):
        day = self.cleaned_data["respond_by"]
        # A date already passed may stay as it was; a new one is today or later.
        if day < self.today and day != self.initial.get("respond_by"):
            raise forms.ValidationError("The date to respond by must be today or in the future")
        return day

    def clean(self):
        data = super().clean()
        if data.get("status") == ResponseStatus.DONE and not data.get("response") and "response" not in self.errors:
            self.add_error("response", "Enter what we did before marking the response done")
        return data

    def feedback_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MeetingFilter(forms.Form):
    """The filters of the meeting list."""

    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "All kinds"), *MeetingKind.choices])
    period = forms.ChoiceField(label="Held in", required=False)
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, teams, period_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices
        self.fields["team"].choices = [("", "All teams"), *((t.id, t.name) for t in teams)]
        for name, what in (("kind", "a kind"), ("period", "a period"), ("team", "a team")):
            self.fields[name].error_messages["invalid_choice"] = f"Select {what} from the list"
        self.helper = filter_helper(*self.fields)


class ResponseFilter(forms.Form):
    """The filters of the "you said, we did" list."""

    status = forms.ChoiceField(
        label="Status", required=False,
        choices=[("", "Open or in progress"), *ResponseState.choices, ("all", "Any status")],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    owner = StaffSearchField(label="Owner")

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.helper = filter_helper(*self.fields)


class SurveyUploadForm(forms.Form):
    name = forms.CharField(
        label="Name of the survey", max_length=200, help_text="For example, Looked-after children's survey 2026.",
        error_messages={"required": "Enter the name of the survey",
                        "max_length": "The name must be 200 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="Who was surveyed?", choices=SurveyKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Select who was surveyed", "invalid_choice": "Select who was surveyed"},
    )
    year = forms.IntegerField(
        label="Year", help_text="The year the survey was run, for example 2026.", min_value=2000,
        widget=_numeric(), error_messages={
            "required": "Enter the year the survey was run",
            "invalid": "Enter the year as 4 digits, for example 2026",
            "min_value": "Enter a year from 2000",
            "max_value": "The year must be this year or earlier",
        },
    )
    file = forms.FileField(
        label="The results file",
        help_text="A CSV file with the columns question, answer and count.",
        error_messages={"required": "Select the results file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].validators.append(MaxValueValidator(today.year))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.text("year", field_width=4),
            Field("file"),
            Submit("upload", "Upload and check"),
        )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > LARGEST_UPLOAD:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        return file

