"""Multi-agency audits: the lead auditor invites partner agencies through their people, who sign in,
see only the audits they take part in, and give their agency's part, once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.actions import invite_agency, submit_contribution
from audits.models import AgencyContribution, Audit, AuditStatus, AuditTool, AuditType
from core.periods import local_date
from people.access import oversees_anyone, visible_staff_ids
from people.models import StaffMember
from people.tests.factories import PASSWORD, signs_in
from schedule.models import Duty
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

from .factories import AuditFactory, form_group, partner, theme_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(cast):
    return theme_with_questions(audit_type=AuditType.MULTI_AGENCY, title="Child exploitation", set_by="The MESC")


def multi_agency(theme, auditor, **fields) -> Audit:
    return AuditFactory(audit_type=AuditType.MULTI_AGENCY, theme=theme, auditor=auditor,
                        tool=AuditTool.objects.current(AuditType.MULTI_AGENCY, theme=theme), **fields)


@pytest.fixture
def audit(cast, theme):
    """The team leader leads a multi-agency audit of a case of the practitioner's."""
    return multi_agency(theme, cast.team_leader, case_holder=cast.practitioner, case_reference="CR-MULTI",
                        status=AuditStatus.SUBMITTED, overall_grade="good")


@pytest.fixture
def police(cast):
    return partner("police_officer", "Police")


@pytest.fixture
def nurse(cast):
    return partner("school_nurse", "Health", "health")


def as_(client, staff):
    client.force_login(staff.user)
    return client


def invited(audit, who, by) -> AgencyContribution:
    return invite_agency(audit, acting_user=by.user, agency=who.agency, contributor=who)


def contribution_url(part) -> str:
    return f"/audits/{part.audit_id}/agencies/{part.pk}/"


# Inviting agencies


def test_the_lead_auditor_invites_an_agency_through_one_of_its_people(client, cast, audit, police, nurse):
    client = as_(client, cast.team_leader)
    form = client.get(f"/audits/{audit.pk}/").context["invite_form"]
    assert set(form.fields["contributor"].queryset) == {police, nurse}  # partners only, not the council's staff
    response = client.post(f"/audits/{audit.pk}/invite/", {"contributor": police.pk}, follow=True)
    assert response.redirect_chain == [(f"/audits/{audit.pk}/", 302)]
    assert "Police invited: Police Officer can now give its part" in [str(m) for m in response.context["messages"]]
    part = AgencyContribution.objects.get()
    assert (part.audit, part.agency, part.contributor, part.submitted_at) == (audit, police.agency, police, None)
    history = part.history.get()
    assert (history.history_change_reason, history.history_user) == ("agency invited", cast.team_leader.user)
    assert set(response.context["invite_form"].fields["contributor"].queryset) == {nurse}
    assert "Not given yet" in response.content.decode()


def test_a_second_invitation_of_the_same_agency_is_refused(client, cast, audit, police):
    another_officer = partner("another_officer", "Police")
    invited(audit, police, cast.team_leader)
    response = as_(client, cast.team_leader).post(f"/audits/{audit.pk}/invite/", {"contributor": another_officer.pk})
    assert response.status_code == 200
    assert response.context["invite_form"].errors == {"contributor": ["Select the person from the partner agency"]}
    assert '<a href="#id_contributor">Select the person from the partner agency</a>' in response.content.decode()
    with pytest.raises(ValidationError, match="Police is already taking part in this audit"):
        invited(audit, another_officer, cast.team_leader)
    assert list(AgencyContribution.objects.values_list("contributor", flat=True)) == [police.pk]


def test_only_someone_from_a_partner_agency_is_invited(client, cast, audit):
    response = as_(client, cast.team_leader).post(f"/audits/{audit.pk}/invite/",
                                                  {"contributor": cast.practitioner.pk})
    assert response.context["invite_form"].errors == {"contributor": ["Select the person from the partner agency"]}
    assert not AgencyContribution.objects.exists()


@pytest.mark.parametrize("who, expected", [("head", 403), ("outsider", 404), ("practitioner", 404)])
def test_only_the_lead_auditor_invites(client, cast, audit, police, who, expected):
    client = as_(client, getattr(cast, who))
    assert client.post(f"/audits/{audit.pk}/invite/", {"contributor": police.pk}).status_code == expected
    assert not AgencyContribution.objects.exists()


def test_only_a_multi_agency_audit_has_agencies(client, cast, police):
    case_file = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    client = as_(client, cast.team_leader)
    assert client.get(f"/audits/{case_file.pk}/").context["invite_form"] is None
    assert client.post(f"/audits/{case_file.pk}/invite/", {"contributor": police.pk}).status_code == 403
    with pytest.raises(ValidationError):
        invited(case_file, police, cast.team_leader)


