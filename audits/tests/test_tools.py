"""Audit tools as text: reading them (with errors by line), versions, and the shipped tools."""

import pytest

from audits.models import AnswerKind, Audit, AuditTheme, AuditTool, AuditType, Question
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


def asked(domain) -> list[tuple]:
    return [(question.kind, question.text, question.standard) for question in domain.questions]


def test_parse_reads_domains_and_questions():
    tool = parse(GOOD)
    assert tool.title == "Case file audit"
    assert [d.title for d in tool.domains] == ["Planning", "Voice of the child"]
    assert asked(tool.domains[0]) == [("grade", "The plan is specific", ""), ("yes_no", "The plan was reviewed", "")]
    assert asked(tool.domains[1]) == [("text", "In the child's words?", "")]


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
    assert AuditTool.objects.count() == len(AuditType.values) + 1 == 9  # and a second case file tool
    shipped = {path.stem: path for path in DEFAULT_TOOLS.glob("*.txt")}
    assert set(shipped) == {*AuditType.values, "looked_after_case_file"}
    for key, path in shipped.items():
        audit_type = "case_file" if key == "looked_after_case_file" else key
        tool = AuditTool.objects.current(audit_type, key=key)
        assert (tool.version, tool.key, tool.audit_type) == (1, key, audit_type)
        assert tool.domains.count() >= 2, key
        assert all(domain.questions.exists() for domain in tool.domains.all())
        assert as_text(tool) == "".join(
            line.strip() + "\n" for line in path.read_text().splitlines()
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
    questions = asked(parse(TAGGED).domains[0])
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


# What a council's own form needs: guidance and grade descriptors, sub-domains, the tool's own
# numbers, typed facts about the case, domains that may not apply, and more than one tool of a type.

COUNCIL = """title: Looked-after child's case file audit
## 1. Case details
> Facts from the case management system.
choice: 1.1 Legal status [options: CIN | CP | LAC s20 | LAC s31]
date: 1.2 Date the child became looked after
number: 1.3 Placements in the last 12 months
## 2. The care plan
> Read the care plan
> and the last two reviews.
> Good: the plan is current and specific
### 2a. Permanence
> The second review decides it.
> Inadequate: there is no plan
grade: 2.1 There is a plan for permanence
> Look in the minutes.
> Outstanding: permanence without delay
> requires improvement to be good: the plan has drifted
yes_no: 2.2 The plan was reviewed in time
### 2b. Health
grade: 2.3 Health needs are met
## 3. Leaving care [may not apply]
grade: 3.1 The pathway plan is up to date
"""


def test_guidance_and_grade_descriptors_belong_to_what_they_follow():
    tool = parse(COUNCIL)
    details, plan, leaving = tool.domains
    assert (details.guidance, details.descriptors) == ("Facts from the case management system.", {})
    assert plan.guidance == "Read the care plan\nand the last two reviews."
    assert plan.descriptors == {"good": "the plan is current and specific"}
    permanence = plan.subdomains[0]
    assert (permanence.guidance, permanence.descriptors) == ("The second review decides it.",
                                                             {"inadequate": "there is no plan"})
    question = plan.questions[0]
    assert question.guidance == "Look in the minutes."
    assert question.descriptors == {"outstanding": "permanence without delay",
                                    "requires_improvement": "the plan has drifted"}
    assert plan.questions[1].guidance == "" and plan.questions[1].descriptors == {}
    assert leaving.guidance == ""


def test_sub_domains_head_the_questions_after_them_within_their_domain():
    details, plan, leaving = parse(COUNCIL).domains
    assert [(sub.number, sub.title) for sub in plan.subdomains] == [("2a", "Permanence"), ("2b", "Health")]
    assert [question.subdomain for question in plan.questions] == [0, 0, 1]
    assert [question.subdomain for question in details.questions] == [None, None, None]
    assert details.subdomains == [] and leaving.subdomains == []


def test_the_tools_own_numbers_are_kept_apart_from_the_text():
    tool = parse(COUNCIL)
    assert [(d.number, d.title) for d in tool.domains] == [
        ("1", "Case details"), ("2", "The care plan"), ("3", "Leaving care")]
    assert [(q.number, q.text) for q in tool.domains[1].questions] == [
        ("2.1", "There is a plan for permanence"), ("2.2", "The plan was reviewed in time"),
        ("2.3", "Health needs are met")]


@pytest.mark.parametrize("line, number, text", [
    ("grade: 1.1 Was a CAF completed?", "1.1", "Was a CAF completed?"),
    ("grade: 1.1. Was a CAF completed?", "1.1", "Was a CAF completed?"),
    ("grade: 2.3a Is there a plan?", "2.3a", "Is there a plan?"),
    ("grade: 4. Is there a plan?", "4", "Is there a plan?"),
    ("grade: 4) Is there a plan?", "4", "Is there a plan?"),
    ("grade: 2a. Is there a plan?", "2a", "Is there a plan?"),
    ("grade: 3 visits were made on time", "", "3 visits were made on time"),  # words, not a number
    ("grade: 12 weeks passed", "", "12 weeks passed"),
    ("grade: 1.1", "", "1.1"),  # a number alone is the text
])
def test_a_number_at_the_start_is_the_tools_own(line, number, text):
    question = parse(f"title: T\n## D\n{line}\n").domains[0].questions[0]
    assert (question.number, question.text) == (number, text)


def test_facts_are_a_date_a_whole_number_and_a_choice_from_a_list():
    details = parse(COUNCIL).domains[0]
    assert [(q.kind, q.text, q.options) for q in details.questions] == [
        ("choice", "Legal status", ["CIN", "CP", "LAC s20", "LAC s31"]),
        ("date", "Date the child became looked after", []),
        ("number", "Placements in the last 12 months", []),
    ]


def test_a_choice_may_name_a_standard_too(db):
    from standards.tests.factories import StandardFactory

    StandardFactory(code="legal-status")
    question = parse("title: T\n## D\nchoice: Status [standard: legal-status] [ Options : A|  B  c ]\n"
                     ).domains[0].questions[0]
    assert (question.text, question.options, question.standard) == ("Status", ["A", "B c"], "legal-status")


def test_a_domain_may_not_apply():
    assert [domain.may_not_apply for domain in parse(COUNCIL).domains] == [False, False, True]
    assert parse("title: T\n## Leaving care [ May Not Apply ]\ngrade: Q\n").domains[0].title == "Leaving care"


@pytest.mark.parametrize("text, error", [
    # guidance
    ("title: T\n> Before anything\n## D\ngrade: Q\n",
     "line 2: guidance ('> ') must come after a domain, a sub-domain or a question"),
    ("title: T\n## D\nyes_no: Q\n> Good: all of it\n",
     "line 4: a grade descriptor ('> Good: ...') is for a grade question, a domain or a sub-domain, "
     "not a yes/no question"),
    ("title: T\n## D\ndate: When\n> Inadequate: late\n",
     "line 4: a grade descriptor ('> Inadequate: ...') is for a grade question, a domain or a sub-domain, "
     "not a date question"),
    ("title: T\n## D\ngrade: Q\n> Good: this\n> good: that\n", "line 5: Good is already described on line 4"),
    ("title: T\n## D\ngrade: Q\n> Good:\n", "line 4: say what good looks like after 'Good:'"),
    # sub-domains
    ("title: T\n### S\ngrade: Q\n", "line 2: a sub-domain ('### ') must come after a '## domain' line"),
    ("title: T\n## D\n### S\n#### Deeper\ngrade: Q\n",
     "line 4: a heading is '## domain' or '### sub-domain': there is no deeper level"),
    ("title: T\n## D\ngrade: Q\n### Empty\n### S\ngrade: Q2\n", "line 4: sub-domain 'Empty' has no questions"),
    ("title: T\n## D\n###\ngrade: Q\n", "line 3: a sub-domain needs a title after ###"),
    ("title: T\n## D\n### S [may not apply]\ngrade: Q\n",
     "line 3: only a domain ('## ') may be marked [may not apply]"),
    ("title: T\n## " + "x" * 201 + "\ngrade: Q\n", "line 2: a domain's title is at most 200 characters"),
    # the tool's own numbers
    ("title: T\n## D\ngrade: 1.1 Q\n## E\ngrade: 1.1 R\n", "line 5: question 1.1 is already numbered on line 3"),
    # facts
    ("title: T\n## D\nchoice: Legal status\n",
     "line 3: a choice needs its options, like 'choice: Legal status [options: CIN | CP | LAC]'"),
    ("title: T\n## D\nchoice: Legal status [options: CIN]\n",
     "line 3: a choice needs at least two options, with a | between each two"),
    ("title: T\n## D\nchoice: Legal status [options: CIN || CP]\n",
     "line 3: an option is empty: write the options with a | between each two"),
    ("title: T\n## D\nchoice: Legal status [options: CIN | CP | CIN]\n", "line 3: the option 'CIN' is listed twice"),
    ("title: T\n## D\nchoice: Legal status [options: CIN | " + "x" * 101 + "]\n",
     "line 3: an option is at most 100 characters"),
    ("title: T\n## D\nnumber: Visits [options: 1 | 2]\n", "line 3: only a choice question has [options: ...]"),
    ("title: T\n## D\nchoice: [options: A | B]\n", "line 3: the question needs its text before '[options: ...]'"),
    ("title: T\n## D\nchoice: S [options: A | B] [options: C | D]\n", "line 3: write '[options: ...]' once"),
])
def test_each_construct_says_where_it_went_wrong(text, error):
    with pytest.raises(ToolTextError) as raised:
        parse(text)
    assert error in raised.value.errors, raised.value.errors


@pytest.mark.parametrize("line, what", [
    ("choice: Child's name [options: A | B]", "name"),
    ("choice: Name [options: A | B]", "name"),
    ("date: First name given", "name"),
    ("choice: Surname [options: A | B]", "name"),
    ("choice: Forename [options: A | B]", "name"),
    ("choice: The young person’s full name [options: A | B]", "name"),
    ("date: Date of birth", "date of birth"),
    ("date: 1.2 DOB", "date of birth"),
    ("date: D.O.B.", "date of birth"),
    ("date: Birth date", "date of birth"),
    ("date: When the child was born", "date of birth"),
    ("number: NHS number", "NHS number"),
    ("number: NHS no.", "NHS number"),
    ("number: UPN", "unique pupil number"),
    ("choice: Home address [options: A | B]", "address"),
    ("choice: Postcode [options: A | B]", "address"),
])
def test_a_fact_may_not_record_the_childs_identity(line, what):
    with pytest.raises(ToolTextError) as raised:
        parse(f"title: T\n## Case details\n{line}\n")
    assert raised.value.errors == [
        f"line 3: a fact may not record the child's {what}: the case reference is the identifier"]


@pytest.mark.parametrize("line", [
    "date: Date of the last review",
    "number: Placements in the last 12 months",
    "choice: Legal status [options: CIN | CP]",
    "choice: A named social worker is allocated [options: Yes | No]",
    "number: Age at referral",
    "text: The child's name is spelt correctly in the plan",  # a question, not a fact
    "grade: The child's date of birth is recorded on the file",
])
def test_facts_about_the_case_are_not_its_identity(line):
    parse(f"title: T\n## Case details\n{line}\n")


def test_guidance_after_a_line_in_error_adds_no_error_of_its_own():
    with pytest.raises(ToolTextError) as raised:
        parse("title: T\n## D\nscore: Q\n> Look here\n> Good: yes\ngrade: R\n")
    assert raised.value.errors == ["line 3: 'score' is not a kind of answer (grade, yes_no, text, date, number, "
                                   "choice)"]


@pytest.mark.django_db
def test_saving_keeps_every_construct_and_writes_it_back():
    tool = save_version("case_file", COUNCIL, key="looked_after_case_file")
    details, plan, leaving = tool.domains.all()
    assert (details.number, details.title, details.guidance) == ("1", "Case details",
                                                                 "Facts from the case management system.")
    assert [(q.number, q.kind, q.options) for q in details.questions.all()] == [
        ("1.1", "choice", ["CIN", "CP", "LAC s20", "LAC s31"]), ("1.2", "date", []), ("1.3", "number", [])]
    assert plan.descriptors == {"good": "the plan is current and specific"}
    assert [(q.shown_number, q.subdomain.title) for q in plan.questions.all()] == [
        ("2.1", "Permanence"), ("2.2", "Permanence"), ("2.3", "Health")]
    permanence = plan.subdomains.first()
    assert permanence.descriptors == {"inadequate": "there is no plan"}
    assert plan.questions.first().grade_descriptors == [
        ("Outstanding", "permanence without delay"), ("Requires improvement", "the plan has drifted")]
    assert leaving.may_not_apply and not plan.may_not_apply
    assert parse(as_text(tool)) == parse(COUNCIL)
    assert "> Requires improvement: the plan has drifted\n" in as_text(tool)
    assert "## 3. Leaving care [may not apply]\n" in as_text(tool)


@pytest.mark.django_db
def test_the_portals_numbers_stand_where_the_tool_gives_none():
    tool = save_version("themed", "title: T\n## Planning\ngrade: Q\ngrade: R\n## 7. Voice\ngrade: 7.4 S\ngrade: T\n")
    assert [(d.heading, [q.shown_number for q in d.questions.all()]) for d in tool.domains.all()] == [
        ("1. Planning", ["1.1", "1.2"]), ("7. Voice", ["7.4", "7.2"])]


@pytest.mark.django_db
def test_the_shipped_looked_after_tool_uses_every_construct():
    tool = AuditTool.objects.current("case_file", key="looked_after_case_file")
    assert tool.title == "Looked-after child's case file audit"
    domains = list(tool.domains.all())
    asked = [question for domain in domains for question in domain.questions.all()]
    assert {question.kind for question in asked} == set(AnswerKind.values)
    assert all(question.number for question in asked) and all(domain.number for domain in domains)
    assert any(domain.may_not_apply for domain in domains)
    assert any(domain.guidance for domain in domains) and any(domain.descriptors for domain in domains)
    assert any(question.guidance for question in asked) and any(question.descriptors for question in asked)
    subdomains = [sub for domain in domains for sub in domain.subdomains.all()]
    assert subdomains and any(sub.guidance for sub in subdomains)


# More than one tool of a type: each is versioned on its own, by its key.

@pytest.mark.django_db
def test_each_tool_of_a_type_has_versions_of_its_own(cast):
    own = AuditTool.objects.current("case_file")
    looked_after = AuditTool.objects.current("case_file", key="looked_after_case_file")
    assert (own.key, looked_after.key) == ("case_file", "looked_after_case_file")
    v2 = save_version("case_file", COUNCIL, key="looked_after_case_file", acting_user=cast.head.user)
    assert (v2.version, v2.key) == (2, "looked_after_case_file")
    assert AuditTool.objects.current("case_file") == own  # the type's own tool, still version 1
    assert AuditTool.objects.current("case_file", key="looked_after_case_file") == v2
    assert save_version("case_file", GOOD).version == 2  # the type's own, counting on its own
    assert [tool.key for tool in AuditTool.objects.offered("case_file")] == ["case_file", "looked_after_case_file"]
    assert [tool.version for tool in AuditTool.objects.offered("case_file")] == [2, 2]


@pytest.mark.django_db
def test_a_tools_key_stays_with_its_type():
    with pytest.raises(ToolTextError) as raised:
        save_version("supervision_file", GOOD, key="looked_after_case_file")
    assert raised.value.errors == ["the tool 'looked_after_case_file' is a case file audit tool"]


@pytest.mark.django_db
def test_the_migration_keys_the_tools_made_before_keys_by_their_type():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("audits.migrations.0006_key_each_tool")
    theme = AuditTheme.objects.create(audit_type="themed", title="Neglect", set_by="SMT")
    theme_tool = save_version("themed", GOOD, theme=theme)
    save_version("supervision_file", GOOD)
    AuditTool.objects.filter(audit_type="supervision_file").update(key="")  # as 0005 left them
    migration.key_by_type(apps, None)
    assert list(AuditTool.objects.filter(audit_type="supervision_file").values_list("key", "version")) == [
        ("supervision_file", 2), ("supervision_file", 1)]
    assert AuditTool.objects.current("case_file", key="looked_after_case_file") is not None  # left alone
    theme_tool.refresh_from_db()
    assert theme_tool.key == ""
