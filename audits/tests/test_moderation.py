"""Moderation: which audits are chosen, who moderates them (never their own auditor), the moderator's
grades kept beside the auditor's, sharing held back until moderated, and how often moderators agree."""

import itertools
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.actions import chosen_for_moderation, moderate_audit, share_audit, submit_audit
from audits.models import Answer, AnswerKind, Audit, AuditStatus
from audits.moderation import agreement
from people.access import moderates
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory

from .factories import AuditFactory, answer_every_question, complete_answers, form_group, moderators, questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitoring(cast):
    """The Head of Safeguarding Monitoring and the officer under her: neither in the cast's line."""
    return moderators()


def awaiting(cast, auditor=None, grade="good", **fields) -> Audit:
    """An audit by the team leader (or `auditor`) of the practitioner's work, every question graded
    `grade`, submitted with moderation asked for."""
    audit = AuditFactory(auditor=auditor or cast.team_leader, case_holder=cast.practitioner, overall_grade=grade,
                         moderation_requested=True, **fields)
    answer_every_question(audit, grade)
    submit_audit(audit, acting_user=audit.auditor.user)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATION
    return audit


def as_(client, staff):
    client.force_login(staff.user)
    return client


def graded_answers(audit) -> list[Answer]:
    return list(audit.answers.filter(question__kind=AnswerKind.GRADE)
                .order_by("question__domain__position", "question__position"))


def agreeing(audit) -> dict:
    """The moderation form's data agreeing with every grade the auditor gave."""
    data = {f"a{answer.id}": answer.grade for answer in graded_answers(audit)}
    return {**data, "overall_grade": audit.overall_grade, "overall_reason": "", "comment": ""}


# Which audits are moderated


@pytest.mark.parametrize("requested, share, drawn, expected", [
    (True, 0, 0.99, True),  # asked for: always, whatever the share
    (True, 0.1, 0.5, True),
    (False, 0, 0.0, False),  # no share: never by chance
    (False, 1, 0.999, True),  # a share of all: always
    (False, 0.1, 0.05, True),
    (False, 0.1, 0.1, False),
    (False, 0.1, 0.5, False),
])
def test_which_audits_are_chosen(cast, settings, requested, share, drawn, expected):
    settings.MODERATION_SHARE = share
    audit = AuditFactory.build(moderation_requested=requested)
    assert chosen_for_moderation(audit, draw=lambda: drawn) is expected


@pytest.mark.parametrize("requested, share, status, reason", [
    (True, 0, AuditStatus.MODERATION, "submitted for moderation"),
    (False, 0, AuditStatus.SUBMITTED, "submitted"),
    (False, 1, AuditStatus.MODERATION, "submitted for moderation"),
])
def test_submitting_sends_the_chosen_to_moderation(cast, settings, requested, share, status, reason):
    settings.MODERATION_SHARE = share
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, moderation_requested=requested)
    submit_audit(audit, acting_user=cast.team_leader.user)
    audit.refresh_from_db()
    assert audit.status == status and audit.submitted_at is not None
    assert audit.history.first().history_change_reason == reason


@pytest.mark.parametrize("share, expected", [(0, AuditStatus.SUBMITTED), (1, AuditStatus.MODERATION)])
def test_a_share_of_none_draws_none_and_a_share_of_all_draws_all(cast, settings, share, expected):
    settings.MODERATION_SHARE = share
    audits = AuditFactory.create_batch(20, auditor=cast.team_leader, case_holder=cast.practitioner)
    for audit in audits:
        submit_audit(audit, acting_user=cast.team_leader.user)  # the real random draw
    assert set(Audit.objects.values_list("status", flat=True)) == {expected}


def test_submitting_on_the_page_says_it_went_for_moderation(client, cast):
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    response = as_(client, cast.team_leader).post(
        f"/audits/{audit.pk}/edit/", complete_answers(audit, moderation_requested="on"), follow=True)
    assert any(str(m).startswith("Audit submitted and sent for moderation") for m in response.context["messages"])
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATION and audit.moderation_requested


