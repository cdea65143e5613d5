"""Raising an action: from a record (an audit) into its plan, or standalone; who may, whom it
may be given to, and what is kept when something typed is wrong."""

import re
from datetime import timedelta

import pytest

from audits.tests.factories import AuditFactory
from learning.models import Action, ActionPlan, Level, Status
from people.tests.factories import StaffMemberFactory, UserFactory

from .factories import ThemePlanFactory, theme, today

pytestmark = pytest.mark.django_db

CAST = ["practitioner", "nqsw", "team_leader", "head", "outsider"]


def as_(client, cast, who):
    client.force_login(getattr(cast, who).user)
    return client


@pytest.fixture
def audit(cast):
    return AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-777")


def typed(owner, due=None, **fields):
    due = due or today() + timedelta(days=21)
    data = {"description": "Update the chronology", "owner": owner.pk, "level": Level.CASEWORK,
            "due_on_0": due.day, "due_on_1": due.month, "due_on_2": due.year}
    data.update(fields)
    return data


def test_raising_an_action_from_an_audit(client, cast, audit):
    url = f"/learning/actions/new/?source=audits.audit:{audit.pk}"
    client = as_(client, cast, "team_leader")
    page = client.get(url)
    assert page.status_code == 200 and "plan" not in page.context["form"].fields
    assert str(audit) in page.content.decode()
    response = client.post(url, typed(cast.practitioner, themes=[theme("Chronologies").pk, theme("Recording").pk]))
    assert response.status_code == 302 and response["Location"] == f"/audits/{audit.pk}/"
    action = Action.objects.get()
    assert (action.owner, action.raised_by, action.status, action.plan.source) == (
        cast.practitioner, cast.team_leader, Status.OPEN, audit)
    assert {t.name for t in action.themes.all()} == {"Chronologies", "Recording"}
    assert action.history.last().history_user == cast.team_leader.user
    client.post(url, typed(cast.nqsw, description="Second action"))
    assert ActionPlan.objects.count() == 1 and ActionPlan.objects.get().actions.count() == 2
    assert ActionPlan.objects.get().title == f"Action plan: {audit}"


def test_the_auditor_raises_actions_without_overseeing_anyone(client, cast):
    audit = AuditFactory(auditor=cast.nqsw, case_holder=cast.practitioner)
    url = f"/learning/actions/new/?source=audits.audit:{audit.pk}"
    client = as_(client, cast, "nqsw")
    page = client.get(url)
    assert page.status_code == 200
    # Owners are the people the auditor may see: only themselves.
    assert [s for s in page.context["form"].fields["owner"].queryset] == [cast.nqsw]
    assert client.post(url, typed(cast.nqsw)).status_code == 302
    assert client.post(url, typed(cast.practitioner)).status_code == 200  # not someone they may see


@pytest.mark.parametrize("who,status", [
    ("practitioner", 404), ("nqsw", 404), ("outsider", 404), ("team_leader", 200), ("head", 200),
])
def test_a_record_one_may_not_see_is_404(client, cast, audit, who, status):
    url = f"/learning/actions/new/?source=audits.audit:{audit.pk}"
    assert as_(client, cast, who).get(url).status_code == status
    assert client.post(url, typed(getattr(cast, who))).status_code in (status, 302)
    if status == 404:
        assert not Action.objects.exists()


@pytest.mark.parametrize("source", ["", "audits.audit:0", "nonsense", "people.staffmember:1", "learning.action:1"])
def test_a_bad_source_is_404(client, cast, source):
    assert as_(client, cast, "head").get("/learning/actions/new/", {"source": source}).status_code == 404


def test_a_shared_audit_seen_by_a_practitioner_still_needs_someone_who_oversees(client, cast, audit):
    from audits.models import AuditStatus

    audit.status = AuditStatus.SHARED
    audit.save()
    assert as_(client, cast, "practitioner").get(
        f"/learning/actions/new/?source=audits.audit:{audit.pk}").status_code == 403


