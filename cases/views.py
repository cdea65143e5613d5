"""Pages of the case list: the list, a case and uploading the list. (The month's sample of cases to
audit is an audit tool: audits.sample_views.)"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core import periods
from core.paging import paginate
from core.sections import sections_of
from core.uploads import upload_page
from people.access import council_staff_member
from people.models import Team
from schedule.models import Duty

from .forms import CaseFilter, UploadForm
from .importing import RUN_KIND
from .models import Case
from .pages import CASE_PAGE


def _today():
    return periods.local_date(timezone.now())


def _may_upload(user) -> bool:
    return user.has_perm("cases.add_case")


def _is_councils_staff(user) -> bool:
    return council_staff_member(user) is not None


def case_list(request):
    today = _today()
    cases = Case.objects.visible_to(request.user)
    data = request.GET.copy()
    data.setdefault("status", "open")
    form = CaseFilter(data, teams=Team.objects.filter(id__in=cases.values("team_id")))
    if form.is_valid():
        chosen = form.cleaned_data
        if chosen["team"]:
            cases = cases.filter(team_id=chosen["team"])
        if chosen["status"] == "open":
            cases = cases.open_on(today)
        elif chosen["status"] == "ended":
            cases = cases.ended()
    else:
        cases = cases.none()
    page, query = paginate(request, cases.select_related("case_holder", "team").order_by("reference"))
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "may_upload": _may_upload(request.user),
            "may_sample": _is_councils_staff(request.user),
        },
    )


def case_detail(request, pk):
    case = get_object_or_404(Case.objects.visible_to(request.user).select_related("case_holder", "team"), pk=pk)
    context = {
        "case": case,
        "duties": Duty.objects.visible_to(request.user).about_case(case.reference).with_related(),
        "history": case.history.select_related("history_user", "case_holder", "team").order_by(
            "-history_date", "-history_id"
        ),
    }
    context["sections"], more = sections_of(CASE_PAGE, request.user, case)
    context.update(more)
    return render(request, "cases/detail.html", context)


@require_http_methods(["GET", "POST"])
def upload(request):
    """The case list, checked at once and loaded by Celery: the page goes to the load's progress."""
    if not _may_upload(request.user):
        raise PermissionDenied("Only people allowed to add cases can upload the case list.")
    form = UploadForm(*(request.POST, request.FILES) if request.method == "POST" else ())
    return upload_page(
        request,
        form,
        kind=RUN_KIND,
        template="cases/upload.html",
        options=lambda chosen: {"today": _today().isoformat()},
    )
