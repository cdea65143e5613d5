"""Forms of the complaints: a complaint's details, a stage's response, extension and escalation,
closing, and the list's filters. Each says its own layout (crispy-forms-gds) and checks what the
procedure allows, so that a refusal is shown beside the field with everything typed kept."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from cases.references import validate_case_reference
from core.fields import DateInputField, StaffChoiceField, filter_helper, hint_case_reference
from core.versions import VersionedForm
from core.working_days import is_working_day
from people.access import is_complaints_manager
from people.models import StaffMember, Team

from .models import (
    STAGE_OUTCOMES,
    Category,
    Complaint,
    ComplaintStatus,
    Outcome,
    Stage,
)
from .timescales import TIMESCALES

TEXT_LIMIT = 10_000  # generous; only there so a runaway paste cannot fill the database


def _date_errors(field, what: str) -> None:
    field.error_messages.update(
        required=f"Enter the {what}", incomplete=f"Enter the {what}, with its day, month and year"
    )


def _not_future(day: date | None, today: date, what: str) -> date | None:
    if day is not None and day > today:
        raise forms.ValidationError(f"The {what} must be today or in the past")
    return day


def handler_choices(user, today: date):
    """Who may handle a complaint: the council's staff employed today; for anyone but the
    Complaints Manager (or an administrator), those they may see."""
    staff = StaffMember.objects.employed_on(today).council().select_related("team")
    if user.is_superuser or is_complaints_manager(user):
        return staff
    return staff.visible_to(user)


class ComplaintForm(VersionedForm, forms.ModelForm):
    """A complaint's details; on the edit page, its lessons learnt and any referral to the
    Ombudsman too."""

    received_on = DateInputField(label="Date received", help_text="Day 0 of the timescales. For example, 27 3 2026")
    ombudsman_referred_on = DateInputField(
        label="Date referred to the Ombudsman (optional)",
        help_text="When the Local Government and Social Care Ombudsman took the complaint up",
        required=False,
    )

    class Meta:
        model = Complaint
        fields = ["received_on", "complainant", "case_reference", "team", "category", "summary", "handler",
                  "lessons_learnt", "ombudsman_referred_on", "ombudsman_outcome"]
        field_classes = {"handler": StaffChoiceField}
        widgets = {"complainant": forms.RadioSelect, "summary": forms.Textarea(attrs={"rows": 5}),
                   "lessons_learnt": forms.Textarea(attrs={"rows": 5})}
        labels = {
            "complainant": "Who complained?",
            "case_reference": "Case reference",
            "team": "Team complained about",
            "category": "Category",
            "summary": "What the complaint is about",
            "handler": "Handler",
            "lessons_learnt": "Lessons learnt (optional)",
            "ombudsman_outcome": "The Ombudsman's decision (optional)",
        }
        help_texts = {
            "case_reference": "The child's number in the case management system. Never a child's name.",
            "summary": "Refer to people by their role (the mother, the foster carer), never by name.",
            "handler": "Who answers the complaint. Its response dates appear in their duties.",
        }
        error_messages = {
            "complainant": {"required": "Select who complained", "invalid_choice": "Select who complained"},
            "case_reference": {"required": "Enter the case reference"},
            "team": {"required": "Select the team complained about",
                     "invalid_choice": "Select the team complained about"},
            "category": {"required": "Select the category", "invalid_choice": "Select the category"},
            "summary": {"required": "Enter what the complaint is about"},
            "handler": {"required": "Select the handler", "invalid_choice": "Select the handler"},
        }

    def __init__(self, *args, user, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        editing = self.instance.pk is not None
        fields = self.fields
        _date_errors(fields["received_on"], "date received")
        _date_errors(fields["ombudsman_referred_on"], "date referred to the Ombudsman")
        fields["complainant"].help_text = "Their role, never their name."
        fields["complainant"].choices = [c for c in fields["complainant"].choices if c[0]]
        fields["team"].queryset = Team.objects.all()
        fields["team"].empty_label = "Choose a team"
        fields["category"].choices = [("", "Choose a category"), *Category.choices]
        fields["handler"].queryset = handler_choices(user, today)
        fields["handler"].empty_label = "Choose a person"
        fields["case_reference"].max_length = 30
        fields["case_reference"].widget.attrs.update(autocomplete="off", spellcheck="false")
        fields["summary"].max_length = TEXT_LIMIT
        fields["lessons_learnt"].max_length = TEXT_LIMIT
        self.moves_stage_one = True
        if editing:
            stage1 = Stage.objects.filter(complaint=self.instance, number=1).first()
            if stage1 is not None and (stage1.responded_on or stage1.extended):
                # Stage 1's timescale has been answered or extended from this date: it stays.
                self.moves_stage_one = False
                fields["received_on"].disabled = True
                fields["received_on"].help_text = "It cannot change once stage 1 is answered or extended."
            if self.instance.handler_id and not fields["handler"].queryset.filter(id=self.instance.handler_id).exists():
                fields["handler"].queryset = StaffMember.objects.filter(
                    id__in=[*fields["handler"].queryset.values_list("id", flat=True), self.instance.handler_id]
                ).select_related("team")
        else:
            for name in ["lessons_learnt", "ombudsman_referred_on", "ombudsman_outcome"]:
                del fields[name]
        if "ombudsman_outcome" in fields:
            fields["ombudsman_outcome"].choices = [("", "Not decided yet"), *fields["ombudsman_outcome"].choices[1:]]
        layout = [
            Field("received_on"),
            Field.radios("complainant", legend_size=Size.SMALL),
            Field.text("case_reference", field_width=10),
            Field.select("team"),
            Field.select("category"),
            Field.textarea("summary"),
            Field.select("handler"),
        ]
        if editing:
            layout += [
                Field.textarea("lessons_learnt"),
                Fieldset(Field("ombudsman_referred_on"), Field.select("ombudsman_outcome"),
                         legend="Local Government and Social Care Ombudsman", legend_size=Size.MEDIUM),
            ]
        layout.append(Button.primary("save", "Save changes" if editing else "Record complaint"))
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout)

    def clean_case_reference(self):
        reference = self.cleaned_data["case_reference"].strip()
        validate_case_reference(reference)
        return reference

    def clean_received_on(self):
        return _not_future(self.cleaned_data["received_on"], self.today, "date received")

    def clean_ombudsman_referred_on(self):
        return _not_future(self.cleaned_data["ombudsman_referred_on"], self.today, "date referred to the Ombudsman")

    def clean(self):
        data = super().clean()
        referred, received = data.get("ombudsman_referred_on"), data.get("received_on")
        if referred and received and referred < received:
            self.add_error(
                "ombudsman_referred_on", "The date referred to the Ombudsman must be after the date received"
            )
        if data.get("ombudsman_outcome") and not referred and "ombudsman_referred_on" not in self.errors:
            self.add_error("ombudsman_referred_on", "Enter the date referred to the Ombudsman, to record its decision")
        return data

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class StageForm(forms.Form):
    """A form about the complaint's current stage; knows the stage and today."""

    submit_label = "Save"

    def __init__(self, *args, stage: Stage, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage, self.today = stage, today
        self.helper = FormHelper()

    def _layout(self, *fields):
        hint_case_reference(self)
        self.helper.layout = Layout(*fields, Button.primary("save", self.submit_label))


class ResponseForm(StageForm):
    submit_label = "Record the response"

    responded_on = DateInputField(label="Date of the response", help_text="For example, 27 3 2026")
    outcome = forms.ChoiceField(label="Outcome", choices=STAGE_OUTCOMES, widget=forms.RadioSelect,
                                error_messages={"required": "Select the outcome",
                                                "invalid_choice": "Select the outcome"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _date_errors(self.fields["responded_on"], "date of the response")
        self._layout(Field("responded_on"), Field.radios("outcome", legend_size=Size.SMALL))

    def clean_responded_on(self):
        day = _not_future(self.cleaned_data["responded_on"], self.today, "date of the response")
        if day < self.stage.requested_on:
            raise forms.ValidationError(
                f"The date of the response must be on or after {self.stage.requested_on:%-d %B %Y}, "
                "when the stage was asked for"
            )
        return day


class ExtensionForm(StageForm):
    submit_label = "Extend the timescale"

    new_due_on = DateInputField(label="New response date")
    reason = forms.CharField(label="Why is more time needed?", widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=TEXT_LIMIT, error_messages={"required": "Enter why more time is needed"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stage = self.stage
        field = self.fields["new_due_on"]
        _date_errors(field, "new response date")
        field.help_text = (
            f"A working day after {stage.due_on:%-d %B %Y} and no later than {stage.latest_due_on:%-d %B %Y} "
            f"({stage.timescale.longest} working days from the request)"
        )
        self._layout(Field("new_due_on"), Field.textarea("reason"))

    def clean_new_due_on(self):
        day, stage = self.cleaned_data["new_due_on"], self.stage
        if day <= stage.due_on:
            raise forms.ValidationError(f"The new response date must be after {stage.due_on:%-d %B %Y}")
        if day > stage.latest_due_on:
            raise forms.ValidationError(
                f"Stage {stage.number} can be extended to {stage.latest_due_on:%-d %B %Y} at the latest: "
                f"{stage.timescale.longest} working days from the request"
            )
        if not is_working_day(day):
            raise forms.ValidationError("The new response date must be a working day, not a weekend or bank holiday")
        return day


class EscalationForm(StageForm):
    submit_label = "Start the next stage"

    requested_on = DateInputField(label="Date the complainant asked for the next stage",
                                  help_text="Day 0 of the next stage's timescale. For example, 27 3 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        following = self.stage.number + 1
        self.submit_label = f"Start stage {following}"
        _date_errors(self.fields["requested_on"], "date the complainant asked for the next stage")
        self._layout(Field("requested_on"))

    def clean_requested_on(self):
        day = _not_future(self.cleaned_data["requested_on"], self.today, "date of the request")
        earliest = self.stage.responded_on or self.stage.requested_on
        if day < earliest:
            raise forms.ValidationError(f"The date of the request must be on or after {earliest:%-d %B %Y}")
        return day


class CloseForm(StageForm):
    submit_label = "Close the complaint"

    closed_on = DateInputField(label="Date closed", help_text="For example, 27 3 2026")
    outcome = forms.ChoiceField(label="Outcome of the complaint", choices=Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Select the outcome of the complaint",
                                                "invalid_choice": "Select the outcome of the complaint"})
    lessons_learnt = forms.CharField(
        label="Lessons learnt (optional)", widget=forms.Textarea(attrs={"rows": 5}), required=False,
        max_length=TEXT_LIMIT, help_text="What the service will do differently. Raise actions on the complaint's page.",
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        _date_errors(self.fields["closed_on"], "date closed")
        if complaint.status == ComplaintStatus.OPEN:
            # Awaiting a response, a complaint ends only by being withdrawn.
            self.fields["outcome"].choices = [(Outcome.WITHDRAWN.value, Outcome.WITHDRAWN.label)]
            self.fields["outcome"].help_text = "The current stage has no response yet, so it can only be withdrawn."
            self.fields["outcome"].error_messages["invalid_choice"] = (
                "The current stage has no response yet: the complaint can only be withdrawn"
            )
        self._layout(
            Field("closed_on"), Field.radios("outcome", legend_size=Size.SMALL), Field.textarea("lessons_learnt")
        )

    def clean_closed_on(self):
        day = _not_future(self.cleaned_data["closed_on"], self.today, "date closed")
        earliest = self.stage.responded_on or self.stage.requested_on
        if day < earliest:
            raise forms.ValidationError(f"The date closed must be on or after {earliest:%-d %B %Y}")
        return day


YES = "yes"


class ComplaintFilter(forms.Form):
    """The filters of the complaint list."""

    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Any status"), *ComplaintStatus.choices])
    stage = forms.TypedChoiceField(
        label="Stage", required=False, coerce=int, empty_value=None,
        choices=[("", "Any stage"), *((n, f"Stage {n}: {t.name.lower()}") for n, t in TIMESCALES.items())],
    )
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label="Category", required=False, choices=[("", "Any category"), *Category.choices])
    period = forms.ChoiceField(label="Received in", required=False)
    overdue = forms.BooleanField(label="Only those with a response overdue", required=False)

    def __init__(self, *args, teams, period_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams"), *((t.id, t.name) for t in teams)]
        self.fields["period"].choices = period_choices
        self.helper = filter_helper("status", "stage", "team", "category", "period",
                                    after=[Field.checkbox("overdue", small=True)])
