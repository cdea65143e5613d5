"""Pages of the schedule: my duties, my team's duties, the framework, a duty and its actions."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core import clock, periods
from core.exports import download, download_links, requested
from core.paging import paginate
from core.sections import sections_of
from people.models import Role, StaffMember

from .deadlines import MY_DUTIES, MY_TEAM, OTHER, deadlines_for
from .exports import duty_columns
from .forms import MarkDoneForm, TeamDutiesFilter, WaiveForm
from .grouping import COMING_UP, FINISHED, OVERDUE, SECTIONS, STATE_ORDER, THIS_PERIOD, my_sections, section_conditions
from .models import OUTSTANDING, Duty, Responsibility, State, Status, Strand, state_condition
from .waiting import not_waiting, waiting_for


def _today():
    return clock.today()


def my_duties(request):
    """What the person is waited on for, then their duties section by section, each a compact
    table in which many duties of one responsibility are one row that opens (schedule.grouping),
    then other records' deadlines, their actions, what others owe about them and what they have
    finished lately. A fixed number of queries however many duties and groups there are."""
    staff = getattr(request.user, "staff_member", None)
    today = _today()
    context = {"staff": staff, "today": today}
    if staff is not None:
        sections = my_sections(staff, today)
        waiting = waiting_for(staff, today=today)
        deadlines = deadlines_for(staff, today=today, until=today + timedelta(days=DEADLINES_AHEAD), group=OTHER)
        context.update(
            waiting=waiting,
            duty_sections=sections,
            about_me=list(
                Duty.objects.with_related()
                .filter(subject_staff=staff, status__in=OUTSTANDING, period_start__lte=today)
                .exclude(owner=staff)
                .order_by("due_on", "id")
            ),
            # A complaint's response is waiting for its handler: listed there, not again here.
            deadlines=not_waiting(deadlines, waiting),
        )
        for name, section in sections.items():
            context[name] = section.duties
            context[f"{name}_groups"] = section.groups
            context[f"{name}_count"] = section.count
        context["owes_any"] = any(sections[name].rows for name in (OVERDUE, THIS_PERIOD, COMING_UP))
        context["sections"], more = sections_of(MY_DUTIES, request.user, staff, today=today)
        context.update(more)
    return render(request, "schedule/my_duties.html", context)


# How far ahead My duties lists the deadlines other records set (complaints, reviews of policies).
DEADLINES_AHEAD = 60


def quarter_choices(today):
    """'Falling due in' choices: the last four quarters, this one and the next."""
    start_month = settings.FINANCIAL_YEAR_START_MONTH
    current = periods.period_containing("quarterly", today, start_month)
    quarters = periods.periods_between(
        "quarterly", current.start - timedelta(days=365), current.end + timedelta(days=1), start_month
    )
    choices = [("", "Any time")]
    for quarter in reversed(quarters):
        label = quarter.label("quarterly", start_month)
        if quarter == current:
            label += " (now)"
        choices.append((quarter.start.isoformat(), label))
    return choices, {q.start.isoformat(): q for q in quarters}, current


def my_team(request):
    today = _today()
    me = getattr(request.user, "staff_member", None)
    people = StaffMember.objects.visible_to(request.user).exclude(id=getattr(me, "id", None))
    period_choices, quarters, current = quarter_choices(today)
    data = request.GET.copy()
    data.setdefault("period", current.start.isoformat())
    form = TeamDutiesFilter(data, people=people, period_choices=period_choices)

    # Duties owed by the people below me, and those owed about them (my supervision of each).
    duties = Duty.objects.of_team(request.user).exclude(status=Status.CANCELLED)
    if form.is_valid():
        chosen = form.cleaned_data
        if chosen["person"]:
            duties = duties.involving([chosen["person"]])
        if chosen["strand"]:
            duties = duties.filter(responsibility__strand=chosen["strand"])
        if chosen["status"]:  # as the page shows it: overdue read from the due date
            duties = duties.in_state(chosen["status"], today)
        if chosen["period"]:
            quarter = quarters[chosen["period"]]
            duties = duties.filter(due_on__range=(quarter.start, quarter.end))
    else:
        duties = duties.none()
    if fmt := requested(request):
        rows = duties.with_related().order_by("due_on", "owner__name", "id")
        return download(fmt, f"my-team-duties-{today}", duty_columns(today), rows)

    totals = duties.aggregate(**{state: Count("id", filter=state_condition(state, today)) for state in State.values})
    # The totals count every row, so the pages need no count of their own. The page is chosen by
    # id, sorted with only the owner's name joined, and only its rows are read whole.
    ordered = duties.order_by("due_on", "owner__name", "id").values_list("id", flat=True)
    page, query = paginate(request, ordered, count=sum(totals.values()))
    ids = list(page.object_list)
    rows = Duty.objects.with_related().in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids]
    has_people = people.exists()
    context = {"form": form, "page": page, "totals": totals, "has_people": has_people, "query": query,
               "downloads": download_links(request), "today": today}
    if has_people:
        context["sections"], more = sections_of(MY_TEAM, request.user, me, today=today)
        context.update(more)
    return render(request, "schedule/my_team.html", context)


def framework(request):
    by = "strand" if request.GET.get("by") == "strand" else "role"
    responsibilities = Responsibility.objects.filter(active=True).select_related("role")
    mine = set()
    me = getattr(request.user, "staff_member", None)
    if me is not None:
        mine = set(
            me.role_assignments.current_on(_today()).values_list("role_id", flat=True)
        )
    groups: dict[str, dict] = {}
    for responsibility in responsibilities.order_by("ref"):  # roles in the table's own order
        if by == "role":
            key, heading = responsibility.role.slug, responsibility.role.name
        else:
            key, heading = responsibility.strand, responsibility.get_strand_display()
        group = groups.setdefault(key, {"heading": heading, "role": responsibility.role, "rows": []})
        group["rows"].append(responsibility)
    if by == "strand":
        order = {value: i for i, value in enumerate(Strand.values)}
        groups = dict(sorted(groups.items(), key=lambda item: order[item[0]]))
    return render(
        request, "schedule/framework.html", {"by": by, "groups": list(groups.values()), "my_roles": mine}
    )


def role_detail(request, slug):
    role = get_object_or_404(Role, slug=slug)
    today = _today()
    holders = (
        role.assignments.current_on(today)
        .filter(staff__in=StaffMember.objects.visible_to(request.user))
        .select_related("staff", "service", "team")
    )
    responsibilities = list(role.responsibilities.filter(active=True).order_by("ref"))
    return render(
        request,
        "schedule/role_detail.html",
        {
            "role": role,
            "holders": holders,
            "holder_count": role.assignments.current_on(today).count(),
            "scheduled": [r for r in responsibilities if r.is_periodic],
            "unscheduled": [r for r in responsibilities if not r.is_periodic],
        },
    )


def _visible_duty(request, pk):
    return get_object_or_404(Duty.objects.visible_to(request.user).with_related(), pk=pk)


SECTION_LABELS = {OVERDUE: "overdue", THIS_PERIOD: "due this period", COMING_UP: "coming up",
                  FINISHED: "done or waived in the last 30 days"}


def duty_group(request, responsibility_id):
    """One person's duties of one responsibility (a group on My duties), a page at a time."""
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        raise Http404("No duties")
    responsibility = get_object_or_404(Responsibility.objects.select_related("role"), pk=responsibility_id)
    today = _today()
    duties = Duty.objects.filter(owner=staff, responsibility=responsibility).exclude(status=Status.CANCELLED)
    # From a group on My duties: the duties of its section (overdue, due this period...).
    section = request.GET.get("section", "")
    if section in SECTIONS:
        duties = duties.filter(section_conditions(today)[section])
    else:
        section = ""
    status = request.GET.get("status", "")
    shown = duties.in_state(status, today) if status in STATE_ORDER else duties
    totals = duties.aggregate(
        all=Count("id"), **{s.value: Count("id", filter=state_condition(s, today)) for s in STATE_ORDER}
    )
    if not totals["all"]:
        raise Http404("No such duties")
    order = Case(*(When(state_condition(s, today), then=Value(n)) for n, s in enumerate(STATE_ORDER)),
                 default=Value(9))
    shown = shown.with_related().select_related("subject_staff__team").order_by(
        order, "due_on", "subject_staff__name", "subject_team__name", "id"
    )
    if fmt := requested(request):
        return download(fmt, f"duties-{responsibility.ref}-{today}", duty_columns(today), shown)
    page, query = paginate(request, shown)
    return render(request, "schedule/duty_group.html", {
        "responsibility": responsibility, "page": page, "query": query, "totals": totals, "status": status,
        "downloads": download_links(request), "today": today, "section": section,
        "section_label": SECTION_LABELS.get(section, ""),
        "statuses": [(s.value, s.label, totals[s.value]) for s in STATE_ORDER if totals[s.value]],
    })


