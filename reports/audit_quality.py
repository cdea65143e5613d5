"""Audit quality: how good the practice is that the audits read, and how the audit programme runs
(R50). Audits planned against audits completed; the grades, overall, by quarter, by team and by
domain, against the council's targets; what moderation agreed and changed; the safeguarding
concerns raised; the commonest learning themes.

The rules, so that anyone can check a number against the rows it links to:
- The audits counted are finished ones (submitted, whatever has happened since; never drafts)
  audited on a day in the period, that the user may see (`Audit.objects.visible_to`) and filed
  under the chosen team or service (the audit's own team).
- The grade counted is the final grade: the moderator's where moderation gave one, else the
  auditor's (`audits.moderation.FINAL_GRADE`); an answer's likewise.
- A share is of the audits (or answers) graded outstanding, good, requires improvement or
  inadequate: "not applicable" is in no denominator.
- Planned are the audit duties (those an audit of any type completes) owed by the staff in scope
  that fell due in the period, counted as the compliance panel counts duties.
- The shares good or better and inadequate are set against the council's targets, in per cent:
  settings AUDIT_TARGET_GOOD_OR_BETTER (at least; 40 unless set) and
  AUDIT_TARGET_INADEQUATE_AT_MOST (at most; 10 unless set).
- The trend is by quarter, over the 8 quarters ending with the quarter the period ends in (or
  today's, for a period not yet over).
- Grades by domain count the graded answers of the audits counted, by type of audit and the
  domain's title (so the versions of one tool add up).
- Moderated audits are those a moderator has graded; agreed, those given the auditor's overall
  grade; changed, the others, whose final grade is the moderator's.
- Areas for improvement are free text, so the learning themes tagged on the audits are counted
  instead: the 8 tagged on the most audits.

Seven queries however many audits, teams, domains or themes.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Min, Q
from django.http import Http404
from django.urls import reverse

from audits.models import Answer, AnswerKind, Audit, AuditType, Grade
from audits.moderation import (
    AGREED,
    AUDIT_RECORDS,
    CHANGED,
    FINAL_ANSWER_GRADE,
    FINAL_GRADE,
    GOOD_OR_BETTER,
    GRADED,
    MODERATED,
    agreement_counts,
    grade_counts,
)
from core.exports import Column
from learning.models import LearningTheme
from schedule.models import Outcome, Strand, outcome_condition

from . import charts, rows
from .compliance import Tally, duties
from .figures import Figure, Panel, Table, tally_table
from .scope import ReportPeriod, Scope

GRADES = list(Grade)
OUTCOMES = list(Outcome)
TOP_THEMES = 8
TREND_QUARTERS = 8


def targets() -> tuple[int, int]:
    """The council's targets, in per cent: at least this many good or better, at most this many
    inadequate."""
    return (
        getattr(settings, "AUDIT_TARGET_GOOD_OR_BETTER", 40),
        getattr(settings, "AUDIT_TARGET_INADEQUATE_AT_MOST", 10),
    )


# The audits and answers counted


def audits_in_view(scope: Scope):
    """Every finished audit the user may see, filed under the chosen team or service, with its
    final grade: the panels narrow it to a span of days."""
    return Audit.objects.visible_to(scope.user).finished().filter(scope.teams("team")).annotate(final_grade=FINAL_GRADE)


def audits(scope: Scope, period: ReportPeriod | None = None):
    period = period or scope.period
    return audits_in_view(scope).filter(audited_on__range=(period.start, period.end))


def answers(scope: Scope):
    """The graded answers of the audits counted, each with its final grade."""
    return (
        Answer.objects.filter(audit__in=audits(scope).values("id"), question__kind=AnswerKind.GRADE)
        .annotate(final_grade=FINAL_ANSWER_GRADE)
        .exclude(final_grade="")
    )


def audit_duties(scope: Scope):
    return duties(scope).filter(responsibility__record__in=AUDIT_RECORDS)


# Filters of the rows

# Groups of grades a figure may count, besides each grade alone.
GRADE_GROUPS = {
    "good_or_better": ("Good or better", GOOD_OR_BETTER),
    "graded": ("Any grade but not applicable", GRADED),
}


def grade_filter(field: str) -> rows.Narrow:
    """A filter on a grade (`final_grade`, `overall_grade`): one grade or a group of them."""

    def narrow(queryset, value, scope):
        if value in GRADE_GROUPS:
            return queryset.filter(**{f"{field}__in": GRADE_GROUPS[value][1]})
        if value not in Grade.values:
            raise Http404("No such grade.")
        return queryset.filter(**{field: value})

    return narrow


def describe_grade(value: str) -> str:
    return GRADE_GROUPS[value][0] if value in GRADE_GROUPS else Grade(value).label


MODERATION = {
    "moderated": ("Moderated", MODERATED),
    "agreed": ("Moderated: the auditor's grade kept", AGREED),
    "changed": ("Moderated: the grade changed", CHANGED),
}


def _moderation(queryset, value, scope):
    if value not in MODERATION:
        raise Http404("No such moderation.")
    return queryset.filter(MODERATION[value][1])


def _concern(queryset, value, scope):
    if value != "yes":
        raise Http404("No such value.")
    return queryset.filter(safeguarding_concern=True)


def _learning_theme(path: str) -> rows.Narrow:
    def narrow(queryset, value, scope):
        if len(value) > 140:
            raise Http404("No such theme.")
        return queryset.filter(**{f"{path}__slug": value})

    return narrow


def describe_theme(value: str) -> str:
    return LearningTheme.objects.filter(slug=value).values_list("name", flat=True).first() or value


def _domain(queryset, value, scope):
    if len(value) > 200:
        raise Http404("No such domain.")
    return queryset.filter(question__domain__title=value)


def _grade_label(value: str) -> str:
    return Grade(value).label if value in Grade.values else ""


AUDIT_COLUMNS = [
    Column("Case reference", lambda audit: audit.case_reference),
    Column("Type", lambda audit: audit.get_audit_type_display()),
    Column("Theme", lambda audit: audit.theme.title if audit.theme else ""),
    Column("Team", lambda audit: audit.team.name if audit.team else ""),
    Column("Case-holder", lambda audit: audit.case_holder.name if audit.case_holder else ""),
    Column("Auditor", lambda audit: audit.auditor.name),
    Column("Audited on", lambda audit: audit.audited_on),
    Column("Auditor's overall grade", lambda audit: audit.get_overall_grade_display()),
    Column("Final grade", lambda audit: _grade_label(audit.final_grade)),
    Column("Safeguarding concern", lambda audit: audit.safeguarding_concern),
    Column("Status", lambda audit: audit.get_status_display()),
]

AUDIT_FILTERS = {
    "final_grade": rows.Filter("Final grade", grade_filter("final_grade"), describe_grade),
    "overall_grade": rows.Filter("Auditor's overall grade", grade_filter("overall_grade"), describe_grade),
    "audit_team": rows.Filter(
        "Team the audit is filed under", rows.whole_number("team_id"), name_of=rows.team_named
    ),
    "moderation": rows.Filter("Moderation", _moderation, lambda value: MODERATION[value][0]),
    "concern": rows.Filter("Immediate safeguarding concern", _concern, lambda value: "Raised"),
    "learning_theme": rows.Filter("Learning theme", _learning_theme("learning_themes"), describe_theme),
}


def shown(queryset):
    """Audits as a list of rows shows them: with what their columns read, oldest first."""
    return queryset.select_related("theme", "team", "case_holder", "auditor").order_by("audited_on", "id")


AUDITS = rows.register(
    rows.RowList(
        name="audits",
        title="Audits",
        rows=lambda scope: shown(audits(scope)),
        columns=lambda scope: AUDIT_COLUMNS,
        filters=AUDIT_FILTERS,
        url_of=lambda audit: audit.get_absolute_url(),
        noun=("audit", "audits"),
    )
)

ANSWERS = rows.register(
    rows.RowList(
        name="answers",
        title="Graded answers",
        rows=lambda scope: (
            answers(scope)
            .select_related("audit__team", "question__domain")
            .order_by("audit__audited_on", "audit_id", "question__domain__position", "question__position")
        ),
        columns=lambda scope: [
            Column("Case reference", lambda answer: answer.audit.case_reference),
            Column("Type", lambda answer: answer.audit.get_audit_type_display()),
            Column("Team", lambda answer: answer.audit.team.name if answer.audit.team else ""),
            Column("Audited on", lambda answer: answer.audit.audited_on),
            Column("Domain", lambda answer: answer.question.domain.title),
            Column("Question", lambda answer: answer.question.text),
            Column("Auditor's grade", lambda answer: answer.get_grade_display()),
            Column("Final grade", lambda answer: _grade_label(answer.final_grade)),
        ],
        filters={
            "final_grade": rows.Filter("Final grade", grade_filter("final_grade"), describe_grade),
            "audit_type": rows.Filter(
                "Type of audit",
                rows.choice("audit__audit_type", AuditType.values),
                lambda value: AuditType(value).label,
            ),
            "domain": rows.Filter("Domain", _domain),
        },
        url_of=lambda answer: reverse("audits:detail", args=[answer.audit_id]),
        noun=("answer", "answers"),
    )
)


# The figures


@dataclass(frozen=True)
class Grades:
    """How the audits (or answers) of one group were graded, each figure linked to its rows."""

    label: str
    grades: list[Figure]  # in the order of Grade, not applicable last
    total: Figure
    good_or_better: Figure  # a share of those graded
    inadequate: Figure  # a share of those graded

    @property
    def chart_row(self) -> tuple[str, list[int]]:
        """The graded ones, for a chart: "not applicable" is in the table beside it."""
        return self.label, [figure.value for figure in self.grades[: len(GRADED)]]


def _grades(
    scope: Scope,
    label: str,
    counts: dict,
    rows_name: str = "audits",
    prefix: str = "",
    period: ReportPeriod | None = None,
    **filters,
) -> Grades:
    def figure(value, whole=None, **more):
        return Figure(value, scope.link(rows_name, period=period, **filters, **more), whole)

    by_grade = {grade: counts[f"{prefix}{grade}"] for grade in Grade.values}
    graded = sum(by_grade[grade] for grade in GRADED)
    return Grades(
        label=label,
        grades=[figure(by_grade[grade], final_grade=grade) for grade in Grade.values],
        total=figure(counts[f"{prefix}count"]),
        good_or_better=figure(sum(by_grade[grade] for grade in GOOD_OR_BETTER), graded, final_grade="good_or_better"),
        inadequate=figure(by_grade[Grade.INADEQUATE], graded, final_grade=Grade.INADEQUATE),
    )


@dataclass(frozen=True)
class Target:
    """A share set against the council's target for it."""

    share: Figure
    target: int  # per cent
    at_most: bool  # the share should be no more than the target, not at least it
    name: str  # "good or better"

    @property
    def met(self) -> bool | None:
        if not self.share.whole:
            return None
        # Compared exactly, not as the rounded percentage shown: 39.6% is not 40%.
        exact, goal = 100 * self.share.value, self.target * self.share.whole
        return exact <= goal if self.at_most else exact >= goal

    @property
    def wording(self) -> str:
        return f"{'at most' if self.at_most else 'at least'} {self.target}% {self.name}"

    @property
    def verdict(self) -> str:
        if self.met is None:
            return f"No graded audits to set against the target of {self.wording}"
        if self.at_most:
            return f"{'Within' if self.met else 'Above'} the target of {self.wording}"
        return f"{'Meets' if self.met else 'Below'} the target of {self.wording}"


