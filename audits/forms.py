"""Forms of the audits: choosing a type, an audit's details, its answers, the case-holder's
response and the list's filters. Each says its own layout (crispy-forms-gds)."""

from dataclasses import dataclass
from datetime import date, timedelta

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Div, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cases.dates import month_key, month_of
from cases.references import validate_case_reference
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

from .models import (
    ANSWER_COLUMN,
    NEEDS_COMMENT,
    AgencyContribution,
    Answer,
    AnswerKind,
    Audit,
    AuditStatus,
    AuditTheme,
    AuditTool,
    AuditType,
    Grade,
    YesNo,
)
from .sampling import MOST as SAMPLE_MOST
from .tools import HINT, ToolTextError, parse

# Audits whose questions come from a theme (set by the Senior Management Team or the MESC).
THEMED_TYPES = {AuditType.THEMED, AuditType.MULTI_AGENCY}

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


class AuditDetailsForm(VersionedForm, forms.ModelForm):
    """What is audited, whose work it is and when: the first page of a new audit."""

    audited_on = DateInputField(
        label="Date audited",
        help_text="For example, 27 3 2026",
    )

    class Meta:
        model = Audit
        fields = ["theme", "case_reference", "case_holder", "team", "audited_on"]
        field_classes = {"case_holder": StaffChoiceField}
        labels = {"case_reference": "Case reference", "case_holder": "Case-holder", "team": "Team", "theme": "Theme"}
        help_texts = {
            "case_reference": "The number in the case management system. Never a child's name.",
            "team": "Leave this as 'Not given' to use the case-holder's team.",
        }
        error_messages = {
            "case_reference": {"required": "Enter the case reference"},
            "theme": {"required": "Select the theme of the audit", "invalid_choice": "Select the theme of the audit"},
        }

    # Set once the auditor has read the warnings (audits.starting) and starts the audit anyway.
    start_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)

    tool = forms.ChoiceField(
        label="Which audit tool?",
        help_text="Each asks its own questions: choose the one for this child's case.",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the audit tool", "invalid_choice": "Select the audit tool"},
    )

    def __init__(self, *args, audit_type: str, today: date, tools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        themed = audit_type in THEMED_TYPES and self.instance.pk is None
        if themed:  # the theme chooses the questions, so it is chosen once, when the audit starts
            self.fields["theme"].queryset = AuditTheme.objects.filter(audit_type=audit_type, active=True)
            self.fields["theme"].required = True
            self.fields["theme"].empty_label = "Choose a theme"
        else:
            del self.fields["theme"]
        # A type with more than one tool (a CIN/CP case file, a looked-after child's): the auditor
        # chooses, once, when the audit starts, since the answers belong to the tool's questions.
        self.tools = []
        if self.instance.pk is None and not themed:
            self.tools = AuditTool.objects.offered(audit_type) if tools is None else tools
        if len(self.tools) > 1:
            self.fields["tool"].choices = [(str(tool.id), tool.title) for tool in self.tools]
        else:
            del self.fields["tool"]
        self.fields["audited_on"].error_messages.update(
            required="Enter the date audited", incomplete="Enter the date audited, with its day, month and year"
        )
        holder = self.fields["case_holder"]
        staff = StaffMember.objects.employed_on(today).council().select_related("team")
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
            *([Field.select("theme")] if themed else []),
            *([Field.radios("tool", legend_size=Size.SMALL)] if "tool" in self.fields else []),
            Field.text("case_reference", field_width=10),
            Field.select("case_holder"),
            Field.select("team"),
            Field("audited_on"),
            *([Field("start_anyway")] if "start_anyway" in self.fields else []),
            Button.primary("start", "Start audit" if self.instance.pk is None else "Save details"),
        )
        if self.instance.pk is not None:
            del self.fields["start_anyway"]

    def ask_to_start_anyway(self) -> None:
        """The same form again, with what was typed, after the warnings: to start anyway."""
        self.data = self.data.copy()
        self.data["start_anyway"] = "True"
        self.helper.layout[-1] = Button.primary("start", "Start the audit anyway")

    def clean_case_reference(self):
        reference = self.cleaned_data["case_reference"].strip()
        validate_case_reference(reference)
        return reference

    def clean_tool(self):
        return next(tool for tool in self.tools if str(tool.id) == self.cleaned_data["tool"])

    def clean_audited_on(self):
        day = self.cleaned_data["audited_on"]
        if day > self.today:
            raise forms.ValidationError("The date audited must be today or in the past")
        return day

    def clean(self):
        data = super().clean()
        if not data.get("team") and data.get("case_holder"):
            data["team"] = data["case_holder"].team
        if "tool" not in self.fields and len(self.tools) == 1:
            data["tool"] = self.tools[0]
        return data


