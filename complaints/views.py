"""Pages of the complaints: the list, a complaint's page, recording and changing one, a stage's
response, extension and escalation, closing, and the quarterly and annual figures.

What a user may not see answers 404; what they see but may not do, 403."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core import clock
from core.exports import download, download_links, requested
from core.paging import paginate
from learning.plans import actions_for, may_add_action
from people.access import council_staff_member, is_complaints_manager, oversees_anyone
from people.models import Team

from . import actions
from . import monitoring as reporting
from .exports import complaint_columns
from .forms import CloseForm, ComplaintFilter, ComplaintForm, EscalationForm, ExtensionForm, ResponseForm
from .models import Complaint, ComplaintStatus, Stage


def _today() -> date:
    return clock.today()


def _visible_complaint(request, pk) -> Complaint:
    complaints = Complaint.objects.visible_to(request.user).select_related("team", "handler")
    return get_object_or_404(complaints, pk=pk)


def _managed_complaint(request, pk) -> Complaint:
    complaint = _visible_complaint(request, pk)
    if not complaint.may_manage(request.user):
        raise PermissionDenied("Only the complaint's handler or the Complaints Manager can change it.")
    return complaint


def may_record(user) -> bool:
    """Who records new complaints: the Complaints Manager, and managers (a complaint may first
    reach a team)."""
    return council_staff_member(user) is not None and (is_complaints_manager(user) or oversees_anyone(user))


def may_monitor(user) -> bool:
    return user.is_superuser or is_complaints_manager(user) or oversees_anyone(user)


def _period_choices(today):
    quarters = reporting.quarters(today)
    return [("", "Any time"), *((q.start.isoformat(), reporting.quarter_label(q)) for q in quarters)], quarters


def complaint_list(request):
    today = _today()
    complaints = Complaint.objects.visible_to(request.user)
    choices, quarters = _period_choices(today)
    # The teams of the complaints one may see (read as ids first: see audits.views._team_ids).
    team_ids = set(complaints.order_by().values_list("team_id", flat=True).distinct()) - {None}
    form = ComplaintFilter(request.GET or None, teams=Team.objects.filter(id__in=team_ids), period_choices=choices)
    if form.is_bound:
        if form.is_valid():
            chosen = form.cleaned_data
            for name in ["status", "category"]:
                if chosen[name]:
                    complaints = complaints.filter(**{name: chosen[name]})
            if chosen["stage"]:
                complaints = complaints.filter(current_stage=chosen["stage"])
            if chosen["team"]:
                complaints = complaints.filter(team_id=chosen["team"])
            if chosen["period"]:
                quarter = next(q for q in quarters if q.start.isoformat() == chosen["period"])
                complaints = complaints.filter(received_on__range=(quarter.start, quarter.end))
            if chosen["overdue"]:
                complaints = complaints.overdue(today)
        else:
            complaints = complaints.none()
    complaints = complaints.select_related("team", "handler").order_by("-received_on", "-id")
    if fmt := requested(request):
        return download(fmt, f"complaints-{today}", complaint_columns(today), complaints)
    page, query = paginate(request, complaints)
    return render(
        request,
        "complaints/list.html",
        {"form": form, "page": page, "query": query, "today": today, "downloads": download_links(request),
         "can_record": may_record(request.user), "can_monitor": may_monitor(request.user)},
    )


def _history(complaint: Complaint):
    """The complaint's changes and its stages', newest first."""
    entries = list(complaint.history.select_related("history_user__staff_member"))
    entries += list(Stage.history.filter(complaint_id=complaint.pk).select_related("history_user__staff_member"))
    return sorted(entries, key=lambda entry: (entry.history_date, entry.history_id), reverse=True)


def complaint_detail(request, pk):

    complaint = _visible_complaint(request, pk)
    today = _today()
    stages = list(complaint.stages.all())
    current = stages[-1]
    manages = complaint.may_manage(request.user)
    is_open = complaint.status == ComplaintStatus.OPEN
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "stages": [(stage, stage.days_left(today) if is_open and stage is current else None) for stage in stages],
            "current": current,
            "today": today,
            "overdue": complaint.is_overdue(today),
            "days_left": complaint.days_left(today),
            "days_overdue": -(complaint.days_left(today) or 0),
            "can_edit": manages,
            "can_respond": manages and is_open,
            "can_extend": manages and is_open and current.may_be_extended,
            "can_escalate": manages and complaint.may_escalate(today),
            "can_close": manages and complaint.status != ComplaintStatus.CLOSED,
            "history": _history(complaint),
            "actions": actions_for(complaint, request.user),
            "can_add_action": may_add_action(complaint, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def new_complaint(request):
    if not may_record(request.user):
        raise PermissionDenied("Complaints are recorded by the Complaints Manager and by managers.")
    today = _today()
    form = ComplaintForm(request.POST or None, user=request.user, today=today, initial={"received_on": today})
    if request.method == "POST" and form.is_valid():
        complaint = actions.create_complaint(acting_user=request.user, **form.details())
        messages.success(request, f"Complaint {complaint.reference} recorded. Stage 1 response due "
                                  f"{complaint.due_on:%-d %B %Y}.")
        return redirect(complaint)
    return render(request, "complaints/form.html", {"form": form, "title": "Record a complaint",
                                                     "caption": "Complaints", "back": None})


@require_http_methods(["GET", "POST"])
def edit_complaint(request, pk):
    complaint = _managed_complaint(request, pk)
    today = _today()
    reference = complaint.reference
    form = ComplaintForm(request.POST or None, instance=complaint, user=request.user, today=today)
    if request.method == "POST" and form.is_valid():
        details = form.details()
        if form.fields["received_on"].disabled:
            details.pop("received_on", None)
        try:
            actions.update_details(complaint, acting_user=request.user, **details)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Changes saved")
            if not Complaint.objects.visible_to(request.user).filter(pk=complaint.pk).exists():
                return redirect("complaints:list")
            return redirect(complaint)
    complaint.refresh_from_db()  # the form changed the instance as it checked what was typed
    return render(request, "complaints/form.html", {"form": form, "title": f"Change complaint {reference}",
                                                     "caption": f"Complaint {reference}", "back": complaint})


def _stage_page(request, pk, *, form_class, allowed, refusal, act, title, intro="", form_kwargs=None):
    """A form about the complaint's current stage: refused (403) when not allowed now."""
    complaint = _managed_complaint(request, pk)
    today = _today()
    stage = complaint.stages.get(number=complaint.current_stage)
    if not allowed(complaint, stage, today):
        raise PermissionDenied(refusal)
    form = form_class(request.POST or None, stage=stage, today=today, **(form_kwargs(complaint) if form_kwargs else {}))
    if request.method == "POST" and form.is_valid():
        try:
            message = act(complaint, form.cleaned_data, today)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect(complaint)
    return render(request, "complaints/stage_form.html", {
        "form": form, "complaint": complaint, "stage": stage, "today": today,
        "title": title(stage), "intro": intro(stage) if callable(intro) else intro,
    })


