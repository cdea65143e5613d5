"""The month's case file audit sample at /cases/sample/: for a member of staff, from the open cases
they may see (not their own), as many as the case file audits they owe, with why each was picked
and a link to start its audit."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditStatus
from audits.tests.factories import AuditFactory
from cases.tests.factories import CaseFactory
from people.models import Agency
from people.tests.factories import StaffMemberFactory, UserFactory
from schedule.models import Status
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 12)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("audits.sample_views._today", lambda: TODAY)


@pytest.fixture
def caseload(cast):
    """Five case-holders in team A under the team leader, two open cases each; and the leader's own."""
    holders = [cast.practitioner] + [
        StaffMemberFactory(name=f"Worker {n}", team=cast.team_a, line_manager=cast.team_leader, is_case_holder=True)
        for n in range(1, 5)
    ]
    for holder in holders:
        CaseFactory.create_batch(2, case_holder=holder)
    CaseFactory(reference="CR-MINE", case_holder=cast.team_leader)
    CaseFactory(reference="CR-CLOSED", case_holder=cast.practitioner, closed_on=date(2026, 5, 1))
    return holders


@pytest.fixture
def case_file_duties(cast):
    """The team leader owes two case file audits in May, one done; one in June."""
    audits = ResponsibilityFactory(role=cast.team_leader_role, record="audit:case_file", count=3)
    DutyFactory(responsibility=audits, owner=cast.team_leader, day=TODAY, occurrence=1)
    DutyFactory(responsibility=audits, owner=cast.team_leader, day=TODAY, occurrence=2)
    DutyFactory(responsibility=audits, owner=cast.team_leader, day=TODAY, occurrence=3, status=Status.DONE)
    DutyFactory(responsibility=audits, owner=cast.team_leader, day=date(2026, 6, 3))


def proposed(client, user, query=""):
    client.force_login(user)
    response = client.get(f"/cases/sample/{query}")
    assert response.status_code == 200
    return response


def test_only_the_councils_staff_are_proposed_a_sample(client, cast):
    client.force_login(UserFactory(username="admin", is_superuser=True))
    assert client.get("/cases/sample/").status_code == 403
    partner = StaffMemberFactory(agency=Agency.objects.create(name="Police", kind="police"))
    client.force_login(partner.user)
    assert client.get("/cases/sample/").status_code == 404  # not a page for a partner agency


def test_the_size_is_the_case_file_audits_owed_that_month(client, cast, caseload, case_file_duties):
    response = proposed(client, cast.team_leader.user)
    sample = response.context["sample"]
    assert (sample.month.start, sample.duties, sample.size, len(sample.picks)) == (date(2026, 5, 1), 2, 2, 2)
    assert 'name="size" value="2"' in response.content.decode()
    june = proposed(client, cast.team_leader.user, "?month=2026-06").context["sample"]
    assert (june.duties, len(june.picks)) == (1, 1)
    # Owing none, a sample of one.
    assert len(proposed(client, cast.head.user).context["sample"].picks) == 1


def test_the_sample_is_of_open_cases_i_may_see_not_my_own_one_per_case_holder(client, cast, caseload):
    sample = proposed(client, cast.team_leader.user, "?size=20").context["sample"]
    references = [pick.case.reference for pick in sample.picks]
    assert len(references) == 10 and sample.open_cases == 10
    assert "CR-MINE" not in references and "CR-CLOSED" not in references
    assert len({pick.case.case_holder_id for pick in sample.picks[:5]}) == 5
    # The practitioner may see only their own cases: there is nothing to propose.
    response = proposed(client, cast.practitioner.user)
    assert response.context["sample"].picks == []
    assert "There are no open cases you may audit" in response.content.decode()
    assert proposed(client, cast.outsider.user).context["sample"].picks == []


def test_recent_audits_are_skipped_and_unaudited_case_holders_come_first(client, cast, caseload):
    audited = caseload[1]
    first = CaseFactory(reference="CR-RECENT", case_holder=caseload[2])
    AuditFactory(case_reference=first.reference, auditor=cast.head, case_holder=caseload[2],
                 status=AuditStatus.SUBMITTED, audited_on=date(2025, 6, 1))  # last year, within 12 months
    AuditFactory(case_reference="CR-ELSE", auditor=cast.head, case_holder=audited,
                 status=AuditStatus.SUBMITTED, audited_on=date(2026, 4, 20))  # this financial year
    AuditFactory(case_reference="CR-DRAFT", auditor=cast.head, case_holder=caseload[3],
                 audited_on=date(2026, 4, 20))  # a draft counts for nothing
    response = proposed(client, cast.team_leader.user, "?size=5")
    sample = response.context["sample"]
    assert sample.audited_recently == 1
    assert "CR-RECENT" not in [pick.case.reference for pick in sample.picks]
    assert sample.picks[-1].case.case_holder == audited
    assert [pick.reason for pick in sample.picks].count("case-holder not yet audited this year") == 4
    text = response.content.decode()
    assert "Case-holder not yet audited this year" in text and "Case-holder already audited this year" in text


def test_the_same_month_and_person_get_the_same_sample(client, cast, caseload):
    def references(query):
        return [pick.case.reference for pick in proposed(client, cast.team_leader.user, query).context["sample"].picks]

    may = references("?month=2026-05&size=3")
    assert references("?month=2026-05&size=3") == may
    assert any(references(f"?month={month}&size=3") != may for month in ("2026-04", "2026-06", "2026-07"))


def test_each_row_links_to_start_its_audit(client, cast, caseload):
    response = proposed(client, cast.team_leader.user)
    pick = response.context["sample"].picks[0]
    text = response.content.decode()
    assert f'href="/audits/new/?kind=audit:case_file&amp;case={pick.case.reference}"' in text
    assert pick.case.case_holder.name in text and "Team A" in text


@pytest.mark.parametrize("query, field, error", [
    ("?size=0", "size", "Enter at least 1 case"),
    ("?size=21", "size", "Enter 20 cases or fewer"),
    ("?size=lots", "size", "Enter how many cases as a number, like 2"),
    ("?month=2024-01&size=3", "month", "Select a month from the list"),
])
def test_a_wrong_choice_is_an_error_and_keeps_what_was_typed(client, cast, caseload, query, field, error):
    response = proposed(client, cast.team_leader.user, query)
    assert response.context["form"].errors[field] == [error]
    assert response.context["sample"] is None
    text = response.content.decode()
    assert "There is a problem" in text and error in text
    if field == "size":
        assert f'value="{query.removeprefix("?size=")}"' in text


def queries(client, path="/cases/sample/?size=5") -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_queries_are_the_same_with_10_and_200_cases(client, cast, caseload, case_file_duties):
    client.force_login(cast.head.user)
    ten = queries(client)
    for _ in range(19):
        holder = StaffMemberFactory(team=cast.team_b, line_manager=cast.team_leader, is_case_holder=True)
        CaseFactory.create_batch(10, case_holder=holder)
        AuditFactory(case_holder=holder, auditor=cast.head, status=AuditStatus.SUBMITTED, audited_on=date(2026, 4, 2))
    client.force_login(cast.head.user)
    assert queries(client) == ten