# A question may be not applicable to this case; the audit as a whole always has a grade.
OVERALL_CHOICES = [(value, label) for value, label in Grade.choices if value != Grade.NOT_APPLICABLE]


@dataclass
class QuestionFields:
    """A question of the tool as the form shows it: its number ("2.1") and its fields' names."""

    question: object
    number: str
    name: str  # the grade, yes/no, text or fact
    comment: str | None  # grades and yes/no questions have a comment beneath

    @property
    def kind(self) -> str:
        return self.question.kind


class Markup:
    """HTML made here, in a layout. (crispy's HTML reads its text as a template, and a tool's
    guidance may hold braces.)"""

    def __init__(self, html: str):
        self.html = html

    def render(self, form, context, template_pack=None, **kwargs):
        return self.html


def _legend(text: str) -> str:
    """Text for a crispy legend, which is read as a template and shown unescaped."""
    return escape(text).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


def _hint(guidance: str, *more: str) -> str:
    """A question's guidance, as the hint beneath its label (crispy shows help text unescaped)."""
    lines = [*guidance.splitlines(), *more]
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines if line.strip()))


def _guidance(guided, about: str, *, heading: str = "", show_guidance: bool = True) -> Markup | None:
    """A domain's or sub-domain's heading and guidance, or the grade descriptors of a question."""
    if not (heading or (show_guidance and guided.guidance) or guided.descriptors):
        return None
    context = {"guided": guided, "about": about, "heading": heading, "show_guidance": show_guidance}
    return Markup(render_to_string("audits/includes/guidance.html", context))


class FactDateField(DateInputField):
    """A date about the case: the date boxes, each error naming the question."""

    def __init__(self, *, number: str, **kwargs):
        super().__init__(**kwargs)
        self.number = number
        for part, box in zip(("day", "month", "year"), self.fields, strict=True):
            box.error_messages["incomplete"] = f"The date for question {number} must include a {part}"
            box.validators = [RegexValidator(r"^[0-9]+$", f"The {part} for question {number} must be a number")]

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            if error.code == "invalid_year":
                message = f"Enter the year for question {self.number} with 4 digits, for example 2026"
            else:
                message = f"Enter a real date for question {self.number}, for example 27 3 2026"
            raise ValidationError(message, code=error.code) from None


# Whole numbers a fact may be: a count of visits, placements, days.
NUMBER_MOST = 100_000


def _fact_field(question, number: str, label, hint: str, answer: Answer | None) -> forms.Field:
    if question.kind == AnswerKind.DATE:
        return FactDateField(
            number=number,
            label=label,
            required=False,
            help_text=_hint(hint, "For example, 27 3 2026"),
            initial=answer.date if answer else None,
        )
    if question.kind == AnswerKind.NUMBER:
        return forms.IntegerField(
            label=label,
            help_text=_hint(hint),
            required=False,
            min_value=0,
            max_value=NUMBER_MOST,
            initial=answer.number if answer else None,
            # GOV.UK asks for a text box that brings up the number keypad, not a number box.
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
            error_messages={
                "invalid": f"Enter a whole number for question {number}, like 3",
                "min_value": f"Enter 0 or more for question {number}",
                "max_value": f"Enter {NUMBER_MOST:,} or less for question {number}",
            },
        )
    return forms.ChoiceField(
        label=label,
        help_text=_hint(hint),
        required=False,
        widget=forms.RadioSelect,
        choices=[(option, option) for option in question.options],
        initial=answer.choice if answer else "",
        error_messages={"invalid_choice": f"Select one of the options for question {number}"},
    )