@dataclass(frozen=True)
class GradeTable:
    """A table of Grades rows, with the chart of its numbers if it has one."""

    key: str  # the part of the panel it is in: "team", "quarter" or "domain"
    opens: bool  # the first table of its part, under the part's heading
    caption: str
    first: str  # the heading of its first column
    rows: list[Grades]
    chart: str = ""


@dataclass(frozen=True)
class Change:
    """Audits whose overall grade moderation changed from one grade to another."""

    auditor: str
    moderator: str
    audits: Figure


@dataclass(frozen=True)
class Moderation:
    moderated: Figure
    agreed: Figure  # a share of those moderated
    changed: Figure
    changes: list[Change]


@dataclass(frozen=True)
class Theme:
    name: str
    audits: Figure  # a share of the audits counted


@dataclass(frozen=True)
class AuditQuality:
    completed: Figure
    planned: Tally  # the audit duties that fell due in the period
    period: Grades
    good_or_better: Target
    inadequate: Target
    grade_tables: list[GradeTable]  # by team, by quarter, by domain of each type of audit
    moderation: Moderation
    concerns: Figure
    themes: list[Theme]
    grade_labels: list[str]
    outcome_labels: list[str]

    @property
    def planned_tallies(self) -> list[Tally]:
        return [self.planned]

    @property
    def targets(self) -> list[Target]:
        return [self.good_or_better, self.inadequate]


