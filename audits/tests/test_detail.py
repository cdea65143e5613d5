"""An audit's page: who may see it at each step, what it shows, and sharing and acknowledging it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.actions import share_audit, submit_audit
from audits.models import AnswerKind, AuditStatus

from .factories import AnswerFactory, AuditFactory, complete_answers, questions

pytestmark = pytest.mark.django_db

CAST = ["practitioner", "nqsw", "team_leader", "head", "outsider"]


@pytest.fixture
def audit(cast):
    """The team leader audits a case of the practitioner's."""
    return AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-777")


def as_(client, cast, who):
    client.force_login(getattr(cast, who).user)
    return client


def status_for(client, cast, who, audit) -> int:
    return as_(client, cast, who).get(f"/audits/{audit.pk}/").status_code


def submitted(audit, cast):
    submit_audit(audit, acting_user=cast.team_leader.user)
    audit.refresh_from_db()
    return audit


def test_who_sees_a_draft(client, cast, audit):
    seen = {who: status_for(client, cast, who, audit) for who in CAST}
    assert seen == {"practitioner": 404, "nqsw": 404, "team_leader": 200, "head": 200, "outsider": 404}


def test_who_sees_a_submitted_audit(client, cast, audit):
    submitted(audit, cast)
    seen = {who: status_for(client, cast, who, audit) for who in CAST}
    assert seen == {"practitioner": 404, "nqsw": 404, "team_leader": 200, "head": 200, "outsider": 404}


def test_the_case_holder_sees_it_once_shared_and_acknowledges_it(client, cast, audit):
    submitted(audit, cast)
    share_audit(audit, acting_user=cast.team_leader.user)
    page = as_(client, cast, "practitioner").get(f"/audits/{audit.pk}/")
    assert page.status_code == 200 and page.context["can_acknowledge"]
    assert "Acknowledge audit" in page.content.decode()
    response = client.post(f"/audits/{audit.pk}/acknowledge/", {"response": "Agreed; chronology updated"},
                           follow=True)
    assert response.redirect_chain == [(f"/audits/{audit.pk}/", 302)]
    assert "Audit acknowledged" in [str(m) for m in response.context["messages"]]
    audit.refresh_from_db()
    assert audit.status == AuditStatus.ACKNOWLEDGED and audit.response == "Agreed; chronology updated"
    assert "Agreed; chronology updated" in as_(client, cast, "team_leader").get(f"/audits/{audit.pk}/") \
        .content.decode()
    seen = {who: status_for(client, cast, who, audit) for who in CAST}
    assert seen == {"practitioner": 200, "nqsw": 404, "team_leader": 200, "head": 200, "outsider": 404}


def test_the_response_is_optional(client, cast, audit):
    submitted(audit, cast)
    share_audit(audit, acting_user=cast.team_leader.user)
    as_(client, cast, "practitioner").post(f"/audits/{audit.pk}/acknowledge/", {"response": ""})
    audit.refresh_from_db()
    assert audit.status == AuditStatus.ACKNOWLEDGED and audit.response == ""


def test_a_response_too_long_is_shown_with_its_error(client, cast, audit):
    submitted(audit, cast)
    share_audit(audit, acting_user=cast.team_leader.user)
    response = as_(client, cast, "practitioner").post(f"/audits/{audit.pk}/acknowledge/", {"response": "x" * 5001})
    assert response.status_code == 200 and response.context["acknowledge_form"].errors["response"]
    assert 'href="#id_response"' in response.content.decode()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SHARED


@pytest.mark.parametrize("who", ["team_leader", "head", "nqsw"])
def test_only_the_case_holder_acknowledges(client, cast, audit, who):
    submitted(audit, cast)
    share_audit(audit, acting_user=cast.team_leader.user)
    status = as_(client, cast, who).post(f"/audits/{audit.pk}/acknowledge/", {"response": "Not mine"}).status_code
    assert status == (404 if who == "nqsw" else 403)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SHARED


@pytest.mark.parametrize("who", ["team_leader", "head"])
def test_the_auditor_or_a_manager_above_the_case_holder_shares_it(client, cast, audit, who):
    submitted(audit, cast)
    page = as_(client, cast, who).get(f"/audits/{audit.pk}/")
    assert page.context["can_share"] and "Share with the case-holder" in page.content.decode()
    response = client.post(f"/audits/{audit.pk}/share/", follow=True)
    assert "Shared with Practitioner" in [str(m) for m in response.context["messages"]]
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SHARED
    assert audit.history.first().history_user == getattr(cast, who).user


