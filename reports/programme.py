"""The audit programme of the quarter after the report's: the audits the schedule has planned
for it (duties an audit completes, falling due in that quarter, owed by the staff in scope), by
row of the table, and the themes set for themed and multi-agency audits.

The rules:
- "Next quarter" is the quarter after the one containing the scope's period end.
- Planned audits count as compliance counts duties (reports.compliance.duties): owed by the staff
  in scope, due in the quarter, not cancelled; done by an audit of any type. Each number links to
  the duties list filtered to exactly those duties.
- The themes are those open to new audits today (active), council-wide: a theme is set by the
  Senior Management Team or the Safeguarding Children Board's MESC, not by a team.
"""

from dataclasses import dataclass, replace
from datetime import timedelta

from django.db.models import Count

from audits.models import AuditTheme
from audits.moderation import AUDIT_RECORDS

from .compliance import duties
from .figures import Figure, Panel
from .scope import ReportPeriod, Scope


@dataclass(frozen=True)
class Planned:
    ref: str
    task: str
    role: str
    audits: Figure


@dataclass(frozen=True)
class Programme:
    quarter: ReportPeriod
    total: Figure
    planned: list[Planned]
    themes: list[AuditTheme]


def programme(scope: Scope) -> Programme:
    quarter = ReportPeriod.containing("quarter", scope.period.end + timedelta(days=1))
    ahead = replace(scope, period=quarter)
    planned = duties(ahead).filter(responsibility__record__in=AUDIT_RECORDS)
    by_row = (planned.values("responsibility_id", "responsibility__ref", "responsibility__task",
                             "responsibility__role__name")
              .annotate(audits=Count("id")).order_by("responsibility__ref"))
    rows = [
        Planned(row["responsibility__ref"], row["responsibility__task"], row["responsibility__role__name"],
                Figure(row["audits"], ahead.link("duties", done_by="audit", responsibility=row["responsibility_id"])))
        for row in by_row
    ]
    total = Figure(sum(row.audits.value for row in rows), ahead.link("duties", done_by="audit"))
    return Programme(quarter, total, rows, list(AuditTheme.objects.filter(active=True).order_by("audit_type", "title")))


def panel(scope: Scope) -> Panel | None:
    if scope.own_only:
        return None
    data = programme(scope)
    return Panel("programme", f"The audit programme for {data.quarter.label}", "reports/panels/programme.html", data)
