"""The month's audits at a glance, for the Head of Safeguarding Monitoring who manages the audit
programme (R50) and for any manager over the people audited: what was audited, the grades by
team, whether the auditors' duties were met, and what moderation found. A fixed number of
queries, however many audits. It counts as the reports do (audits.moderation): the grade an
audit counts as is the moderator's where moderation gave one, and the audit duties are those
owed by the people the user may see."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.shortcuts import render

from core import clock, periods
from people.access import EVERYONE, oversees_anyone, visible_staff_ids
from schedule.models import Duty, State, Status, state_condition

from .forms import OVERALL_CHOICES
from .models import FINISHED, Audit, AuditStatus, AuditType
from .moderation import AUDIT_RECORDS, FINAL_GRADE, agreement, grade_counts


def _month(day: date) -> periods.Period:
    return periods.period_containing("monthly", day)


def _last_months(today: date, count: int = 13) -> list[periods.Period]:
    months = [_month(today)]
    while len(months) < count:
        months.append(_month(months[-1].start - timedelta(days=1)))
    return months


class MonthForm(forms.Form):
    month = forms.ChoiceField(label="Month", required=False)

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m.start.strftime("%Y-%m"), m.start.strftime("%B %Y")) for m in months]
        self.fields["month"].error_messages["invalid_choice"] = "Choose one of the last 13 months"


def month_at_a_glance(request):
    if not (request.user.is_superuser or oversees_anyone(request.user)):
        raise PermissionDenied("The month at a glance is for those who oversee others' work.")
    today = clock.today()
    months = _last_months(today)
    form = MonthForm(request.GET or None, months=months)
    chosen = form.cleaned_data.get("month") if form.is_valid() else None
    month = next((m for m in months if m.start.strftime("%Y-%m") == chosen), months[0])
    position = months.index(month)

    audits = Audit.objects.visible_to(request.user).filter(audited_on__range=(month.start, month.end))
    finished = audits.filter(status__in=FINISHED).annotate(final_grade=FINAL_GRADE)
    totals = finished.aggregate(
        count=Count("id"), concerns=Count("id", filter=Q(safeguarding_concern=True)), **grade_counts()
    )
    by_team = list(
        finished.values("team__name")
        .annotate(count=Count("id"), **grade_counts())
        .order_by(F("team__name").asc(nulls_last=True))
    )
    by_type = dict(finished.values_list("audit_type").annotate(n=Count("id")))
    drafts = audits.filter(status=AuditStatus.DRAFT).count()

    # Owed by the people the user sees, as the reports count them: whether the auditors did them.
    duties = Duty.objects.filter(
        responsibility__record__in=AUDIT_RECORDS, due_on__range=(month.start, month.end)
    ).exclude(status=Status.CANCELLED)
    seen = visible_staff_ids(request.user)
    if seen is not EVERYONE:
        duties = duties.filter(owner_id__in=sorted(seen))
    duty_counts = duties.aggregate(
        due=Count("id"),
        done=Count("id", filter=Q(status=Status.DONE)),
        overdue=Count("id", filter=state_condition(State.OVERDUE, today)),
        open=Count("id", filter=state_condition(State.OPEN, today)),
        waived=Count("id", filter=Q(status=Status.WAIVED)),
    )
    late = duties.overdue(today).select_related("owner", "responsibility").order_by("owner__name")
    grades = [(label, totals[value]) for value, label in OVERALL_CHOICES]
    return render(
        request,
        "audits/month.html",
        {
            "form": form,
            "month": month,
            "month_label": month.start.strftime("%B %Y"),
            "previous": months[position + 1].start.strftime("%Y-%m") if position + 1 < len(months) else None,
            "following": months[position - 1].start.strftime("%Y-%m") if position else None,
            "totals": totals,
            "drafts": drafts,
            "grades": grades,
            "most": max([count for _, count in grades] + [1]),
            "by_team": [
                {
                    "team": row["team__name"] or "No team",
                    "count": row["count"],
                    "grades": [row[value] for value, _ in OVERALL_CHOICES],
                }
                for row in by_team
            ],
            "grade_labels": [label for _, label in OVERALL_CHOICES],
            "by_type": [
                (audit_type.label, by_type[audit_type.value])
                for audit_type in AuditType
                if by_type.get(audit_type.value)
            ],
            "duties": duty_counts,
            "late": late[:50],
            "awaiting_moderation": audits.filter(status=AuditStatus.MODERATION).count(),
            "agreement": agreement(audits),
        },
    )
