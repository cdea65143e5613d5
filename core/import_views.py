"""The page of an import run: who uploaded what and when, how far it has gone (followed by a
small script, or a refresh without one), then what it loaded or every line's error. Seen only by
the person who uploaded it and by administrators: anyone else gets 404."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from . import imports
from .models import ImportRun, ImportStatus
from .paging import paginate

ERRORS_PER_PAGE = 100


def _run_for(request, pk) -> ImportRun:
    run = get_object_or_404(ImportRun.objects.visible_to(request.user).select_related("uploaded_by"), pk=pk)
    imports.give_up_if_stale(run)
    return run


def run_page(request, pk):
    run = _run_for(request, pk)
    importer = imports.importer_of(run)
    context = {
        "run": run,
        "what": importer.what,
        "options": importer.describe(run.options),
        "standing": imports.standing_of(run),
        "upload_url": reverse(importer.upload_url),
    }
    if run.status == ImportStatus.FAILED:
        context["page"], context["query"] = paginate(request, run.errors, per_page=ERRORS_PER_PAGE)
    return render(request, "imports/run.html", context)


def run_progress(request, pk):
    """How far the run has gone, for the page's script to follow."""
    return JsonResponse(imports.standing_of(_run_for(request, pk)).as_json())
