"""The admin pages of audits: tools are read-only (a version is never changed), audits keep history;
and the admin's lists read their related rows in a fixed number of queries."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditTool
from cases.tests.factories import CaseFactory
from people.tests.factories import RoleAssignmentFactory, StaffMemberFactory

from .factories import AnswerFactory, AuditFactory, answer_every_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.gov.uk", "x"))
    return client


def test_tools_are_listed_and_shown_read_only(admin_client):
    tool = AuditTool.objects.current("case_file")
    assert admin_client.get("/admin/audits/audittool/").status_code == 200
    page = admin_client.get(f"/admin/audits/audittool/{tool.pk}/change/")
    assert page.status_code == 200
    assert "## Voice of the child" in page.content.decode()
    assert 'name="title"' not in page.content.decode()  # nothing to edit
    assert admin_client.get("/admin/audits/audittool/add/").status_code == 403
    assert admin_client.post(f"/admin/audits/audittool/{tool.pk}/delete/", {"post": "yes"}).status_code == 403


def test_audits_are_listed_filtered_and_keep_their_history(admin_client, cast):
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    AnswerFactory(audit=audit, grade="good")
    assert admin_client.get("/admin/audits/audit/?status__exact=draft").status_code == 200
    assert admin_client.get(f"/admin/audits/audit/{audit.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/audits/audit/{audit.pk}/history/").status_code == 200


def test_an_audits_page_reads_its_answers_in_a_fixed_number_of_queries(admin_client, cast):
    few = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    AnswerFactory(audit=few, grade="good")
    many = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    answer_every_question(many)
    assert many.answers.count() > 10

    def queries(audit) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(f"/admin/audits/audit/{audit.pk}/change/").status_code == 200
        return len(captured)

    assert queries(many) == queries(few)


@pytest.mark.parametrize("url", ["/admin/people/roleassignment/", "/admin/people/staffmember/", "/admin/cases/case/"])
def test_the_admin_lists_read_their_related_rows_in_a_fixed_number_of_queries(admin_client, cast, url):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(10):
        person = StaffMemberFactory(team=cast.team_b, line_manager=cast.team_leader)
        RoleAssignmentFactory(staff=person, role=cast.team_leader_role, team=cast.team_b)
        CaseFactory(case_holder=person, team=cast.team_b)
    assert queries() == before