# What someone from a partner agency sees


@pytest.fixture
def duties(cast):
    ResponsibilityFactory(role=cast.team_leader_role, task="Supervise each practitioner", applies_to="reports",
                          strand="supervision")
    ResponsibilityFactory(role=cast.head_role, task="Audit 1 case file", record="audit:case_file")
    plan_duties(local_date(timezone.now()))
    assert Duty.objects.exists()


def test_a_partner_signs_in_and_sees_only_the_audits_they_take_part_in(client, cast, theme, audit, police, duties):
    other_multi = multi_agency(theme, cast.team_leader, case_reference="CR-OTHER", status=AuditStatus.SUBMITTED)
    case_file = AuditFactory(auditor=cast.team_leader, case_reference="CR-FILE", status=AuditStatus.SHARED)
    invited(audit, police, cast.team_leader)
    assert signs_in(client, "police_officer", PASSWORD)

    listed = client.get("/audits/").context["page"].object_list
    assert [a.case_reference for a in listed] == ["CR-MULTI"]
    assert client.get(f"/audits/{audit.pk}/").status_code == 200
    assert client.get(f"/audits/{other_multi.pk}/").status_code == 404
    assert client.get(f"/audits/{case_file.pk}/").status_code == 404
    assert client.get("/audits/?status=shared").context["page"].paginator.count == 0


def test_a_partner_sees_nobody_elses_duties_or_team(client, cast, audit, police, duties):
    invited(audit, police, cast.team_leader)
    assert visible_staff_ids(police.user) == {police.id}
    assert list(StaffMember.objects.visible_to(police.user)) == [police]
    assert not oversees_anyone(police.user)
    assert not Duty.objects.visible_to(police.user).exists()

    client = as_(client, police)
    mine = client.get("/")
    assert mine.status_code == 200
    for name in ["overdue", "this_period", "coming_up", "finished", "about_me"]:
        assert list(mine.context[name]) == [], name
    assert client.get("/team/").status_code == 404  # the council's own pages are not there for a partner


@pytest.mark.parametrize("path", ["/audits/new/", "/audits/new/?type=multi_agency", "/audits/month/",
                                  "/audits/moderation/", "/audits/scrutiny/"])
def test_a_partner_starts_no_audit_and_sees_no_programme_pages(client, cast, audit, police, path):
    invited(audit, police, cast.team_leader)
    assert as_(client, police).get(path).status_code == 404


def test_a_partner_cannot_start_an_audit_by_posting(client, cast, police, theme):
    day = local_date(timezone.now())
    response = as_(client, police).post("/audits/new/?type=multi_agency", {
        "theme": theme.pk, "case_reference": "CR-10042", "case_holder": cast.practitioner.pk,
        "audited_on_0": day.day, "audited_on_1": day.month, "audited_on_2": day.year})
    assert response.status_code == 404 and not Audit.objects.exists()


# Giving the agency's part