def _planned(scope: Scope) -> Tally:
    counts = audit_duties(scope).aggregate(
        **{outcome.value: Count("id", filter=outcome_condition(outcome, scope.today)) for outcome in OUTCOMES}
    )

    def figure(value, whole=None, **more):
        return Figure(value, scope.link("duties", done_by="audit", **more), whole)

    fell_due = sum(counts[key] for key in (Outcome.ON_TIME, Outcome.LATE, Outcome.MISSED))
    return Tally(
        label="Audit duties",
        outcomes=[figure(counts[outcome.value], outcome=outcome.value) for outcome in OUTCOMES],
        total=figure(sum(counts.values())),
        on_time=figure(counts[Outcome.ON_TIME], fell_due, outcome=Outcome.ON_TIME),
    )


def _trend(scope: Scope) -> list[Grades]:
    """One query for every grade of every quarter."""
    # Quarters yet to come have no audits, and the report offers none to link to.
    quarters = ReportPeriod.containing("quarter", min(scope.period.end, scope.today)).back(TREND_QUARTERS)
    spans = {index: Q(audited_on__range=(quarter.start, quarter.end)) for index, quarter in enumerate(quarters)}
    counts = (
        audits_in_view(scope)
        .filter(audited_on__range=(quarters[0].start, quarters[-1].end))
        .aggregate(
            **{f"{index}_count": Count("id", filter=span) for index, span in spans.items()},
            **{
                name: count
                for index, span in spans.items()
                for name, count in grade_counts(span, prefix=f"{index}_").items()
            },
        )
    )
    return [
        _grades(scope, quarter.short_label, counts, prefix=f"{index}_", period=quarter)
        for index, quarter in enumerate(quarters)
    ]