def duty_detail(request, pk):
    duty = _visible_duty(request, pk)
    history = duty.history.select_related("history_user").order_by("-history_date", "-history_id")
    return render(
        request,
        "schedule/duty_detail.html",
        {
            "duty": duty,
            "today": _today(),
            "history": history,
            "can_mark_done": duty.is_outstanding and duty.may_mark_done(request.user),
            "can_waive": duty.is_outstanding and duty.may_waive(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def duty_mark_done(request, pk):
    duty = _visible_duty(request, pk)
    if not duty.is_owed_by(request.user):
        raise PermissionDenied("Only the person who owes a duty can mark it done.")
    if not duty.is_outstanding:
        messages.info(request, f"This duty is already {duty.get_status_display().lower()}.")
        return redirect("schedule:duty_detail", pk=duty.pk)
    if duty.record_kind:
        messages.info(request, f"This duty is done when {duty.record_kind.label} is submitted.")
        return redirect("schedule:duty_detail", pk=duty.pk)
    today = _today()
    form = MarkDoneForm(request.POST or None, today=today, initial={"completed_on": today})
    if request.method == "POST" and form.is_valid():
        duty.mark_done(
            acting_user=request.user, on=form.cleaned_data["completed_on"], note=form.cleaned_data["note"], today=today
        )
        messages.success(request, f"Marked as done: {duty.title()}")
        return redirect("schedule:my_duties")
    return render(request, "schedule/duty_mark_done.html", {"duty": duty, "form": form})


@require_http_methods(["GET", "POST"])
def duty_waive(request, pk):
    duty = _visible_duty(request, pk)
    if not duty.may_waive(request.user):
        raise PermissionDenied("Only a manager of the person who owes a duty can waive it.")
    if not duty.is_outstanding:
        messages.info(request, f"This duty is already {duty.get_status_display().lower()}.")
        return redirect("schedule:duty_detail", pk=duty.pk)
    form = WaiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        duty.waive(acting_user=request.user, reason=form.cleaned_data["reason"], on=_today())
        messages.success(request, f"Waived: {duty.title()} for {duty.owner}")
        return redirect("schedule:duty_detail", pk=duty.pk)
    return render(request, "schedule/duty_waive.html", {"duty": duty, "form": form})