# What submitting asks of each kind of question left unanswered (a text answer may stay empty).
MISSING = {
    AnswerKind.GRADE: "Select a grade for question {}",
    AnswerKind.YES_NO: "Select yes, no or not applicable for question {}",
    AnswerKind.DATE: "Enter the date for question {}",
    AnswerKind.NUMBER: "Enter a number for question {}",
    AnswerKind.CHOICE: "Select an answer for question {}",
}


def _given(value) -> bool:
    return value not in ("", None)  # a number may be 0


class AuditAnswersForm(VersionedForm, forms.Form):
    """Every question of the audit's tool, domain by domain (with its sub-domains and guidance),
    then the overall judgement.

    Nothing is required to save a draft. Submitting asks for every grade, yes/no and fact, a
    reason for every grade below good, and an overall grade; but nothing of a domain the auditor
    marks as not applying to the case (where the tool says it may not apply). `save()` keeps
    whatever is valid, and clears the answers of a domain that does not apply."""

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
    learning_themes = RecordsChoiceField(
        label="Learning themes (optional)",
        help_text="What this audit says something about, so that trends can be counted. Select all that apply.",
        queryset=LearningTheme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    moderation_requested = forms.BooleanField(
        label="Ask for this audit to be moderated",
        help_text="A moderator reads it and may grade it differently. A share of audits is moderated anyway.",
        required=False,
    )

    def __init__(self, *args, audit: Audit, domains, answers: dict[int, Answer], submitting=False, **kwargs):
        self.audit, self.submitting = audit, submitting
        self.questions: list[QuestionFields] = []
        self.not_applicable: dict[int, str] = {}  # a domain that may not apply: its checkbox's name
        skipped = set(audit.domains_not_applicable.values_list("id", flat=True)) if audit.pk else set()
        kwargs.setdefault("initial", {
            "overall_grade": audit.overall_grade,
            "strengths": audit.strengths,
            "improvements": audit.improvements,
            "safeguarding_concern": audit.safeguarding_concern,
            "learning_themes": [theme.pk for theme in audit.learning_themes.all()],
            "moderation_requested": audit.moderation_requested,
        })
        super().__init__(*args, **kwargs)
        self.fields["learning_themes"].queryset = LearningTheme.objects.filter(active=True)
        sections = []
        for domain in domains:
            layout = [_guidance(domain, f"domain {domain.heading}")]
            if domain.may_not_apply:
                name = self.not_applicable[domain.id] = f"na{domain.id}"
                self.fields[name] = forms.BooleanField(
                    label="This domain does not apply to this case",
                    required=False,
                    initial=domain.id in skipped,
                    help_text="Its questions are then not needed, and any answers to them are cleared when you save.",
                )
                layout.append(Field.checkbox(name))
            under = None
            for question in domain.questions.all():
                if question.subdomain_id != under:
                    under = question.subdomain_id
                    if under is not None:
                        sub = question.subdomain
                        layout.append(_guidance(sub, sub.heading, heading=sub.heading))
                layout += self._add_question(question, answers.get(question.id))
            sections += [
                Fieldset(
                    *filter(None, layout), legend=_legend(domain.heading), legend_size=Size.MEDIUM, legend_tag="h2"
                ),
                HTML('<hr class="govuk-section-break govuk-section-break--l govuk-section-break--visible">'),
            ]
        # Questions first, as on the page, so the error summary lists errors in page order.
        self.order_fields([name for fields in self.questions for name in (fields.name, fields.comment) if name])
        hint_case_reference(self)
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
                Field.checkboxes("learning_themes", legend_size=Size.SMALL, small=True),
                Field.checkbox("moderation_requested"),
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

    def _add_question(self, question, answer: Answer | None) -> list:
        """Add the question's fields; returns their layout."""
        number, name = question.shown_number, f"q{question.id}"
        label = format_html("{} {}", number, question.text)
        if question.kind == AnswerKind.TEXT:
            self.fields[name] = forms.CharField(
                label=label,
                help_text=_hint(question.guidance),
                widget=forms.Textarea,
                required=False,
                max_length=TEXT_LIMIT,
                initial=answer.text if answer else "",
            )
            self.questions.append(QuestionFields(question, number, name, None))
            return [Field.textarea(name, rows=3, label_size=Size.SMALL)]
        if question.is_fact:
            self.fields[name] = _fact_field(question, number, label, question.guidance, answer)
            self.questions.append(QuestionFields(question, number, name, None))
            if question.kind == AnswerKind.DATE:
                return [Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})]
            if question.kind == AnswerKind.NUMBER:
                return [Field.text(name, label_size=Size.SMALL, field_width=4)]
            short = len(question.options) <= 4 and all(len(option) <= 12 for option in question.options)
            return [Field.radios(name, legend_size=Size.SMALL, inline=short)]
        grade = question.kind == AnswerKind.GRADE
        self.fields[name] = forms.ChoiceField(
            label=label,
            help_text=_hint(question.guidance),
            choices=Grade.choices if grade else YesNo.choices,
            widget=forms.RadioSelect,
            required=False,
            initial=(answer.grade if grade else answer.yes_no) if answer else "",
        )
        comment = f"{name}_comment"
        self.fields[comment] = forms.CharField(
            label=format_html('Comment<span class="govuk-visually-hidden"> on question {}</span>', number),
            help_text="Needed for requires improvement or inadequate" if grade else "Optional",
            widget=forms.Textarea,
            required=False,
            max_length=TEXT_LIMIT,
            initial=answer.comment if answer else "",
        )
        self.questions.append(QuestionFields(question, number, name, comment))
        return [
            Field.radios(name, legend_size=Size.SMALL, inline=True),
            _guidance(question, f"question {number}", show_guidance=False),
            Field.textarea(comment, rows=2),
        ]

    def skipped_domains(self, data) -> set[int]:
        """The domains marked as not applying to this case, in what was sent."""
        return {domain_id for domain_id, name in self.not_applicable.items() if data.get(name)}

    def clean(self):
        data = super().clean()
        skipped = self.skipped_domains(data)
        for fields in self.questions:  # a domain that does not apply has nothing to put right
            if fields.question.domain_id in skipped:
                for name in (fields.name, fields.comment):
                    self._errors.pop(name, None)
        # What was typed, before the checks of a submit take fields in error out of cleaned_data.
        self.typed = dict(data)
        if not self.submitting:
            return data
        for fields in self.questions:
            value = data.get(fields.name)
            if fields.question.domain_id in skipped or fields.kind == AnswerKind.TEXT or fields.name in self.errors:
                continue
            if not _given(value):
                self.add_error(fields.name, MISSING[fields.kind].format(fields.number))
            elif fields.kind == AnswerKind.GRADE and value in NEEDS_COMMENT and not data.get(fields.comment):
                if fields.comment not in self.errors:  # a comment too long to read
                    self.add_error(fields.comment, f"Explain why you graded this {Grade(value).label.lower()}")
        if not data.get("overall_grade") and "overall_grade" not in self.errors:
            self.add_error("overall_grade", "Select an overall grade")
        return data

    @transaction.atomic
    def save(self, *, acting_user) -> bool:
        """Save, as a draft, every answer typed that is valid; False when the audit is no longer a
        draft (submitted meanwhile, in another tab). Whatever else is wrong, what was typed is kept.
        The answers of a domain marked as not applying are cleared (their history keeps them)."""
        audit = Audit.objects.select_for_update().get(pk=self.audit.pk)
        if audit.status != AuditStatus.DRAFT:
            return False
        typed = getattr(self, "typed", self.cleaned_data)
        skipped = self.skipped_domains(typed)
        existing = {answer.question_id: answer for answer in audit.answers.all()}
        new, changed, cleared = [], [], []
        for fields in self.questions:
            answer = existing.get(fields.question.id)
            if fields.question.domain_id in skipped:
                values = self._blank_values(fields)
                if answer is not None and any(getattr(answer, key) != value for key, value in values.items()):
                    for key, value in values.items():
                        setattr(answer, key, value)
                    cleared.append(answer)
                continue
            values = self._answer_values(fields, typed)
            if answer is None:
                if any(_given(value) for value in values.values()):
                    new.append(Answer(audit=audit, question=fields.question, **values))
            elif any(getattr(answer, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(answer, key, value)
                changed.append(answer)
        if new:
            bulk_create_with_history(new, Answer, default_user=acting_user, default_change_reason="answered")
        columns = [*ANSWER_COLUMN.values(), "comment"]
        for answers, reason in [(changed, "answer changed"), (cleared, "cleared: the domain does not apply")]:
            if answers:
                bulk_update_with_history(
                    answers, Answer, columns, default_user=acting_user, default_change_reason=reason
                )
        if self.not_applicable and skipped != set(audit.domains_not_applicable.values_list("id", flat=True)):
            audit._history_user, audit._change_reason = acting_user, "domains that do not apply changed"
            audit.domains_not_applicable.set(skipped)
        themes = typed.get("learning_themes")
        overall = {key: typed[key] for key in self.declared_fields if key in typed and key != "learning_themes"}
        if themes is not None and set(themes) != set(audit.learning_themes.all()):
            audit._history_user = acting_user
            audit.learning_themes.set(themes)
        if any(getattr(audit, key) != value for key, value in overall.items()):
            for key, value in overall.items():
                setattr(audit, key, value)
            audit._history_user, audit._change_reason = acting_user, "draft saved"
            audit.save()
        return True

    @staticmethod
    def _blank_values(fields: QuestionFields) -> dict:
        column = ANSWER_COLUMN[fields.kind]
        values = {column: None if fields.kind in (AnswerKind.DATE, AnswerKind.NUMBER) else ""}
        if fields.comment:
            values["comment"] = ""
        return values

    @staticmethod
    def _answer_values(fields: QuestionFields, typed) -> dict:
        """The Answer columns this question's fields set. A field that could not be read (too
        long, a tampered choice, a date that is not one) is left out, so what is stored for it stays."""
        column = ANSWER_COLUMN[fields.kind]
        values = {}
        if fields.name in typed:
            blank = None if fields.kind in (AnswerKind.DATE, AnswerKind.NUMBER) else ""
            values[column] = typed[fields.name] if _given(typed[fields.name]) else blank
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
        hint_case_reference(self)
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
    auditor = StaffSearchField(label="Auditor")
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *AuditStatus.choices])
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    quarter = forms.ChoiceField(label="Audited in", required=False)

    def __init__(self, *args, teams, auditors, quarter_choices, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any theme"), *((t.id, t.title) for t in themes)]
        self.fields["team"].choices = [("", "All teams"), *((t.id, t.name) for t in teams)]
        self.fields["auditor"].queryset = auditors
        self.fields["quarter"].choices = quarter_choices
        self.helper = filter_helper(*self.fields)


class ModerationForm(forms.Form):
    """A moderator's grades beside the auditor's: each grade question and the overall grade,
    starting from the auditor's, with a reason wherever the moderator grades differently."""

    overall_grade = forms.ChoiceField(label="Overall grade", choices=OVERALL_CHOICES, widget=forms.RadioSelect)
    overall_reason = forms.CharField(
        label="Why you graded it differently", widget=forms.Textarea, required=False, max_length=TEXT_LIMIT,
        help_text="Needed if your overall grade differs from the auditor's",
    )
    comment = forms.CharField(
        label="Comment for the auditor (optional)", widget=forms.Textarea, required=False, max_length=TEXT_LIMIT
    )

    def __init__(self, *args, audit: Audit, domains, answers: dict[int, Answer], **kwargs):
        self.audit, self.graded = audit, []  # (answer, number, grade field, reason field)
        kwargs.setdefault("initial", {"overall_grade": audit.overall_grade})
        super().__init__(*args, **kwargs)
        self.fields["overall_grade"].error_messages["required"] = "Select your overall grade"
        sections = []
        for domain in domains:
            layout = []
            for question in domain.questions.all():
                answer = answers.get(question.id)
                if question.kind != AnswerKind.GRADE or answer is None or not answer.grade:
                    continue
                number, name = question.shown_number, f"a{answer.id}"
                self.fields[name] = forms.ChoiceField(
                    label=format_html("{} {}", number, question.text), choices=Grade.choices,
                    widget=forms.RadioSelect, initial=answer.grade,
                    help_text=format_html("The auditor graded this {}{}", answer.get_grade_display().lower(),
                                          format_html(": “{}”", answer.comment) if answer.comment else ""),
                    error_messages={"required": f"Select your grade for question {number}"},
                )
                self.fields[f"{name}_reason"] = forms.CharField(
                    label=format_html('Why you graded it differently<span class="govuk-visually-hidden"> '
                                      "(question {})</span>", number),
                    widget=forms.Textarea, required=False, max_length=TEXT_LIMIT,
                    help_text="Needed if your grade differs from the auditor's",
                )
                self.graded.append((answer, number, name, f"{name}_reason"))
                layout += [
                    Field.radios(name, legend_size=Size.SMALL, inline=True),
                    Field.textarea(f"{name}_reason", rows=2),
                ]
            if layout:
                legend = _legend(domain.heading)
                sections.append(Fieldset(*layout, legend=legend, legend_size=Size.MEDIUM, legend_tag="h2"))
        self.order_fields([name for _, _, grade, reason in self.graded for name in (grade, reason)])
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *sections,
            Fieldset(
                HTML(format_html('<p class="govuk-body">The auditor’s overall grade: <strong>{}</strong></p>',
                                 audit.get_overall_grade_display())),
                Field.radios("overall_grade", legend_size=Size.SMALL, inline=True),
                Field.textarea("overall_reason", rows=3),
                Field.textarea("comment", rows=3),
                legend="Overall judgement", legend_size=Size.MEDIUM, legend_tag="h2",
            ),
            Button.primary("moderate", "Save moderation"),
        )

    def clean(self):
        data = super().clean()
        for answer, number, grade, reason in self.graded:
            if data.get(grade) and data[grade] != answer.grade and not data.get(reason) and reason not in self.errors:
                self.add_error(reason, f"Say why you graded question {number} differently from the auditor")
        overall = data.get("overall_grade")
        if overall and overall != self.audit.overall_grade and not data.get("overall_reason"):
            self.add_error("overall_reason", "Say why your overall grade differs from the auditor's")
        return data

    def grades(self) -> dict:
        """The moderator's grade and reason for each answer, by the answer's id."""
        data = self.cleaned_data
        return {answer.id: (data[grade], data.get(reason, "")) for answer, _, grade, reason in self.graded}

    def comment_text(self) -> str:
        data = self.cleaned_data
        return "\n\n".join(part for part in (data.get("overall_reason"), data.get("comment")) if part)