# Who moderates


def test_the_holder_of_the_moderating_role_and_those_under_them_moderate(cast, monitoring):
    head, officer = monitoring
    under_officer = StaffMemberFactory(user=UserFactory(username="trainee"), line_manager=officer)
    who = {staff.name: moderates(staff.user) for staff in [
        head, officer, under_officer, cast.head, cast.team_leader, cast.practitioner, cast.outsider]}
    assert who == {head.name: True, officer.name: True, under_officer.name: True, "Head": False,
                   "Team Leader": False, "Practitioner": False, "Outsider": False}


def test_the_moderating_role_is_a_setting(cast, monitoring, settings):
    head, officer = monitoring
    RoleAssignmentFactory(staff=cast.head, role=RoleFactory(name="Principal Social Worker"))
    settings.MODERATOR_ROLE = "Principal Social Worker"
    assert not moderates(head.user) and not moderates(officer.user)
    assert moderates(cast.head.user) and moderates(cast.team_leader.user)  # the head, and those under her


def test_a_past_holder_of_the_role_does_not_moderate(cast, settings):
    former = StaffMemberFactory(user=UserFactory(username="former"))
    RoleAssignmentFactory(staff=former, role=RoleFactory(name=settings.MODERATOR_ROLE), starts_on=date(2020, 1, 1),
                          ends_on=date(2021, 1, 1))
    assert not moderates(former.user)


def test_someone_without_a_staff_record_does_not_moderate(cast, monitoring):
    assert not moderates(UserFactory(username="nobody"))


@pytest.mark.parametrize("who, expected", [
    ("monitoring", 200), ("officer", 200),
    ("team_leader", 403),  # the auditor
    ("head", 403),  # sees the audit, moderates nothing
    ("practitioner", 404), ("outsider", 404),  # may not see it at all
])
def test_who_may_open_the_moderate_page(client, cast, monitoring, who, expected):
    audit = awaiting(cast)
    staff = {"monitoring": monitoring[0], "officer": monitoring[1]}.get(who) or getattr(cast, who)
    assert as_(client, staff).get(f"/audits/{audit.pk}/moderate/").status_code == expected
    posted = as_(client, staff).post(f"/audits/{audit.pk}/moderate/", agreeing(audit)).status_code
    assert posted == (302 if expected == 200 else expected)


def test_the_auditor_never_moderates_their_own_audit(client, cast, monitoring):
    head, officer = monitoring
    own = awaiting(cast, auditor=head)
    assert not own.may_moderate(head.user) and own.may_moderate(officer.user)
    client = as_(client, head)
    assert client.get(f"/audits/{own.pk}/moderate/").status_code == 403
    assert client.post(f"/audits/{own.pk}/moderate/", agreeing(own)).status_code == 403
    page = client.get(f"/audits/{own.pk}/")
    assert page.status_code == 200 and not page.context["can_moderate"]
    assert f'href="/audits/{own.pk}/moderate/"' not in page.content.decode()
    own.refresh_from_db()
    assert own.status == AuditStatus.MODERATION and own.moderator is None


def test_a_moderator_sees_audits_awaiting_moderation_outside_their_scope(client, cast, monitoring):
    head, officer = monitoring
    waiting = awaiting(cast, case_reference="CR-WAIT")
    submitted = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-SUB")
    submit_audit(submitted, acting_user=cast.team_leader.user)
    AuditFactory(auditor=cast.team_leader, case_reference="CR-DRAFT")

    client = as_(client, head)
    listed = [audit.case_reference for audit in client.get("/audits/").context["page"].object_list]
    assert listed == ["CR-WAIT"]
    page = client.get(f"/audits/{waiting.pk}/")
    assert page.status_code == 200 and page.context["can_moderate"]
    assert f'href="/audits/{waiting.pk}/moderate/"' in page.content.decode()
    assert client.get(f"/audits/{submitted.pk}/").status_code == 404
    assert 'href="/audits/moderation/"' in client.get("/audits/").content.decode()
    assert 'href="/audits/moderation/"' not in as_(client, cast.head).get("/audits/").content.decode()

    # Once moderated, the moderator still sees what they moderated; the other moderator no longer.
    as_(client, officer).post(f"/audits/{waiting.pk}/moderate/", agreeing(waiting))
    assert client.get(f"/audits/{waiting.pk}/").status_code == 200
    assert as_(client, head).get(f"/audits/{waiting.pk}/").status_code == 404