@require_http_methods(["GET", "POST"])
def respond(request, pk):
    def act(complaint, data, today):
        stage = actions.record_response(complaint, acting_user=request.user, **data)
        return f"Stage {stage.number} response recorded"

    return _stage_page(
        request, pk, form_class=ResponseForm,
        allowed=lambda complaint, stage, today: complaint.status == ComplaintStatus.OPEN,
        refusal="This stage has been answered already.",
        act=act, title=lambda stage: f"Record the stage {stage.number} response",
    )


@require_http_methods(["GET", "POST"])
def extend(request, pk):
    def act(complaint, data, today):
        stage = actions.extend_stage(complaint, acting_user=request.user, new_due_on=data["new_due_on"],
                                     reason=data["reason"])
        return f"Stage {stage.number} response now due {stage.due_on:%-d %B %Y}"

    return _stage_page(
        request, pk, form_class=ExtensionForm,
        allowed=lambda complaint, stage, today: complaint.status == ComplaintStatus.OPEN and stage.may_be_extended,
        refusal="This stage cannot be extended: it has been answered, cannot be extended, or is at its maximum.",
        act=act, title=lambda stage: f"Extend the stage {stage.number} timescale",
        intro=lambda stage: (
            f"Stage {stage.number} ({stage.timescale.name.lower()}) is due {stage.timescale.working_days} working "
            f"days after the request and can be extended to {stage.timescale.longest}."
        ),
    )


@require_http_methods(["GET", "POST"])
def escalate(request, pk):
    def act(complaint, data, today):
        stage = actions.escalate(complaint, acting_user=request.user, requested_on=data["requested_on"], today=today)
        return f"Stage {stage.number} started: response due {stage.due_on:%-d %B %Y}"

    return _stage_page(
        request, pk, form_class=EscalationForm,
        allowed=lambda complaint, stage, today: complaint.may_escalate(today),
        refusal="This complaint cannot go to the next stage now.",
        act=act, title=lambda stage: f"Start stage {stage.number + 1}",
        intro=lambda stage: (
            "The complainant has asked for the next stage. "
            + ("The current stage's response is overdue, so they may go on without it."
               if stage.responded_on is None else "")
        ),
    )


@require_http_methods(["GET", "POST"])
def close(request, pk):
    def act(complaint, data, today):
        actions.close_complaint(complaint, acting_user=request.user, **data)
        return f"Complaint {complaint.reference} closed"

    return _stage_page(
        request, pk, form_class=CloseForm,
        allowed=lambda complaint, stage, today: complaint.status != ComplaintStatus.CLOSED,
        refusal="This complaint is closed already.",
        act=act, title=lambda stage: "Close the complaint",
        form_kwargs=lambda complaint: {"complaint": complaint},
    )


def _chosen(request, options: dict, default):
    """The option named by ?period= or the default; an unknown one is the default too."""
    return options.get(request.GET.get("period", ""), default)


def _check_may_monitor(request):
    if not may_monitor(request.user):
        raise PermissionDenied("The complaints figures are for the Complaints Manager and managers.")


def monitoring(request):
    """Quarterly monitoring of complaints (R29), a quarter of the financial year at a time."""
    _check_may_monitor(request)
    today = _today()
    quarters = reporting.quarters(today)
    options = {q.start.isoformat(): q for q in quarters}
    quarter = _chosen(request, options, quarters[0])
    data = reporting.figures(Complaint.objects.visible_to(request.user), quarter.start, quarter.end)
    return render(request, "complaints/monitoring.html", {
        "figures": data, "period_label": reporting.quarter_label(quarter), "chosen": quarter.start.isoformat(),
        "choices": [(key, reporting.quarter_label(q)) for key, q in options.items()],
    })


def annual(request):
    """The calendar year's complaints, for the annual report to the Chief Executive (R07)."""
    _check_may_monitor(request)
    today = _today()
    years = reporting.calendar_years(today)
    options = {str(year): year for year in years}
    year = _chosen(request, options, years[0])
    data = reporting.figures(
        Complaint.objects.visible_to(request.user), date(year, 1, 1), date(year, 12, 31), by_month=True
    )
    return render(request, "complaints/annual.html", {
        "figures": data, "year": year, "chosen": str(year), "today": today,
        "choices": [(key, key + (" (so far)" if int(key) == today.year else ""))
                    for key in sorted(options, reverse=True)],
    })
