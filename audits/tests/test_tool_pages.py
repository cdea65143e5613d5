"""The audit tools pages: everyone reads them; administrators edit, which makes a new version."""

import pytest

from audits.models import AuditTool, Question
from audits.tools import as_text

pytestmark = pytest.mark.django_db

EDITED = """title: Case file audit (2027)
## Voice of the child
grade: The child's wishes and feelings shape the plan
text: In the child's words, what matters to them?
"""


def test_everyone_reads_the_current_tool_of_every_type(client, cast):
    client.force_login(cast.practitioner.user)
    response = client.get("/audits/tools/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Case file audit, version 1" in text and "Voice of the child" in text
    assert "/audits/tools/case_file/edit/" not in text  # not an administrator


def test_only_administrators_edit(client, cast):
    client.force_login(cast.head.user)
    assert client.get("/audits/tools/case_file/edit/").status_code == 403
    assert client.post("/audits/tools/case_file/edit/", {"text": EDITED}).status_code == 403
    assert AuditTool.objects.filter(audit_type="case_file").count() == 1


def test_editing_makes_a_new_version_and_keeps_the_old(client, admin_user):
    client.force_login(admin_user)
    first = AuditTool.objects.current("case_file")
    old_questions = list(Question.objects.filter(domain__tool=first).values_list("text", flat=True))
    page = client.get("/audits/tools/case_file/edit/").content.decode()
    assert "title: Case file audit" in page and "This is version 1" in page
    response = client.post("/audits/tools/case_file/edit/", {"text": EDITED})
    assert response.status_code == 302
    current = AuditTool.objects.current("case_file")
    assert (current.version, current.title, current.created_by) == (2, "Case file audit (2027)", admin_user)
    assert as_text(current) == EDITED
    assert list(Question.objects.filter(domain__tool=first).values_list("text", flat=True)) == old_questions


def test_text_that_cannot_be_read_says_which_line_and_keeps_it(client, admin_user):
    client.force_login(admin_user)
    typed = "title: Case file audit\n## Planning\nscore: Is there a plan?\n"
    response = client.post("/audits/tools/case_file/edit/", {"text": typed})
    assert response.status_code == 200
    text = response.content.decode()
    assert "line 3: &#x27;score&#x27; is not a kind of answer" in text
    assert "score: Is there a plan?" in text
    assert AuditTool.objects.filter(audit_type="case_file").count() == 1


def test_an_unknown_type_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/audits/tools/nonsense/edit/").status_code == 404
