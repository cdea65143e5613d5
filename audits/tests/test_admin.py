"""The admin pages of audits: tools are read-only (a version is never changed), audits keep history."""

import pytest
from django.contrib.auth import get_user_model

from audits.models import AuditTool

from .factories import AnswerFactory, AuditFactory

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