# The moderation form


def test_the_form_starts_from_the_auditors_grades(client, cast, monitoring):
    audit = awaiting(cast)
    first, second, *_ = graded_answers(audit)
    Answer.objects.filter(pk=first.pk).update(grade="outstanding", comment="Exemplary chronology")
    response = as_(client, monitoring[0]).get(f"/audits/{audit.pk}/moderate/")
    assert response.status_code == 200
    form, text = response.context["form"], response.content.decode()
    assert form[f"a{first.id}"].value() == "outstanding" and form[f"a{second.id}"].value() == "good"
    assert form["overall_grade"].value() == "good"
    assert re.search(rf'id="id_a{first.id}_1"\s+value="outstanding"\s+checked="checked"', text)
    assert re.search(rf'id="id_a{second.id}_2"\s+value="good"\s+checked="checked"', text)
    assert re.search(r'id="id_overall_grade_2"\s+value="good"\s+checked="checked"', text)
    assert text.count('checked="checked"') == len(graded_answers(audit)) + 1
    assert "The auditor graded this outstanding: “Exemplary chronology”" in text
    # Only graded questions are moderated: yes/no and text answers are not asked again.
    for question in questions(audit):
        answer = Answer.objects.get(audit=audit, question=question)
        assert (f'name="a{answer.id}"' in text) is (question.kind == AnswerKind.GRADE)


def test_a_different_grade_needs_a_reason_shown_beside_it_and_what_was_typed_is_kept(client, cast, monitoring):
    audit = awaiting(cast)
    changed = graded_answers(audit)[1]
    number = f"{changed.question.domain.position}.{changed.question.position}"
    data = {**agreeing(audit), f"a{changed.id}": "inadequate", f"a{changed.id}_reason": "",
            "comment": f"Thorough, but see {number}"}
    response = as_(client, monitoring[0]).post(f"/audits/{audit.pk}/moderate/", data)
    text = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"a{changed.id}_reason": [f"Say why you graded question {number} differently from the auditor"]}
    beside = form_group(text, f"id_a{changed.id}_reason")
    assert "govuk-form-group--error" in beside and f"Say why you graded question {number} differently" in beside
    assert f'<a href="#id_a{changed.id}_reason">Say why you graded question {number} differently' in text
    assert response.context["form"].data.dict() == data
    assert re.search(rf'id="id_a{changed.id}_4"\s+value="inadequate"\s+checked="checked"', text)
    assert f"Thorough, but see {number}" in text
    assert "<title>Error: " in text
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATION and audit.moderated_grade == ""
    assert not Answer.objects.filter(audit=audit).exclude(moderated_grade="").exists()


@pytest.mark.parametrize("fields, errors", [
    ({"overall_grade": "inadequate"}, {"overall_reason": ["Say why your overall grade differs from the auditor's"]}),
    ({"overall_grade": "inadequate", "overall_reason": "Drift since May"}, {}),
    ({"overall_grade": ""}, {"overall_grade": ["Select your overall grade"]}),
    ({"overall_grade": "good", "overall_reason": ""}, {}),
])
def test_the_overall_grade(client, cast, monitoring, fields, errors):
    audit = awaiting(cast)
    response = as_(client, monitoring[0]).post(f"/audits/{audit.pk}/moderate/", {**agreeing(audit), **fields})
    if errors:
        assert response.status_code == 200 and response.context["form"].errors == errors
    else:
        assert response.status_code == 302 and response["Location"] == f"/audits/{audit.pk}/"


