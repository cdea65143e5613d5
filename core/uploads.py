"""An upload page, the same for every file the portal loads: the form checks the file at once,
then the page either goes to the new import run's progress page, or shows the file's problems
(nothing was loaded), or says that the same file is loaded already (core.imports)."""

from collections.abc import Callable

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.shortcuts import redirect, render
from django.utils import timezone

from . import imports
from .csvfile import ImportFailed
from .models import ImportRun, ImportStatus

SHOWN_PROBLEMS = 100  # of a file's problems found at once, on the page; the rest are counted
LARGEST_UPLOAD = 10 * 1024 * 1024  # far beyond a council's file; only there to stop a wrong one


class FileUploadForm(forms.Form):
    """One file to load; the page names what it is (its label, hint and the error when none is chosen)."""

    file = forms.FileField()

    def __init__(self, *args, label: str, help_text: str, missing: str, largest: int = LARGEST_UPLOAD, **kwargs):
        super().__init__(*args, **kwargs)
        self.largest = largest
        field = self.fields["file"]
        field.label, field.help_text = label, help_text
        field.error_messages = {**field.error_messages, "required": missing, "empty": "The selected file is empty"}
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("file", context={"label_size": Size.for_label(Size.MEDIUM)}),
            Submit("upload", "Upload and check"),
        )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > self.largest:
            raise forms.ValidationError(f"The selected file must be smaller than {self.largest // (1024 * 1024)} MB")
        return file


def upload_page(request, form, *, kind: str, template: str, options: Callable[[dict], dict]):
    """The GET and POST of an upload page. `options(cleaned_data)` are what the form chose, kept
    on the run for its importer. On success: a redirect to the run, at once (nothing is loaded in
    the request)."""
    problems, earlier = [], None
    if request.method == "POST" and form.is_valid():
        try:
            started = imports.start(
                kind, form.cleaned_data["file"], options=options(form.cleaned_data), acting_user=request.user
            )
        except ImportFailed as failure:
            problems = failure.errors
            form.add_error("file", imports.problem_sentence(len(problems)))
        else:
            if started.run is not None:
                return redirect(started.run)
            earlier = started.earlier
    return render(
        request,
        template,
        {
            "form": form,
            "problems": problems[:SHOWN_PROBLEMS],
            "more_problems": max(len(problems) - SHOWN_PROBLEMS, 0),
            "already": _already(earlier, request.user) if earlier is not None else None,
        },
    )


def _already(earlier, user) -> dict:
    """The words and the link for a file loaded already: the run, to one who may see it; else
    what it made."""
    day = f"{timezone.localtime(earlier.uploaded_at):%-d %B %Y}"
    if earlier.status == ImportStatus.DONE:
        words = f"This file was already loaded on {day} by {earlier.uploader_name}"
        then = "It has not been loaded again."
    else:
        words = f"This file is being loaded: {earlier.uploader_name} uploaded it on {day}"
        then = "It will not be loaded twice."
    if ImportRun.objects.visible_to(user).filter(pk=earlier.pk).exists():
        link = ("See that load", earlier.get_absolute_url())
    elif earlier.status == ImportStatus.DONE and earlier.result_url:
        link = (earlier.result_label or "See what it loaded", earlier.result_url)
    else:
        link = None
    return {"words": words, "then": then, "link": link, "run": earlier}