def _by_team(scope: Scope) -> list[Grades]:
    grouped = (
        audits(scope)
        .values("team_id", "team__name")
        .annotate(count=Count("id"), **grade_counts())
        .order_by(F("team__name").asc(nulls_last=True), "team_id")
    )
    return [_grades(scope, row["team__name"] or "No team", row, audit_team=row["team_id"] or "none") for row in grouped]


def _by_domain(scope: Scope) -> list[GradeTable]:
    grouped = (
        answers(scope)
        .values(audit_type=F("audit__audit_type"), domain=F("question__domain__title"))
        .annotate(count=Count("id"), position=Min("question__domain__position"), **grade_counts())
        .order_by()
    )
    order = list(AuditType.values)
    tables: dict[str, list[Grades]] = {}
    for row in sorted(grouped, key=lambda row: (order.index(row["audit_type"]), row["position"], row["domain"])):
        tables.setdefault(row["audit_type"], []).append(
            _grades(scope, row["domain"], row, "answers", audit_type=row["audit_type"], domain=row["domain"])
        )
    found = [
        GradeTable(
            key="domain",
            opens=index == 0,
            caption=f"{AuditType(audit_type).label}: final grades of the answers, by domain",
            first="Domain",
            rows=domains,
        )
        for index, (audit_type, domains) in enumerate(tables.items())
    ]
    return found or [GradeTable("domain", True, "Final grades of the answers, by domain", "Domain", [])]


def _moderated(scope: Scope, counts: dict) -> Moderation:
    changes = audits(scope).filter(CHANGED).values("overall_grade", "final_grade").annotate(count=Count("id"))
    order = list(Grade.values)
    return Moderation(
        moderated=Figure(counts["moderated"], scope.link("audits", moderation="moderated")),
        agreed=Figure(counts["agreed"], scope.link("audits", moderation="agreed"), counts["moderated"]),
        changed=Figure(counts["changed"], scope.link("audits", moderation="changed")),
        changes=[
            Change(
                _grade_label(row["overall_grade"]) or "No grade",
                _grade_label(row["final_grade"]),
                Figure(
                    row["count"],
                    scope.link(
                        "audits",
                        moderation="changed",
                        overall_grade=row["overall_grade"],
                        final_grade=row["final_grade"],
                    ),
                ),
            )
            for row in sorted(
                changes.order_by(),
                key=lambda row: (
                    order.index(row["overall_grade"]) if row["overall_grade"] in order else len(order),
                    order.index(row["final_grade"]),
                ),
            )
        ],
    )


