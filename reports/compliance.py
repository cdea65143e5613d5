"""Compliance with the framework: of the duties that fell due in the period, how many were done
on time, done late, waived, missed, or are not due yet; by strand, role, team and row of the
table, and over the last 8 quarters or 13 months. Is the framework actually being done?"""

from dataclasses import dataclass, replace

from django.db.models import Count, F, Q
from django.http import Http404
from django.urls import reverse

from audits.moderation import AUDIT_RECORDS
from core.exports import Column
from schedule.models import Duty, Outcome, Status, Strand, outcome_condition

from . import charts, rows
from .figures import Figure, Panel, Table, tally_table
from .scope import ReportPeriod, Scope

OUTCOMES = list(Outcome)


def duties(scope: Scope, *periods: ReportPeriod):
    """The duties owed by the staff in scope that fall due in the period, or from the first of the
    periods given to the last (cancelled ones are not owed), in the chosen strand."""
    first, last = (periods[0], periods[-1]) if periods else (scope.period, scope.period)
    found = Duty.objects.exclude(status=Status.CANCELLED).filter(
        scope.staff("owner"), due_on__range=(first.start, last.end)
    )
    return found.filter(responsibility__strand=scope.strand) if scope.strand else found


def _outcome(queryset, value, scope):
    if value not in Outcome.values:
        raise Http404("No such outcome.")
    return queryset.filter(outcome_condition(value, scope.today))


def _done_by(queryset, value, scope):
    """Duties done by a kind of record: "audit", those an audit of any type completes."""
    if value != "audit":
        raise Http404("No such kind of record.")
    return queryset.filter(responsibility__record__in=AUDIT_RECORDS)


def _columns(scope: Scope) -> list[Column]:
    return [
        Column("Ref", lambda duty: duty.responsibility.ref),
        Column("Task", lambda duty: duty.responsibility.task),
        Column("Role", lambda duty: duty.responsibility.role.name),
        Column("Owed by", lambda duty: duty.owner.name),
        Column("Team", lambda duty: duty.owner.team.name if duty.owner.team else ""),
        Column("About", lambda duty: str(duty.subject or "")),
        Column("Case reference", lambda duty: duty.case_reference),
        Column("Period", lambda duty: duty.period_label),
        Column("Due", lambda duty: duty.due_on),
        Column("How it went", lambda duty: Outcome(duty.outcome(scope.today)).label),
        Column("Done or waived on", lambda duty: duty.finished_on),
    ]


DUTIES = rows.register(rows.RowList(
    name="duties",
    title="Duties",
    rows=lambda scope: duties(scope).select_related(
        "responsibility__role", "owner__team", "subject_staff", "subject_team"
    ).order_by("due_on", "id"),
    columns=_columns,
    filters={
        "outcome": rows.Filter("How it went", _outcome, lambda value: Outcome(value).label),
        "role": rows.Filter("Role", rows.whole_number("responsibility__role_id"), name_of=rows.role_named),
        "owner_team": rows.Filter(
            "Team of the person owing it", rows.whole_number("owner__team_id"), name_of=rows.team_named
        ),
        "responsibility": rows.Filter(
            "Row of the table", rows.whole_number("responsibility_id"), name_of=rows.responsibility_named
        ),
        "done_by": rows.Filter("Done by", _done_by, lambda value: "An audit"),
    },
    url_of=lambda duty: reverse("schedule:duty_detail", args=[duty.id]),
    noun=("duty", "duties"),
))


@dataclass(frozen=True)
class Tally:
    """How the duties of one group went, each outcome a figure linked to its duties."""

    label: str
    outcomes: list[Figure]  # in the order of OUTCOMES
    total: Figure
    on_time: Figure  # done on time, of those that fell due (not waived, not still to come)


def _aggregates(today) -> dict:
    return {outcome.value: Count("id", filter=outcome_condition(outcome, today)) for outcome in OUTCOMES}


def _tally(scope: Scope, label: str, counts: dict, period: ReportPeriod | None = None, **filters) -> Tally:
    def figure(value, whole=None, **more):
        return Figure(value, scope.link("duties", period=period, **filters, **more), whole)

    outcomes = [figure(counts[outcome.value], outcome=outcome.value) for outcome in OUTCOMES]
    fell_due = sum(counts[key] for key in (Outcome.ON_TIME, Outcome.LATE, Outcome.MISSED))
    return Tally(
        label=label,
        outcomes=outcomes,
        total=figure(sum(counts[outcome.value] for outcome in OUTCOMES)),
        on_time=figure(counts[Outcome.ON_TIME], fell_due, outcome=Outcome.ON_TIME),
    )


