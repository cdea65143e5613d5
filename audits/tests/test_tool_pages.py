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
    assert "Case file audit</h3>" in text and "Version 1 on" in text and "Voice of the child" in text
    assert "/audits/tools/case_file/edit/" not in text  # not an administrator


def test_only_administrators_edit(client, cast):
    client.force_login(cast.head.user)
    assert client.get("/audits/tools/case_file/edit/").status_code == 403
    assert client.post("/audits/tools/case_file/edit/", {"text": EDITED}).status_code == 403
    assert AuditTool.objects.filter(key="case_file").count() == 1


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
    assert AuditTool.objects.filter(key="case_file").count() == 1


def test_an_unknown_type_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/audits/tools/nonsense/edit/").status_code == 404


# More than one tool of a type: each listed and edited on its own; administrators add another.

LOOKED_AFTER = """title: Looked-after child's case file audit (2027)
## 1. Case details
choice: 1.1 Legal status [options: LAC s20 | LAC s31]
"""


def test_every_tool_of_a_type_is_listed_with_its_questions(client, admin_user):
    client.force_login(admin_user)
    text = client.get("/audits/tools/").content.decode()
    assert "Looked-after child&#x27;s case file audit</h3>" in text and "Version 1 on" in text
    assert "Supervision file audit, version 1" in text  # a type of one tool
    for key in ["looked_after_case_file", "case_file"]:
        assert f'href="/audits/tools/{key}/edit/"' in text
    assert 'href="/audits/tools/new/case_file/"' in text and "/audits/tools/new/themed/" not in text
    assert "2a. Permanence" in text and "(may not apply)" in text
    assert "1.1 Legal status" in text and "(a choice from a list: LAC s20, LAC s31" in text
    assert "<strong>Inadequate:</strong> there is no plan for permanence" in text


def test_editing_one_tool_of_a_type_leaves_the_other(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/audits/tools/looked_after_case_file/edit/").content.decode()
    assert "This is version 1" in page and "How to write a tool" in page and "[may not apply]" in page
    assert client.post("/audits/tools/looked_after_case_file/edit/", {"text": LOOKED_AFTER}).status_code == 302
    current = AuditTool.objects.current("case_file", key="looked_after_case_file")
    assert (current.version, current.title) == (2, "Looked-after child's case file audit (2027)")
    assert AuditTool.objects.current("case_file").version == 1


def test_an_administrator_adds_another_tool_of_a_type(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/audits/tools/new/supervision_file/").content.decode()
    assert "Add a supervision file audit tool" in page
    text = "title: ASYE supervision file audit\n## Supervision\nyes_no: Fortnightly in the first six weeks\n"
    assert client.post("/audits/tools/new/supervision_file/", {"text": text}).status_code == 302
    added = AuditTool.objects.get(key="asye-supervision-file-audit")
    assert (added.audit_type, added.version, added.created_by) == ("supervision_file", 1, admin_user)
    offered = [tool.key for tool in AuditTool.objects.offered("supervision_file")]
    assert offered == ["supervision_file", "asye-supervision-file-audit"]
    again = client.post("/audits/tools/new/supervision_file/", {"text": text})
    assert again.status_code == 200
    assert "There is already a tool called &#x27;ASYE supervision file audit&#x27;" in again.content.decode()


def test_an_unknown_tool_or_type_is_404_and_only_administrators_add(client, admin_user, cast):
    client.force_login(admin_user)
    assert client.get("/audits/tools/nobody/edit/").status_code == 404
    assert client.get("/audits/tools/new/nonsense/").status_code == 404
    assert client.get("/audits/tools/new/themed/").status_code == 404  # a theme brings its own questions
    client.force_login(cast.head.user)
    assert client.get("/audits/tools/new/case_file/").status_code == 403
    assert client.post("/audits/tools/looked_after_case_file/edit/", {"text": LOOKED_AFTER}).status_code == 403


def test_no_two_tools_of_a_type_share_a_title(client, admin_user):
    client.force_login(admin_user)
    text = LOOKED_AFTER.replace(" (2027)", "").replace("Looked-after child's case file audit", "Case file audit")
    for path in ["/audits/tools/new/case_file/", "/audits/tools/looked_after_case_file/edit/"]:
        response = client.post(path, {"text": text})
        assert response.status_code == 200, path
        assert "There is already a tool called &#x27;Case file audit&#x27;" in response.content.decode()
    assert client.post("/audits/tools/case_file/edit/", {"text": text}).status_code == 302  # its own title
