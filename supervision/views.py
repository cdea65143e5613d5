"""Pages of supervision: the sessions (list, record one with its agenda, read, change) with the ASYE
fortnightly compliance table, and the PDRs (list, record one beside its evidence, read, change)."""

from datetime import date

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audits.models import Audit
from core import periods
from core.exports import download, download_links, requested
from core.fields import as_key, is_digits
from core.paging import paginate
from learning.models import Action
from people.access import can_see, council_staff_member, manages, records_for_others
from people.models import StaffMember
from schedule.models import Duty
from schedule.views import quarter_choices

from . import agenda
from .actions import record_pdr, record_session, update_pdr, update_session
from .compliance import FORTNIGHTS_SHOWN, asye_compliance, evidence_for, visible_observations
from .exports import PDR_COLUMNS, SESSION_COLUMNS
from .forms import ChoosePersonForm, PDRFilter, PDRForm, SessionFilter, SessionForm
from .models import PDR, AgendaItem, SupervisionSession


def _today():
    return periods.local_date(timezone.now())


def _me(request):
    return getattr(request.user, "staff_member", None)


def _no_staff_record(request):
    return render(request, "supervision/no_staff_record.html", status=403)


def _people_i_manage(request, today):
    """Everyone employed below the user in the line-management chain: whom they may supervise."""
    me = _me(request)
    people = StaffMember.objects.visible_to(request.user).employed_on(today).council().exclude(
        id=me.id
    )
    ids = [person.id for person in people.only("id") if manages(request.user, person)]
    return StaffMember.objects.filter(id__in=ids).select_related("team").order_by("name", "id")


def _chosen_person(request, name: str, people):
    """The person `?supervisee=` (or `?appraisee=`) names: 404 if the user may not see them, 403 if
    they may but do not manage them, None when nobody is named yet."""
    label = "Who was supervised?" if name == "supervisee" else "Whose PDR is it?"
    raw = request.GET.get(name, "") or request.GET.get("about", "")  # `about`: as a duty's link names its subject
    if not raw:
        form = ChoosePersonForm(request.GET if "choose" in request.GET else None, name=name, label=label,
                                people=people)
        if form.is_bound:
            form.is_valid()  # shows the error
        return None, form
    key = as_key(raw)
    if key is None:
        raise Http404("No such person")
    person = StaffMember.objects.select_related("team").filter(pk=key).first()
    if person is None or not can_see(request.user, person):
        raise Http404("No such person")
    if not people.filter(pk=person.pk).exists():
        raise PermissionDenied("You can record this only for someone you manage.")
    return person, None


def _posted_date(data, name: str) -> date | None:
    """The date typed into a day/month/year field, if it is one the form could take (a year from
    1900 to 9999); before the form is checked."""
    year, month, day = (data.get(f"{name}_{part}", "") for part in (2, 1, 0))
    if not (is_digits(year, 4) and is_digits(month, 2) and is_digits(day, 2)) or int(year) < 1900:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _completed_message(prefix: str, done) -> str:
    if not done:
        return prefix
    return prefix + ". This completed: " + "; ".join(
        duty.title() + (" (done late)" if duty.done_late else "") for duty in done
    )


# Sessions


def session_list(request):
    today = _today()
    sessions = SupervisionSession.objects.visible_to(request.user)
    people = StaffMember.objects.filter(
        Q(id__in=sessions.values("supervisee_id")) | Q(id__in=sessions.values("supervisor_id"))
    ).order_by("name", "id")
    period_choices, quarters, _current = quarter_choices(today)
    form = SessionFilter(
        request.GET or None, supervisees=people, supervisors=people, period_choices=period_choices,
    )
    if form.is_bound:
        if form.is_valid():
            chosen = form.cleaned_data
            for name in ["supervisee", "supervisor"]:
                if chosen[name]:
                    sessions = sessions.filter(**{f"{name}_id": chosen[name]})
            for name in ["kind", "outcome"]:
                if chosen[name]:
                    sessions = sessions.filter(**{name: chosen[name]})
            if chosen["period"]:
                quarter = quarters[chosen["period"]]
                sessions = sessions.filter(held_on__range=(quarter.start, quarter.end))
        else:
            sessions = sessions.none()
    sessions = sessions.select_related("supervisor", "supervisee__team").order_by("-held_on", "-id")
    if fmt := requested(request):
        # Every row is read, so the agenda is counted in the same query, not a page at a time.
        rows = sessions.annotate(items=Count("agenda"), discussed=Count("agenda", filter=Q(agenda__discussed=True)))
        return download(fmt, f"supervision-sessions-{today}", SESSION_COLUMNS, rows)
    page, query = paginate(request, sessions)
    page.object_list = _with_agenda_counts(page.object_list)
    return render(request, "supervision/session_list.html", {
        "form": form, "page": page, "query": query, "downloads": download_links(request),
        "may_record": records_for_others(request.user),
        "asye": asye_compliance(request.user, today),
        "fortnights": FORTNIGHTS_SHOWN,
    })


