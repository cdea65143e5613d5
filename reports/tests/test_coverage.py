"""Coverage this financial year: counted from the duties the schedule owes about each person."""

from datetime import date

import pytest
from django.test import RequestFactory

from audits.models import CASE_HOLDER_RECORD
from reports.coverage import BY_KEY, coverage
from reports.scope import scope_for
from reports.tests.helpers import assert_figures_match_rows
from schedule.models import AppliesTo, Frequency, Status, Strand
from schedule.tests.factories import DutyFactory, ResponsibilityFactory
from supervision.models import SESSION_RECORD

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)


def scope_of(member, query=None):
    request = RequestFactory().get("/reports/", query or {"period": "quarter-2026-10"})
    request.user = member.user
    return scope_for(request, day=DAY)


def about(subject, owner, record, status=Status.OPEN, **fields):
    responsibility = ResponsibilityFactory(
        record=record, frequency=fields.pop("frequency", Frequency.FINANCIAL_YEAR),
        applies_to=AppliesTo.CASE_HOLDERS, strand=Strand.AUDIT,
    )
    return DutyFactory(responsibility=responsibility, owner=owner, subject_staff=subject, status=status,
                       day=fields.pop("day", DAY), **fields)


def by_key(found):
    return {row.measure.key: row for row in found}


def test_case_holders_audited_this_year_and_those_not_yet(cast):
    about(cast.practitioner, cast.team_leader, CASE_HOLDER_RECORD, Status.DONE, completed_on=date(2026, 6, 1))
    about(cast.nqsw, cast.team_leader, CASE_HOLDER_RECORD)
    about(cast.outsider, cast.team_leader, CASE_HOLDER_RECORD)  # not in the team leader's sight
    row = by_key(coverage(scope_of(cast.team_leader)))["case_audit"]
    assert row.covered.share == "50% (1 of 2)"
    assert row.not_yet.value == 1
    assert_figures_match_rows(cast.team_leader.user, coverage(scope_of(cast.team_leader)), DAY)


def test_supervision_is_within_standard_only_when_none_that_fell_due_was_late_or_missed(cast):
    monthly = dict(frequency=Frequency.MONTHLY)
    about(cast.practitioner, cast.team_leader, SESSION_RECORD, Status.DONE, day=date(2026, 9, 10),
          completed_on=date(2026, 9, 20), **monthly)
    about(cast.nqsw, cast.team_leader, SESSION_RECORD, Status.DONE, day=date(2026, 9, 10),
          completed_on=date(2026, 10, 3), completed_late=True, **monthly)
    about(cast.team_leader, cast.head, SESSION_RECORD, Status.OPEN, day=date(2026, 12, 10), **monthly)  # not due
    row = by_key(coverage(scope_of(cast.head)))["supervision"]
    assert row.covered.share == "50% (1 of 2)"
    assert_figures_match_rows(cast.head.user, coverage(scope_of(cast.head)), DAY)


def test_the_list_of_those_not_yet_covered_names_them(client, cast):
    about(cast.nqsw, cast.team_leader, CASE_HOLDER_RECORD)
    client.force_login(cast.team_leader.user)
    response = client.get(by_key(coverage(scope_of(cast.team_leader)))["case_audit"].not_yet.link)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert "Nqsw" in response.content.decode()
    assert client.get("/reports/rows/staff/", {"coverage": "nonsense-yes"}).status_code == 404


def test_a_practitioner_has_no_coverage_panel(client, cast):
    client.force_login(cast.practitioner.user)
    response = client.get("/reports/")
    assert response.status_code == 200
    assert [panel.key for panel in response.context["panels"]] == ["compliance"]


def test_every_measure_has_a_record_kind():
    assert all(measure.record for measure in BY_KEY.values())
