"""Pages of themed and multi-agency audits: the themes with their own questions, the partner
agencies invited to a multi-agency audit, and each agency's part."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from . import tools
from .actions import invite_agency, save_contribution, save_theme
from .forms import OVERALL_CHOICES, THEMED_TYPES, ContributionForm, InviteAgencyForm, ThemeForm
from .models import AgencyContribution, Audit, AuditTheme, AuditTool, AuditType
from .views import _detail, _today, _visible_audit

THEME_PERMISSION = "audits.add_audittheme"


def _may_set_themes(user) -> bool:
    return user.has_perm(THEME_PERMISSION)


def theme_list(request):
    themes = AuditTheme.objects.annotate(
        audit_count=Count("audits", filter=Q(audits__in=Audit.objects.visible_to(request.user)))
    ).order_by("-active", "title")
    return render(request, "audits/themes.html", {"themes": themes, "can_set": _may_set_themes(request.user)})


def theme_detail(request, pk):
    """A theme's questions, its audits that the user may see and, collated, what they found:
    grades, and for a multi-agency theme each agency's grade and learning."""
    theme = get_object_or_404(AuditTheme, pk=pk)
    audits = Audit.objects.visible_to(request.user).filter(theme=theme).finished()
    grades = dict(audits.values_list("overall_grade").annotate(n=Count("id")))
    contributions = (
        AgencyContribution.objects.filter(audit__in=audits, submitted_at__isnull=False)
        .select_related("agency", "audit").order_by("agency__name", "audit__audited_on")
    )
    return render(
        request,
        "audits/theme_detail.html",
        {
            "theme": theme,
            "tool": AuditTool.objects.current(theme.audit_type, theme=theme),
            "audits": audits.select_related("auditor", "team").order_by("-audited_on")[:100],
            "grades": [(label, grades.get(value, 0)) for value, label in OVERALL_CHOICES],
            "audit_count": sum(grades.values()),
            "contributions": contributions,
            "improvements": audits.exclude(improvements="").values_list("case_reference", "improvements")[:50],
            "can_set": _may_set_themes(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def theme_edit(request, pk=None):
    """Set a theme, or change one; new questions make the next version of the theme's tool, and
    the audits already made keep theirs."""
    if not _may_set_themes(request.user):
        raise PermissionDenied("Only the audit programme's managers set themes.")
    theme = get_object_or_404(AuditTheme, pk=pk) if pk else None
    current = AuditTool.objects.current(theme.audit_type, theme=theme) if theme else None
    chosen_type = request.GET.get("type") if request.GET.get("type") in THEMED_TYPES else AuditType.THEMED
    if current:
        starting = tools.as_text(current)
    else:
        shipped = AuditTool.objects.current(chosen_type)
        starting = tools.as_text(shipped) if shipped else ""
    form = ThemeForm(
        request.POST or None, instance=theme, initial={"questions": starting, "audit_type": chosen_type}
    )
    if request.method == "POST" and form.is_valid():
        new_questions = current is None or form.parsed != tools.parse(starting)
        theme = form.save(commit=False)
        tool = save_theme(
            theme, acting_user=request.user, questions=form.cleaned_data["questions"] if new_questions else None
        )
        if tool is not None:
            messages.success(request, f"Saved {theme.title}, with questions version {tool.version}")
        else:
            messages.success(request, f"Saved {theme.title}")
        return redirect(theme)
    return render(request, "audits/theme_edit.html", {"form": form, "theme": theme})


@require_POST
def invite(request, pk):
    audit = _visible_audit(request, pk)
    if not audit.may_invite_agencies(request.user):
        raise PermissionDenied("Only the lead auditor of a multi-agency audit invites agencies.")
    form = InviteAgencyForm(request.POST, audit=audit, today=_today(), action=reverse("audits:invite", args=[pk]))
    if not form.is_valid():
        return _detail(request, audit, invite_form=form)
    contributor = form.cleaned_data["contributor"]
    try:
        invite_agency(audit, acting_user=request.user, agency=contributor.agency, contributor=contributor)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, f"{contributor.agency} invited: {contributor.name} can now give its part")
    return redirect(audit)


@require_http_methods(["GET", "POST"])
def contribution(request, pk, contribution_pk):
    audit = _visible_audit(request, pk)
    part = get_object_or_404(audit.contributions.select_related("agency", "contributor"), pk=contribution_pk)
    if not part.may_edit(request.user):
        if part.submitted_at is not None:
            messages.info(request, "This agency's part has been submitted, so it can no longer be changed.")
            return redirect(audit)
        raise PermissionDenied("Only the person invited gives their agency's part.")
    submitting = "submit" in request.POST
    form = ContributionForm(request.POST or None, instance=part, submitting=submitting)
    if request.method == "POST" and form.is_valid():
        try:
            part = save_contribution(part, acting_user=request.user, submit=submitting, **form.cleaned_data)
        except ValidationError:  # submitted meanwhile
            messages.info(request, "This agency's part has been submitted, so it can no longer be changed.")
            return redirect(audit)
        messages.success(request, "Your agency's part is submitted" if submitting else "Draft saved")
        return redirect(audit) if submitting else redirect(part)
    return render(request, "audits/contribution.html", {"audit": audit, "part": part, "form": form})
