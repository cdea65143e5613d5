"""Pages of the reviews of an audit after it is submitted: moderation (a moderator grades beside
the auditor) and the director's quarterly scrutiny (R12)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import periods
from people.access import moderates

from .actions import moderate_audit, scrutinise_audit
from .forms import ModerationForm, ScrutinyForm
from .models import Audit, AuditStatus, Scrutiny, owes_scrutiny
from .moderation import agreement
from .views import _detail, _domains, _me, _today, _visible_audit


def this_quarter() -> periods.Period:
    return periods.period_containing("quarterly", _today(), settings.FINANCIAL_YEAR_START_MONTH)


def quarter_label(quarter: periods.Period) -> str:
    return quarter.label("quarterly", settings.FINANCIAL_YEAR_START_MONTH)


@require_http_methods(["GET", "POST"])
def moderate(request, pk):
    audit = _visible_audit(request, pk)
    if not audit.may_moderate(request.user):
        raise PermissionDenied("Only a moderator who did not make the audit can moderate it.")
    if audit.status != AuditStatus.MODERATION:
        messages.info(request, "This audit is not awaiting moderation.")
        return redirect(audit)
    answers = {answer.question_id: answer for answer in audit.answers.all()}
    form = ModerationForm(request.POST or None, audit=audit, domains=_domains(audit), answers=answers)
    if request.method == "POST" and form.is_valid():
        try:
            moderate_audit(
                audit, acting_user=request.user, overall_grade=form.cleaned_data["overall_grade"],
                comment=form.comment_text(), grades=form.grades(),
            )
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, "Moderation saved. The auditor's grades are kept beside yours.")
        return redirect(audit)
    return render(request, "audits/moderate.html", {"audit": audit, "form": form})


def moderation(request):
    """The moderators' queue, and how often moderators agree with auditors this quarter."""
    if not moderates(request.user) and not request.user.is_superuser:
        raise PermissionDenied("Only moderators see the moderation queue.")
    visible = Audit.objects.visible_to(request.user)
    waiting = visible.filter(status=AuditStatus.MODERATION).select_related("auditor", "team").order_by("submitted_at")
    quarter = this_quarter()
    me = _me(request)
    return render(
        request,
        "audits/moderation.html",
        {
            "waiting": waiting,
            "quarter_label": quarter_label(quarter),
            "agreement": agreement(visible.filter(moderated_at__date__range=(quarter.start, quarter.end))),
            "mine": visible.filter(moderator=me).select_related("auditor").order_by("-moderated_at")[:10]
            if me else [],
        },
    )


@require_POST
def scrutinise(request, pk):
    audit = _visible_audit(request, pk)
    if not audit.may_scrutinise(request.user):
        raise PermissionDenied("Only those who owe the scrutiny of audits can record one.")
    form = ScrutinyForm(request.POST, action=reverse("audits:scrutinise", args=[audit.pk]))
    if not form.is_valid():
        return _detail(request, audit, scrutiny_form=form)
    try:
        _scrutiny, done = scrutinise_audit(audit, acting_user=request.user, comment=form.cleaned_data["comment"],
                                           on=_today())
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        message = "Scrutiny recorded"
        if done:
            message += ". This completed: " + "; ".join(duty.title() for duty in done)
        messages.success(request, message)
    return redirect(audit)


def scrutiny(request):
    """For whoever owes the scrutiny of audits (the director, R12): this quarter's submitted audits
    to choose from, and the scrutinies they have recorded."""
    me = _me(request)
    if not owes_scrutiny(request.user):
        raise PermissionDenied("Only those who owe the scrutiny of audits see this page.")
    quarter = this_quarter()
    candidates = (
        Audit.objects.visible_to(request.user).finished().exclude(auditor=me)
        .filter(audited_on__range=(quarter.start, quarter.end))
        .select_related("auditor", "team").order_by("-audited_on", "-id")[:50]
    )
    mine = Scrutiny.objects.filter(scrutineer=me).select_related("audit").order_by("-scrutinised_on")[:20]
    return render(
        request,
        "audits/scrutiny.html",
        {"candidates": candidates, "mine": mine, "quarter_label": quarter_label(quarter)},
    )
