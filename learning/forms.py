"""Forms of learning: raising or changing an action, its owner's progress, and the filters of the
action list. Each says its own layout (crispy-forms-gds)."""

from datetime import date

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
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
from people.models import StaffMember

from .models import Action, ActionPlan, LearningTheme, Level, State, Status

DESCRIPTION_LIMIT = 2000
EVIDENCE_LIMIT = 5000

LEVEL_CHOICES = [
    Choice(Level.CASEWORK, Level.CASEWORK.label, hint="About one child's case: a plan, a visit, a record to correct."),
    Choice(Level.STRUCTURAL, Level.STRUCTURAL.label, hint="About how the service works: procedures, training, forms."),
]

PROGRESS_CHOICES = [
    Choice(Status.IN_PROGRESS, Status.IN_PROGRESS.label, hint="Work has started but is not finished."),
    Choice(Status.DONE, Status.DONE.label, hint="Finished, with evidence of what was done."),
]


class ActionForm(VersionedForm, forms.ModelForm):
    """What is to be done, by whom and by when. Owners are the people the user may see who are
    employed today; a standalone action may join a theme's plan."""

    description = forms.CharField(
        label="What needs to be done?",
        help_text="Say it so that anyone can tell when it is done.",
        widget=forms.Textarea,
        max_length=DESCRIPTION_LIMIT,
        error_messages={"required": "Enter what needs to be done"},
    )
    due_on = DateInputField(label="Due date", help_text="For example, 27 5 2026")
    level = forms.ChoiceField(
        label="Level",
        choices=LEVEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select casework or structural", "invalid_choice": "Select casework or structural"},
    )
    themes = RecordsChoiceField(
        label="Learning themes (optional)",
        help_text="Select all that apply, so that the action is counted with others like it.",
        queryset=LearningTheme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select learning themes from the list"},
    )
    plan = forms.ModelChoiceField(
        label="Action plan (optional)",
        help_text="A learning theme's plan this action belongs to.",
        queryset=ActionPlan.objects.none(),
        required=False,
        empty_label="Not part of a plan",
        error_messages={"invalid_choice": "Select an action plan from the list"},
    )

    class Meta:
        model = Action
        fields = ["description", "owner", "due_on", "level", "themes", "plan"]
        field_classes = {"owner": StaffChoiceField}
        labels = {"owner": "Owner"}
        help_texts = {"owner": "The person who will do it."}
        error_messages = {"owner": {"required": "Select who owns this action",
                                    "invalid_choice": "Select an owner from the list"}}

    def __init__(self, *args, user, today: date, standalone: bool, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["due_on"].error_messages["required"] = "Enter the due date"
        owner = self.fields["owner"]
        # The current owner stays a choice while employed, even if the editor no longer sees them.
        owners = StaffMember.objects.employed_on(today)
        owner.queryset = (owners.visible_to(user) | owners.filter(pk=self.instance.owner_id)).select_related("team")
        owner.empty_label = "Choose a person"
        # Retired themes stay offered on the actions that have them, so an edit does not drop them.
        kept = self.instance.themes.values("pk") if self.instance.pk else []
        self.fields["themes"].queryset = LearningTheme.objects.filter(Q(active=True) | Q(pk__in=kept))
        layout = [
            Field.textarea("description", rows=4, max_characters=DESCRIPTION_LIMIT),
            Field.select("owner"),
            Field("due_on"),
            Field.radios("level", legend_size=Size.SMALL),
            Field.checkboxes("themes", legend_size=Size.SMALL, small=True),
        ]
        theme_plans = ActionPlan.objects.filter(source_type__isnull=True).select_related("theme")
        if standalone and theme_plans.exists():
            self.fields["plan"].queryset = theme_plans
            layout.append(Field.select("plan"))
        else:
            del self.fields["plan"]
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, Submit("save", submit_label))

    def clean_due_on(self):
        day = self.cleaned_data["due_on"]
        # A date already passed may stay as it was; a new one is today or later.
        if day < self.today and day != self.initial.get("due_on"):
            raise forms.ValidationError("The due date must be today or in the future")
        return day

    def action_fields(self) -> dict:
        """The action's own columns, as typed."""
        return {name: self.cleaned_data[name] for name in ["description", "owner", "due_on", "level"]}


class ProgressForm(VersionedForm, forms.Form):
    """The owner's update: in progress with a note, or done with evidence and the date."""

    status = forms.ChoiceField(
        label="Where is this action now?",
        choices=PROGRESS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select in progress or done", "invalid_choice": "Select in progress or done"},
    )
    evidence = forms.CharField(
        label="Progress and evidence",
        help_text="What has been done and where the evidence is kept. Needed when the action is done.",
        widget=forms.Textarea,
        max_length=EVIDENCE_LIMIT,
        required=False,
    )
    completed_on = DateInputField(
        label="Date completed (when it is done)", help_text="For example, 27 3 2026", required=False
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("status", legend_size=Size.MEDIUM),
            Field.textarea("evidence", rows=5, max_characters=EVIDENCE_LIMIT),
            Field("completed_on"),
            Submit("save", "Save progress"),
        )

    def clean(self):
        data = super().clean()
        if data.get("status") != Status.DONE:
            data["completed_on"] = None
            return data
        if not data.get("evidence") and "evidence" not in self.errors:
            self.add_error("evidence", "Enter the evidence that the action is done")
        if "completed_on" not in self.errors:
            day = data.get("completed_on")
            if day is None:
                self.add_error("completed_on", "Enter the date the action was completed")
            elif day > self.today:
                self.add_error("completed_on", "The date completed must be today or in the past")
        return data


class ActionFilter(forms.Form):
    """The filters of the action list. Owners come from the actions the user may see; a status is
    as the list shows it (State: overdue read from the due date)."""

    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *State.choices])
    level = forms.ChoiceField(label="Level", required=False, choices=[("", "Any level"), *Level.choices])
    owner = StaffSearchField(label="Owner")
    theme = forms.TypedChoiceField(label="Learning theme", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, owners, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["theme"].choices = [("", "Any theme"), *((t.id, t.name) for t in themes)]
        self.helper = filter_helper(*self.fields)
