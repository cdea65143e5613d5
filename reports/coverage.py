"""Coverage this financial year: of the people the framework says must be audited, observed,
supervised and appraised each year, how many have been, and who has not. Read from the duties
that the coverage rows of the table give about each person, so it counts what the schedule asks."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from audits.models import CASE_HOLDER_RECORD
from core.exports import Column
from observations.models import IRO_RECORD, PRACTITIONER_RECORD
from people.models import StaffMember
from schedule.models import Duty, Outcome, Status, outcome_condition
from supervision.models import PDR_RECORD, SESSION_RECORD

from . import rows
from .figures import Figure, Panel, Table
from .scope import Scope


@dataclass(frozen=True)
class Measure:
    key: str
    label: str  # "Case-holders with a case audited"
    refs: str  # where the strategy asks it
    record: str  # the kind of record whose duties about a person say they are due one
    within_standard: bool = False  # every duty that fell due done on time, not just one done


MEASURES = [
    Measure("case_audit", "Case-holders with a case audited", "R51", CASE_HOLDER_RECORD),
    Measure("observed", "Practitioners observed by a team leader or above", "R59", PRACTITIONER_RECORD),
    Measure("iro_observed", "IROs observed chairing a LAC review", "R69, R72", IRO_RECORD),
    Measure("supervision", "Supervision within standard (monthly; fortnightly for ASYE)", "R67, R68",
            SESSION_RECORD, within_standard=True),
    Measure("pdr", "PDRs done", "R21, R33, R64", PDR_RECORD),
]
BY_KEY = {measure.key: measure for measure in MEASURES}


def counted(measure: Measure, scope: Scope) -> Q:
    """The duties that say a person is owed the measure this year (as a condition on duties)."""
    year = scope.period.financial_year()
    condition = Q(responsibility__record=measure.record) & ~Q(status=Status.CANCELLED)
    if measure.within_standard:
        # Supervision falls due through the year: those due so far, and not waived.
        return condition & Q(due_on__range=(year.start, year.end), due_on__lt=scope.today) & ~Q(status=Status.WAIVED)
    return condition & Q(period_start__range=(year.start, year.end))


def falls_short(measure: Measure, scope: Scope) -> Q:
    """Of those duties, the ones that leave the person not covered: for a measure met once, the
    person has none done (so this is only about the done ones, see `covered`); for supervision,
    any one held late or missed."""
    if measure.within_standard:
        return outcome_condition(Outcome.LATE, scope.today) | outcome_condition(Outcome.MISSED, scope.today)
    return Q(status=Status.DONE)


def owed(measure: Measure, scope: Scope) -> Q:
    """The people the measure counts: those the schedule owes it about this year."""
    return Q(Exists(Duty.objects.filter(counted(measure, scope), subject_staff=OuterRef("pk"))))


def covered(measure: Measure, scope: Scope) -> Q:
    about = Duty.objects.filter(counted(measure, scope), falls_short(measure, scope), subject_staff=OuterRef("pk"))
    if measure.within_standard:
        return owed(measure, scope) & ~Q(Exists(about))
    return Q(Exists(about))


def people(scope: Scope):
    return StaffMember.objects.filter(scope.staff())


def _coverage(queryset, value, scope):
    key, _, which = value.partition("-")
    measure = BY_KEY.get(key)
    if measure is None or which not in ("", "yes", "no"):
        raise Http404("No such measure.")
    queryset = queryset.filter(owed(measure, scope))
    if which == "yes":
        return queryset.filter(covered(measure, scope))
    if which == "no":
        return queryset.exclude(covered(measure, scope))
    return queryset


def _describe(value: str) -> str:
    key, _, which = value.partition("-")
    measure = BY_KEY.get(key)
    name = measure.label if measure else value
    return {"yes": f"{name}: covered", "no": f"{name}: not yet"}.get(which, name)


STAFF = rows.register(rows.RowList(
    name="staff",
    title="People",
    rows=lambda scope: people(scope).select_related("team__service", "line_manager").order_by("name", "id"),
    columns=lambda scope: [
        Column("Name", lambda member: member.name),
        Column("Job title", lambda member: member.job_title),
        Column("Team", lambda member: member.team.name if member.team else ""),
        Column("Service", lambda member: member.team.service.name if member.team else ""),
        Column("Line manager", lambda member: member.line_manager.name if member.line_manager else ""),
    ],
    filters={"coverage": rows.Filter("Coverage", _coverage, _describe)},
    noun=("person", "people"),
))


@dataclass(frozen=True)
class Covered:
    measure: Measure
    covered: Figure  # with its whole: "83% (25 of 30)"
    not_yet: Figure


def coverage(scope: Scope) -> list[Covered]:
    """One query for every measure, over the duties: the people each is owed about, and those it
    falls short (or is met) for, each counted once however many duties they have. The rows page
    asks the same of each person (`owed`, `covered`)."""
    about = Duty.objects.filter(scope.staff("subject_staff"), responsibility__record__in=[m.record for m in MEASURES])
    counts = about.aggregate(**{
        name: Count("subject_staff", distinct=True, filter=condition)
        for measure in MEASURES
        for name, condition in (
            (f"{measure.key}_owed", counted(measure, scope)),
            (f"{measure.key}_short", counted(measure, scope) & falls_short(measure, scope)),
        )
    })
    found = []
    for measure in MEASURES:
        whole, short = counts[f"{measure.key}_owed"], counts[f"{measure.key}_short"]
        done = whole - short if measure.within_standard else short
        found.append(Covered(
            measure,
            Figure(done, scope.link("staff", coverage=f"{measure.key}-yes"), whole),
            Figure(whole - done, scope.link("staff", coverage=f"{measure.key}-no")),
        ))
    return found


def tables(data: list[Covered]) -> list[Table]:
    return [Table(
        "coverage", "Coverage this financial year",
        ["Measure", "Strategy", "Covered", "Of", "Share covered (%)", "Not yet"],
        [[row.measure.label, row.measure.refs, row.covered, row.covered.whole, row.covered.percent, row.not_yet]
         for row in data],
    )]


def panel(scope: Scope) -> Panel | None:
    if scope.own_only:
        return None
    year = scope.period.financial_year()
    return Panel("coverage", f"Coverage in the financial year {year.short_label}", "reports/panels/coverage.html",
                 coverage(scope))
