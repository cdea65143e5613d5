"""Pages of the audits: start one, answer its questions, read it, share and acknowledge it, list them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cases.models import Case
from core import periods
from core.exports import download, download_links, requested
from core.paging import paginate
from learning.plans import actions_for, may_add_action
from people.access import council_staff_member, moderates, oversees_anyone
from people.models import StaffMember, Team
from schedule.records import KINDS
from schedule.views import quarter_choices

from .actions import acknowledge_audit, change_details, share_audit, start_audit, submit_audit
from .actions import delete_draft as remove_draft
from .exports import AUDIT_COLUMNS
from .forms import (
    THEMED_TYPES,
    AcknowledgeForm,
    AuditAnswersForm,
    AuditDetailsForm,
    AuditFilter,
    ChooseTypeForm,
    InviteAgencyForm,
    ScrutinyForm,
)
from .models import SHAREABLE, Audit, AuditStatus, AuditTheme, AuditTool, AuditType, Domain, owes_scrutiny
from .starting import warnings_for


def _today():
    return periods.local_date(timezone.now())


def _me(request):
    return getattr(request.user, "staff_member", None)


def _visible_audit(request, pk):
    audits = Audit.objects.visible_to(request.user).select_related(
        "tool", "theme", "case_holder", "team", "auditor", "moderator"
    )
    return get_object_or_404(audits, pk=pk)


def _chosen_type(query) -> str | None:
    """?type=case_file, or ?kind=audit:case_file as My duties links to it."""
    chosen = query.get("type") or query.get("kind", "").removeprefix("audit:")
    return chosen if chosen in AuditType.values else None


def _domains(audit):
    return list(Domain.objects.filter(tool_id=audit.tool_id).prefetch_related("questions"))


def _from_case_list(request) -> dict:
    """What the case list knows of `?case=REF` (from the monthly sample or a closure duty), when
    the user may see that case: the form starts with it."""
    reference = request.GET.get("case", "").strip()
    case = Case.objects.visible_to(request.user).filter(reference=reference).first() if reference else None
    if case is None:
        return {"case_reference": reference[:30]} if reference else {}
    return {"case_reference": case.reference, "case_holder": case.case_holder_id, "team": case.team_id}


@require_http_methods(["GET", "POST"])
def new_audit(request):
    me = council_staff_member(request.user)
    if me is None:
        return render(request, "audits/no_staff_record.html", status=403)
    audit_type = _chosen_type(request.GET)
    if audit_type is None:
        chooser = ChooseTypeForm(request.GET if {"type", "choose"} & set(request.GET) else None)
        return render(request, "audits/choose_type.html", {"form": chooser})
    if audit_type in THEMED_TYPES and not AuditTheme.objects.filter(audit_type=audit_type, active=True).exists():
        return render(request, "audits/no_theme.html", {"audit_type": AuditType(audit_type)})

    tools = [] if audit_type in THEMED_TYPES else AuditTool.objects.offered(audit_type)
    if not tools and audit_type not in THEMED_TYPES:  # shipped tools are loaded by migrate
        messages.error(request, "There is no audit tool for this type of audit yet. Ask an administrator.")
        return redirect("audits:list")
    today = _today()
    form = AuditDetailsForm(
        request.POST or None,
        audit_type=audit_type,
        today=today,
        tools=tools,
        initial={"audited_on": today, **_from_case_list(request)},
    )
    warnings = []
    if request.method == "POST" and form.is_valid():
        details = dict(form.cleaned_data)
        if not details.pop("start_anyway", False):
            warnings = warnings_for(request.user, me, audit_type=audit_type, case_reference=details["case_reference"],
                                    audited_on=details["audited_on"])
        if not warnings:
            audit = start_audit(acting_user=request.user, auditor=me, audit_type=audit_type, **details)
            return redirect("audits:edit", pk=audit.pk)
        form.ask_to_start_anyway()
    return render(
        request,
        "audits/new.html",
        {
            "form": form,
            "audit_type": AuditType(audit_type),
            "tools": tools,
            "kind_label": KINDS[AuditType(audit_type).record_kind].label,
            "warnings": warnings,
        },
    )


@require_http_methods(["GET", "POST"])
def delete_draft(request, pk):
    """The auditor deletes a draft they will not finish, after a page that asks first."""
    audit = _visible_audit(request, pk)
    if not audit.may_edit(request.user):
        raise PermissionDenied("Only the auditor can delete their draft.")
    if audit.status != AuditStatus.DRAFT:
        messages.info(request, "This audit has been submitted, so it can no longer be deleted.")
        return redirect(audit)
    if request.method == "POST":
        try:
            remove_draft(audit, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(audit)
        messages.success(request, f"The draft audit of case {audit.case_reference} is deleted. Its history keeps it.")
        return redirect("audits:list")
    return render(request, "audits/delete_draft.html", {"audit": audit})


@require_http_methods(["GET", "POST"])
def edit_details(request, pk):
    """Correct what was audited, whose work it is and when, while the audit is a draft."""
    audit = _visible_audit(request, pk)
    if not audit.may_edit(request.user):
        raise PermissionDenied("Only the auditor can change an audit.")
    if audit.status != AuditStatus.DRAFT:
        messages.info(request, "This audit has been submitted, so it can no longer be changed.")
        return redirect(audit)
    form = AuditDetailsForm(request.POST or None, instance=audit, audit_type=audit.audit_type, today=_today())
    if request.method == "POST" and form.is_valid():
        try:
            change_details(audit, acting_user=request.user, **form.cleaned_data)
        except ValidationError:  # submitted meanwhile
            messages.info(request, "This audit has been submitted, so it can no longer be changed.")
            return redirect(audit)
        messages.success(request, "Details saved")
        return redirect("audits:edit", pk=audit.pk)
    return render(request, "audits/details.html", {"form": form, "audit": audit})


@require_http_methods(["GET", "POST"])
def edit_audit(request, pk):
    audit = _visible_audit(request, pk)
    if not audit.may_edit(request.user):
        raise PermissionDenied("Only the auditor can change an audit.")
    if audit.status != AuditStatus.DRAFT:
        messages.info(request, "This audit has been submitted, so it can no longer be changed.")
        return redirect(audit)

    domains = _domains(audit)
    answers = {answer.question_id: answer for answer in audit.answers.all()}
    submitting = "submit" in request.POST
    form = AuditAnswersForm(
        request.POST or None, audit=audit, domains=domains, answers=answers, submitting=submitting
    )
    draft_saved = False
    valid = request.method == "POST" and form.is_valid()
    # A draft keeps whatever is valid, but nothing from a page opened before someone else's save.
    if request.method == "POST" and not form.stale:
        with transaction.atomic():
            if not form.save(acting_user=request.user):
                messages.info(request, "This audit was submitted meanwhile, so it can no longer be changed.")
                return redirect(audit)
            done = submit_audit(audit, acting_user=request.user) if valid and submitting else None
        if done is not None:
            message = "Audit submitted"
            audit.refresh_from_db(fields=["status"])
            if audit.status == AuditStatus.MODERATION:
                message += " and sent for moderation"
            if done:
                message += ". This completed: " + "; ".join(duty.title() for duty in done)
            messages.success(request, message)
            return redirect(audit)
        if valid:
            messages.success(request, f"Draft saved at {timezone.localtime():%H:%M}")
            return redirect("audits:edit", pk=audit.pk)
        draft_saved = True
        audit.refresh_from_db()
        answers = {answer.question_id: answer for answer in audit.answers.all()}
        form.now_at(AuditAnswersForm(audit=audit, domains=domains, answers=answers).version())
    return render(request, "audits/edit.html", {"audit": audit, "form": form, "draft_saved": draft_saved})


def _detail(request, audit, acknowledge_form=None, scrutiny_form=None, invite_form=None):
    can_acknowledge = audit.status == AuditStatus.SHARED and audit.may_acknowledge(request.user)
    if can_acknowledge and acknowledge_form is None:
        acknowledge_form = AcknowledgeForm(action=reverse("audits:acknowledge", args=[audit.pk]))
    can_scrutinise = audit.may_scrutinise(request.user)
    if can_scrutinise and scrutiny_form is None:
        scrutiny_form = ScrutinyForm(action=reverse("audits:scrutinise", args=[audit.pk]))
    can_invite = audit.may_invite_agencies(request.user)
    if can_invite and invite_form is None:
        invite_form = InviteAgencyForm(
            audit=audit, today=_today(), action=reverse("audits:invite", args=[audit.pk])
        )

    answers = {answer.question_id: answer for answer in audit.answers.all()}
    skipped = set(audit.domains_not_applicable.values_list("id", flat=True))
    domains = [(domain, domain.id in skipped, _groups(domain, answers)) for domain in _domains(audit)]
    history = audit.history.select_related("history_user__staff_member").order_by("-history_date", "-history_id")
    return render(
        request,
        "audits/detail.html",
        {
            "audit": audit,
            "domains": domains,
            "history": history,
            "can_continue": audit.status == AuditStatus.DRAFT and audit.may_edit(request.user),
            "can_share": audit.status in SHAREABLE and audit.may_share(request.user),
            "can_acknowledge": can_acknowledge,
            "acknowledge_form": acknowledge_form,
            "can_moderate": audit.status == AuditStatus.MODERATION and audit.may_moderate(request.user),
            "scrutiny_form": scrutiny_form,
            "scrutinies": audit.scrutinies.select_related("scrutineer"),
            "contributions": audit.contributions.select_related("agency", "contributor"),
            "invite_form": invite_form,
            "learning_themes": audit.learning_themes.all(),
            "actions": actions_for(audit, request.user),
            "can_add_action": audit.status != AuditStatus.DRAFT and may_add_action(audit, request.user),
        },
    )


def _groups(domain, answers) -> list[tuple]:
    """A domain's questions with their answers, in runs under each sub-domain (None: under none):
    [(sub-domain, [(question, answer), ...]), ...]."""
    groups = []
    for question in domain.questions.all():
        if not groups or groups[-1][0] != question.subdomain:
            groups.append((question.subdomain, []))
        groups[-1][1].append((question, answers.get(question.id)))
    return groups


def audit_detail(request, pk):
    return _detail(request, _visible_audit(request, pk))


@require_POST
def share(request, pk):
    audit = _visible_audit(request, pk)
    if not audit.may_share(request.user):
        raise PermissionDenied("Only the auditor or a manager of the case-holder can share an audit.")
    try:
        share_audit(audit, acting_user=request.user)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, f"Shared with {audit.case_holder.name}")
    return redirect(audit)


@require_POST
def acknowledge(request, pk):
    audit = _visible_audit(request, pk)
    if not audit.may_acknowledge(request.user):
        raise PermissionDenied("Only the case-holder can acknowledge an audit.")
    form = AcknowledgeForm(request.POST, action=reverse("audits:acknowledge", args=[audit.pk]))
    if not form.is_valid():
        return _detail(request, audit, acknowledge_form=form)
    try:
        acknowledge_audit(audit, acting_user=request.user, response=form.cleaned_data["response"])
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, "Audit acknowledged")
    return redirect(audit)


def _team_ids(audits) -> set[int]:
    """The teams of the audits one may see, for the filter: read as ids first, since a subquery
    of the visible audits inside the teams' query makes PostgreSQL loop over them per team."""
    return set(audits.order_by().values_list("team_id", flat=True).distinct()) - {None}


