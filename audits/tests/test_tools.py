"""Audit tools as text: reading them (with errors by line), versions, and the shipped tools."""

import pytest

from audits.models import AnswerKind, Audit, AuditTool, AuditType, Question
from audits.tools import DEFAULT_TOOLS, ToolTextError, as_text, load_default_tools, parse, save_version

from .factories import AuditFactory

GOOD = """title: Case file audit
# a comment line
## Planning
grade: The plan is specific
yes_no: The plan was reviewed
## Voice of the child
text: In the child's words?
"""


def test_parse_reads_domains_and_questions():
    tool = parse(GOOD)
    assert tool.title == "Case file audit"
    assert [d.title for d in tool.domains] == ["Planning", "Voice of the child"]
    assert tool.domains[0].questions == [("grade", "The plan is specific"), ("yes_no", "The plan was reviewed")]
    assert tool.domains[1].questions == [("text", "In the child's words?")]


@pytest.mark.parametrize("text, error", [
    ("title: T\n## D\nscore: How good?\n", "line 3: 'score' is not a kind of answer"),
    ("title: T\n## D\ngrade:\n", "line 3: write 'kind: text'"),
    ("title: T\n## D\njust words\n", "line 3: write 'kind: text'"),
    ("title: T\ngrade: Before any domain\n## D\ngrade: Q\n", "line 2: a question must come after a '## domain' line"),
    ("title: T\n##\ngrade: Q\n", "line 2: a domain needs a title after ##"),
    ("## D\ngrade: Q\n", "line 1: the tool needs a 'title: ...' line"),
    ("title: T\n", "the tool needs at least one '## domain' with questions"),
    ("title: T\n## Empty\n## D\ngrade: Q\n", "domain 'Empty' has no questions"),
])
def test_parse_errors_say_where(text, error):
    with pytest.raises(ToolTextError) as raised:
        parse(text)
    assert any(message.startswith(error) for message in raised.value.errors), raised.value.errors


def test_every_error_is_reported_at_once():
    with pytest.raises(ToolTextError) as raised:
        parse("## D\nscore: x\nnothing\n")
    where = [error.split(":")[0] for error in raised.value.errors]
    assert where == ["line 2", "line 3", "line 1", "domain 'D' has no questions"]


@pytest.mark.django_db
def test_the_shipped_tool_of_every_type_is_loaded_with_domains():
    assert AuditTool.objects.count() == len(AuditType.values) == 8
    for audit_type in AuditType.values:
        tool = AuditTool.objects.current(audit_type)
        assert tool.version == 1
        assert tool.domains.count() >= 2, audit_type
        assert all(domain.questions.exists() for domain in tool.domains.all())
        assert as_text(tool) == "".join(
            line.strip() + "\n" for line in (DEFAULT_TOOLS / f"{audit_type}.txt").read_text().splitlines()
            if line.strip() and not (line.strip().startswith("#") and not line.strip().startswith("##")))
    assert load_default_tools() == []  # loading again adds nothing


@pytest.mark.django_db
def test_the_case_file_tool_has_the_strategys_domains():
    titles = list(AuditTool.objects.current("case_file").domains.values_list("title", flat=True))
    assert titles == ["Case records and chronology", "Quality of assessment", "Planning",
                      "Management oversight and analysis", "Decision-making", "Voice of the child",
                      "Multi-agency work", "Impact on outcomes"]


@pytest.mark.django_db
def test_saving_makes_a_new_version_and_leaves_past_audits_with_their_questions(cast):
    v1 = AuditTool.objects.current("case_file")
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    before = list(Question.objects.filter(domain__tool=audit.tool).values_list("id", "text"))

    v2 = save_version("case_file", GOOD, acting_user=cast.head.user)
    assert (v2.version, v2.title, v2.created_by) == (2, "Case file audit", cast.head.user)
    assert AuditTool.objects.current("case_file") == v2
    assert [q.kind for d in v2.domains.all() for q in d.questions.all()] == [
        AnswerKind.GRADE, AnswerKind.YES_NO, AnswerKind.TEXT]

    audit = Audit.objects.get(pk=audit.pk)
    assert audit.tool == v1
    assert list(Question.objects.filter(domain__tool=audit.tool).values_list("id", "text")) == before
    assert save_version("case_file", GOOD).version == 3


@pytest.mark.django_db
def test_text_that_cannot_be_read_makes_no_version():
    with pytest.raises(ToolTextError):
        save_version("case_file", "title: Broken\n## D\n")
    assert AuditTool.objects.current("case_file").version == 1


@pytest.mark.django_db
def test_as_text_reads_back_the_same_tool():
    tool = save_version("themed", GOOD)
    assert parse(as_text(tool)) == parse(GOOD)