class ScrutinyForm(forms.Form):
    comment = forms.CharField(
        label="Your scrutiny",
        help_text="What this audit tells you about practice and about the quality assurance itself.",
        widget=forms.Textarea,
        max_length=TEXT_LIMIT,
        error_messages={"required": "Enter your scrutiny of this audit"},
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.layout = Layout(Field.textarea("comment", rows=5), Button.primary("scrutinise", "Record scrutiny"))


class InviteAgencyForm(forms.Form):
    """The lead auditor asks a partner agency, through one of its people, for its part."""

    contributor = StaffChoiceField(
        label="Who will give their agency's part",
        queryset=StaffMember.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Select the person from the partner agency",
                        "invalid_choice": "Select the person from the partner agency"},
    )

    def __init__(self, *args, audit: Audit, today: date, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit = audit
        taken = audit.contributions.values("agency_id")
        self.fields["contributor"].queryset = (
            StaffMember.objects.employed_on(today).filter(agency__isnull=False).exclude(agency_id__in=taken)
            .select_related("agency")
        )
        self.fields["contributor"].label_from_instance = lambda staff: f"{staff.name} ({staff.agency})"
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.layout = Layout(Field.select("contributor"), Button.secondary("invite", "Invite agency"))


class ContributionForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = AgencyContribution
        fields = ["grade", "worked_well", "to_improve", "learning"]
        labels = {
            "grade": "Your agency's grade of the work together",
            "worked_well": "What worked well",
            "to_improve": "What could be better",
            "learning": "Learning for the partnership",
        }

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.fields["grade"].choices = OVERALL_CHOICES
        self.fields["grade"].widget = forms.RadioSelect(choices=OVERALL_CHOICES)
        for name in ["worked_well", "to_improve", "learning"]:
            self.fields[name].max_length = TEXT_LIMIT
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("grade", legend_size=Size.SMALL, inline=True),
            Field.textarea("worked_well", rows=4),
            Field.textarea("to_improve", rows=4),
            Field.textarea("learning", rows=4),
            Div(Button.primary("submit", "Submit your agency's part"), Button.secondary("save", "Save as draft"),
                css_class="govuk-button-group"),
        )

    def clean(self):
        data = super().clean()
        if self.submitting:
            if not data.get("grade") and "grade" not in self.errors:
                self.add_error("grade", "Select your agency's grade")
            if not (data.get("worked_well") or data.get("to_improve") or data.get("learning")):
                self.add_error("worked_well", "Say what worked well, what could be better or what was learnt")
        return data


