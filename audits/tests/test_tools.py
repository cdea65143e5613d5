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
    assert tool.domains[0].questions == [("grade", "The plan is specific", ""), ("yes_no", "The plan was reviewed", "")]
    assert tool.domains[1].questions == [("text", "In the child's words?", "")]


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


# A question may name the standard of the library it tests: `[standard: code]` at the end of its line.

TAGGED = """title: Case file audit
## Case records
yes_no: The chronology is up to date [standard: chronologies]
grade: The record is written so the child could read it [ Standard : Case-Recording ]
text: Anything else?
"""


def test_parse_reads_the_standard_a_question_tests(db):
    from standards.tests.factories import StandardFactory

    StandardFactory(code="chronologies")
    StandardFactory(code="case-recording")
    questions = parse(TAGGED).domains[0].questions
    assert questions == [("yes_no", "The chronology is up to date", "chronologies"),
                         ("grade", "The record is written so the child could read it", "case-recording"),
                         ("text", "Anything else?", "")]


def test_parse_without_standards_asks_nothing_of_the_database():
    parse(GOOD)  # no database here: a query would raise


@pytest.mark.parametrize("line, error", [
    ("grade: Q [standard: nonsense]", "line 3: no standard in the library has the code 'nonsense'"),
    ("grade: Q [standard: ]", "line 3: write '[standard: code]' with the code of a standard"),
    ("grade: [standard: chronologies]", "line 3: the question needs its text before '[standard: ...]'"),
])
def test_a_standard_that_cannot_be_found_says_which_line(db, line, error):
    from standards.tests.factories import StandardFactory

    StandardFactory(code="chronologies")
    with pytest.raises(ToolTextError) as raised:
        parse(f"title: T\n## D\n{line}\n")
    assert error in raised.value.errors


def test_unknown_codes_are_looked_up_in_one_query(db, django_assert_num_queries):
    text = "title: T\n## D\n" + "".join(f"grade: Q{n} [standard: code-{n}]\n" for n in range(10))
    with django_assert_num_queries(1), pytest.raises(ToolTextError) as raised:
        parse(text)
    assert len(raised.value.errors) == 10


def test_saving_links_questions_to_their_standards_and_writes_them_back(db):
    from standards.tests.factories import StandardFactory

    chronologies = StandardFactory(code="chronologies")
    recording = StandardFactory(code="case-recording")
    tool = save_version("case_file", TAGGED)
    linked = [(q.text, q.standard) for d in tool.domains.all() for q in d.questions.all()]
    assert linked == [("The chronology is up to date", chronologies),
                      ("The record is written so the child could read it", recording),
                      ("Anything else?", None)]
    assert as_text(tool) == TAGGED.replace("[ Standard : Case-Recording ]", "[standard: case-recording]")


def test_a_renamed_code_is_written_with_its_new_name_and_a_deleted_standard_is_dropped(db):
    from standards.tests.factories import StandardFactory

    StandardFactory(code="chronologies")
    recording = StandardFactory(code="case-recording")
    tool = save_version("case_file", TAGGED)
    Question.objects.filter(standard__code="chronologies").first().standard.delete()
    recording.code = "recording"
    recording.save()
    text = as_text(tool)
    assert "yes_no: The chronology is up to date\n" in text
    assert "[standard: recording]" in text
    assert parse(text).domains[0].questions[1].standard == "recording"  # what is written back reads back


def test_a_change_of_standard_alone_makes_a_new_theme_version(db, client, admin_user):
    # The theme editor compares what was typed with the current questions: a new tag is a change.
    from audits.models import AuditTheme
    from standards.tests.factories import StandardFactory

    StandardFactory(code="chronologies")
    theme = AuditTheme.objects.create(audit_type="themed", title="Chronologies", set_by="SMT")
    save_version("themed", "title: T\n## D\nyes_no: The chronology is up to date\n", theme=theme)
    client.force_login(admin_user)
    response = client.post(f"/audits/themes/{theme.pk}/edit/", {
        "title": "Chronologies", "description": "", "set_by": "SMT", "active": "on",
        "questions": "title: T\n## D\nyes_no: The chronology is up to date [standard: chronologies]\n",
    })
    assert response.status_code == 302
    current = AuditTool.objects.current("themed", theme=theme)
    assert current.version == 2
    assert current.domains.get().questions.get().standard.code == "chronologies"


def test_the_tool_pages_show_the_standard_a_question_tests(db, client, cast):
    from audits.tests.factories import AuditFactory
    from standards.tests.factories import StandardFactory

    standard = StandardFactory(code="chronologies", title="Chronologies practice standard")
    tool = save_version("case_file", TAGGED.replace(" [ Standard : Case-Recording ]", ""))
    client.force_login(cast.practitioner.user)
    page = client.get("/audits/tools/").content.decode()
    assert f'href="/standards/{standard.pk}/">Chronologies practice standard</a>' in page
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, tool=tool)
    client.force_login(cast.team_leader.user)
    page = client.get(f"/audits/{audit.pk}/").content.decode()
    assert f'href="/standards/{standard.pk}/">Chronologies practice standard</a>' in page


def test_the_tool_page_asks_no_more_of_the_database_for_standards(db, client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from standards.tests.factories import StandardFactory

    client.force_login(cast.practitioner.user)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/audits/tools/").status_code == 200
        return len(captured)

    before = count()
    codes = [StandardFactory().code for _ in range(5)]
    questions = "".join(f"grade: Q{n} [standard: {code}]\n" for n, code in enumerate(codes))
    save_version("case_file", "title: T\n## D\n" + questions)
    assert count() == before
