"""Correcting an audit's details (case reference, case-holder, date) while it is a draft: only the
auditor, with the history saying so; an error keeps what was typed."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from audits.actions import submit_audit
from audits.models import AuditStatus, AuditTool
from core.periods import local_date
from people.tests.factories import StaffMemberFactory

from .factories import AnswerFactory, AuditFactory, form_group, theme_with_questions

pytestmark = pytest.mark.django_db


def today():
    return local_date(timezone.now())


@pytest.fixture
def audit(cast):
    return AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, team=cast.team_a,
                        case_reference="CR-10001", audited_on=today() - timedelta(days=3))


@pytest.fixture
def other_holder(cast):
    return StaffMemberFactory(name="Other Holder", team=cast.team_b, is_case_holder=True)


def as_(client, staff):
    client.force_login(staff.user)
    return client


def url(audit):
    return f"/audits/{audit.pk}/details/"


def corrected(holder, day, **fields) -> dict:
    return {"case_reference": "CR-20002", "case_holder": holder.pk, "team": "",
            "audited_on_0": day.day, "audited_on_1": day.month, "audited_on_2": day.year, **fields}


def test_the_form_starts_from_the_audits_details(client, cast, audit):
    response = as_(client, cast.team_leader).get(url(audit))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["case_reference"].value(), form["case_holder"].value(), form["team"].value()) == (
        "CR-10001", cast.practitioner.pk, cast.team_a.pk)
    text = response.content.decode()
    assert 'value="CR-10001"' in text and "Save details" in text and "Change the details" in text
    assert "theme" not in form.fields


def test_the_auditor_corrects_the_details_of_a_draft(client, cast, audit, other_holder):
    answer = AnswerFactory(audit=audit, grade="good")
    day = today() - timedelta(days=1)
    response = as_(client, cast.team_leader).post(url(audit), corrected(other_holder, day), follow=True)
    assert response.redirect_chain == [(f"/audits/{audit.pk}/edit/", 302)]
    assert "Details saved" in [str(m) for m in response.context["messages"]]
    audit.refresh_from_db()
    assert (audit.case_reference, audit.case_holder, audit.team, audit.audited_on, audit.status) == (
        "CR-20002", other_holder, cast.team_b, day, AuditStatus.DRAFT)  # the team follows the case-holder
    latest = audit.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("details corrected", cast.team_leader.user)
    assert audit.history.count() == 2
    assert list(audit.answers.all()) == [answer]  # the answers are kept
    assert "Details corrected" in as_(client, cast.team_leader).get(f"/audits/{audit.pk}/").content.decode()


def test_a_team_chosen_is_kept(client, cast, audit, other_holder):
    as_(client, cast.team_leader).post(url(audit), corrected(other_holder, today(), team=cast.team_a.pk))
    audit.refresh_from_db()
    assert (audit.case_holder, audit.team) == (other_holder, cast.team_a)


@pytest.mark.parametrize("who, expected", [
    ("head", 403),  # sees the draft: it is about the work of someone under her
    ("practitioner", 404), ("nqsw", 404), ("outsider", 404),
])
def test_only_the_auditor_corrects_the_details(client, cast, audit, other_holder, who, expected):
    client = as_(client, getattr(cast, who))
    assert client.get(url(audit)).status_code == expected
    assert client.post(url(audit), corrected(other_holder, today())).status_code == expected
    audit.refresh_from_db()
    assert (audit.case_reference, audit.case_holder) == ("CR-10001", cast.practitioner)
    assert audit.history.count() == 1


def test_after_submission_the_details_are_not_changed(client, cast, audit, other_holder):
    submit_audit(audit, acting_user=cast.team_leader.user)
    client = as_(client, cast.team_leader)
    for response in [client.get(url(audit), follow=True),
                     client.post(url(audit), corrected(other_holder, today()), follow=True)]:
        assert response.redirect_chain == [(f"/audits/{audit.pk}/", 302)]
        assert "This audit has been submitted, so it can no longer be changed." in [
            str(m) for m in response.context["messages"]]
    audit.refresh_from_db()
    assert (audit.case_reference, audit.case_holder, audit.status) == (
        "CR-10001", cast.practitioner, AuditStatus.SUBMITTED)


@pytest.mark.parametrize("fields, field, error", [
    ({"case_reference": "Jane Smith"}, "case_reference",
     "Enter the case reference as the case management system shows it, not a name"),
    ({"case_reference": ""}, "case_reference", "Enter the case reference"),
    ({"case_holder": ""}, "case_holder", "Select the case-holder"),
])
def test_a_bad_detail_is_shown_beside_its_field_and_what_was_typed_is_kept(
        client, cast, audit, other_holder, fields, field, error):
    day = today() - timedelta(days=1)
    data = corrected(other_holder, day, **fields)
    response = as_(client, cast.team_leader).post(url(audit), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [error]}
    assert error.replace("'", "&#x27;") in form_group(text, f"id_{field}")
    assert f'href="#id_{field}"' in text and "<title>Error: " in text
    assert response.context["form"].data.dict() == {name: str(value) for name, value in data.items()}
    if data["case_reference"]:
        assert f'value="{data["case_reference"]}"' in text
    if data["case_holder"]:
        assert re.search(rf'<option value="{other_holder.pk}"\s+selected', text)
    assert f'value="{day.day}"' in text and f'value="{day.year}"' in text
    audit.refresh_from_db()
    assert (audit.case_reference, audit.case_holder, audit.history.count()) == ("CR-10001", cast.practitioner, 1)


def test_the_date_audited_cannot_be_in_the_future(client, cast, audit, other_holder):
    response = as_(client, cast.team_leader).post(url(audit), corrected(other_holder, today() + timedelta(days=1)))
    assert response.context["form"].errors == {"audited_on": ["The date audited must be today or in the past"]}
    audit.refresh_from_db()
    assert audit.case_reference == "CR-10001"


def test_a_themed_audit_keeps_its_theme(client, cast, other_holder):
    theme = theme_with_questions()
    themed = AuditFactory(audit_type="themed", theme=theme, tool=AuditTool.objects.current("themed", theme=theme),
                          auditor=cast.team_leader, case_holder=cast.practitioner)
    client = as_(client, cast.team_leader)
    assert "theme" not in client.get(url(themed)).context["form"].fields
    client.post(url(themed), corrected(other_holder, today(), theme=""))
    themed.refresh_from_db()
    assert (themed.theme, themed.case_reference) == (theme, "CR-20002")
