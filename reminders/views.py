"""Pages of reminders: a person's calendar feed (and its secret address), and the QA lead's log
of every e-mail sent to whom (digests, safeguarding concerns, audits shared), and what failed and why."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.paging import paginate
from core.periods import local_date

from .calendar import feed
from .forms import LeaveForm
from .models import CalendarFeed, Escalation, Notice

LOG_PERMISSION = "reminders.view_notice"


def _me(request):
    me = getattr(request.user, "staff_member", None)
    if me is None:
        raise PermissionDenied("Only members of staff have duties to put in a calendar.")
    return me


@require_http_methods(["GET", "POST"])
def calendar_page(request):
    """Your reminders: leave (no digest while away) and your duties in your calendar."""
    me = _me(request)
    form = LeaveForm(request.POST or None, instance=me)
    if request.method == "POST" and form.is_valid():
        me = form.save(commit=False)
        me._history_user, me._change_reason = request.user, "leave dates set"
        me.save(update_fields=["on_leave_from", "on_leave_until"])
        messages.success(request, "Your leave is saved" if me.on_leave_from else "Your leave dates are cleared")
        return redirect("reminders:calendar")
    subscription, _ = CalendarFeed.objects.get_or_create(staff=me)
    address = request.build_absolute_uri(reverse("reminders:feed", args=[subscription.token]))
    return render(
        request, "reminders/calendar.html", {"subscription": subscription, "address": address, "form": form}
    )


@require_POST
def reset_calendar(request):
    subscription, _ = CalendarFeed.objects.get_or_create(staff=_me(request))
    subscription.reset()
    messages.success(request, "Your calendar address has changed. The old one no longer works: subscribe again.")
    return redirect("reminders:calendar")


@login_not_required  # a calendar cannot sign in: the secret address is the key
@require_safe  # a calendar only reads: nothing else is answered at the secret address
def calendar_feed(request, token):
    subscription = CalendarFeed.objects.select_related("staff").filter(token=token).first()
    now = timezone.now()
    today = local_date(now)
    if subscription is None or not subscription.staff.employed_on(today):
        raise Http404("No such calendar")
    CalendarFeed.objects.filter(pk=subscription.pk).update(last_read_at=now)
    response = HttpResponse(feed(subscription.staff, today=today, now=now), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


def sent_log(request):
    """Every e-mail the portal sent to whom and when, and what failed and why: for the QA lead."""
    if not request.user.has_perm(LOG_PERMISSION):
        raise PermissionDenied("The reminder log is for the QA lead.")
    notices = Notice.objects.select_related("recipient").order_by("-day", "recipient__name", "-id")
    state = request.GET.get("state", "")
    if state in Notice.State.values:
        notices = notices.filter(state=state)
    page, query = paginate(request, notices)
    return render(
        request,
        "reminders/log.html",
        {
            "page": page,
            "query": query,
            "state": state,
            "states": Notice.State.choices,
            "failed": Notice.objects.filter(state=Notice.State.FAILED).count(),
            "escalations": Escalation.objects.select_related(
                "duty__responsibility", "duty__owner", "escalated_to"
            ).order_by("-day", "-id")[:30],
        },
    )