def audit_list(request):
    audits = Audit.objects.visible_to(request.user)
    # Audits are dated on or before today: the quarters they can be in, newest first, none to come.
    today = _today()
    quarters_offered, quarters, _current = quarter_choices(today)
    quarters_offered = [(key, label) for key, label in quarters_offered if not key or quarters[key].start <= today]
    form = AuditFilter(
        request.GET or None,
        teams=Team.objects.filter(id__in=_team_ids(audits)),
        auditors=StaffMember.objects.filter(id__in=audits.values("auditor_id")),
        quarter_choices=quarters_offered,
        themes=AuditTheme.objects.all(),
    )
    if form.is_bound:
        if form.is_valid():
            chosen = form.cleaned_data
            for name in ["audit_type", "overall_grade", "status"]:
                if chosen[name]:
                    audits = audits.filter(**{name: chosen[name]})
            if chosen["team"]:
                audits = audits.filter(team_id=chosen["team"])
            if chosen["auditor"]:
                audits = audits.filter(auditor_id=chosen["auditor"])
            if chosen["theme"]:
                audits = audits.filter(theme_id=chosen["theme"])
            if chosen["quarter"]:
                quarter = quarters[chosen["quarter"]]
                audits = audits.filter(audited_on__range=(quarter.start, quarter.end))
        else:
            audits = audits.none()
    audits = audits.select_related("case_holder", "team", "auditor", "theme").order_by("-audited_on", "-id")
    if fmt := requested(request):
        return download(fmt, f"audits-{_today()}", AUDIT_COLUMNS, audits)
    page, query = paginate(request, audits)
    return render(
        request,
        "audits/list.html",
        {
            "form": form, "page": page, "query": query, "downloads": download_links(request),
            "oversees": request.user.is_superuser or oversees_anyone(request.user),
            "moderator": moderates(request.user),
            "scrutineer": owes_scrutiny(request.user),
        },
    )
