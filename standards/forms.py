"""Forms of the library: a standard's details, recording a review, and the list's filters. Each says
its own layout (crispy-forms-gds)."""

from datetime import date

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from core.fields import DateInputField, StaffChoiceField, StaffSearchField, filter_helper
from core.versions import VersionedForm
from people.models import StaffMember

from .documents import MAX_LABEL
from .models import Kind, Standard

NOTE_LIMIT = 5000

KIND_CHOICES = [
    Choice(Kind.POLICY, Kind.POLICY.label, hint="What the council requires and why."),
    Choice(Kind.PRACTICE_STANDARD, Kind.PRACTICE_STANDARD.label, hint="What good practice looks like."),
    Choice(Kind.PROCEDURE, Kind.PROCEDURE.label, hint="The steps to follow, and by when."),
    Choice(Kind.ONE_MINUTE_GUIDE, Kind.ONE_MINUTE_GUIDE.label, hint="A one-page summary for practitioners."),
]


class StandardForm(VersionedForm, forms.ModelForm):
    """A standard's details. The file is optional when there is a link, and the other way round."""

    kind = forms.ChoiceField(
        label="What kind of document is it?",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of document", "invalid_choice": "Select the kind of document"},
    )
    next_review_on = DateInputField(label="Next review due", help_text="For example, 31 3 2027")
    last_reviewed_on = DateInputField(
        label="Last reviewed (optional)", help_text="For example, 31 3 2026", required=False
    )
    document = forms.FileField(
        label="Upload a file (optional if there is a link)",
        help_text=f"A PDF, Word document or OpenDocument text, smaller than {MAX_LABEL}.",
        required=False,
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": ".pdf,.doc,.docx,.odt"}),
        error_messages={"invalid": "The selected file could not be read", "empty": "The selected file is empty"},
    )
    remove_document = forms.BooleanField(label="Remove the uploaded file", required=False)
    link = forms.URLField(
        label="Link to the document (optional if a file is uploaded)",
        help_text="Where staff read it: the intranet or the procedures site. Starts with https://",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a link in the correct format, like https://intranet.example.gov.uk/policy"},
    )

    class Meta:
        model = Standard
        fields = ["title", "code", "kind", "owner", "version", "summary", "link", "document",
                  "last_reviewed_on", "next_review_on", "active"]
        field_classes = {"owner": StaffChoiceField}
        labels = {
            "title": "Title",
            "code": "Short code",
            "owner": "Owner",
            "version": "Version",
            "summary": "What it covers (optional)",
            "active": "In use",
        }
        help_texts = {
            "code": "Lowercase letters, numbers and hyphens, for example chronologies. Audit tools name "
            "the standard a question tests with it: [standard: chronologies].",
            "owner": "The person who keeps it up to date. Its reviews become their duty.",
            "version": "As the document itself says, for example 3.1 or March 2026.",
            "active": "Untick when the document is withdrawn; it stays in the library's history.",
        }
        error_messages = {
            "title": {"required": "Enter the title"},
            "code": {"required": "Enter a short code",
                     "invalid": "The short code must only include lowercase letters, numbers, hyphens and "
                                "underscores, like chronologies",
                     "unique": "There is already a standard with this short code"},
            "owner": {"required": "Select the owner", "invalid_choice": "Select an owner from the list"},
            "version": {"required": "Enter the version"},
        }

    def __init__(self, *args, today: date, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["next_review_on"].error_messages.update(
            required="Enter the date the next review is due",
            incomplete="Enter the date the next review is due, with its day, month and year",
        )
        self.fields["last_reviewed_on"].error_messages.update(
            incomplete="Enter the date it was last reviewed, with its day, month and year",
        )
        owner = self.fields["owner"]
        # The council's staff employed today; the current owner stays a choice while the record is edited.
        staff = StaffMember.objects.employed_on(today).council()
        owner.queryset = (staff | StaffMember.objects.filter(pk=self.instance.owner_id)).select_related("team")
        owner.empty_label = "Choose a person"
        self.fields["code"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.fields["link"].widget.attrs.update(spellcheck="false")
        has_file = bool(self.instance.pk and self.instance.document)
        layout = [
            Field.text("title"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("code", field_width=20),
            Field.select("owner"),
            Field.text("version", field_width=10),
            Field.textarea("summary", rows=3),
            Field.text("link"),
            Field("document"),
        ]
        if has_file:
            self.fields["document"].label = "Replace the uploaded file (optional)"
            layout.append(Field.checkbox("remove_document", small=True))
        else:
            del self.fields["remove_document"]
        layout += [Field("last_reviewed_on"), Field("next_review_on")]
        if self.instance.pk:
            layout.append(Field.checkbox("active"))
        else:
            del self.fields["active"]
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, Submit("save", submit_label))

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_code(self):
        return self.cleaned_data["code"].strip().lower()

    def clean_version(self):
        return self.cleaned_data["version"].strip()

    def clean_last_reviewed_on(self):
        day = self.cleaned_data["last_reviewed_on"]
        if day and day > self.today:
            raise forms.ValidationError("The date it was last reviewed must be today or in the past")
        return day

    def clean(self):
        data = super().clean()
        removing = data.get("remove_document")
        uploading = bool(self.files.get("document"))
        keeping = bool(self.instance.pk and self.instance.document) and not removing
        if not data.get("link") and not (uploading or keeping) and "link" not in self.errors \
                and "document" not in self.errors:
            self.add_error("link", "Enter a link to the document or upload a file")
        last, due = data.get("last_reviewed_on"), data.get("next_review_on")
        if last and due and due <= last:
            self.add_error("next_review_on", "The next review must be after the date it was last reviewed")
        return data

    def save(self, commit=True):
        standard = super().save(commit=False)
        if self.cleaned_data.get("remove_document") and not self.files.get("document"):
            # The file stays in storage: the history still names it.
            standard.document = ""
        if commit:
            standard.save()
        return standard


class ReviewForm(forms.Form):
    """The owner's review: when, what it found or changed, the version it leaves and the next date."""

    reviewed_on = DateInputField(label="Date reviewed", help_text="For example, 27 3 2026")
    note = forms.CharField(
        label="What did the review find or change?",
        help_text="For example, updated for Working Together 2023; no change to practice.",
        widget=forms.Textarea,
        max_length=NOTE_LIMIT,
        error_messages={"required": "Enter what the review found or changed"},
    )
    version = forms.CharField(
        label="New version (optional)",
        help_text="Leave this empty if the version has not changed.",
        max_length=40,
        required=False,
    )
    next_review_on = DateInputField(label="Next review due", help_text="For example, 27 3 2027")

    def __init__(self, *args, standard: Standard, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.standard, self.today = standard, today
        self.fields["reviewed_on"].error_messages.update(
            required="Enter the date reviewed", incomplete="Enter the date reviewed, with its day, month and year"
        )
        self.fields["next_review_on"].error_messages.update(
            required="Enter the date the next review is due",
            incomplete="Enter the date the next review is due, with its day, month and year",
        )
        self.fields["version"].help_text = (
            f"It is version {standard.version} now. Leave this empty if it has not changed."
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("reviewed_on"),
            Field.textarea("note", rows=5, max_characters=NOTE_LIMIT),
            Field.text("version", field_width=10),
            Field("next_review_on"),
            Submit("save", "Record the review"),
        )

    def clean_reviewed_on(self):
        day = self.cleaned_data["reviewed_on"]
        if day > self.today:
            raise forms.ValidationError("The date reviewed must be today or in the past")
        return day

    def clean_version(self):
        return self.cleaned_data["version"].strip()

    def clean_next_review_on(self):
        day = self.cleaned_data["next_review_on"]
        if day <= self.today:
            raise forms.ValidationError("The next review must be in the future")
        return day

    def clean(self):
        data = super().clean()
        reviewed, due = data.get("reviewed_on"), data.get("next_review_on")
        if reviewed and due and due <= reviewed and "next_review_on" not in self.errors:
            self.add_error("next_review_on", "The next review must be after the date reviewed")
        return data


REVIEW_CHOICES = [
    ("", "Any time"),
    ("overdue", "Overdue"),
    ("month", "Due within a month, or overdue"),
    ("quarter", "Due within three months, or overdue"),
]
STATUS_CHOICES = [("", "In use"), ("retired", "Retired"), ("all", "In use or retired")]


class StandardFilter(forms.Form):
    """The filters of the library. Owners are the people who own a document."""

    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "All kinds"), *Kind.choices])
    owner = StaffSearchField(label="Owner")
    review = forms.ChoiceField(label="Review", required=False, choices=REVIEW_CHOICES)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.helper = filter_helper(*self.fields)
