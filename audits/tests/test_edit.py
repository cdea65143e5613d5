"""Answering an audit's questions: save a draft at any point, submit when complete; an invalid
submit shows each error beside its field, keeps every answer and saves them as a draft."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import Answer, AnswerKind, Audit, AuditStatus, Grade
from audits.tools import save_version
from schedule.models import AppliesTo, Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

from .factories import AuditFactory, complete_answers, looked_after_tool, questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(cast):
    return AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)


@pytest.fixture
def auditor(client, cast):
    client.force_login(cast.team_leader.user)
    return client


def url(audit):
    return f"/audits/{audit.pk}/edit/"


def form_group(html: str, field_id: str) -> str:
    """The GOV.UK form group of one field, from its opening tag to the next form group."""
    start = html.index(f'id="div_{field_id}"')
    end = html.find('id="div_', start + 1)
    return html[start:end]


def test_every_domain_is_a_fieldset_with_every_question(auditor, audit):
    text = auditor.get(url(audit)).content.decode()
    for domain in audit.tool.domains.all():
        assert re.search(r"<legend[^>]*>\s*<h2[^>]*>\s*" + re.escape(domain.heading.replace("'", "&#x27;")), text)
    for question in questions(audit):
        assert f'name="q{question.id}"' in text
        if question.kind == AnswerKind.GRADE:
            for label in ["Outstanding", "Requires improvement", "Inadequate", "Not applicable"]:
                assert label in form_group(text, f"id_q{question.id}")
            assert f'name="q{question.id}_comment"' in text
        elif question.kind == AnswerKind.YES_NO:
            assert 'value="yes"' in form_group(text, f"id_q{question.id}")
    assert "Overall grade" in text and "immediate safeguarding concern" in text
    assert "Save as draft" in text and "Submit audit" in text


def test_save_as_draft_keeps_partial_answers(auditor, audit, cast):
    first, second = questions(audit, AnswerKind.GRADE)[:2]
    text_question = questions(audit, AnswerKind.TEXT)[0]
    response = auditor.post(url(audit), {
        "save": "", f"q{first.id}": Grade.INADEQUATE, f"q{first.id}_comment": "",  # no reason yet: fine in a draft
        f"q{second.id}_comment": "Half a thought", f"q{text_question.id}": "In their words",
        "strengths": "Good chronology",
    })
    assert response.status_code == 302 and response["Location"] == url(audit)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DRAFT and audit.strengths == "Good chronology"
    answers = {answer.question_id: answer for answer in audit.answers.all()}
    assert set(answers) == {first.id, second.id, text_question.id}  # nothing made for unanswered questions
    assert answers[first.id].grade == Grade.INADEQUATE
    assert (answers[second.id].grade, answers[second.id].comment) == ("", "Half a thought")
    assert answers[text_question.id].text == "In their words"
    assert answers[first.id].history.get().history_user == cast.team_leader.user
    assert audit.history.first().history_change_reason == "draft saved"

    page = auditor.get(url(audit)).content.decode()  # and they are there when the auditor comes back
    assert "Draft saved" in page
    assert re.search(rf'id="id_q{first.id}_4"\s+value="inadequate"\s+checked="checked"', page)
    assert "Half a thought" in page and "Good chronology" in page


def test_saving_again_changes_answers_with_history(auditor, audit):
    question = questions(audit, AnswerKind.GRADE)[0]
    auditor.post(url(audit), {"save": "", f"q{question.id}": "good"})
    auditor.post(url(audit), {"save": "", f"q{question.id}": "outstanding", f"q{question.id}_comment": "Exemplary"})
    answer = Answer.objects.get(audit=audit, question=question)
    assert (answer.grade, answer.comment) == ("outstanding", "Exemplary")
    assert [h.grade for h in answer.history.order_by("history_id")] == ["good", "outstanding"]
    auditor.post(url(audit), {"save": "", f"q{question.id}": "outstanding", f"q{question.id}_comment": "Exemplary"})
    assert answer.history.count() == 2  # nothing changed, nothing recorded


def test_submit_with_an_inadequate_grade_and_no_reason_shows_the_error_beside_it_and_keeps_everything(
        auditor, audit):
    grades = questions(audit, AnswerKind.GRADE)
    bad = grades[2]
    data = complete_answers(audit, **{f"q{bad.id}": "inadequate", f"q{grades[0].id}_comment": "Thorough",
                                      "strengths": "Warm relationship with the child"})
    response = auditor.post(url(audit), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"q{bad.id}_comment": ["Explain why you graded this inadequate"]}
    assert "Explain why you graded this inadequate" in form_group(text, f"id_q{bad.id}_comment")
    assert "govuk-form-group--error" in form_group(text, f"id_q{bad.id}_comment")
    assert f'<a href="#id_q{bad.id}_comment">Explain why you graded this inadequate</a>' in text
    assert "Your answers are saved as a draft" in text
    shown = response.context["form"].data.dict()
    assert shown.pop("record_version") and shown == data  # and the version of the draft as kept
    radios = [name for name, value in data.items() if value in ("good", "yes", "inadequate")]
    assert text.count('checked="checked"') == len(radios)  # every answer shown again as typed
    assert re.search(rf'id="id_q{bad.id}_4"\s+value="inadequate"\s+checked="checked"', text)
    assert "Thorough" in text and "Warm relationship with the child" in text

    audit.refresh_from_db()
    assert audit.status == AuditStatus.DRAFT and audit.submitted_at is None
    assert Answer.objects.get(audit=audit, question=bad).grade == "inadequate"  # saved as a draft
    assert audit.answers.count() == len(questions(audit))


def test_submit_asks_for_every_grade_and_yes_no_and_the_overall_grade(auditor, audit):
    response = auditor.post(url(audit), {"submit": ""})
    errors = response.context["form"].errors
    expected = {f"q{q.id}" for q in questions(audit) if q.kind != AnswerKind.TEXT} | {"overall_grade"}
    assert set(errors) == expected
    text = response.content.decode()
    first = questions(audit)[0]
    assert f'<a href="#id_q{first.id}_1">Select a grade for question 1.1</a>' in text
    assert text.index(f"#id_q{first.id}_1") < text.index("#id_overall_grade_1")  # in page order
    assert response.context["form"].errors["overall_grade"] == ["Select an overall grade"]
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.DRAFT


def test_requires_improvement_needs_its_reason_too(auditor, audit):
    question = questions(audit, AnswerKind.GRADE)[0]
    response = auditor.post(url(audit), complete_answers(audit, **{f"q{question.id}": "requires_improvement"}))
    assert response.context["form"].errors == {
        f"q{question.id}_comment": ["Explain why you graded this requires improvement"]}


@pytest.fixture
def duties(cast, today):
    ResponsibilityFactory(role=cast.team_leader_role, task="Audit 1 case file", frequency="monthly",
                          applies_to=AppliesTo.HOLDER, record="audit:case_file")
    ResponsibilityFactory(role=cast.head_role, task="Every case-holder audited", frequency="financial_year",
                          applies_to=AppliesTo.CASE_HOLDERS, record="audit:case_holder")
    plan_duties(today)
    return cast


def test_a_valid_submit_submits_and_completes_the_duties(auditor, duties, today, django_capture_on_commit_callbacks):
    audit = AuditFactory(auditor=duties.team_leader, case_holder=duties.practitioner, audited_on=today)
    bad = questions(audit, AnswerKind.GRADE)[0]
    data = complete_answers(audit, **{f"q{bad.id}": "inadequate", f"q{bad.id}_comment": "No plan since May"})
    with django_capture_on_commit_callbacks(execute=True):
        response = auditor.post(url(audit), data, follow=True)
    assert response.redirect_chain == [(f"/audits/{audit.pk}/", 302)]
    message = [str(m) for m in response.context["messages"]][0]
    assert message.startswith("Audit submitted. This completed: ")
    assert "Audit 1 case file" in message and "Every case-holder audited: Practitioner" in message

    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED and audit.submitted_at
    assert audit.overall_grade == "good"
    assert Answer.objects.get(audit=audit, question=bad).comment == "No plan since May"
    mine = Duty.objects.get(owner=duties.team_leader, period_start=date(2026, 4, 1),
                            responsibility__record="audit:case_file")
    coverage = Duty.objects.get(subject_staff=duties.practitioner, responsibility__record="audit:case_holder",
                                period_start=date(2026, 4, 1))
    for duty in (mine, coverage):
        assert duty.status == Status.DONE and duty.record == audit and duty.completed_on == today
        assert duty.history.first().history_user == duties.team_leader.user
    assert [h.history_change_reason for h in audit.history.order_by("history_id")][-1] == "submitted"


def test_a_submit_that_completes_no_duty_just_says_submitted(auditor, audit):
    response = auditor.post(url(audit), complete_answers(audit), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Audit submitted"]


def test_a_submitted_audit_can_no_longer_be_edited(auditor, audit):
    auditor.post(url(audit), complete_answers(audit))
    for response in [auditor.get(url(audit)), auditor.post(url(audit), complete_answers(audit, strengths="Again"))]:
        assert response.status_code == 302 and response["Location"] == f"/audits/{audit.pk}/"
    audit.refresh_from_db()
    assert audit.strengths == "A clear, current plan" and audit.history.filter(history_change_reason="submitted") \
        .count() == 1


@pytest.mark.parametrize("who, status", [("practitioner", 404), ("outsider", 404), ("nqsw", 404), ("head", 403)])
def test_only_the_auditor_can_edit(client, cast, audit, who, status):
    client.force_login(getattr(cast, who).user)
    assert client.get(url(audit)).status_code == status
    assert client.post(url(audit), complete_answers(audit)).status_code == status
    assert not audit.answers.exists()


def test_the_case_holder_cannot_edit_an_audit_shared_with_them(client, cast, audit):
    Audit.objects.filter(pk=audit.pk).update(status=AuditStatus.SHARED)
    client.force_login(cast.practitioner.user)
    assert client.get(f"/audits/{audit.pk}/").status_code == 200
    assert client.get(url(audit)).status_code == 403
    assert client.post(url(audit), complete_answers(audit)).status_code == 403


def test_an_answer_that_cannot_be_read_is_an_error_and_the_rest_is_saved(auditor, audit):
    first, second = questions(audit, AnswerKind.GRADE)[:2]
    response = auditor.post(url(audit), {"save": "", f"q{first.id}": "brilliant", f"q{second.id}": "good"})
    assert response.status_code == 200 and f"q{first.id}" in response.context["form"].errors
    assert {a.question_id: a.grade for a in audit.answers.all()} == {second.id: "good"}


def long_tool(questions_per_domain: int):
    text = "title: Long case file audit\n" + "".join(
        f"## Domain {d}\n" + "".join(f"grade: Question {d}.{q}\nyes_no: Check {d}.{q}\n"
                                     for q in range(questions_per_domain))
        for d in range(4))
    return save_version("case_file", text)


def count_queries(client, method, path, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)
    assert response.status_code in (200, 302)
    return len(captured)


@pytest.mark.parametrize("method", ["get", "save", "invalid submit", "submit"])
def test_queries_do_not_grow_with_the_number_of_questions(auditor, cast, method):
    counts = []
    # 8 and 48 questions: within one batch of SQLite's bulk inserts (999 parameters a statement).
    for size in (1, 6):
        tool = long_tool(size)
        audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, tool=tool)
        auditor.post(url(audit), {"save": "", f"q{questions(audit)[0].id}": "good"})  # one answer exists already
        auditor.force_login(cast.team_leader.user)
        if method == "get":
            counts.append(count_queries(auditor, "get", url(audit)))
        else:
            data = complete_answers(audit, grade="requires_improvement" if method == "invalid submit" else "good")
            if method == "save":
                data = {**data, "save": ""}
                del data["submit"]
            counts.append(count_queries(auditor, "post", url(audit), data))
    assert counts[0] == counts[1], counts


# A council's own form: the shipped looked-after child's case file tool has guidance, sub-domains,
# its own numbers, facts about the case and domains that may not apply.


@pytest.fixture
def looked_after(cast):
    return AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, tool=looked_after_tool())


def by_number(audit) -> dict:
    return {question.number: question for question in questions(audit)}


def domain_titled(audit, title):
    return audit.tool.domains.get(title=title)


def test_guidance_sub_domains_and_the_tools_own_numbers_are_shown(auditor, looked_after):
    text = auditor.get(url(looked_after)).content.decode()
    asked = by_number(looked_after)
    assert re.search(r"<legend[^>]*>\s*<h2[^>]*>\s*2. The care plan", text)
    assert '<h3 class="govuk-heading-m govuk-!-margin-top-6">2a. Permanence</h3>' in text
    assert "Read the care plan, the minutes of the last two looked-after reviews" in text  # the domain's guidance
    permanence = form_group(text, f"id_q{asked['2.1'].id}")
    assert "2.1 There is a plan" not in text and "2.1 There is a clear plan for permanence" in permanence
    assert "2.1 2.1" not in text and "1.1 2.1" not in text  # one number, the tool's
    assert f'id="id_q{asked["2.1"].id}_hint"' in permanence and "Look for the plan for permanence" in permanence
    assert "What the grades look like" in permanence and "Inadequate</dt>" in permanence
    assert "there is no plan for permanence" in permanence


def test_facts_are_a_date_a_number_and_a_choice(auditor, looked_after):
    text = auditor.get(url(looked_after)).content.decode()
    asked = by_number(looked_after)
    for part in range(3):
        assert f'name="q{asked["1.2"].id}_{part}"' in text
    assert "For example, 27 3 2026" in form_group(text, f"id_q{asked['1.2'].id}")
    number = form_group(text, f"id_q{asked['1.3'].id}")
    assert 'inputmode="numeric"' in number and f'name="q{asked["1.3"].id}"' in number
    for option in ["LAC s20", "LAC s31", "Placement order"]:
        assert f'value="{option}"' in form_group(text, f"id_q{asked['1.1'].id}")
    assert f'name="q{asked["1.1"].id}_comment"' not in text  # a fact has no comment


@pytest.mark.parametrize("typed, error", [
    ({"_0": "31", "_1": "2", "_2": "2025"}, "Enter a real date for question 1.2, for example 27 3 2026"),
    ({"_0": "3", "_1": "feb", "_2": "2025"}, "The month for question 1.2 must be a number"),
    ({"_0": "3", "_1": "", "_2": "2025"}, "The date for question 1.2 must include a month"),
    ({"_0": "3", "_1": "2", "_2": "25"}, "Enter the year for question 1.2 with 4 digits, for example 2026"),
])
def test_a_date_that_is_not_one_is_refused_beside_it_and_kept_as_typed(auditor, looked_after, typed, error):
    fact = by_number(looked_after)["1.2"]
    data = {"save": "", **{f"q{fact.id}{part}": value for part, value in typed.items()}}
    response = auditor.post(url(looked_after), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors[f"q{fact.id}"] == [error]
    group = form_group(text, f"id_q{fact.id}")
    assert error in group and "govuk-form-group--error" in group
    for part, value in typed.items():
        assert re.search(rf'name="q{fact.id}{part}"[^>]*value="{value}"|value="{value}"[^>]*name="q{fact.id}{part}"',
                         text) or not value
    assert not looked_after.answers.exists()


@pytest.mark.parametrize("typed, error", [
    ("three", "Enter a whole number for question 1.3, like 3"),
    ("2.5", "Enter a whole number for question 1.3, like 3"),
    ("-1", "Enter 0 or more for question 1.3"),
    ("1000000", "Enter 100,000 or less for question 1.3"),
])
def test_a_number_that_is_not_a_whole_one_is_refused_and_kept(auditor, looked_after, typed, error):
    fact = by_number(looked_after)["1.3"]
    response = auditor.post(url(looked_after), {"save": "", f"q{fact.id}": typed})
    assert response.context["form"].errors[f"q{fact.id}"] == [error]
    assert f'value="{typed}"' in form_group(response.content.decode(), f"id_q{fact.id}")


def test_a_choice_not_among_the_options_is_refused(auditor, looked_after):
    fact = by_number(looked_after)["1.1"]
    response = auditor.post(url(looked_after), {"save": "", f"q{fact.id}": "Adopted"})
    assert response.context["form"].errors[f"q{fact.id}"] == ["Select one of the options for question 1.1"]


def test_facts_are_saved_typed_and_shown(auditor, looked_after):
    asked = by_number(looked_after)
    date_fact, number_fact, choice_fact = asked["1.2"], asked["1.3"], asked["1.1"]
    response = auditor.post(url(looked_after), {
        "save": "", f"q{date_fact.id}_0": "3", f"q{date_fact.id}_1": "2", f"q{date_fact.id}_2": "2025",
        f"q{number_fact.id}": "0", f"q{choice_fact.id}": "LAC s31",
    })
    assert response.status_code == 302
    answers = {answer.question_id: answer for answer in looked_after.answers.all()}
    assert answers[date_fact.id].date == date(2025, 2, 3)
    assert answers[number_fact.id].number == 0  # none is an answer too
    assert answers[choice_fact.id].choice == "LAC s31"
    page = auditor.get(url(looked_after)).content.decode()
    assert re.search(rf'name="q{date_fact.id}_0"[^>]*value="3"|value="3"[^>]*name="q{date_fact.id}_0"', page)
    assert re.search(rf'id="id_q{choice_fact.id}_\d"\s+value="LAC s31"\s+checked', page)
    detail = auditor.get(f"/audits/{looked_after.pk}/").content.decode()
    assert "3 February 2025" in detail and "LAC s31" in detail
    assert re.search(r"1.3 Placements in the last 12 months</dt>\s*<dd[^>]*>\s*<p[^>]*>0</p>", detail)


def test_submitting_asks_for_every_fact(auditor, looked_after):
    errors = auditor.post(url(looked_after), {"submit": ""}).context["form"].errors
    asked = by_number(looked_after)
    assert errors[f"q{asked['1.1'].id}"] == ["Select an answer for question 1.1"]
    assert errors[f"q{asked['1.2'].id}"] == ["Enter the date for question 1.2"]
    assert errors[f"q{asked['1.3'].id}"] == ["Enter a number for question 1.3"]
    assert errors[f"q{asked['2.1'].id}"] == ["Select a grade for question 2.1"]


def test_only_a_domain_that_may_not_apply_can_be_marked_so(auditor, looked_after):
    form = auditor.get(url(looked_after)).context["form"]
    marked = {domain.title for domain in looked_after.tool.domains.all() if f"na{domain.id}" in form.fields}
    assert marked == {"Family time", "Leaving care"}
    assert "This domain does not apply to this case" in form_group(
        auditor.get(url(looked_after)).content.decode(), f"id_na{domain_titled(looked_after, 'Leaving care').id}")


def test_a_domain_that_does_not_apply_is_skipped_on_submit(auditor, looked_after):
    leaving, family = domain_titled(looked_after, "Leaving care"), domain_titled(looked_after, "Family time")
    skipped = {question.id for question in questions(looked_after) if question.domain_id in (leaving.id, family.id)}
    asked = {question.id for question in questions(looked_after) if question.kind != AnswerKind.TEXT}
    everything = auditor.post(url(looked_after), {"submit": ""}).context["form"].errors
    assert set(everything) == {f"q{q}" for q in asked} | {"overall_grade"}
    marked = auditor.post(url(looked_after), {"submit": "", f"na{leaving.id}": "on", f"na{family.id}": "on"})
    errors = marked.context["form"].errors
    assert set(errors) == {f"q{q}" for q in asked - skipped} | {"overall_grade"}
    assert len(errors) == len(everything) - 4

    data = complete_answers(looked_after, **{f"na{leaving.id}": "on"})
    for question in questions(looked_after):
        if question.domain_id == leaving.id:  # left unanswered
            data.pop(f"q{question.id}"), data.pop(f"q{question.id}_comment")
    response = auditor.post(url(looked_after), data)
    assert response.status_code == 302, response.context["form"].errors
    looked_after.refresh_from_db()
    assert looked_after.status == AuditStatus.SUBMITTED
    assert set(looked_after.domains_not_applicable.all()) == {leaving}


def test_a_domain_marked_as_not_applying_clears_its_answers_with_history(auditor, looked_after, cast):
    leaving = domain_titled(looked_after, "Leaving care")
    pathway = by_number(looked_after)["5.1"]
    auditor.post(url(looked_after), {"save": "", f"q{pathway.id}": "good", f"q{pathway.id}_comment": "Clear"})
    assert Answer.objects.get(question=pathway).grade == "good"

    auditor.post(url(looked_after), {"save": "", f"q{pathway.id}": "good", f"na{leaving.id}": "on"})
    answer = Answer.objects.get(question=pathway)
    assert (answer.grade, answer.comment) == ("", "")  # counted nowhere: reports count graded answers
    assert answer.history.first().history_change_reason == "cleared: the domain does not apply"
    assert answer.history.last().grade == "good"  # what it was is kept
    assert list(looked_after.domains_not_applicable.all()) == [leaving]
    assert looked_after.history.first().domains_not_applicable.count() == 1  # the audit's history has it
    page = auditor.get(url(looked_after)).content.decode()
    assert re.search(rf'id="id_na{leaving.id}"[^>]*checked|checked[^>]*id="id_na{leaving.id}"', page)
    detail = auditor.get(f"/audits/{looked_after.pk}/").content.decode()
    assert "The auditor marked this domain as not applying to this case." in detail
    assert "5.1 The pathway plan" not in detail

    auditor.post(url(looked_after), {"save": ""})  # it applies after all
    assert not looked_after.domains_not_applicable.exists()


def test_an_error_in_a_domain_that_does_not_apply_is_no_error(auditor, looked_after):
    leaving = domain_titled(looked_after, "Leaving care")
    pathway = by_number(looked_after)["5.1"]
    response = auditor.post(url(looked_after), {"save": "", f"q{pathway.id}": "brilliant", f"na{leaving.id}": "on"})
    assert response.status_code == 302


def test_the_moderator_and_the_reader_see_the_tools_own_numbers(client, cast, looked_after):
    from audits.forms import ModerationForm

    answers = {}
    for question in questions(looked_after, AnswerKind.GRADE):
        answers[question.id] = Answer.objects.create(audit=looked_after, question=question, grade="good")
    form = ModerationForm(audit=looked_after, domains=looked_after.tool.domains.prefetch_related("questions"),
                          answers=answers)
    assert str(form.fields[f"a{answers[by_number(looked_after)['2.1'].id].id}"].label).startswith(
        "2.1 There is a clear plan")
    client.force_login(cast.team_leader.user)
    detail = client.get(f"/audits/{looked_after.pk}/").content.decode()
    assert "2. The care plan</h3>" in detail and "2a. Permanence</h4>" in detail
