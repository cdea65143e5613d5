"""Pages of learning: the actions one may see, an action and its history, raising, changing and
updating one, and the action plans."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core import clock
from core.exports import download, download_links, requested
from core.paging import paginate
from people.access import visible_staff_ids
from people.models import StaffMember

from .exports import action_columns
from .forms import ActionFilter, ActionForm, ProgressForm
from .models import OUTSTANDING, Action, ActionPlan, LearningTheme, State, Status, state_condition
from .plans import find_source, raise_action, visible_source


def _today():
    return clock.today()


def _visible_action(request, pk):
    actions = Action.objects.visible_to(request.user).select_related("owner", "raised_by", "plan__theme")
    return get_object_or_404(actions, pk=pk)


# Actions still to do before those done, soonest due first.
NOT_DONE_FIRST = Case(When(status=Status.DONE, then=Value(1)), default=Value(0), output_field=IntegerField())


def action_list(request):
    today = _today()
    actions = Action.objects.visible_to(request.user)
    form = ActionFilter(
        request.GET or None,
        owners=StaffMember.objects.filter(id__in=actions.values("owner_id")),
        themes=LearningTheme.objects.all(),
    )
    if form.is_bound:
        if form.is_valid():
            chosen = form.cleaned_data
            if chosen["status"]:  # as the list shows it: overdue read from the due date
                actions = actions.in_state(chosen["status"], today)
            if chosen["level"]:
                actions = actions.filter(level=chosen["level"])
            if chosen["owner"]:
                actions = actions.filter(owner_id=chosen["owner"])
            if chosen["theme"]:
                actions = actions.filter(themes=chosen["theme"])
        else:
            actions = actions.none()
    actions = actions.select_related("owner").order_by(NOT_DONE_FIRST, "due_on", "id")
    if fmt := requested(request):
        rows = actions.select_related("raised_by").prefetch_related("themes")
        return download(fmt, f"actions-{today}", action_columns(today), rows)
    page, query = paginate(request, actions)
    return render(
        request,
        "learning/action_list.html",
        {"form": form, "page": page, "query": query, "can_raise": Action.may_raise(request.user),
         "downloads": download_links(request), "today": today},
    )


def action_detail(request, pk):
    action = _visible_action(request, pk)
    history = action.history.select_related("history_user__staff_member", "owner").order_by(
        "-history_date", "-history_id"
    )
    return render(
        request,
        "learning/action_detail.html",
        {
            "action": action,
            "themes": list(action.themes.all()),
            "source": visible_source(action.plan, request.user) if action.plan else None,
            "history": history,
            "today": _today(),
            "can_update": action.is_outstanding and action.may_update(request.user),
            "can_edit": action.is_outstanding and action.may_edit(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def new_action(request):
    if getattr(request.user, "staff_member", None) is None:
        return render(request, "learning/no_staff_record.html", status=403)
    source = find_source(request.GET["source"], request.user) if "source" in request.GET else None
    if not Action.may_raise(request.user, source):
        raise PermissionDenied("Only those who oversee someone, or who made the record, raise actions.")
    today = _today()
    form = ActionForm(
        request.POST or None, user=request.user, today=today, standalone=source is None,
        submit_label="Raise action", initial={"plan": request.GET.get("plan")},
    )
    if request.method == "POST" and form.is_valid():
        action = raise_action(
            acting_user=request.user, source=source, plan=form.cleaned_data.get("plan"),
            themes=form.cleaned_data["themes"], **form.action_fields(),
        )
        messages.success(request, f"Action raised for {action.owner.name}")
        return redirect(source or action)
    return render(request, "learning/action_new.html", {"form": form, "source": source})


@require_http_methods(["GET", "POST"])
def edit_action(request, pk):
    action = _visible_action(request, pk)
    if not action.may_edit(request.user):
        raise PermissionDenied("Only the person who raised an action, or a manager of its owner, changes it.")
    if action.status == Status.DONE:
        messages.info(request, "This action is done, so it can no longer be changed.")
        return redirect(action)
    today = _today()
    heading = str(action)  # the form changes the instance as it checks what was typed
    form = ActionForm(
        request.POST or None, instance=action, user=request.user, today=today, standalone=False,
        submit_label="Save changes",
    )
    if request.method == "POST" and form.is_valid():
        try:
            action.revise(acting_user=request.user, themes=form.cleaned_data["themes"], **form.action_fields())
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, "Action changed")
        return redirect(action)
    return render(request, "learning/action_edit.html", {"form": form, "action": action, "heading": heading})


@require_http_methods(["GET", "POST"])
def update_action(request, pk):
    action = _visible_action(request, pk)
    if not action.may_update(request.user):
        raise PermissionDenied("Only the owner of an action records its progress.")
    if action.status == Status.DONE:
        messages.info(request, "This action is already done.")
        return redirect(action)
    today = _today()
    initial = {"evidence": action.evidence}
    if action.status == Status.IN_PROGRESS:
        initial["status"] = Status.IN_PROGRESS
    form = ProgressForm(request.POST or None, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data
        try:
            action.record_progress(acting_user=request.user, status=chosen["status"], evidence=chosen["evidence"],
                                   completed_on=chosen["completed_on"])
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            if action.status == Status.DONE:
                messages.success(request, "Action marked as done")
            elif action.is_overdue(today):
                messages.info(request, f"Progress saved. The action is still overdue: {action.raised_by.name} or "
                              "your manager can give it a later due date.")
            else:
                messages.success(request, "Progress saved")
        return redirect(action)
    return render(request, "learning/action_update.html", {"form": form, "action": action, "today": today})


def _counted(plans, user, today):
    """Plans with the number of their actions the user may see: all, not done, overdue on `today`."""
    ids = visible_staff_ids(user)
    seen = Q(actions__pk__isnull=False) if ids is None else (
        Q(actions__owner_id__in=ids) | Q(actions__raised_by_id__in=ids)
    )
    return plans.annotate(
        action_count=Count("actions", filter=seen),
        outstanding_count=Count("actions", filter=seen & Q(actions__status__in=OUTSTANDING)),
        overdue_count=Count("actions", filter=seen & state_condition(State.OVERDUE, today, prefix="actions__")),
    )


def plan_list(request):
    plans = _counted(ActionPlan.objects.visible_to(request.user), request.user, _today())
    page, query = paginate(request, plans.select_related("theme").order_by("-created_at", "-id"))
    return render(request, "learning/plan_list.html", {"page": page, "query": query})


def plan_detail(request, pk):
    plans = ActionPlan.objects.visible_to(request.user).select_related("theme", "created_by__staff_member")
    plan = get_object_or_404(plans, pk=pk)
    source = visible_source(plan, request.user)
    if plan.source_type_id is None:
        can_add = Action.may_raise(request.user)
    else:
        can_add = source is not None and Action.may_raise(request.user, source)
    return render(
        request,
        "learning/plan_detail.html",
        {
            "plan": plan,
            "source": source,
            "actions": plan.actions.visible_to(request.user).select_related("owner").order_by(
                NOT_DONE_FIRST, "due_on", "id"
            ),
            "can_add": can_add,
            "today": _today(),
        },
    )
