"""Pages of the observations of practice: the list, one observation's page, recording one,
changing it and saying when the feedback was given."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core import periods
from core.exports import download, download_links, requested
from core.fields import as_key
from core.paging import paginate
from learning.plans import actions_for, may_add_action
from people.access import council_staff_member, records_for_others
from people.models import StaffMember
from schedule.models import Duty

from .actions import change_observation, record_feedback, record_observation
from .exports import OBSERVATION_COLUMNS
from .forms import FeedbackForm, ObservationFilter, ObservationForm
from .models import Observation, Setting, setting_for_kind


def _today():
    return periods.local_date(timezone.now())


def _me(request):
    return getattr(request.user, "staff_member", None)


def _visible_observation(request, pk) -> Observation:
    observations = Observation.objects.visible_to(request.user).select_related(
        "observer__team", "practitioner__team"
    )
    return get_object_or_404(observations, pk=pk)


def _editable_observation(request, pk) -> Observation:
    observation = _visible_observation(request, pk)
    if not observation.may_edit(request.user):
        raise PermissionDenied("Only the observer can change an observation.")
    return observation


def period_choices(today):
    """'Observed in' choices: this financial year and the two before, then the last four quarters
    and this one; and what each key means."""
    start_month = settings.FINANCIAL_YEAR_START_MONTH
    year = periods.period_containing("financial_year", today, start_month)
    years = periods.periods_between("financial_year", year.start - timedelta(days=2 * 366), year.end, start_month)
    quarter = periods.period_containing("quarterly", today, start_month)
    quarters = periods.periods_between("quarterly", quarter.start - timedelta(days=365), quarter.end, start_month)
    choices, meaning = [("", "Any time")], {}
    for frequency, found, current, what in [("financial_year", years, year, "financial year"),
                                           ("quarterly", quarters, quarter, "")]:
        for period in reversed(found):
            key = f"{'year' if frequency == 'financial_year' else 'quarter'}-{period.start.isoformat()}"
            label = period.label(frequency, start_month) + (f" {what}" if what else "")
            choices.append((key, label + (" (now)" if period == current else "")))
            meaning[key] = period
    return choices, meaning


def observation_list(request):
    observations = Observation.objects.visible_to(request.user)
    today = _today()
    choices, meaning = period_choices(today)
    me = _me(request)
    # People to filter by: those of the observations the user may see, and always the user, so
    # that "Observations of your practice" is a filter even before there are any.
    myself = Q(id=me.id) if me is not None else Q(pk__in=[])
    form = ObservationFilter(
        request.GET or None,
        observers=StaffMember.objects.filter(Q(id__in=observations.values("observer_id")) | myself),
        practitioners=StaffMember.objects.filter(Q(id__in=observations.values("practitioner_id")) | myself),
        period_choices=choices,
    )
    if form.is_bound:
        if form.is_valid():
            chosen = form.cleaned_data
            for name in ["observer", "practitioner"]:
                if chosen[name]:
                    observations = observations.filter(**{f"{name}_id": chosen[name]})
            if chosen["setting"]:
                observations = observations.filter(setting=chosen["setting"])
            if chosen["period"]:
                period = meaning[chosen["period"]]
                observations = observations.filter(observed_on__range=(period.start, period.end))
            if chosen["feedback"]:
                observations = observations.filter(feedback_given_on__isnull=chosen["feedback"] == "not_given")
        else:
            observations = observations.none()
    observations = observations.select_related("observer", "practitioner__team").order_by("-observed_on", "-id")
    if fmt := requested(request):
        return download(fmt, f"observations-{today}", OBSERVATION_COLUMNS, observations)
    page, query = paginate(request, observations)
    return render(
        request,
        "observations/list.html",
        {
            "form": form, "page": page, "query": query, "downloads": download_links(request),
            "may_record": records_for_others(request.user),
        },
    )


def _initial(request, today) -> dict:
    """What a link may start the form with: `?kind=` from My duties (a conference, a review),
    `?setting=`, and `?practitioner=` (a coverage duty about someone)."""
    initial = {"observed_on": today}
    setting = request.GET.get("setting") or setting_for_kind(request.GET.get("kind", ""))
    if setting in Setting.values:
        initial["setting"] = setting
    named = request.GET.get("practitioner", "") or request.GET.get("about", "")  # `about`: from a duty's link
    if (key := as_key(named)) is not None:
        initial["practitioner"] = key
    return initial


@require_http_methods(["GET", "POST"])
def new_observation(request):
    me = council_staff_member(request.user)
    if me is None:
        return render(request, "observations/no_staff_record.html", status=403)
    today = _today()
    form = ObservationForm(
        request.POST or None, user=request.user, today=today, initial=_initial(request, today),
        submit_label="Save observation", new=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            observation, done = record_observation(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = "Observation saved"
            if done:
                message += ". This completed: " + "; ".join(duty.title() for duty in done)
            messages.success(request, message)
            return redirect(observation)
    return render(
        request,
        "observations/new.html",
        {"form": form, "nobody": not form.fields["practitioner"].queryset.exists()},
    )


def observation_detail(request, pk):

    observation = _visible_observation(request, pk)
    duties = (
        Duty.objects.visible_to(request.user)
        .filter(record_type=ContentType.objects.get_for_model(Observation), record_id=observation.pk)
        .with_related()
        .order_by("due_on", "id")
    )
    history = observation.history.select_related("history_user__staff_member").order_by(
        "-history_date", "-history_id"
    )
    return render(
        request,
        "observations/detail.html",
        {
            "observation": observation,
            "duties": duties,
            "history": history,
            "can_edit": observation.may_edit(request.user),
            "is_mine": observation.is_of(request.user),
            "actions": actions_for(observation, request.user),
            "can_add_action": may_add_action(observation, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def edit_observation(request, pk):
    observation = _editable_observation(request, pk)
    today = _today()
    fields = ["practitioner", "observed_on", "setting", "went_well", "to_develop", "feedback_given_on"]
    initial = {name: getattr(observation, name) for name in fields}
    initial["practitioner"] = observation.practitioner_id
    form = ObservationForm(
        request.POST or None, user=request.user, today=today, initial=initial,
        keep_practitioner=observation.practitioner_id, submit_label="Save changes",
    )
    if request.method == "POST" and form.is_valid():
        try:
            change_observation(observation, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Changes saved")
            return redirect(observation)
    return render(request, "observations/edit.html", {"form": form, "observation": observation})


@require_http_methods(["GET", "POST"])
def feedback(request, pk):
    observation = _editable_observation(request, pk)
    today = _today()
    form = FeedbackForm(
        request.POST or None, observed_on=observation.observed_on, today=today,
        initial={"feedback_given_on": observation.feedback_given_on or today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_feedback(observation, acting_user=request.user, on=form.cleaned_data["feedback_given_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Date feedback was given saved")
            return redirect(observation)
    return render(request, "observations/feedback.html", {"form": form, "observation": observation})
