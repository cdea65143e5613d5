"""The demo case list (cases.demo.seed_cases): three to six cases per case-holder, known by
reference only, loaded through two uploads a month apart so that last month's closures and
transfers owe their audits; and the Head of Safeguarding Monitoring may upload the list."""

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.conf import settings

from cases.demo import A_MONTH_AGO, ENDED_LAST_MONTH, seed_cases
from cases.models import Case
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory
from schedule.models import Duty, Status

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 15)


@pytest.fixture
def council(cast, closure_audit):
    """The cast, with six more case-holders in teams A and B, a leaver, and the head of service also
    Head of Safeguarding Monitoring."""
    for n in range(6):
        StaffMemberFactory(name=f"Worker {n}", team=cast.team_a if n % 2 else cast.team_b, is_case_holder=True)
    StaffMemberFactory(name="Gone", team=cast.team_a, is_case_holder=True, left_on=date(2026, 3, 1))
    StaffMemberFactory(name="Teamless", is_case_holder=True)
    RoleAssignmentFactory(staff=cast.head, role=RoleFactory(name="Head of Safeguarding Monitoring"))
    return cast


def test_every_case_holder_in_a_team_has_three_to_six_cases_known_by_reference_only(council):
    seed_cases(TODAY, log=lambda line: None)
    older = Case.objects.filter(opened_on__lt=TODAY - timedelta(days=A_MONTH_AGO))
    per_holder = Counter(older.values_list("case_holder__name", flat=True))
    assert set(per_holder) == {"Practitioner", *(f"Worker {n}" for n in range(6))}
    assert set(per_holder.values()) <= {3, 4, 5, 6}
    references = list(Case.objects.values_list("reference", flat=True))
    assert all(re.fullmatch(settings.CASE_REFERENCE_PATTERN, reference) for reference in references)
    assert all(case.team_id == case.case_holder.team_id for case in Case.objects.select_related("case_holder"))
    assert set(Case.objects.values_list("last_listed_on", flat=True)) == {TODAY}


def test_last_months_closures_and_transfers_owe_the_service_leader_an_audit(council):
    result = seed_cases(TODAY, log=lambda line: None)
    ended = Case.objects.ended()
    assert result.ended == ended.count() == ENDED_LAST_MONTH
    assert all(TODAY - timedelta(days=A_MONTH_AGO) < case.ended_on < TODAY for case in ended)
    team_a = set(ended.filter(team=council.team_a).values_list("reference", flat=True))
    duties = Duty.objects.filter(responsibility__ref="R60")
    assert result.duties_raised == len(team_a) > 0
    assert set(duties.values_list("owner", "case_reference")) == {(council.service_leader.id, r) for r in team_a}
    assert set(duties.values_list("status", flat=True)) == {Status.OPEN}


def test_the_first_upload_is_dated_a_month_ago(council):
    seed_cases(TODAY, log=lambda line: None)
    case = Case.objects.filter(opened_on__lt=TODAY - timedelta(days=A_MONTH_AGO)).first()
    first = case.history.earliest("history_date")
    assert first.history_date.date() == TODAY - timedelta(days=A_MONTH_AGO)


def test_the_head_of_safeguarding_monitoring_may_upload_the_case_list(council):
    seed_cases(TODAY, log=lambda line: None)
    council.head.user.refresh_from_db()
    assert council.head.user.has_perm("cases.add_case")
    assert not council.team_leader.user.has_perm("cases.add_case")


def test_the_same_list_every_time_and_only_into_an_empty_case_list(council):
    seed_cases(TODAY, log=lambda line: None)
    first = sorted(Case.objects.values_list("reference", "case_holder", "opened_on", "closed_on", "transferred_on"))
    assert seed_cases(TODAY, log=lambda line: None).created == 0
    Duty.objects.all().delete()
    Case.history.all().delete()
    Case.objects.all().delete()
    seed_cases(TODAY, log=lambda line: None)
    assert sorted(Case.objects.values_list("reference", "case_holder", "opened_on", "closed_on",
                                           "transferred_on")) == first