def test_moderating_keeps_both_grades_and_says_so_in_the_history(client, cast, monitoring):
    head = monitoring[0]
    audit = awaiting(cast)
    changed, kept, *_ = graded_answers(audit)
    data = {**agreeing(audit), f"a{changed.id}": "inadequate", f"a{changed.id}_reason": "No plan since May",
            f"a{kept.id}_reason": "A reason for a grade not changed is not kept",
            "overall_grade": "requires_improvement", "overall_reason": "The plan has drifted",
            "comment": "Good chronology"}
    response = as_(client, head).post(f"/audits/{audit.pk}/moderate/", data, follow=True)
    assert response.redirect_chain == [(f"/audits/{audit.pk}/", 302)]
    assert "Moderation saved. The auditor's grades are kept beside yours." in [
        str(m) for m in response.context["messages"]]

    audit.refresh_from_db()
    assert (audit.status, audit.overall_grade, audit.moderated_grade) == (
        AuditStatus.MODERATED, "good", "requires_improvement")
    assert audit.moderator == head and audit.moderated_at is not None
    assert audit.moderation_comment == "The plan has drifted\n\nGood chronology"
    assert audit.agreed_on_grade is False
    changed.refresh_from_db()
    kept.refresh_from_db()
    assert (changed.grade, changed.moderated_grade, changed.moderation_reason) == (
        "good", "inadequate", "No plan since May")
    assert (kept.grade, kept.moderated_grade, kept.moderation_reason) == ("good", "good", "")
    for answer in graded_answers(audit):
        assert answer.moderated_grade and answer.grade == "good"
        assert (answer.history.first().history_change_reason, answer.history.first().history_user) == (
            "moderated", head.user)
        assert answer.history.count() == 2  # answered, then moderated: the auditor's row is still there
    latest = audit.history.first()
    assert (latest.history_change_reason, latest.history_user, latest.status) == (
        "moderated: grade changed", head.user, AuditStatus.MODERATED)
    assert audit.history.filter(status=AuditStatus.MODERATION).exists()

    text = response.content.decode()
    for expected in ["Moderator's overall grade", "Morgan Monitoring", "The auditor graded it good",
                     "No plan since May", "The plan has drifted", "Moderated: grade changed"]:
        assert expected in text, expected


def test_a_moderator_who_agrees(cast, monitoring):
    audit = awaiting(cast)
    moderate_audit(audit, acting_user=monitoring[1].user, overall_grade="good", comment="",
                   grades={answer.id: (answer.grade, "") for answer in graded_answers(audit)})
    audit.refresh_from_db()
    assert audit.agreed_on_grade is True and audit.moderator == monitoring[1]
    assert audit.history.first().history_change_reason == "moderated: grade agreed"


def test_an_audit_is_moderated_once(client, cast, monitoring):
    audit = awaiting(cast)
    moderate_audit(audit, acting_user=monitoring[0].user, overall_grade="good", comment="", grades={})
    with pytest.raises(ValidationError):
        moderate_audit(audit, acting_user=monitoring[0].user, overall_grade="inadequate", comment="", grades={})
    response = as_(client, monitoring[0]).get(f"/audits/{audit.pk}/moderate/", follow=True)
    assert response.redirect_chain == [(f"/audits/{audit.pk}/", 302)]
    assert "This audit is not awaiting moderation." in [str(m) for m in response.context["messages"]]
    audit.refresh_from_db()
    assert audit.moderated_grade == "good"


def test_a_submitted_audit_not_chosen_is_not_moderated(cast, monitoring):
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    submit_audit(audit, acting_user=cast.team_leader.user)
    with pytest.raises(ValidationError):
        moderate_audit(audit, acting_user=monitoring[0].user, overall_grade="good", comment="", grades={})


# Sharing waits for moderation


