"""Pages of the library: the list with its filters, a standard with its reviews, history and the
audit questions that test it (a section audits adds), adding and changing one, recording a
review, and the file itself."""

from datetime import timedelta
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core import clock
from core.paging import paginate
from core.sections import sections_of
from people.models import StaffMember

from .actions import add_standard, change_standard
from .documents import content_type
from .forms import ReviewForm, StandardFilter, StandardForm
from .models import DUE_SOON_DAYS, Standard, reads_library
from .pages import STANDARD_PAGE


def _today():
    return clock.today()


def _library(request):
    """The standards this user may read; 404 for whoever may read none (a partner agency)."""
    if not reads_library(request.user):
        raise Http404("No such page")
    return Standard.objects.visible_to(request.user)


def _visible_standard(request, pk):
    return get_object_or_404(_library(request).select_related("owner__team"), pk=pk)


REVIEW_WITHIN = {"overdue": -1, "month": DUE_SOON_DAYS, "quarter": 91}


def standard_list(request):
    standards = _library(request)
    today = _today()
    form = StandardFilter(
        request.GET or None, owners=StaffMember.objects.filter(id__in=standards.values("owner_id"))
    )
    status = ""
    if form.is_bound:
        if form.is_valid():
            chosen = form.cleaned_data
            status = chosen["status"]
            if chosen["kind"]:
                standards = standards.filter(kind=chosen["kind"])
            if chosen["owner"]:
                standards = standards.filter(owner_id=chosen["owner"])
            if chosen["review"]:
                standards = standards.review_due_by(today + timedelta(days=REVIEW_WITHIN[chosen["review"]]))
        else:
            standards = standards.none()
    if status == "retired":
        standards = standards.filter(active=False)
    elif status != "all":
        standards = standards.filter(active=True)
    page, query = paginate(request, standards.select_related("owner").order_by("title", "id"))
    return render(
        request,
        "standards/list.html",
        {"form": form, "page": page, "query": query, "today": today, "due_soon": today + timedelta(days=DUE_SOON_DAYS),
         "can_add": Standard.may_add(request.user)},
    )


def standard_detail(request, pk):
    standard = _visible_standard(request, pk)
    history = standard.history.select_related("history_user__staff_member", "owner").order_by(
        "-history_date", "-history_id"
    )
    today = _today()
    context = {
        "standard": standard,
        "today": today,
        "due_soon": today + timedelta(days=DUE_SOON_DAYS),
        "owner_has_left": not standard.owner.employed_on(today),
        "reviews": standard.reviews.select_related("reviewed_by__staff_member"),
        "history": history,
        "can_edit": standard.may_edit(request.user),
    }
    context["sections"], more = sections_of(STANDARD_PAGE, request.user, standard)
    context.update(more)
    return render(request, "standards/detail.html", context)


@require_http_methods(["GET", "POST"])
def new_standard(request):
    _library(request)
    if not Standard.may_add(request.user):
        raise PermissionDenied("Only those with the permission to add standards add them.")
    form = StandardForm(request.POST or None, request.FILES or None, today=_today(), submit_label="Add to the library")
    if request.method == "POST" and form.is_valid():
        standard = add_standard(form.save(commit=False), acting_user=request.user)
        messages.success(request, f"{standard.title} added to the library")
        return redirect(standard)
    return render(request, "standards/edit.html", {"form": form, "standard": None})


@require_http_methods(["GET", "POST"])
def edit_standard(request, pk):
    standard = _visible_standard(request, pk)
    if not standard.may_edit(request.user):
        raise PermissionDenied("Only the owner, or those with the permission to change standards, change one.")
    heading = standard.title  # the form changes the instance as it checks what was typed
    form = StandardForm(
        request.POST or None, request.FILES or None, instance=standard, today=_today(), submit_label="Save changes"
    )
    if request.method == "POST" and form.is_valid():
        standard = change_standard(form.save(commit=False), acting_user=request.user)
        messages.success(request, "Changes saved")
        return redirect(standard)
    return render(request, "standards/edit.html", {"form": form, "standard": standard, "heading": heading})


@require_http_methods(["GET", "POST"])
def record_review(request, pk):
    standard = _visible_standard(request, pk)
    if not standard.may_edit(request.user):
        raise PermissionDenied("Only the owner, or those with the permission to change standards, record a review.")
    if not standard.active:
        messages.info(request, "This document is retired, so it is no longer reviewed.")
        return redirect(standard)
    today = _today()
    form = ReviewForm(request.POST or None, standard=standard, today=today, initial={"reviewed_on": today})
    if request.method == "POST" and form.is_valid():
        review = standard.record_review(acting_user=request.user, **form.cleaned_data)
        due = review.next_review_on
        messages.success(request, f"Review recorded. The next review is due on {due.day} {due:%B %Y}.")
        return redirect(standard)
    return render(request, "standards/review.html", {"form": form, "standard": standard})


def download(request, pk):
    """The uploaded file, to a signed-in reader of the library only; never served directly."""
    standard = _visible_standard(request, pk)
    if not standard.document:
        raise Http404("This standard has no uploaded file")
    try:
        handle = standard.document.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    name = Path(standard.document.name).name
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type(name))
