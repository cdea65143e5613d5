"""The month's sample of cases to audit (/cases/sample/): proposed to a member of the council's
staff from the open cases they may see (audits.sampling)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from cases.dates import month_key, month_of
from core import periods
from core.fields import as_key
from people.access import council_staff_member
from schedule.models import Duty

from .forms import SampleForm, month_choices
from .sampling import sample_for


def _today():
    return periods.local_date(timezone.now())


def sample(request):
    me = council_staff_member(request.user)
    if me is None:
        raise PermissionDenied("Only the council's staff audit its cases.")
    today = _today()
    months = month_choices(today)
    data = request.GET.copy()
    data.setdefault("month", month_key(month_of(today)))
    form = SampleForm(data, months=months)
    # From a duty's page: the sample that duty's row of the table asks for (its own duties only).
    duty = None
    if (key := as_key(request.GET.get("duty", ""))) is not None:
        duty = Duty.objects.select_related("responsibility").filter(pk=key, owner=me).first()
        if duty is None:
            raise Http404("No such duty of yours.")
    proposed = None
    if form.is_valid():
        proposed = sample_for(request.user, month=form.chosen_month(), today=today, size=form.cleaned_data["size"],
                              duty=duty)
        # The box shows the size the sample was drawn at, also when it was left empty.
        form.data["size"] = str(proposed.size)
    return render(request, "audits/sample.html", {"form": form, "sample": proposed, "me": me, "duty": duty})
