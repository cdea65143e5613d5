"""Pages of the board reports: the list, starting one, the report's own page (its figures as they
will print, the author's words, its versions), printing it, finalising it and downloading a
version. Who may do what is reports.board_actions': what a user may not read answers 404, what
they read but may not change, 403. Views stay short: the work is in board_actions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from . import board_actions as actions
from .board_forms import NarrativeForm, StartForm
from .board_kinds import KINDS
from .models import VersionState
from .scope import today as local_today


def report_list(request):
    """Every report the user may read, grouped by kind in the order KINDS gives, newest first."""
    by_kind = {key: [] for key in KINDS}
    for report in actions.visible_reports(request.user):
        if report.kind in by_kind:
            by_kind[report.kind].append({"report": report, "period": actions.period_of(report),
                                         "latest": next(iter(report.versions.all()), None)})
    groups = [{"kind": KINDS[key], "rows": rows} for key, rows in by_kind.items() if rows]
    may_start = bool(actions.writable_kinds(request.user))
    # A duty's link comes here with its record kind; "Start a report" keeps it, to choose that kind.
    wanted = request.GET.get("kind", "")
    start_query = urlencode({"kind": wanted}) if any(wanted in (k.key, k.record_kind) for k in KINDS.values()) else ""
    return render(request, "reports/board_list.html", {"groups": groups, "may_start": may_start,
                                                       "start_query": start_query})


def start(request):
    kinds = actions.writable_kinds(request.user)
    if not kinds:
        raise PermissionDenied("You hold no role that writes a board report.")
    # My duties links here with the duty's record kind: that kind is chosen already.
    wanted = request.GET.get("kind", "")
    chosen = next((kind.key for kind in kinds if wanted in (kind.key, kind.record_kind)), None)
    form = StartForm(request.POST or None, user=request.user, kinds=kinds, day=local_today(),
                     initial={"kind": chosen} if chosen else None)
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.start_report(form.cleaned_data["kind"], form.cleaned_data["period"], **form.place(),
                                          acting_user=request.user)
        except ValidationError as error:
            form.add_error("period", error)
        else:
            return redirect(report)
    return render(request, "reports/board_start.html", {"form": form})


def report_page(request, pk):
    report = actions.report_for(request.user, pk)
    kind = actions.kind_of(report)
    author = actions.is_author(request.user, report)
    form = None
    if author and not report.is_final:
        form = NarrativeForm(request.POST or None, kind=kind, initial=report.narrative)
        if request.method == "POST" and form.is_valid():
            actions.save_narrative(report, form.cleaned_data, acting_user=request.user)
            messages.success(request, "The words are saved.")
            return redirect(report)
    elif request.method == "POST":
        raise PermissionDenied("Only the author may change a draft report.")
    figures = report.frozen_figures if report.is_final else actions.live_figures(report, request.user)
    versions = list(report.versions.select_related("generated_by"))
    sections = [{"spec": spec, "figures": mark_safe(figures.get(spec.key, "")),  # the panels' own templates
                 "narrative": report.narrative.get(spec.key, ""), "field": form[spec.key] if form else None}
                for spec in kind.sections]
    return render(request, "reports/board_report.html", {
        "report": report, "kind": kind, "period": actions.period_of(report), "form": form, "author": author,
        "sections": sections, "versions": versions, "in_progress": any(v.in_progress for v in versions),
        "provisional": actions.is_provisional(report), "replaced_by": list(report.replaced_by.all()),
        "may_correct": report.is_final and not report.replaced_by.exists() and actions.may_write(request.user, kind),
    })


def progress(request, pk):
    """The state of the report's newest version, for the page's script to follow."""
    report = actions.report_for(request.user, pk)
    version = report.versions.first()
    if version is None:
        return JsonResponse({"state": "", "label": "Not printed yet", "done": True})
    return JsonResponse({"number": version.number, "state": version.state, "label": version.get_state_display(),
                         "done": not version.in_progress})


@require_POST
def correct(request, pk):
    """A correction of a final report: a new draft of the same kind, period and scope, starting
    from its words, that names the report it replaces."""
    report = actions.report_for(request.user, pk)
    try:
        draft = actions.start_report(actions.kind_of(report), actions.period_of(report), service=report.service,
                                     team=report.team, acting_user=request.user, replaces=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    messages.success(request, "This is the correction: change what needs changing, then finalise it.")
    return redirect(draft)


@require_POST
def generate(request, pk):
    report = actions.report_for(request.user, pk)
    actions.request_pdf(report, acting_user=request.user)
    messages.success(request, "The PDF is being made. This page shows when it is ready.")
    return redirect(report)


def finalise(request, pk):
    report = actions.report_for(request.user, pk)
    if not actions.is_author(request.user, report):
        raise PermissionDenied("Only the report's author may finalise it.")
    if request.method == "POST":
        try:
            actions.finalise(report, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The report is final. Its final PDF is being made.")
        return redirect(report)
    return render(request, "reports/board_finalise.html", {"report": report, "kind": actions.kind_of(report),
                                                           "period": actions.period_of(report)})


def download(request, pk, number):
    report = actions.report_for(request.user, pk)
    version = report.versions.filter(number=number, state=VersionState.DONE).first()
    if version is None or not version.file:
        raise Http404("No such version, or it is not ready.")
    return FileResponse(version.file.open("rb"), as_attachment=True, filename=version.file.name.rsplit("/", 1)[-1],
                        content_type="application/pdf")
