"""Forms of the board reports: starting one (kind, period, service or team) and its words, a text
box per section. Each says its layout (crispy-forms-gds); a refusal shows beside its field and
keeps what was typed."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from core.fields import hint_case_reference
from core.versions import VersionedForm
from people.access import EVERYONE, visible_staff_ids

from .board_kinds import KINDS, ReportKind
from .models import NARRATIVE_LIMIT
from .scope import HEADINGS, ReportPeriod, period_choices, teams_seen_by


class StartForm(forms.Form):
    """The kinds offered are those the user may write; the service or team, those they may see."""

    kind = forms.ChoiceField(label="Kind of report", error_messages={"required": "Select the kind of report",
                                                                     "invalid_choice": "Select the kind of report"})
    period = forms.ChoiceField(label="Period", error_messages={"required": "Select the period",
                                                               "invalid_choice": "Select the period"})
    where = forms.ChoiceField(label="For", required=False, error_messages={"invalid_choice": "Select what it is for"})

    def __init__(self, *args, user, kinds: list[ReportKind], day: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.key, kind.title) for kind in kinds]
        wanted = {kind.period_kind for kind in kinds}
        self.fields["period"].choices = period_choices(day, [each for each in HEADINGS if each in wanted])
        teams = teams_seen_by(user)
        services = sorted({team.service for team in teams}, key=lambda service: service.name)
        self.places = {f"service-{s.id}": {"service": s} for s in services}
        self.places |= {f"team-{t.id}": {"team": t} for t in teams}
        whole = [("", "The whole department")] if visible_staff_ids(user) is EVERYONE else []
        self.fields["where"].required = not whole
        self.fields["where"].error_messages["required"] = "Select the service or team the report is for"
        self.fields["where"].choices = whole + [
            ("Services", [(f"service-{s.id}", s.name) for s in services]),
            ("Teams", [(f"team-{t.id}", f"{t.name} ({t.service.name})") for t in teams]),
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("kind"), Field.select("period"), Field.select("where"),
            Button.primary("start", "Start report"),
        )

    def clean(self):
        data = super().clean()
        kind, period = KINDS.get(data.get("kind", "")), ReportPeriod.parse(data.get("period") or "")
        if kind is not None and period is not None and period.kind != kind.period_kind:
            self.add_error("period", f"Select a {kind.period_kind}: the {kind.title.lower()} covers one")
        data["kind"], data["period"] = kind, period
        return data

    def place(self) -> dict:
        """The chosen service or team as start_report takes it: {} for the whole department."""
        return self.places.get(self.cleaned_data.get("where") or "", {})


class NarrativeForm(VersionedForm, forms.Form):
    """A text box for each section of the report's kind, with the kind's prompt as its hint."""

    def __init__(self, *args, kind: ReportKind, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in kind.sections:
            self.fields[spec.key] = forms.CharField(
                label=spec.title, required=False, max_length=NARRATIVE_LIMIT, strip=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=f"{spec.prompt} Paragraphs are split by a blank line; start a line with \"- \" for a list.",
                error_messages={"max_length": f"{spec.title} must be {NARRATIVE_LIMIT:,} characters or fewer"},
            )
        hint_case_reference(self)
        self.helper = FormHelper()
        self.helper.layout = Layout(*(Field.textarea(spec.key, rows=6) for spec in kind.sections),
                                    Button.primary("save", "Save the words"))
