"""Where a case audit's cases come from (Responsibility.cases_from): R61 asks for "a case file
from another part of the service", so its sample draws only from other teams; a case chosen by
hand from the wrong place is named as such; the duty's page links to the sample it asks for."""

from datetime import date

import pytest

from audits.sampling import allowed, breaks_rule, rule_for, sample_for
from cases.models import Case
from cases.tests.factories import CaseFactory
from core.periods import period_containing
from people.tests.factories import RoleAssignmentFactory, ServiceFactory, StaffMemberFactory, TeamFactory
from schedule.models import CasesFrom
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 12)
MAY = period_containing("monthly", TODAY)


@pytest.fixture
def service_leader(cast):
    """A service leader in team A who sees the whole service (as its head does), and open cases in
    team A (one filed under no team, so its case-holder's counts), team B and another service."""
    leader = StaffMemberFactory(name="Service Leader", team=cast.team_a, line_manager=cast.head)
    RoleAssignmentFactory(staff=leader, role=cast.head_role, service=cast.service)
    in_a = StaffMemberFactory(name="A Worker", team=cast.team_a, is_case_holder=True)
    in_b = StaffMemberFactory(name="B Worker", team=cast.team_b, is_case_holder=True)
    CaseFactory(reference="CR-A1", case_holder=in_a, team=cast.team_a, opened_on=date(2026, 1, 5))
    CaseFactory(reference="CR-A2", case_holder=in_a, team=None, opened_on=date(2026, 1, 5))
    CaseFactory(reference="CR-B1", case_holder=in_b, team=cast.team_b, opened_on=date(2026, 1, 5))
    other_service = TeamFactory(name="Disabled Children", service=ServiceFactory(name="Early Help"))
    CaseFactory(reference="CR-X1", case_holder=StaffMemberFactory(team=other_service, is_case_holder=True),
                team=other_service, opened_on=date(2026, 1, 5))
    return leader


def allowed_references(rule, auditor) -> set[str]:
    return set(Case.objects.filter(allowed(rule, auditor)).values_list("reference", flat=True))


def test_each_rule_allows_the_cases_from_its_part_of_the_service(service_leader):
    assert allowed_references(CasesFrom.ANYWHERE, service_leader) == {"CR-A1", "CR-A2", "CR-B1", "CR-X1"}
    assert allowed_references(CasesFrom.OWN_TEAM, service_leader) == {"CR-A1", "CR-A2"}
    assert allowed_references(CasesFrom.ANOTHER_TEAM, service_leader) == {"CR-B1", "CR-X1"}
    assert allowed_references(CasesFrom.ANOTHER_SERVICE, service_leader) == {"CR-X1"}


def test_an_auditor_with_no_team_has_no_own_team_to_keep_to(cast, service_leader):
    assert allowed_references(CasesFrom.ANOTHER_TEAM, cast.head) == {"CR-A1", "CR-A2", "CR-B1", "CR-X1"}


def test_a_case_from_the_wrong_place_is_named(service_leader):
    own = Case.objects.get(reference="CR-A2")
    assert breaks_rule(CasesFrom.ANOTHER_TEAM, service_leader, own) == (
        "This audit should be of a case from a team other than the auditor's, and this case is from Team A "
        "(Children's Social Care)."
    )
    assert breaks_rule(CasesFrom.ANOTHER_TEAM, service_leader, Case.objects.get(reference="CR-B1")) is None


def test_the_sample_for_r61_proposes_only_another_teams_cases(cast, service_leader):
    r61 = ResponsibilityFactory(ref="R61", record="audit:case_file", cases_from=CasesFrom.ANOTHER_TEAM,
                                task="Audit 1 case file from another part of the service")
    duty = DutyFactory(responsibility=r61, owner=service_leader, day=TODAY)
    assert rule_for(service_leader, MAY) == CasesFrom.ANOTHER_TEAM  # the month's audits all agree
    sample = sample_for(service_leader.user, month=MAY, today=TODAY, size=5, duty=duty)
    assert sample.cases_from == CasesFrom.ANOTHER_TEAM
    assert {pick.case.reference for pick in sample.picks} == {"CR-B1"}  # the other service is out of sight
    anywhere = ResponsibilityFactory(record="audit:case_file")
    DutyFactory(responsibility=anywhere, owner=service_leader, day=TODAY)
    assert rule_for(service_leader, MAY) == CasesFrom.ANYWHERE  # two rules this month: no one rule
    assert rule_for(service_leader, MAY, duty) == CasesFrom.ANOTHER_TEAM  # the duty's own


def test_the_duty_page_links_to_the_sample_it_asks_for(client, cast, service_leader, monkeypatch):
    monkeypatch.setattr("audits.sample_views._today", lambda: TODAY)
    r61 = ResponsibilityFactory(ref="R61", record="audit:case_file", cases_from=CasesFrom.ANOTHER_TEAM)
    duty = DutyFactory(responsibility=r61, owner=service_leader, day=TODAY)
    client.force_login(service_leader.user)
    page = client.get(f"/duties/{duty.pk}/").content.decode()
    assert f'href="/cases/sample/?duty={duty.pk}"' in page and "a team other than the auditor&#x27;s" in page
    sample = client.get(f"/cases/sample/?duty={duty.pk}")
    assert {pick.case.reference for pick in sample.context["sample"].picks} == {"CR-B1"}
    assert "Cases from a team other than the auditor&#x27;s, as R61 asks" in sample.content.decode()
    assert f'name="duty" value="{duty.pk}"' in sample.content.decode()  # drawing again keeps the duty
    someone_elses = DutyFactory(responsibility=r61, owner=cast.team_leader, day=TODAY)
    assert client.get(f"/cases/sample/?duty={someone_elses.pk}").status_code == 404