def test_sharing_needs_a_post_a_submitted_audit_and_the_right_person(client, cast, audit):
    assert as_(client, cast, "team_leader").post(f"/audits/{audit.pk}/share/").status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.DRAFT  # a draft cannot be shared
    submitted(audit, cast)
    assert client.get(f"/audits/{audit.pk}/share/").status_code == 405
    assert as_(client, cast, "outsider").post(f"/audits/{audit.pk}/share/").status_code == 404
    assert as_(client, cast, "practitioner").post(f"/audits/{audit.pk}/share/").status_code == 404
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SUBMITTED


def test_an_audit_without_a_case_holder_cannot_be_shared(client, cast):
    audit = AuditFactory(audit_type="foster_carer_file", auditor=cast.team_leader, case_holder=None)
    submitted(audit, cast)
    page = as_(client, cast, "team_leader").get(f"/audits/{audit.pk}/")
    assert not page.context["can_share"]
    assert client.post(f"/audits/{audit.pk}/share/").status_code == 403


def test_the_actions_offered_to_each(client, cast, audit):
    def actions(who):
        context = as_(client, cast, who).get(f"/audits/{audit.pk}/").context
        return {name for name in ["can_continue", "can_share", "can_acknowledge"] if context[name]}

    assert actions("team_leader") == {"can_continue"} and actions("head") == set()
    assert f'href="/audits/{audit.pk}/edit/"' in as_(client, cast, "team_leader").get(f"/audits/{audit.pk}/") \
        .content.decode()
    submitted(audit, cast)
    assert actions("team_leader") == {"can_share"} and actions("head") == {"can_share"}
    share_audit(audit, acting_user=cast.head.user)
    assert actions("team_leader") == set() and actions("practitioner") == {"can_acknowledge"}


def test_the_page_shows_the_details_answers_and_history(client, cast, audit):
    client = as_(client, cast, "team_leader")
    bad = questions(audit, AnswerKind.GRADE)[1]
    text_question = questions(audit, AnswerKind.TEXT)[0]
    client.post(f"/audits/{audit.pk}/edit/", complete_answers(audit, **{
        f"q{bad.id}": "inadequate", f"q{bad.id}_comment": "No plan since May",
        f"q{text_question.id}": "I want to stay with my nan", "improvements": "Update the plan",
        "safeguarding_concern": "on"}))
    client.post(f"/audits/{audit.pk}/share/")
    text = client.get(f"/audits/{audit.pk}/").content.decode()
    for expected in ["Case file audit", "Case file audit, version 1", "CR-777", "Practitioner", "Team A",
                     "Team Leader", "Shared with the case-holder", "No plan since May", "Inadequate",
                     "I want to stay with my nan", "Update the plan", "Immediate safeguarding concern",
                     "A clear, current plan"]:
        assert expected in text, expected
    for domain in audit.tool.domains.all():
        assert domain.title.replace("'", "&#x27;") in text
    history = client.get(f"/audits/{audit.pk}/").context["history"]
    assert [(h.history_change_reason, h.history_user) for h in history][:3] == [
        ("shared with the case-holder", cast.team_leader.user), ("submitted", cast.team_leader.user),
        ("draft saved", cast.team_leader.user)]
    assert "Shared with the case-holder" in text and "Submitted" in text and "Draft saved" in text


def test_unanswered_questions_say_so(client, cast, audit):
    text = as_(client, cast, "team_leader").get(f"/audits/{audit.pk}/").content.decode()
    assert text.count("Not answered") == len(questions(audit))


def test_an_unknown_audit_is_404(client, cast):
    assert as_(client, cast, "head").get("/audits/999999/").status_code == 404


def test_queries_do_not_grow_with_answers_or_audits(client, cast, audit):
    submitted(audit, cast)
    share_audit(audit, acting_user=cast.team_leader.user)
    client = as_(client, cast, "head")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/audits/{audit.pk}/").status_code == 200
        return len(captured)

    before = count()
    for question in questions(audit):
        AnswerFactory(audit=audit, question=question, grade="good", comment="Fine")
    AuditFactory.create_batch(20, auditor=cast.team_leader, case_holder=cast.practitioner)
    client.force_login(cast.head.user)
    assert count() == before