class ThemeForm(VersionedForm, forms.ModelForm):
    """A theme and its own questions, as text in the tools' format; saving new questions makes
    the next version of the theme's tool."""

    questions = forms.CharField(
        label="Questions",
        help_text=HINT,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        error_messages={"required": "Enter the theme's questions"},
    )

    class Meta:
        model = AuditTheme
        fields = ["audit_type", "title", "description", "set_by", "active"]
        labels = {"audit_type": "Type of audit", "title": "Theme", "set_by": "Set by", "active": "Open for audits"}
        error_messages = {
            "title": {"required": "Enter the theme"},
            "set_by": {"required": "Enter who set the theme"},
            "audit_type": {"required": "Select the type of audit"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radios for the two types a theme can have, with no blank "---------" choice among them.
        kind = self.fields["audit_type"]
        kind.widget = forms.RadioSelect()
        kind.choices = [(value, label) for value, label in kind.choices if value]
        if self.instance.pk:
            del self.fields["audit_type"]  # its audits are of this type
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *([Field.radios("audit_type", legend_size=Size.SMALL)] if "audit_type" in self.fields else []),
            Field.text("title"),
            Field.textarea("description", rows=3),
            Field.text("set_by", field_width=20),
            Field.checkbox("active"),
            Field.textarea("questions", rows=18),
            Button.primary("save", "Save theme"),
        )

    def clean_title(self):
        # The type is not on the form once a theme exists, so its one-title-per-type rule is checked here.
        title = self.cleaned_data["title"].strip()
        audit_type = self.instance.audit_type if self.instance.pk else self.data.get("audit_type")
        if audit_type not in AuditType.values:
            return title  # the type's own field says what is wrong with it
        if AuditTheme.objects.filter(audit_type=audit_type, title__iexact=title).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("There is already a theme with this title for this type of audit")
        return title

    def clean_questions(self):
        try:
            self.parsed = parse(self.cleaned_data["questions"])
        except ToolTextError as error:
            raise forms.ValidationError(error.errors) from None
        return self.cleaned_data["questions"]


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
    """The month, and how many cases, of the sample proposed for case file audits."""

    month = forms.ChoiceField(label="Month", error_messages={"invalid_choice": "Select a month from the list"})
    size = forms.IntegerField(
        label="How many cases",
        help_text=f"Between 1 and {SAMPLE_MOST}. Leave it empty for as many as the case file audits you owe "
        "that month.",
        required=False,
        min_value=1,
        max_value=SAMPLE_MOST,
        # GOV.UK asks for a text box that brings up the number keypad, not a number box.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "invalid": "Enter how many cases as a number, like 2",
            "min_value": "Enter at least 1 case",
            "max_value": f"Enter {SAMPLE_MOST} cases or fewer",
        },
    )

    # The duty it is drawn for, when opened from the duty's page: kept when the sample is drawn again.
    duty = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, months: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.months = months
        self.fields["month"].choices = [(key, month.label("monthly")) for key, month in months.items()]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("month"),
            Field.text("size", field_width=2),
            Field("duty"),
            Submit("propose", "Propose a sample", css_class="govuk-button--secondary"),
        )

    def chosen_month(self):
        return self.months[self.cleaned_data["month"]]
