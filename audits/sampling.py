"""The month's case file audit sample: which open cases an auditor might audit.

The strategy asks that every case-holder has a case audited each financial year (R51) and that
managers audit cases from outside their own caseloads each month. So the sample skips cases
audited in the last 12 months, takes case-holders not yet audited this financial year first,
and takes one case per case-holder, a second only when there are too few case-holders.

A responsibility may say where its cases come from (`Responsibility.cases_from`: R61 "a case
file from another part of the service" takes them from a team other than the auditor's): the
sample draws only from there, for the duty it is drawn for, or for the month's case file audits
when they all agree. `breaks_rule` says when a case chosen by hand is from the wrong place.

`propose_sample` is the rule, on plain data and without the database; `sample_for` gathers that
data for one auditor and month. The draw is seeded by auditor and month: the same page shows
the same sample all month, and a case added to the list does not reshuffle the others.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q

from cases.dates import month_key, months_before
from cases.models import Case
from core import periods
from schedule.models import CasesFrom, Duty

from .models import CASE_AUDITS, FINISHED, Audit, AuditType

NOT_YET_AUDITED = "case-holder not yet audited this year"
ALREADY_AUDITED = "case-holder already audited this year"
ANOTHER_CASE = "another of their cases, as there are too few case-holders to choose from"
CASE_FILE_RECORD = AuditType.CASE_FILE.record_kind
MOST = 20  # the largest sample the page offers


@dataclass(frozen=True)
class Pick:
    case: object  # anything with .reference and .case_holder_id (a Case)
    reason: str


def propose_sample(cases, *, audited_recently: set[str], holders_audited_this_year: set[int], size: int,
                   seed: str) -> list[Pick]:
    """Up to `size` of `cases`, in the order to audit them: none audited recently and none without
    a case-holder (an audit reads a case-holder's work); case-holders not yet audited this year
    first; one case each, then a second each, and so on, while the sample is short."""

    def draw(case) -> str:
        # A number per case from the seed and its reference alone: the same whatever else is listed.
        return hashlib.sha256(f"{seed}|{case.reference}".encode()).hexdigest()

    eligible = sorted(
        (case for case in cases if case.case_holder_id is not None and case.reference not in audited_recently),
        key=draw,
    )
    by_holder: dict[int, list] = {}
    for case in eligible:
        by_holder.setdefault(case.case_holder_id, []).append(case)
    # Not yet audited first; within each, in the order of their first case's draw (a stable sort).
    holders = sorted(by_holder, key=lambda holder: holder in holders_audited_this_year)

    picks: list[Pick] = []
    for round_ in range(max((len(found) for found in by_holder.values()), default=0)):
        for holder in holders:
            if len(picks) >= size:
                return picks
            if round_ < len(by_holder[holder]):
                reason = ALREADY_AUDITED if holder in holders_audited_this_year else NOT_YET_AUDITED
                if round_:
                    reason = f"{reason}; {ANOTHER_CASE}"
                picks.append(Pick(by_holder[holder][round_], reason))
    return picks


@dataclass
class Sample:
    month: periods.Period
    on: date  # the day whose open cases it draws from
    picks: list[Pick]
    size: int
    duties: int  # outstanding case file audits the auditor owes in the month
    open_cases: int  # open cases the auditor may see, not their own, from where the rule allows
    audited_recently: int  # of those, audited in the last 12 months
    cases_from: str = CasesFrom.ANYWHERE  # where the cases come from (CasesFrom)

    @property
    def cases_from_label(self) -> str:
        return CasesFrom(self.cases_from).label


def allowed(cases_from: str, auditor) -> Q:
    """The cases the rule allows an auditor, as a condition on Case. An auditor with no team has
    no "own team", so every rule allows them everything."""
    team = auditor.team
    if cases_from == CasesFrom.ANYWHERE or team is None:
        return Q()
    own = Q(team=team) | Q(team__isnull=True, case_holder__team=team)
    if cases_from == CasesFrom.OWN_TEAM:
        return own
    if cases_from == CasesFrom.ANOTHER_TEAM:
        return ~own
    service = Q(team__service_id=team.service_id) | Q(team__isnull=True, case_holder__team__service_id=team.service_id)
    return ~service


def breaks_rule(cases_from: str, auditor, case) -> str | None:
    """Why this case is not one the rule allows this auditor, or None when it is."""
    if not Case.objects.filter(allowed(cases_from, auditor), pk=case.pk).exists():
        team = case.team or getattr(case.case_holder, "team", None)
        where = f"{team.name} ({team.service.name})" if team else "no team"
        return (f"This audit should be of a case from {CasesFrom(cases_from).label.lower()}, "
                f"and this case is from {where}.")
    return None


def rule_for(staff, month: periods.Period, duty: Duty | None = None) -> str:
    """Where the cases come from: the duty's row of the table, or the month's case file audits'
    when they all agree, else anywhere."""
    if duty is not None:
        return duty.responsibility.cases_from
    rules = set(_owed(staff, month).values_list("responsibility__cases_from", flat=True).distinct())
    return rules.pop() if len(rules) == 1 else CasesFrom.ANYWHERE


def _owed(staff, month: periods.Period):
    return (
        Duty.objects.outstanding()
        .filter(owner=staff, responsibility__record=CASE_FILE_RECORD, case_reference="")
        .filter(period_start__lte=month.end, period_end__gte=month.start)
        .order_by()
    )


def duties_owed(staff, month: periods.Period) -> int:
    """The case file audits `staff` owes in the month, not yet done."""
    return _owed(staff, month).count()


def sample_for(user, *, month: periods.Period, today: date, size: int | None = None,
               duty: Duty | None = None) -> Sample:
    """The sample proposed to `user` (a member of staff) for the month: from the open cases they
    may see that are not their own, where the rule (`rule_for`) allows, on today or, for a month
    gone by, its last day. `size` defaults to the case file audits they owe that month (at least one)."""
    me = user.staff_member
    on = min(today, month.end)
    duties = duties_owed(me, month)
    size = min(size or max(duties, 1), MOST)
    cases_from = rule_for(me, month, duty)
    cases = list(
        Case.objects.visible_to(user)
        .open_on(on)
        .filter(allowed(cases_from, me))
        .filter(case_holder__isnull=False, case_holder__started_on__lte=on)
        .exclude(case_holder=me)
        .exclude(case_holder__left_on__lt=on)
        .select_related("case_holder", "team")
    )
    finished = Audit.objects.filter(status__in=FINISHED).order_by()
    audited_recently = set(
        finished.filter(audited_on__gt=months_before(on, 12)).values_list("case_reference", flat=True).distinct()
    )
    year_start = periods.financial_year_start(on, settings.FINANCIAL_YEAR_START_MONTH)
    holders_audited = set(
        finished.filter(audit_type__in=CASE_AUDITS, audited_on__gte=year_start, case_holder__isnull=False)
        .values_list("case_holder_id", flat=True)
        .distinct()
    )
    picks = propose_sample(
        cases, audited_recently=audited_recently, holders_audited_this_year=holders_audited, size=size,
        seed=f"{month_key(month)}/{me.id}",
    )
    return Sample(
        month=month, on=on, picks=picks, size=size, duties=duties, open_cases=len(cases),
        audited_recently=sum(case.reference in audited_recently for case in cases), cases_from=cases_from,
    )