def _with_agenda_counts(sessions) -> list:
    """The sessions, each with its agenda's items and how many were discussed, counted for the
    page shown only (one query), not for every session before the page is cut."""
    sessions = list(sessions)
    counts = {
        row["session_id"]: row
        for row in AgendaItem.objects.filter(session__in=sessions).values("session_id").annotate(
            items=Count("id"), discussed=Count("id", filter=Q(discussed=True))
        ).order_by()
    }
    for session in sessions:
        found = counts.get(session.id, {})
        session.items, session.discussed = found.get("items", 0), found.get("discussed", 0)
    return sessions


@require_http_methods(["GET", "POST"])
def new_session(request):
    me = council_staff_member(request.user)
    if me is None:
        return _no_staff_record(request)
    today = _today()
    people = _people_i_manage(request, today)
    supervisee, chooser = _chosen_person(request, "supervisee", people)
    if supervisee is None:
        return render(request, "supervision/choose.html", {
            "form": chooser, "title": "Record a supervision session", "nobody": not people.exists(),
        })
    held_on = (_posted_date(request.POST, "held_on") if request.method == "POST" else None) or today
    entries = agenda.preview(supervisee, min(held_on, today))
    form = SessionForm(request.POST or None, entries=entries, today=today, initial={"held_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session, done = record_session(
            acting_user=request.user, supervisor=me, supervisee=supervisee, held_on=data["held_on"],
            kind=data["kind"], outcome=data["outcome"], cancelled_reason=data["cancelled_reason"],
            notes=data["notes"], marks=form.marks(),
        )
        what = "Supervision recorded" if session.is_held else "Cancelled session recorded"
        messages.success(request, _completed_message(what, done))
        return redirect(session)
    previous = agenda.previous_session(supervisee, held_on)
    return render(request, "supervision/session_form.html", {
        "form": form, "supervisee": supervisee, "previous": previous, "session": None,
    })


def _visible_session(request, pk):
    sessions = SupervisionSession.objects.visible_to(request.user).select_related(
        "supervisor", "supervisee__team"
    )
    return get_object_or_404(sessions, pk=pk)


@require_http_methods(["GET", "POST"])
def edit_session(request, pk):
    session = _visible_session(request, pk)
    if not session.may_edit(request.user):
        raise PermissionDenied("Only the supervisor can change a supervision record.")
    today = _today()
    entries = agenda.entries_of(session)
    form = SessionForm(request.POST or None, instance=session, entries=entries, today=today,
                       was_held=session.is_held)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = update_session(
                session, acting_user=request.user, held_on=data["held_on"], kind=data["kind"],
                outcome=data["outcome"], cancelled_reason=data["cancelled_reason"], notes=data["notes"],
                marks=form.marks(),
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _completed_message("Supervision record saved", done))
            return redirect("supervision:detail", pk=session.pk)
    session.refresh_from_db()
    previous = agenda.previous_session(session.supervisee, session.held_on, exclude=session)
    return render(request, "supervision/session_form.html", {
        "form": form, "supervisee": session.supervisee, "previous": previous, "session": session,
    })


def _visible_ids(queryset, ids) -> set[int]:
    return set(queryset.filter(id__in=ids).values_list("id", flat=True)) if ids else set()


def _history(session, entries):
    """The session's changes and its agenda's, newest first, each with the fields it changed."""
    rows = []
    records = list(session.history.select_related("history_user__staff_member").order_by("history_date",
                                                                                           "history_id"))
    previous = None
    for record in records:
        changed = []
        if previous is not None and record.history_type == "~":
            changed = [record.instance_type._meta.get_field(change.field).verbose_name
                       for change in record.diff_against(previous).changes]
        rows.append({"when": record.history_date, "user": record.history_user,
                     "what": record.history_change_reason or ("Recorded" if record.history_type == "+" else "Changed"),
                     "changed": changed})
        previous = record
    titles = {entry.item.id: entry.title for entry in entries if entry.item is not None}
    items = AgendaItem.history.filter(session_id=session.pk).select_related("history_user__staff_member")
    for record in items:
        if record.history_type == "+":
            if not record.discussed:
                continue  # carried and not yet discussed: the agenda itself says so
            what = "marked discussed"
        else:
            what = record.history_change_reason or "changed"
        rows.append({"when": record.history_date, "user": record.history_user,
                     "what": f"Agenda: {titles.get(record.id, 'an item')}: {what}", "changed": []})
    return sorted(rows, key=lambda row: row["when"], reverse=True)


def session_detail(request, pk):
    session = _visible_session(request, pk)
    entries = agenda.entries_of(session)
    audit_ids = [e.record.pk for e in entries if e.kind == "audit"]
    observation_ids = [e.record.pk for e in entries if e.kind == "observation"]
    action_ids = [e.record.pk for e in entries if e.kind == "action"]
    visible = {
        "audit": _visible_ids(Audit.objects.visible_to(request.user), audit_ids),
        "observation": _visible_ids(visible_observations(request.user), observation_ids),
        "action": _visible_ids(Action.objects.visible_to(request.user), action_ids),
    }
    for entry in entries:
        entry.visible = entry.record.pk in visible[entry.kind]
    duties = Duty.objects.with_related().filter(
        record_type=ContentType.objects.get_for_model(SupervisionSession), record_id=session.pk
    )
    return render(request, "supervision/session_detail.html", {
        "session": session, "entries": entries, "history": _history(session, entries),
        "duties": duties, "may_edit": session.may_edit(request.user),
        "discussed": sum(1 for entry in entries if entry.discussed),
    })


# PDRs


def pdr_list(request):
    pdrs = PDR.objects.visible_to(request.user)
    people = StaffMember.objects.filter(
        Q(id__in=pdrs.values("appraisee_id")) | Q(id__in=pdrs.values("appraiser_id"))
    ).order_by("name", "id")
    form = PDRFilter(request.GET or None, appraisees=people, appraisers=people)
    if form.is_bound:
        if form.is_valid():
            for name in ["appraisee", "appraiser"]:
                if form.cleaned_data[name]:
                    pdrs = pdrs.filter(**{f"{name}_id": form.cleaned_data[name]})
        else:
            pdrs = pdrs.none()
    pdrs = pdrs.select_related("appraiser", "appraisee__team").order_by("-held_on", "-id")
    if fmt := requested(request):
        return download(fmt, f"pdrs-{_today()}", PDR_COLUMNS, pdrs)
    page, query = paginate(request, pdrs)
    return render(request, "supervision/pdr_list.html", {
        "form": form, "page": page, "query": query, "downloads": download_links(request),
        "may_record": records_for_others(request.user),
    })


@require_http_methods(["GET", "POST"])
def new_pdr(request):
    me = council_staff_member(request.user)
    if me is None:
        return _no_staff_record(request)
    today = _today()
    people = _people_i_manage(request, today)
    appraisee, chooser = _chosen_person(request, "appraisee", people)
    if appraisee is None:
        return render(request, "supervision/choose.html", {
            "form": chooser, "title": "Record a PDR", "nobody": not people.exists(),
        })
    form = PDRForm(request.POST or None, today=today, initial={"held_on": today})
    if request.method == "POST" and form.is_valid():
        pdr, done = record_pdr(acting_user=request.user, appraiser=me, appraisee=appraisee,
                               held_on=form.cleaned_data["held_on"], summary=form.cleaned_data["summary"])
        messages.success(request, _completed_message("PDR recorded", done))
        return redirect(pdr)
    held_on = (_posted_date(request.POST, "held_on") if request.method == "POST" else None) or today
    return render(request, "supervision/pdr_form.html", {
        "form": form, "appraisee": appraisee, "pdr": None,
        "evidence": evidence_for(appraisee, min(held_on, today), request.user, today=today),
    })


def _visible_pdr(request, pk):
    return get_object_or_404(PDR.objects.visible_to(request.user).select_related("appraiser", "appraisee__team"),
                             pk=pk)


@require_http_methods(["GET", "POST"])
def edit_pdr(request, pk):
    pdr = _visible_pdr(request, pk)
    if not pdr.may_edit(request.user):
        raise PermissionDenied("Only the appraiser can change a PDR.")
    today = _today()
    form = PDRForm(request.POST or None, instance=pdr, today=today)
    if request.method == "POST" and form.is_valid():
        update_pdr(pdr, acting_user=request.user, held_on=form.cleaned_data["held_on"],
                   summary=form.cleaned_data["summary"])
        messages.success(request, "PDR saved")
        return redirect("supervision:pdr_detail", pk=pdr.pk)
    pdr.refresh_from_db()
    return render(request, "supervision/pdr_form.html", {
        "form": form, "appraisee": pdr.appraisee, "pdr": pdr,
        "evidence": evidence_for(pdr.appraisee, pdr.held_on, request.user, today=today),
    })


def pdr_detail(request, pk):
    pdr = _visible_pdr(request, pk)
    history = pdr.history.select_related("history_user__staff_member").order_by("-history_date", "-history_id")
    duties = Duty.objects.with_related().filter(record_type=ContentType.objects.get_for_model(PDR), record_id=pdr.pk)
    return render(request, "supervision/pdr_detail.html", {
        "pdr": pdr, "history": history, "duties": duties, "may_edit": pdr.may_edit(request.user),
        "evidence": evidence_for(pdr.appraisee, pdr.held_on, request.user, today=_today()),
    })