@pytest.mark.parametrize("who,status", [
    ("practitioner", 403), ("nqsw", 403), ("outsider", 403), ("team_leader", 200), ("head", 200),
])
def test_standalone_actions_are_for_those_who_oversee_someone(client, cast, who, status):
    assert as_(client, cast, who).get("/learning/actions/new/").status_code == status


def test_a_standalone_action_may_join_a_themes_plan(client, cast):
    plan = ThemePlanFactory(title="Improving chronologies")
    client = as_(client, cast, "head")
    page = client.get("/learning/actions/new/", {"plan": plan.pk})
    assert page.context["form"]["plan"].value() == str(plan.pk)
    response = client.post("/learning/actions/new/", typed(cast.team_leader, plan=plan.pk, level=Level.STRUCTURAL))
    action = Action.objects.get()
    assert response["Location"] == f"/learning/actions/{action.pk}/"
    assert (action.plan, action.level) == (plan, Level.STRUCTURAL)
    client.post("/learning/actions/new/", typed(cast.team_leader, description="On its own"))
    assert Action.objects.get(description="On its own").plan is None


def test_owners_are_the_people_i_see_who_are_employed(client, cast):
    StaffMemberFactory(name="Gone", team=cast.team_a, line_manager=cast.team_leader, left_on=today() - timedelta(1))
    page = as_(client, cast, "team_leader").get("/learning/actions/new/")
    names = [label for value, label in page.context["form"].fields["owner"].choices if value]
    assert names == ["Nqsw (Team A)", "Practitioner (Team A)", "Team Leader (Team A)"]
    response = client.post("/learning/actions/new/", typed(cast.outsider))
    assert "Select an owner from the list" in response.content.decode()


def test_someone_without_a_staff_record_is_told_why(client, cast):
    client.force_login(UserFactory(username="administrator", is_superuser=True, is_staff=True))
    response = client.get("/learning/actions/new/")
    assert response.status_code == 403 and b"not linked to a member of staff" in response.content


@pytest.mark.parametrize("fields,error", [
    ({"description": ""}, "Enter what needs to be done"),
    ({"description": "x" * 2001}, "Ensure this value has at most 2000 characters"),
    ({"owner": ""}, "Select who owns this action"),
    ({"owner": "999999"}, "Select an owner from the list"),
    ({"level": ""}, "Select casework or structural"),
    ({"level": "cosmic"}, "Select casework or structural"),
    ({"due_on_0": "", "due_on_1": "", "due_on_2": ""}, "Enter the due date"),
    ({"due_on_0": "31", "due_on_1": "2", "due_on_2": "2027"}, "Enter a real date"),
    ({"due_on_0": "1", "due_on_1": "1", "due_on_2": "2020"}, "The due date must be today or in the future"),
    ({"due_on_0": "1", "due_on_1": "1", "due_on_2": "99999999999999999999"}, "Enter a year with 4 digits"),
    ({"due_on_0": "x", "due_on_1": "1", "due_on_2": "2027"}, "Enter a valid date"),
    ({"themes": ["999999"]}, "Select learning themes from the list"),
    ({"themes": ["99999999999999999999"]}, "Select learning themes from the list"),
    ({"themes": ["-3"]}, "Select learning themes from the list"),
    ({"plan": "999999"}, "Select an action plan from the list"),
])
def test_bad_input_is_shown_with_what_was_typed(client, cast, fields, error):
    ThemePlanFactory()
    data = typed(cast.practitioner, description="My typed words", themes=[theme("Supervision").pk])
    data.update(fields)
    response = as_(client, cast, "team_leader").post("/learning/actions/new/", data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text and error in text and text.count(error) >= 2  # summary and field
    assert response.context["form"]["description"].value() == data["description"]
    if "description" not in fields:
        assert "My typed words" in text
    if "owner" not in fields:
        assert f'<option value="{cast.practitioner.pk}" selected>' in text
    if "themes" not in fields:
        assert re.search(rf'value="{theme("Supervision").pk}"\s+checked', text)
    due = [str(data[f"due_on_{i}"]) for i in range(3)]
    assert response.context["form"]["due_on"].value() == due
    assert all(f'value="{part}"' in text for part in due if part)
    assert not Action.objects.exists()