@dataclass(frozen=True)
class Compliance:
    period: Tally
    previous: Tally
    by_strand: list[Tally]
    by_role: list[Tally]
    by_team: list[Tally]
    by_responsibility: list[Tally]
    trend: list[Tally]
    trend_chart: str
    outcome_labels: list[str]

    @property
    def period_and_previous(self) -> list[Tally]:
        return [self.period, self.previous]


def _grouped(scope, key_fields, label_of, filter_of):
    queryset = duties(scope).values(*key_fields).annotate(**_aggregates(scope.today)).order_by(*key_fields)
    return [_tally(scope, label_of(row), row, **filter_of(row)) for row in queryset]


def compliance(scope: Scope) -> Compliance:
    """Seven queries however many duties: the period, the last one, four groupings and the trend."""
    today = scope.today
    period = _tally(scope, scope.period.label, duties(scope).aggregate(**_aggregates(today)))
    previous_period = scope.period.previous()
    previous = _tally(
        scope, previous_period.label, duties(scope, previous_period).aggregate(**_aggregates(today)),
        period=previous_period,
    )
    by_strand = []
    if not scope.strand:
        counted = {row["strand"]: row for row in duties(scope).values(strand=F("responsibility__strand"))
                   .annotate(**_aggregates(today)).order_by()}
        # A strand's duties are the same scope with that strand chosen, in the table's order of strands.
        by_strand = [_tally(replace(scope, strand=strand), label, counted[strand])
                     for strand, label in Strand.choices if strand in counted]
    trend_periods = scope.period.trend()
    counts = duties(scope, *trend_periods).aggregate(**{
        f"{index}_{outcome.value}": Count(
            "id", filter=outcome_condition(outcome, today) & Q(due_on__range=(each.start, each.end))
        )
        for index, each in enumerate(trend_periods) for outcome in OUTCOMES
    })
    trend = [
        _tally(scope, each.short_label, {outcome.value: counts[f"{index}_{outcome.value}"] for outcome in OUTCOMES},
               period=each)
        for index, each in enumerate(trend_periods)
    ]
    return Compliance(
        period=period,
        previous=previous,
        by_strand=by_strand,
        by_role=_grouped(
            scope, ["responsibility__role_id", "responsibility__role__name"],
            lambda row: row["responsibility__role__name"], lambda row: {"role": row["responsibility__role_id"]},
        ),
        by_team=_grouped(
            scope, ["owner__team__name", "owner__team_id"],
            lambda row: row["owner__team__name"] or "No team",
            lambda row: {"owner_team": row["owner__team_id"] or "none"},
        ),
        by_responsibility=_grouped(
            scope, ["responsibility__ref", "responsibility_id", "responsibility__task"],
            lambda row: f"{row['responsibility__ref']} {row['responsibility__task']}",
            lambda row: {"responsibility": row["responsibility_id"]},
        ),
        trend=trend,
        trend_chart=charts.columns(
            "Duties done on time, late and missed",
            [(tally.label, [tally.outcomes[0].value, tally.outcomes[1].value, tally.outcomes[3].value])
             for tally in trend],
            ["Done on time", "Done late", "Missed"],
        ),
        outcome_labels=[outcome.label for outcome in OUTCOMES],
    )


def tables(data: Compliance) -> list[Table]:
    labels = data.outcome_labels
    return [
        tally_table("compliance-periods", "This period beside the last", "Period", labels, data.period_and_previous),
        tally_table("compliance-trend", "Duties by period", "Period", labels, data.trend),
        tally_table("compliance-strands", "By strand", "Strand", labels, data.by_strand),
        tally_table("compliance-roles", "By role", "Role", labels, data.by_role),
        tally_table("compliance-teams", "By team of the person owing the duty", "Team", labels, data.by_team),
        tally_table("compliance-responsibilities", "By responsibility", "Responsibility", labels,
                    data.by_responsibility),
    ]


def panel(scope: Scope) -> Panel:
    return Panel("compliance", "Compliance with the framework", "reports/panels/compliance.html", compliance(scope))