def test_a_partner_saves_a_draft_then_submits_their_part(client, cast, audit, police):
    part = invited(audit, police, cast.team_leader)
    client = as_(client, police)
    page = client.get(f"/audits/{audit.pk}/").content.decode()
    assert f'href="{contribution_url(part)}"' in page and "Give your agency's part" in page
    assert client.get(contribution_url(part)).status_code == 200

    response = client.post(contribution_url(part), {"save": "", "worked_well": "A quick referral"}, follow=True)
    assert response.redirect_chain == [(contribution_url(part), 302)]
    assert "Draft saved" in [str(m) for m in response.context["messages"]]
    part.refresh_from_db()
    assert (part.worked_well, part.grade, part.submitted_at) == ("A quick referral", "", None)

    data = {"submit": "", "grade": "", "worked_well": "A quick referral", "learning": "Share missing episodes"}
    response = client.post(contribution_url(part), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {"grade": ["Select your agency's grade"]}
    assert "Select your agency&#x27;s grade" in form_group(text, "id_grade")
    assert '<a href="#id_grade_1">' in text and "<title>Error: " in text
    assert "Share missing episodes" in text  # what was typed is kept
    part.refresh_from_db()
    assert part.submitted_at is None and part.learning == ""

    response = client.post(contribution_url(part), {**data, "grade": "requires_improvement"}, follow=True)
    assert response.redirect_chain == [(f"/audits/{audit.pk}/", 302)]
    assert "Your agency's part is submitted" in [str(m) for m in response.context["messages"]]
    part.refresh_from_db()
    assert (part.grade, part.learning, part.worked_well) == (
        "requires_improvement", "Share missing episodes", "A quick referral")
    assert part.submitted_at is not None
    assert [h.history_change_reason for h in part.history.order_by("history_id")] == [
        "agency invited", "draft saved", "draft saved", "submitted"]
    assert part.history.first().history_user == police.user


def test_submitting_needs_something_written(client, cast, audit, police):
    part = invited(audit, police, cast.team_leader)
    response = as_(client, police).post(contribution_url(part), {"submit": "", "grade": "good"})
    assert response.context["form"].errors == {
        "worked_well": ["Say what worked well, what could be better or what was learnt"]}
    part.refresh_from_db()
    assert part.submitted_at is None


def test_once_submitted_the_part_cannot_be_changed(client, cast, audit, police):
    part = invited(audit, police, cast.team_leader)
    client = as_(client, police)
    client.post(contribution_url(part), {"submit": "", "grade": "good", "worked_well": "Joint visit"})
    for response in [client.get(contribution_url(part), follow=True),
                     client.post(contribution_url(part), {"save": "", "grade": "inadequate", "worked_well": "Late"},
                                 follow=True)]:
        assert response.redirect_chain == [(f"/audits/{audit.pk}/", 302)]
        assert "This agency's part has been submitted, so it can no longer be changed." in [
            str(m) for m in response.context["messages"]]
    part.refresh_from_db()
    assert (part.grade, part.worked_well) == ("good", "Joint visit")
    with pytest.raises(ValidationError):
        submit_contribution(part, acting_user=police.user)
    assert f'href="{contribution_url(part)}"' not in client.get(f"/audits/{audit.pk}/").content.decode()


@pytest.mark.parametrize("who, expected", [
    ("team_leader", 403),  # the lead auditor reads it, does not write it
    ("head", 403),
    ("nurse", 403),  # takes part in the audit, for another agency
    ("stranger", 404),  # from a partner agency, not in this audit
    ("outsider", 404),
])
def test_only_the_person_invited_gives_the_agencys_part(client, cast, audit, police, nurse, who, expected):
    part = invited(audit, police, cast.team_leader)
    invited(audit, nurse, cast.team_leader)
    staff = {"nurse": nurse, "stranger": partner("probation_officer", "Probation", "probation")}.get(who) \
        or getattr(cast, who)
    client = as_(client, staff)
    assert client.get(contribution_url(part)).status_code == expected
    assert client.post(contribution_url(part), {"save": "", "grade": "inadequate"}).status_code == expected
    part.refresh_from_db()
    assert part.grade == ""


def test_the_audit_page_shows_each_agencys_part(client, cast, audit, police, nurse):
    given = invited(audit, police, cast.team_leader)
    invited(audit, nurse, cast.team_leader)
    as_(client, police).post(contribution_url(given), {
        "submit": "", "grade": "requires_improvement", "worked_well": "Joint visit within a day",
        "to_improve": "Strategy meeting was late", "learning": "Flag missing episodes at once"})
    response = as_(client, cast.team_leader).get(f"/audits/{audit.pk}/")
    parts = {part.agency.name: part for part in response.context["contributions"]}
    assert list(parts) == ["Health", "Police"]
    text = response.content.decode()
    for expected in ["Partner agencies", "Police Officer", "School Nurse", "Requires improvement",
                     "Joint visit within a day", "Strategy meeting was late", "Flag missing episodes at once",
                     "Not given yet"]:
        assert expected in text, expected
    assert "Give your agency" not in text  # the lead auditor gives no agency's part


def test_the_audit_page_asks_the_same_queries_with_1_and_5_agencies(client, cast, audit):
    agencies = [partner(f"partner_{n}", f"Agency {n}") for n in range(5)]
    client = as_(client, cast.team_leader)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/audits/{audit.pk}/").status_code == 200
        return len(captured)

    first = invited(audit, agencies[0], cast.team_leader)
    submit_contribution(first, acting_user=agencies[0].user)
    one = count()
    for number, who in enumerate(agencies[1:]):
        part = invited(audit, who, cast.team_leader)
        if number % 2:
            submit_contribution(part, acting_user=who.user)
    assert count() == one


def test_a_partners_audit_list_asks_the_same_queries_with_3_and_30_audits(client, cast, theme, police):
    client = as_(client, police)

    def add(count):
        for _ in range(count):
            audit = multi_agency(theme, cast.team_leader, case_holder=cast.practitioner, status=AuditStatus.SUBMITTED,
                                 overall_grade="good")
            invited(audit, police, cast.team_leader)
        multi_agency(theme, cast.head, status=AuditStatus.SUBMITTED)  # one they take no part in

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/audits/")
        assert response.status_code == 200
        return len(captured), response.context["page"].paginator.count

    add(3)
    three, listed = count()
    assert listed == 3
    add(27)
    assert count() == (three, 30)
