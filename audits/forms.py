"""Forms of the audits: choosing a type, an audit's details, its answers, the case-holder's
response and the list's filters. Each says its own layout (crispy-forms-gds)."""

import re
from dataclasses import dataclass
from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Div, Field, Fieldset, Layout, Size
from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.html import format_html
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from people.models import StaffMember, Team
from qaportal.fields import DateInputField

from .models import NEEDS_COMMENT, Answer, AnswerKind, Audit, AuditStatus, AuditType, Grade, YesNo

DEFAULT_CASE_REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9/-]{2,29}$"

# Audits of a file about an adult (a foster carer, a worker's supervision) need no case-holder.
CASE_HOLDER_OPTIONAL = {AuditType.FOSTER_CARER_FILE, AuditType.SUPERVISION_FILE}

TEXT_LIMIT = 10_000  # generous; only there so a runaway paste cannot fill the database


class ChooseTypeForm(forms.Form):
    type = forms.ChoiceField(
        label="What are you auditing?",
        choices=AuditType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of audit", "invalid_choice": "Select the type of audit"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.radios("type", legend_size=Size.LARGE, legend_tag="h1"),
            # With no type chosen the browser sends nothing else: `choose` says the form was sent.
            HTML('<input type="hidden" name="choose" value="1">'
                 '<button type="submit" class="govuk-button" data-module="govuk-button">Continue</button>'),
        )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, staff):
        return f"{staff.name} ({staff.team})" if staff.team_id else staff.name


