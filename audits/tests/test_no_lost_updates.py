"""Two tabs on one audit: a save from the tab opened before the other's save is refused with
what changed, what was typed kept, and nothing overwritten (the answers, the details, a theme, a tool
and a partner agency's contribution alike)."""

import pytest

from audits.actions import invite_agency
from audits.models import AgencyContribution, AnswerKind, Audit, AuditStatus, AuditTheme, AuditTool, AuditType
from audits.tools import as_text
from core.tests.page_forms import form_data, opened, save_from_two_tabs
from people.tests.factories import StaffMemberFactory, UserFactory

from .factories import AuditFactory, allowed_to_set_themes, partner, questions, theme_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(cast):
    return AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)


def test_a_comment_saved_in_one_tab_survives_a_save_from_the_other(client, cast, audit):
    graded = [question for question in questions(audit) if question.kind == AnswerKind.GRADE]
    first, second = graded[0], graded[1]
    client.force_login(cast.team_leader.user)
    other_tab = client.__class__()
    other_tab.force_login(cast.team_leader.user)
    url = f"/audits/{audit.pk}/edit/"
    refused = save_from_two_tabs(
        url,
        client,
        other_tab,
        first_change={f"q{first.id}_comment": "No chronology on file"},
        second_change={f"q{second.id}": "good"},
        press={"save": "Save as draft"},
    )
    assert f"Comment on question {first.shown_number}</a>: now “No chronology on file”" in refused.content.decode()
    answers = {answer.question_id: answer for answer in audit.answers.all()}
    assert answers[first.id].comment == "No chronology on file"
    assert answers[second.id].grade == "good"


def test_a_refused_save_keeps_no_draft_answer(client, cast, audit):
    question = questions(audit)[0]
    client.force_login(cast.team_leader.user)
    url = f"/audits/{audit.pk}/edit/"
    tab = {"record_version": "not a version", f"q{question.id}_comment": "Typed", "save": "Save as draft"}
    response = client.post(url, tab)
    assert response.status_code == 200 and "nothing was saved" in response.content.decode()
    assert not audit.answers.exists()


def test_the_details_are_not_overwritten_from_a_stale_tab(client, cast, audit):
    client.force_login(cast.team_leader.user)
    other_tab = client.__class__()
    other_tab.force_login(cast.team_leader.user)
    save_from_two_tabs(
        f"/audits/{audit.pk}/details/",
        client,
        other_tab,
        first_change={"case_reference": "CR-1001"},
        second_change={"team": str(cast.team_b.pk)},
    )
    audit = Audit.objects.get(pk=audit.pk)
    assert (audit.case_reference, audit.team_id) == ("CR-1001", cast.team_b.pk)


def test_two_setters_change_one_theme_and_neither_change_is_lost(client, cast):
    theme = theme_with_questions(description="Neglect is rising")
    first = allowed_to_set_themes(StaffMemberFactory(user=UserFactory(username="programme"), name="Pat Programme"))
    second = allowed_to_set_themes(cast.head)
    client.force_login(first.user)
    other = client.__class__()
    other.force_login(second.user)
    refused = save_from_two_tabs(
        f"/audits/themes/{theme.pk}/edit/",
        client,
        other,
        first_change={"description": "Neglect referrals doubled this year"},
        second_change={"set_by": "The Safeguarding Partnership"},
    )
    assert "Why this theme</a>: now “Neglect referrals doubled this year”" in refused.content.decode()
    theme = AuditTheme.objects.get(pk=theme.pk)
    assert (theme.description, theme.set_by) == ("Neglect referrals doubled this year", "The Safeguarding Partnership")
    assert AuditTool.objects.filter(theme=theme).count() == 1  # the questions were not changed: no new version


def test_two_administrators_edit_one_tool_and_the_second_merges_before_saving(client, django_user_model):
    url = "/audits/tools/case_file/edit/"
    first = django_user_model.objects.create_superuser("admin_one", "one@example.gov.uk", "x")
    second = django_user_model.objects.create_superuser("admin_two", "two@example.gov.uk", "x")
    client.force_login(first)
    other = client.__class__()
    other.force_login(second)
    firsts_tab, seconds_tab = opened(client, url), opened(other, url)
    shipped = firsts_tab["text"][0]
    retitled = shipped.replace("title: Case file audit", "title: Case file audit (2027)", 1)
    added = shipped.rstrip("\n") + "\ntext: What did the child say about the plan?\n"

    assert client.post(url, {**firsts_tab, "text": retitled}).status_code == 302
    refused = other.post(url, {**seconds_tab, "text": added})
    text = refused.content.decode()
    assert refused.status_code == 200 and "nothing was saved" in text
    assert "Questions</a>: now “title: Case file audit (2027)" in text
    assert "You changed it too: the form keeps what you typed." in text
    assert AuditTool.objects.current("case_file").version == 2
    again = form_data(refused)
    assert again["text"] == [added]

    merged = retitled.rstrip("\n") + "\ntext: What did the child say about the plan?\n"
    assert other.post(url, {**again, "text": merged}).status_code == 302
    current = AuditTool.objects.current("case_file")
    assert current.version == 3 and current.title == "Case file audit (2027)"
    assert "What did the child say about the plan?" in as_text(current)


def test_a_partner_saving_drafts_from_two_tabs_loses_neither(client, cast):
    theme = theme_with_questions(audit_type=AuditType.MULTI_AGENCY, title="Child exploitation", set_by="The MESC")
    audit = AuditFactory(
        audit_type=AuditType.MULTI_AGENCY,
        theme=theme,
        auditor=cast.team_leader,
        case_holder=cast.practitioner,
        status=AuditStatus.SUBMITTED,
        overall_grade="good",
        tool=AuditTool.objects.current(AuditType.MULTI_AGENCY, theme=theme),
    )
    police = partner("police_officer", "Police")
    part = invite_agency(audit, acting_user=cast.team_leader.user, agency=police.agency, contributor=police)
    client.force_login(police.user)
    other_tab = client.__class__()
    other_tab.force_login(police.user)
    refused = save_from_two_tabs(
        f"/audits/{audit.pk}/agencies/{part.pk}/",
        client,
        other_tab,
        first_change={"worked_well": "A joint visit within a day"},
        second_change={"learning": "Share missing episodes"},
        press={"save": "Save as draft"},
    )
    assert "What worked well</a>: now “A joint visit within a day”" in refused.content.decode()
    part = AgencyContribution.objects.get(pk=part.pk)
    assert (part.worked_well, part.learning, part.submitted_at) == (
        "A joint visit within a day",
        "Share missing episodes",
        None,
    )


def test_a_draft_kept_despite_its_errors_saves_again_from_the_page_it_shows(client, cast, audit):
    graded = [question for question in questions(audit) if question.kind == AnswerKind.GRADE]
    client.force_login(cast.team_leader.user)
    url = f"/audits/{audit.pk}/edit/"
    tab = opened(client, url)
    tab[f"q{graded[0].id}"] = ["inadequate"]  # no reason given: an error, but the draft keeps the grade
    shown = client.post(url, {**tab, "submit": "Submit audit"})
    assert shown.status_code == 200 and "Someone else saved" not in shown.content.decode()
    again = form_data(shown)
    again[f"q{graded[0].id}_comment"] = ["No plan on file"]
    assert client.post(url, {**again, "save": "Save as draft"}).status_code == 302
    assert audit.answers.get(question=graded[0]).comment == "No plan on file"