def test_an_audit_awaiting_moderation_is_shared_only_once_moderated(client, cast, monitoring):
    audit = awaiting(cast)
    client = as_(client, cast.team_leader)
    page = client.get(f"/audits/{audit.pk}/")
    assert not page.context["can_share"]
    assert "It can be shared with the case-holder once moderated" in page.content.decode()
    response = client.post(f"/audits/{audit.pk}/share/", follow=True)
    assert "This audit is awaiting moderation: it can be shared once moderated." in [
        str(m) for m in response.context["messages"]]
    with pytest.raises(ValidationError, match="awaiting moderation"):
        share_audit(audit, acting_user=cast.head.user)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATION and audit.shared_at is None

    moderate_audit(audit, acting_user=monitoring[0].user, overall_grade="good", comment="",
                   grades={answer.id: (answer.grade, "") for answer in graded_answers(audit)})
    assert client.get(f"/audits/{audit.pk}/").context["can_share"]
    client.post(f"/audits/{audit.pk}/share/")
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SHARED and audit.moderated_grade == "good"


# How often moderators agree


@pytest.mark.parametrize("audits, expected", [
    ([], {"moderated": 0, "agreed": 0, "rate": None}),
    ([("good", "good", "moderated"), ("good", "good", "shared"), ("good", "inadequate", "acknowledged")],
     {"moderated": 3, "agreed": 2, "rate": 67}),
    ([("good", "good", "moderated"), ("inadequate", "good", "moderated")], {"moderated": 2, "agreed": 1, "rate": 50}),
    ([("good", "good", "moderated"), ("good", "", "moderation"), ("good", "", "submitted"), ("good", "", "draft")],
     {"moderated": 1, "agreed": 1, "rate": 100}),
    ([("outstanding", "good", "moderated")], {"moderated": 1, "agreed": 0, "rate": 0}),
])
def test_agreement(cast, audits, expected):
    for overall, moderated, status in audits:
        AuditFactory(auditor=cast.team_leader, overall_grade=overall, moderated_grade=moderated, status=status)
    assert agreement(Audit.objects.all()) == expected


# The moderators' page


@pytest.mark.parametrize("who, expected", [
    ("monitoring", 200), ("officer", 200), ("head", 403), ("team_leader", 403), ("practitioner", 403),
])
def test_who_sees_the_moderation_page(client, cast, monitoring, who, expected):
    staff = {"monitoring": monitoring[0], "officer": monitoring[1]}.get(who) or getattr(cast, who)
    assert as_(client, staff).get("/audits/moderation/").status_code == expected


def test_the_moderation_page_lists_the_waiting_oldest_first_and_the_agreement(client, cast, monitoring):
    head, officer = monitoring
    older = awaiting(cast, case_reference="CR-OLDER")
    newer = awaiting(cast, case_reference="CR-NEWER")
    Audit.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    for number, (overall, moderated) in enumerate([("good", "good"), ("good", "good"), ("good", "inadequate")]):
        done = awaiting(cast, case_reference=f"CR-DONE-{number}", grade=overall)
        moderate_audit(done, acting_user=officer.user, overall_grade=moderated, comment="Read", grades={})
    response = as_(client, officer).get("/audits/moderation/")
    assert [audit.case_reference for audit in response.context["waiting"]] == ["CR-OLDER", "CR-NEWER"]
    assert response.context["agreement"] == {"moderated": 3, "agreed": 2, "rate": 67}
    assert len(response.context["mine"]) == 3
    text = response.content.decode()
    assert "2 of 3" in text and "(67%)" in text and "Awaiting moderation (2)" in text
    assert f'href="/audits/{newer.pk}/"' in text and "The auditor asked" in text
    assert "Your recent moderations" in text
    assert list(as_(client, head).get("/audits/moderation/").context["mine"]) == []


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/audits/moderation/", "/audits/", "/audits/?status=moderation"])
def test_a_moderators_pages_ask_the_same_queries_with_3_and_30_audits(client, cast, monitoring, path):
    head, officer = monitoring
    numbers = itertools.count()

    def add(count):
        for _ in range(count):
            audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                                 status=AuditStatus.MODERATION, submitted_at=timezone.now(),
                                 case_reference=f"CR-{next(numbers):05d}")
            if audit.pk % 2:
                moderate_audit(audit, acting_user=head.user, overall_grade="good", comment="", grades={})

    add(3)
    three = queries(as_(client, head), path)
    add(27)
    assert queries(as_(client, head), path) == three
