"""Forms of supervision: choosing whom, a session with its agenda, a PDR, and the lists' filters.
Each says its own layout (crispy-forms-gds)."""

from datetime import date

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Div, Field, Fieldset, Layout, Size
from django import forms
from django.template.loader import render_to_string
from django.utils.html import format_html

from core.fields import DateInputField, StaffChoiceField, StaffSearchField, filter_helper, hint_case_reference
from core.versions import VersionedForm

from .models import ITEM_NOTE_LIMIT, NOTES_LIMIT, PDR, REASON_LIMIT, Kind, Outcome, SupervisionSession


class Rendered(LayoutObject):
    """Markup already rendered from a template, put into a layout as it is (crispy's HTML() would
    compile it as a template, and what people typed must never be read as one)."""

    def __init__(self, html: str):
        self.html = html
        self.fields = []

    def render(self, form, context, template_pack=None, **kwargs):
        return self.html


class ChoosePersonForm(forms.Form):
    """Whom the session (or PDR) is with: one of the people the user manages. Sent by GET, so the
    next page's address names them (as a link from a duty can)."""

    def __init__(self, *args, name: str, label: str, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name
        self.fields[name] = StaffChoiceField(
            label=label, queryset=people, empty_label="Choose a person",
            error_messages={"required": "Select the person", "invalid_choice": "Select someone you manage"},
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select(name, label_size=Size.MEDIUM),
            # With no one chosen the browser sends an empty value; `choose` says the form was sent.
            HTML('<input type="hidden" name="choose" value="1">'),
            Button.primary("continue", "Continue"),
        )


def _date_errors(field, what: str):
    field.error_messages.update(
        required=f"Enter the {what}", incomplete=f"Enter the {what}, with its day, month and year"
    )


class SessionForm(VersionedForm, forms.ModelForm):
    """The session and its agenda: each item carried has a "discussed" box and a short note."""

    held_on = DateInputField(label="Date of the session", help_text="For example, 27 3 2026")

    class Meta:
        model = SupervisionSession
        fields = ["held_on", "kind", "outcome", "cancelled_reason", "notes"]
        labels = {
            "kind": "Kind of supervision",
            "outcome": "Was the session held?",
            "cancelled_reason": "If it was cancelled, why?",
            "notes": "QA notes (optional)",
        }
        widgets = {"kind": forms.RadioSelect, "outcome": forms.RadioSelect}

    def __init__(self, *args, entries, today: date, was_held: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.entries, self.was_held = today, entries, was_held
        _date_errors(self.fields["held_on"], "date of the session")
        self.fields["kind"].choices = Kind.choices
        self.fields["kind"].error_messages["required"] = "Select the kind of supervision"
        self.fields["outcome"].choices = Outcome.choices
        self.fields["outcome"].error_messages["required"] = "Select whether the session was held"
        self.fields["cancelled_reason"].max_length = REASON_LIMIT
        self.fields["notes"].max_length = NOTES_LIMIT
        self.fields["notes"].help_text = (
            "What was agreed about the feedback and the worker's development. Case discussion belongs in the "
            f"case management system, not here. Up to {NOTES_LIMIT:,} characters."
        )
        cards = []
        for entry in entries:
            discussed, note = f"discussed_{entry.key}", f"note_{entry.key}"
            self.fields[discussed] = forms.BooleanField(
                label=format_html('Discussed<span class="govuk-visually-hidden">: {}</span>', entry.title),
                required=False, initial=entry.discussed,
            )
            self.fields[note] = forms.CharField(
                label=format_html('Note (optional)<span class="govuk-visually-hidden">: {}</span>', entry.title),
                required=False, max_length=ITEM_NOTE_LIMIT, initial=entry.note,
            )
            cards.append(Div(
                Rendered(render_to_string("supervision/includes/agenda_card_title.html", {"entry": entry})),
                Div(
                    Rendered(render_to_string("supervision/includes/agenda_record.html", {"entry": entry})),
                    Field.checkbox(discussed),
                    Field.text(note),
                    css_class="govuk-summary-card__content",
                ),
                css_class="govuk-summary-card",
            ))
        if not cards:
            cards = [HTML('<p class="govuk-body">Nothing to carry: no audits shared, observations or open '
                          "actions since the last session.</p>")]
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("held_on"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.radios("outcome", legend_size=Size.SMALL, inline=True),
            Field.textarea("cancelled_reason", rows=2),
            Fieldset(
                HTML('<p class="govuk-body">The QA feedback about the supervisee since their last session. '
                     "Tick each item you discussed.</p>"),
                *cards,
                legend="Agenda", legend_size=Size.MEDIUM, legend_tag="h2",
            ),
            Field.textarea("notes", rows=5),
            Button.primary("save", "Save changes" if self.instance.pk else "Record supervision"),
        )

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > self.today:
            raise forms.ValidationError("The date of the session must be today or in the past")
        return day

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == Outcome.CANCELLED:
            if self.was_held:
                self.add_error("outcome", "This session was recorded as held, so it cannot be cancelled now")
            elif not (data.get("cancelled_reason") or "").strip():
                self.add_error("cancelled_reason", "Say why the session was cancelled")
            for entry in self.entries:
                if data.get(f"discussed_{entry.key}"):
                    self.add_error(f"discussed_{entry.key}",
                                   "A cancelled session discussed nothing: untick this, or say it was held")
        return data

    def marks(self) -> dict:
        """{key: (discussed, note)} for every agenda item on the form."""
        data = self.cleaned_data
        return {
            entry.key: (bool(data.get(f"discussed_{entry.key}")), (data.get(f"note_{entry.key}") or "").strip())
            for entry in self.entries
        }


class PDRForm(VersionedForm, forms.ModelForm):
    held_on = DateInputField(label="Date of the PDR", help_text="For example, 27 3 2026")

    class Meta:
        model = PDR
        fields = ["held_on", "summary"]
        labels = {"summary": "Summary"}
        help_texts = {"summary": "The year's performance and development, and the objectives agreed for the next."}
        error_messages = {"summary": {"required": "Enter a summary of the PDR"}}

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        _date_errors(self.fields["held_on"], "date of the PDR")
        self.fields["summary"].max_length = NOTES_LIMIT * 2
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("held_on"),
            Field.textarea("summary", rows=8),
            Button.primary("save", "Save changes" if self.instance.pk else "Record PDR"),
        )

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > self.today:
            raise forms.ValidationError("The date of the PDR must be today or in the past")
        return day


class SessionFilter(forms.Form):
    supervisee = StaffSearchField(label="Supervisee")
    supervisor = StaffSearchField(label="Supervisor")
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *Kind.choices])
    outcome = forms.ChoiceField(label="Held or cancelled", required=False,
                                choices=[("", "Held or cancelled"), *Outcome.choices])
    period = forms.ChoiceField(label="Held in", required=False)

    def __init__(self, *args, supervisees, supervisors, period_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisee"].queryset = supervisees
        self.fields["supervisor"].queryset = supervisors
        self.fields["period"].choices = period_choices
        self.helper = filter_helper(*self.fields)


class PDRFilter(forms.Form):
    appraisee = StaffSearchField(label="Appraisee")
    appraiser = StaffSearchField(label="Appraiser")

    def __init__(self, *args, appraisees, appraisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appraisee"].queryset = appraisees
        self.fields["appraiser"].queryset = appraisers
        self.helper = filter_helper(*self.fields)
