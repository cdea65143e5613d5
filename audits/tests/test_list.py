"""The list of audits: only those the user may see, newest first, filtered, 50 a page, and asking
the database the same number of times however many audits there are."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditStatus

from .factories import AuditFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audits(cast):
    return {
        "draft": AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, team=cast.team_a,
                              case_reference="CR-DRAFT", audited_on=date(2026, 5, 2)),
        "submitted": AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, team=cast.team_a,
                                  case_reference="CR-SUB", status=AuditStatus.SUBMITTED, overall_grade="good",
                                  audited_on=date(2026, 4, 20)),
        "shared": AuditFactory(auditor=cast.head, case_holder=cast.practitioner, team=cast.team_a,
                               audit_type="supervision_file", case_reference="CR-SHARED",
                               status=AuditStatus.SHARED, overall_grade="inadequate", audited_on=date(2026, 1, 10)),
        "elsewhere": AuditFactory(auditor=cast.outsider, case_holder=cast.outsider, team=cast.outsider.team,
                                  case_reference="CR-ELSE", status=AuditStatus.SUBMITTED,
                                  audited_on=date(2026, 3, 3)),
    }


def listed(client, cast, who, query="") -> list[str]:
    client.force_login(getattr(cast, who).user)
    response = client.get(f"/audits/{query}")
    assert response.status_code == 200
    return [audit.case_reference for audit in response.context["page"].object_list]


def test_each_sees_the_audits_they_may_see_newest_first(client, cast, audits):
    # The head's audit of the practitioner's work too, finished: the team leader manages them.
    assert listed(client, cast, "team_leader") == ["CR-DRAFT", "CR-SUB", "CR-SHARED"]
    assert listed(client, cast, "head") == ["CR-DRAFT", "CR-SUB", "CR-SHARED"]
    assert listed(client, cast, "practitioner") == ["CR-SHARED"]  # shared with them only
    assert listed(client, cast, "outsider") == ["CR-ELSE"]
    assert listed(client, cast, "nqsw") == []


def test_the_list_links_each_audit_and_offers_to_start_one(client, cast, audits):
    client.force_login(cast.team_leader.user)
    text = client.get("/audits/").content.decode()
    assert f'href="/audits/{audits["draft"].pk}/"' in text
    assert 'href="/audits/new/"' in text and "Start an audit" in text
    assert "3 audits" in text


@pytest.mark.parametrize("query, expected", [
    ("?audit_type=supervision_file", ["CR-SHARED"]),
    ("?overall_grade=good", ["CR-SUB"]),
    ("?status=draft", ["CR-DRAFT"]),
    ("?status=shared&audit_type=supervision_file", ["CR-SHARED"]),
    ("?quarter=2026-04-01", ["CR-DRAFT", "CR-SUB"]),
    ("?quarter=2026-01-01", ["CR-SHARED"]),
    ("?team=TEAM_B", []),
    ("?team=TEAM_A&status=", ["CR-DRAFT", "CR-SUB", "CR-SHARED"]),
    ("?auditor=HEAD", ["CR-SHARED"]),
    ("?audit_type=&overall_grade=&team=&auditor=&status=&quarter=", ["CR-DRAFT", "CR-SUB", "CR-SHARED"]),
])
def test_filters(client, cast, audits, query, expected, monkeypatch):
    monkeypatch.setattr("audits.views._today", lambda: date(2026, 5, 12))
    query = query.replace("TEAM_A", str(cast.team_a.pk)).replace("TEAM_B", str(cast.team_b.pk))
    query = query.replace("HEAD", str(cast.head.pk))
    assert listed(client, cast, "head", query) == expected


def test_an_impossible_filter_is_an_error_not_everything(client, cast, audits):
    client.force_login(cast.head.user)
    response = client.get("/audits/?auditor=999999")
    assert response.context["form"].errors["auditor"]
    assert list(response.context["page"].object_list) == []
    assert "There is a problem" in response.content.decode()


def test_auditors_to_filter_by_are_those_of_audits_i_may_see(client, cast, audits):
    client.force_login(cast.team_leader.user)
    choices = dict(client.get("/audits/").context["form"].fields["auditor"].choices)
    assert set(choices) == {"", cast.team_leader.pk, cast.head.pk}  # not the outsider


def test_fifty_a_page(client, cast):
    AuditFactory.create_batch(51, auditor=cast.team_leader)
    client.force_login(cast.team_leader.user)
    first = client.get("/audits/")
    assert len(first.context["page"].object_list) == 50 and "Page 1 of 2" in first.content.decode()
    assert len(client.get("/audits/?page=2").context["page"].object_list) == 1


def queries(client, path="/audits/") -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/audits/", "/audits/?status=submitted&quarter=2026-04-01"])
def test_queries_are_the_same_with_10_and_200_audits(client, cast, path):
    client.force_login(cast.head.user)
    AuditFactory.create_batch(10, auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                              status=AuditStatus.SUBMITTED)
    ten = queries(client, path)
    for auditor, count in [(cast.head, 50), (cast.nqsw, 50), (cast.team_leader, 50), (cast.practitioner, 40)]:
        AuditFactory.create_batch(count, auditor=auditor, status=AuditStatus.SUBMITTED)  # 200 in all
    client.force_login(cast.head.user)
    assert queries(client, path) == ten


def test_audits_is_in_the_navigation_of_every_page(client, cast, audits):
    client.force_login(cast.practitioner.user)
    assert 'href="/audits/"' in client.get("/").content.decode()
    text = client.get("/audits/").content.decode()
    assert 'href="/audits/" aria-current="page"' in text
    assert 'href="/audits/" aria-current="true"' in client.get("/audits/new/").content.decode()