def _themes(scope: Scope, total: int) -> list[Theme]:
    counted = audits(scope).values("id")
    found = (
        LearningTheme.objects.annotate(tagged=Count("audits", filter=Q(audits__in=counted)))
        .filter(tagged__gt=0)
        .order_by("-tagged", "name")[:TOP_THEMES]
    )
    return [
        Theme(theme.name, Figure(theme.tagged, scope.link("audits", learning_theme=theme.slug), total))
        for theme in found
    ]


def audit_quality(scope: Scope) -> AuditQuality:
    """Seven queries: the duties, the period, its teams, the trend, the domains, the grades
    moderation changed and the themes."""
    good_target, inadequate_target = targets()
    counts = audits(scope).aggregate(
        count=Count("id"),
        concerns=Count("id", filter=Q(safeguarding_concern=True)),
        changed=Count("id", filter=CHANGED),
        **agreement_counts(),
        **grade_counts(),
    )
    period = _grades(scope, "All teams" if not scope.team else scope.team.name, counts)
    # A team chosen is its own only row.
    shown_rows = [period] if scope.team else [period, *_by_team(scope)]
    trend = _trend(scope)
    grade_labels = [grade.label for grade in GRADES]
    graded_labels = [Grade(grade).label for grade in GRADED]
    grade_tables = [
        GradeTable(
            key="team",
            opens=True,
            caption="Final grades of the audits completed in the period, by team",
            first="Team",
            rows=shown_rows,
            chart=charts.bars(
                "Graded audits by team and final grade", [row.chart_row for row in shown_rows], graded_labels,
                charts.GRADE_COLOURS,
            ),
        ),
        GradeTable(
            key="quarter",
            opens=True,
            caption="Final grades of the audits completed in each quarter",
            first="Quarter",
            rows=trend,
            chart=charts.columns(
                "Graded audits by quarter and final grade", [row.chart_row for row in trend], graded_labels,
                charts.GRADE_COLOURS,
            ),
        ),
        *_by_domain(scope),
    ]
    return AuditQuality(
        completed=period.total,
        planned=_planned(scope),
        period=period,
        good_or_better=Target(period.good_or_better, good_target, at_most=False, name="good or better"),
        inadequate=Target(period.inadequate, inadequate_target, at_most=True, name="inadequate"),
        grade_tables=grade_tables,
        moderation=_moderated(scope, counts),
        concerns=Figure(counts["concerns"], scope.link("audits", concern="yes")),
        themes=_themes(scope, counts["count"]),
        grade_labels=grade_labels,
        outcome_labels=[outcome.label for outcome in OUTCOMES],
    )


def _grade_table(key: str, table: GradeTable, labels: list[str]) -> Table:
    return Table(
        key,
        table.caption,
        [table.first, *labels, "All", "Good or better", "Graded", "Good or better (%)", "Inadequate (%)"],
        [
            [
                row.label,
                *row.grades,
                row.total,
                row.good_or_better,
                row.good_or_better.whole,
                row.good_or_better.percent,
                row.inadequate.percent,
            ]
            for row in table.rows
        ],
    )


def tables(data: AuditQuality) -> list[Table]:
    """The panel's tables as downloads, each as the page shows it."""
    domain_tables = [table for table in data.grade_tables if table.key == "domain" and table.rows]
    return [
        tally_table(
            "audit-quality-planned",
            "Audit duties that fell due in the period",
            "Duties",
            data.outcome_labels,
            data.planned_tallies,
        ),
        *(
            _grade_table(f"audit-quality-{table.key}", table, data.grade_labels)
            for table in data.grade_tables
            if table.key != "domain"
        ),
        *(
            _grade_table(f"audit-quality-domain-{index}", table, data.grade_labels)
            for index, table in enumerate(domain_tables, start=1)
        ),
        Table(
            "audit-quality-moderation",
            "Grades moderation changed",
            ["Auditor's grade", "Moderator's grade", "Audits"],
            [[change.auditor, change.moderator, change.audits] for change in data.moderation.changes],
        ),
        Table(
            "audit-quality-themes",
            "Commonest learning themes",
            ["Learning theme", "Audits tagged", "Audits completed", "Share tagged (%)"],
            [[theme.name, theme.audits, theme.audits.whole, theme.audits.percent] for theme in data.themes],
        ),
    ]


def panel(scope: Scope) -> Panel | None:
    if scope.own_only or not scope.in_strand(Strand.AUDIT):
        return None
    return Panel("audit-quality", "Audit quality", "reports/panels/audit_quality.html", audit_quality(scope))
