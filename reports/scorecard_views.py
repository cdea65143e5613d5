"""Pages of the performance scorecard: the scorecard (also as downloads), a measure, typing a
value, importing a file of values, explaining a missed target, and recording the scorecard
reviewed for the week.

What a user may not see answers 404; what they see but may not do, 403. Measures themselves are
set up in the admin (reports.admin), by the QA lead or an administrator."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core import exports
from core.fields import as_key
from core.paging import paginate
from core.uploads import upload_page
from people.access import council_staff_member, is_partner

from . import scorecard_actions as actions
from .models import Measure, MeasureValue, Source
from .scope import today as local_today
from .scorecard import amber_text, target_text, with_unit
from .scorecard_access import Level, level_of, sight_of
from .scorecard_forms import ExplainForm, ReviewForm, ScorecardFilter, UploadForm, ValueForm
from .scorecard_import import RUN_KIND as SCORECARD_RUN
from .scorecard_table import download_columns, scorecard

HISTORY_SHOWN = 50  # changes listed on a measure's page, newest first


def _chosen_level(request, levels: list[Level]) -> Level | None:
    """The level the query string names (`level=team-12`, or `team=12` / `service=3` as the other
    reports' links say it), else the first the user may see; a level they may not see is a 404."""
    query = request.GET
    code = query.get("level") or (
        f"team-{query['team']}" if query.get("team") else f"service-{query['service']}" if query.get("service") else ""
    )
    if not code:
        return levels[0] if levels else None
    for level in levels:
        if level.code == code:
            return level
    raise Http404("No such department, service or team among those you can see.")


def scorecard_page(request):
    today = local_today()
    user = request.user
    if is_partner(user):
        raise PermissionDenied("Reports are for the council's own staff.")
    sight = sight_of(user, today=today)
    levels = sight.levels
    level = _chosen_level(request, levels)
    me = council_staff_member(user)
    context = {
        "today": today,
        "me": me,
        "may_enter": actions.may_enter_any(user),  # and import: the same people
    }
    if level is None:
        owned = Measure.objects.filter(owner=me, active=True) if me is not None else Measure.objects.none()
        return render(request, "reports/scorecard.html", {**context, "owned": owned})
    data = request.GET.copy()
    for name in ("service", "team", "download", "kind"):
        data.pop(name, None)
    data["level"] = level.code
    form = ScorecardFilter(data, levels=levels, today=today)
    card = scorecard(level, today=today, ending=form.ending())
    fmt = exports.requested(request)
    if fmt:
        return exports.download(fmt, f"scorecard {level.name} {today}", download_columns(), card.values)
    may_review = actions.may_review(user, today)
    return render(
        request,
        "reports/scorecard.html",
        {
            **context,
            "form": form,
            "level": level,
            "card": card,
            "downloads": exports.download_links(request),
            "count": len(card.values),
            "may_review": may_review,
            "reviewed": actions.review_this_week(me, today) if may_review else None,
            "week": actions.week_of(today),
            "review_form": ReviewForm() if may_review else None,
        },
    )


def measure_detail(request, pk):
    today = local_today()
    user = request.user
    measure = get_object_or_404(Measure.objects.select_related("owner__team"), pk=pk)
    sight = sight_of(user, today=today)
    if not (sight.sees_anything or sight.owner_id == measure.owner_id):
        raise Http404("No such measure among those you can see.")
    visible = MeasureValue.objects.filter(sight.values(), measure=measure)
    values = visible.select_related("team", "service", "entered_by", "explained_by").order_by(
        "-period_start", "service__name", "team__name", "id"
    )
    page, query = paginate(request, values)
    for value in page.object_list:
        value.measure = measure
    may_explain = actions.may_explain(user, measure)
    history = list(measure.history.select_related("history_user", "owner")[:HISTORY_SHOWN])
    history += list(
        MeasureValue.history.filter(measure_id=measure.pk, id__in=visible.values("id"))
        .select_related("history_user", "team", "service")
        .order_by("-history_date", "-history_id")[:HISTORY_SHOWN]
    )
    history.sort(key=lambda entry: (entry.history_date, entry.history_id), reverse=True)
    return render(
        request,
        "reports/measure_detail.html",
        {
            "measure": measure,
            "page": page,
            "query": query,
            "may_explain": may_explain,
            "may_enter": actions.may_enter(user, measure),
            "history": [_change(entry, measure) for entry in history[:HISTORY_SHOWN]],
            "today": today,
        },
    )


def _change(entry, measure) -> dict:
    """A row of the measure's history, whether the measure changed or one of its values (a
    historical row has the fields of its model, not its methods)."""
    is_value = hasattr(entry, "period_start")
    if is_value:
        period = measure.period_containing(entry.period_start).short_label
        what = f"{period}, {level_of(entry).name}: {with_unit(entry.value, measure.unit)}"
        if entry.reason:
            what += f". Reason: {entry.reason} Planned action: {entry.planned_action}"
    else:
        what = (
            f"Target {target_text(entry.target, entry.unit, entry.higher_is_better)}; amber up to "
            f"{amber_text(entry.amber_band, entry.unit)} short of it; owner {entry.owner.name if entry.owner else ''}"
            f"{'' if entry.active else '; not in use'}"
        )
    return {
        "when": entry.history_date,
        "who": entry.history_user.get_username() if entry.history_user else "The portal",
        "what": what,
        "why": entry.history_change_reason or {"+": "added", "~": "changed", "-": "deleted"}[entry.history_type],
        "is_value": is_value,
    }


@require_http_methods(["GET", "POST"])
def value_new(request):
    user = request.user
    if not actions.may_enter_any(user):
        raise PermissionDenied("Values are typed in by each measure's owner and by the QA lead.")
    today = local_today()
    measures = actions.measures_entered_by(user)
    measure = as_key(request.GET.get("measure", ""))
    initial = {"measure": measure} if measure else {}
    form = ValueForm(request.POST or None, measures=measures, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entered = actions.put_value(
            measure=data["measure"],
            day=data["period"],
            value=data["value"],
            source=Source.TYPED,
            acting_user=user,
            **data["where"],
        )
        value = entered.value
        if entered.created:
            message = f"{value.measure.name}, {value.period_label}, {value.level.name}: {value.shown} saved"
        elif entered.previous is not None:
            message = f"{value.measure.name}, {value.period_label}, {value.level.name}: changed to {value.shown}"
        else:
            message = f"{value.measure.name}, {value.period_label}, {value.level.name} was {value.shown} already"
        if value.awaiting_reason:
            message += f". It misses its target: the reason is due by {value.reason_due_on:%-d %B %Y}"
        messages.success(request, message)
        return redirect(value.measure)
    return render(request, "reports/scorecard_value_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def import_page(request):
    """A file of values, checked at once and loaded by Celery: the page goes to the load's progress."""
    if not actions.may_enter_any(request.user):
        raise PermissionDenied("Values are imported by each measure's owner and by the QA lead.")
    form = UploadForm(*(request.POST, request.FILES) if request.method == "POST" else ())
    return upload_page(
        request,
        form,
        kind=SCORECARD_RUN,
        template="reports/scorecard_import.html",
        options=lambda chosen: {"today": local_today().isoformat()},
    )


@require_http_methods(["GET", "POST"])
def explain(request, pk):
    user = request.user
    today = local_today()
    values = MeasureValue.objects.visible_to(user, today=today).select_related("measure__owner", "team", "service")
    value = get_object_or_404(values, pk=pk)
    if not actions.may_explain(user, value.measure):
        raise PermissionDenied("The measure's owner gives the reason for a missed target.")
    if not value.misses_target and not value.explained_at:
        raise PermissionDenied("This value met its target: there is nothing to explain.")
    form = ExplainForm(request.POST or None, initial={"reason": value.reason, "planned_action": value.planned_action})
    if request.method == "POST" and form.is_valid():
        actions.explain(value, acting_user=user, **form.cleaned_data)
        messages.success(request, f"Reason and planned action saved for {value.measure.name}, {value.period_label}")
        return redirect(value.measure)
    return render(request, "reports/measure_explain.html", {"form": form, "value": value, "measure": value.measure})


@require_http_methods(["GET", "POST"])
def review(request):
    user = request.user
    today = local_today()
    if not actions.may_review(user, today):
        raise PermissionDenied("The scorecard is recorded reviewed by those whose duties include reviewing it.")
    me = council_staff_member(user)
    reviewed = actions.review_this_week(me, today)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and reviewed is None and form.is_valid():
        try:
            recorded, done = actions.record_review(
                reviewer=me, acting_user=user, today=today, note=form.cleaned_data["note"]
            )
        except actions.AlreadyReviewed as already:
            messages.info(request, str(already))
        else:
            message = f"Scorecard reviewed for the week of {recorded.week_start:%-d %B %Y}"
            if done:
                message += ": " + "; ".join(f"{duty.responsibility.task} marked done" for duty in done)
            messages.success(request, message)
        return redirect("reports:scorecard")
    return render(
        request, "reports/scorecard_review.html", {"form": form, "reviewed": reviewed, "week": actions.week_of(today)}
    )