class AuditDetailsForm(forms.ModelForm):
    """What is audited, whose work it is and when: the first page of a new audit."""

    audited_on = DateInputField(
        label="Date audited",
        help_text="For example, 27 3 2026",
    )

    class Meta:
        model = Audit
        fields = ["case_reference", "case_holder", "team", "audited_on"]
        field_classes = {"case_holder": StaffChoiceField}
        labels = {"case_reference": "Case reference", "case_holder": "Case-holder", "team": "Team"}
        help_texts = {
            "case_reference": "The number in the case management system. Never a child's name.",
            "team": "Leave this as 'Not given' to use the case-holder's team.",
        }
        error_messages = {"case_reference": {"required": "Enter the case reference"}}

    def __init__(self, *args, audit_type: str, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["audited_on"].error_messages.update(
            required="Enter the date audited", incomplete="Enter the date audited, with its day, month and year"
        )
        holder = self.fields["case_holder"]
        staff = StaffMember.objects.employed_on(today).select_related("team")
        if audit_type == AuditType.SUPERVISION_FILE:
            holder.label = "Worker whose supervision file is audited"
            holder.error_messages["required"] = "Select the worker whose supervision file is audited"
        else:
            staff = staff.filter(is_case_holder=True)
            holder.error_messages["required"] = "Select the case-holder"
        holder.queryset = staff
        holder.required = audit_type not in CASE_HOLDER_OPTIONAL
        holder.empty_label = "Not given" if not holder.required else "Choose a person"
        if not holder.required:
            holder.label += " (optional)"
        self.fields["team"].queryset = Team.objects.all()
        self.fields["team"].empty_label = "Not given"
        self.fields["team"].label = "Team (optional)"
        self.fields["case_reference"].max_length = 30
        self.fields["case_reference"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("case_reference", field_width=10),
            Field.select("case_holder"),
            Field.select("team"),
            Field("audited_on"),
            Button.primary("start", "Start audit"),
        )

    def clean_case_reference(self):
        reference = self.cleaned_data["case_reference"].strip()
        pattern = getattr(settings, "CASE_REFERENCE_PATTERN", None) or DEFAULT_CASE_REFERENCE_PATTERN
        if not re.fullmatch(pattern, reference):
            raise forms.ValidationError(
                "Enter the case reference as the case management system shows it, not a name"
            )
        return reference

    def clean_audited_on(self):
        day = self.cleaned_data["audited_on"]
        if day > self.today:
            raise forms.ValidationError("The date audited must be today or in the past")
        return day

    def clean(self):
        data = super().clean()
        if not data.get("team") and data.get("case_holder"):
            data["team"] = data["case_holder"].team
        return data


# A question may be not applicable to this case; the audit as a whole always has a grade.
OVERALL_CHOICES = [(value, label) for value, label in Grade.choices if value != Grade.NOT_APPLICABLE]


@dataclass
class QuestionFields:
    """A question of the tool as the form shows it: its number ("2.1") and its fields' names."""

    question: object
    number: str
    name: str  # the grade, yes/no or text
    comment: str | None  # grades and yes/no questions have a comment beneath

    @property
    def kind(self) -> str:
        return self.question.kind


class AuditAnswersForm(forms.Form):
    """Every question of the audit's tool, domain by domain, then the overall judgement.

    Nothing is required to save a draft. Submitting asks for every grade and yes/no, a reason
    for every grade below good, and an overall grade. `save()` keeps whatever is valid."""

    overall_grade = forms.ChoiceField(
        label="Overall grade", choices=OVERALL_CHOICES, widget=forms.RadioSelect, required=False
    )
    strengths = forms.CharField(label="Strengths", widget=forms.Textarea, required=False, max_length=TEXT_LIMIT)
    improvements = forms.CharField(
        label="Areas for improvement", widget=forms.Textarea, required=False, max_length=TEXT_LIMIT
    )
    safeguarding_concern = forms.BooleanField(
        label="There is an immediate safeguarding concern",
        help_text="When you submit the audit, the case-holder's head of service is e-mailed at once.",
        required=False,
    )

    def __init__(self, *args, audit: Audit, domains, answers: dict[int, Answer], submitting=False, **kwargs):
        self.audit, self.submitting = audit, submitting
        self.questions: list[QuestionFields] = []
        kwargs.setdefault("initial", {
            "overall_grade": audit.overall_grade,
            "strengths": audit.strengths,
            "improvements": audit.improvements,
            "safeguarding_concern": audit.safeguarding_concern,
        })
        super().__init__(*args, **kwargs)
        sections = []
        for domain_number, domain in enumerate(domains, start=1):
            layout = []
            for question_number, question in enumerate(domain.questions.all(), start=1):
                fields = self._add_question(question, f"{domain_number}.{question_number}", answers.get(question.id))
                if fields.kind == AnswerKind.TEXT:
                    layout.append(Field.textarea(fields.name, rows=3, label_size=Size.SMALL))
                else:
                    layout.append(Field.radios(fields.name, legend_size=Size.SMALL, inline=True))
                    layout.append(Field.textarea(fields.comment, rows=2))
            sections += [
                Fieldset(*layout, legend=domain.title, legend_size=Size.MEDIUM, legend_tag="h2"),
                HTML('<hr class="govuk-section-break govuk-section-break--l govuk-section-break--visible">'),
            ]
        # Questions first, as on the page, so the error summary lists errors in page order.
        self.order_fields([name for fields in self.questions for name in (fields.name, fields.comment) if name])
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *sections,
            Fieldset(
                Field.radios("overall_grade", legend_size=Size.SMALL, inline=True),
                Field.textarea("strengths", rows=4),
                Field.textarea("improvements", rows=4),
                HTML(
                    '<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!'
                    '</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning'
                    "</span>If a child is at immediate risk, act now under the safeguarding procedures: do not "
                    "wait for this audit.</strong></div>"
                ),
                Field.checkbox("safeguarding_concern"),
                legend="Overall judgement",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            HTML(
                '<p class="govuk-body">Once submitted, the audit can no longer be changed. '
                "Save it as a draft to come back to it later.</p>"
            ),
            Div(
                Button.primary("submit", "Submit audit"),
                Button.secondary("save", "Save as draft"),
                css_class="govuk-button-group",
            ),
        )

    def _add_question(self, question, number: str, answer: Answer | None) -> QuestionFields:
        name = f"q{question.id}"
        text = format_html("{} {}", number, question.text)
        if question.kind == AnswerKind.TEXT:
            self.fields[name] = forms.CharField(
                label=text, widget=forms.Textarea, required=False, max_length=TEXT_LIMIT,
                initial=answer.text if answer else "",
            )
            fields = QuestionFields(question, number, name, None)
        else:
            grade = question.kind == AnswerKind.GRADE
            self.fields[name] = forms.ChoiceField(
                label=text, choices=Grade.choices if grade else YesNo.choices, widget=forms.RadioSelect,
                required=False, initial=(answer.grade if grade else answer.yes_no) if answer else "",
            )
            comment = f"{name}_comment"
            self.fields[comment] = forms.CharField(
                label=format_html('Comment<span class="govuk-visually-hidden"> on question {}</span>', number),
                help_text="Needed for requires improvement or inadequate" if grade else "Optional",
                widget=forms.Textarea, required=False, max_length=TEXT_LIMIT,
                initial=answer.comment if answer else "",
            )
            fields = QuestionFields(question, number, name, comment)
        self.questions.append(fields)
        return fields

    def clean(self):
        data = super().clean()
        # What was typed, before the checks of a submit take fields in error out of cleaned_data.
        self.typed = dict(data)
        if not self.submitting:
            return data
        for fields in self.questions:
            value = data.get(fields.name)
            if fields.kind == AnswerKind.GRADE:
                if fields.name in self.errors:
                    continue
                if not value:
                    self.add_error(fields.name, f"Select a grade for question {fields.number}")
                elif value in NEEDS_COMMENT and not data.get(fields.comment) and fields.comment not in self.errors:
                    self.add_error(fields.comment, f"Explain why you graded this {Grade(value).label.lower()}")
            elif fields.kind == AnswerKind.YES_NO and not value and fields.name not in self.errors:
                self.add_error(fields.name, f"Select yes, no or not applicable for question {fields.number}")
        if not data.get("overall_grade") and "overall_grade" not in self.errors:
            self.add_error("overall_grade", "Select an overall grade")
        return data

    @transaction.atomic
    def save(self, *, acting_user) -> bool:
        """Save, as a draft, every answer typed that is valid; False when the audit is no longer a
        draft (submitted meanwhile, in another tab). Whatever else is wrong, what was typed is kept."""
        audit = Audit.objects.select_for_update().get(pk=self.audit.pk)
        if audit.status != AuditStatus.DRAFT:
            return False
        typed = getattr(self, "typed", self.cleaned_data)
        existing = {answer.question_id: answer for answer in audit.answers.all()}
        new, changed = [], []
        for fields in self.questions:
            values = self._answer_values(fields, typed)
            answer = existing.get(fields.question.id)
            if answer is None:
                if any(values.values()):
                    new.append(Answer(audit=audit, question=fields.question, **values))
            elif any(getattr(answer, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(answer, key, value)
                changed.append(answer)
        if new:
            bulk_create_with_history(new, Answer, default_user=acting_user, default_change_reason="answered")
        if changed:
            bulk_update_with_history(
                changed, Answer, ["grade", "yes_no", "text", "comment"], default_user=acting_user,
                default_change_reason="answer changed",
            )
        overall = {key: typed[key] for key in self.declared_fields if key in typed}
        if any(getattr(audit, key) != value for key, value in overall.items()):
            for key, value in overall.items():
                setattr(audit, key, value)
            audit._history_user, audit._change_reason = acting_user, "draft saved"
            audit.save()
        return True

    @staticmethod
    def _answer_values(fields: QuestionFields, typed) -> dict:
        """The Answer columns this question's fields set. A field that could not be read (too
        long, a tampered choice) is left out, so what is stored for it stays."""
        column = {AnswerKind.GRADE: "grade", AnswerKind.YES_NO: "yes_no", AnswerKind.TEXT: "text"}[fields.kind]
        values = {}
        if fields.name in typed:
            values[column] = typed[fields.name] or ""
        if fields.comment and fields.comment in typed:
            values["comment"] = typed[fields.comment] or ""
        return values


class AcknowledgeForm(forms.Form):
    response = forms.CharField(
        label="Your response (optional)",
        help_text="What you make of the audit, and anything you will do as a result.",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.layout = Layout(
            Field.textarea("response", rows=4, max_characters=5000),
            Button.primary("acknowledge", "Acknowledge audit"),
        )


class AuditFilter(forms.Form):
    """The filters of the audit list. People and periods come from what the user may see."""

    audit_type = forms.ChoiceField(label="Type", required=False, choices=[("", "All types"), *AuditType.choices])
    overall_grade = forms.ChoiceField(
        label="Overall grade", required=False, choices=[("", "Any grade"), *OVERALL_CHOICES]
    )
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    auditor = forms.TypedChoiceField(label="Auditor", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *AuditStatus.choices])
    quarter = forms.ChoiceField(label="Audited in", required=False)

    def __init__(self, *args, teams, auditors, quarter_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams"), *((t.id, t.name) for t in teams)]
        self.fields["auditor"].choices = [("", "Everyone"), *((s.id, s.name) for s in auditors)]
        self.fields["quarter"].choices = quarter_choices
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            *(Field.select(name, css_class="govuk-!-width-full") for name in self.fields),
            HTML(
                '<button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">'
                "Apply filters</button>"
            ),
        )
