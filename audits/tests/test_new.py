"""Starting an audit: choosing its type, then its details; a draft is made and its questions open."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits.models import Audit, AuditStatus, AuditTool
from audits.tools import as_text, save_version
from core.periods import local_date
from people.tests.factories import StaffMemberFactory, UserFactory
from schedule.records import KINDS

pytestmark = pytest.mark.django_db


def today():
    return local_date(timezone.now())


def details(cast, **fields) -> dict:
    """A new audit's details; a case file audit (whose type has two tools) with the type's own tool."""
    day = today()
    return {"case_reference": "CR-10042", "case_holder": cast.practitioner.pk, "team": "",
            "audited_on_0": day.day, "audited_on_1": day.month, "audited_on_2": day.year,
            "tool": AuditTool.objects.current("case_file").pk, **fields}


@pytest.fixture
def auditor(client, cast):
    client.force_login(cast.team_leader.user)
    return client


def test_without_a_type_the_page_asks_which_type(auditor):
    response = auditor.get("/audits/new/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "What are you auditing?" in text
    for label in ["Case file audit", "Supervision file audit", "Audit on closure or transfer",
                  "Foster carer or adopter file audit", "Multi-agency audit"]:
        assert label in text
    assert 'type="radio"' in text and 'name="type"' in text


@pytest.mark.parametrize("query", ["?type=nonsense", "?choose=1"])
def test_no_type_or_an_unknown_one_is_an_error_on_the_chooser(auditor, query):
    response = auditor.get(f"/audits/new/{query}")
    assert response.status_code == 200
    assert "Select the type of audit" in response.content.decode()
    assert response.content.decode().count("govuk-error-summary__list") == 1
    assert 'href="#id_type_1"' in response.content.decode()


@pytest.mark.parametrize("query", ["?kind=audit:case_file", "?type=case_file"])
def test_a_kind_or_a_type_opens_the_details_form(auditor, query):
    response = auditor.get(f"/audits/new/{query}")
    text = response.content.decode()
    assert "Case file audit" in text and "Start audit" in text
    assert "Never a child&#x27;s name" in text or "Never a child's name" in text
    assert response.context["form"]["audited_on"].value() == today()


def test_starting_makes_a_draft_with_the_current_tool_and_opens_it(auditor, cast):
    response = auditor.post("/audits/new/?kind=audit:case_file", details(cast))
    audit = Audit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/audits/{audit.pk}/edit/"
    assert (audit.audit_type, audit.tool, audit.status) == ("case_file", AuditTool.objects.current("case_file"),
                                                          AuditStatus.DRAFT)
    assert (audit.auditor, audit.case_holder, audit.case_reference) == (cast.team_leader, cast.practitioner,
                                                                        "CR-10042")
    assert audit.team == cast.team_a  # the case-holder's, as none was chosen
    assert audit.audited_on == today()
    assert audit.history.get().history_user == cast.team_leader.user


def test_a_team_chosen_is_kept(auditor, cast):
    auditor.post("/audits/new/?type=case_file", details(cast, team=cast.team_b.pk))
    assert Audit.objects.get().team == cast.team_b


def test_a_new_version_of_the_tool_is_used_from_then_on(auditor, cast):
    v2 = save_version("case_file", as_text(AuditTool.objects.current("case_file")) + "text: One more thing?\n")
    auditor.post("/audits/new/?type=case_file", details(cast))
    assert Audit.objects.get().tool == v2 and v2.version == 2


@pytest.mark.parametrize("reference", ["", "Jane Smith", "a", "CR 10042", "x" * 31, "-CR1"])
def test_case_reference_must_look_like_a_case_reference(auditor, cast, reference):
    response = auditor.post("/audits/new/?type=case_file", details(cast, case_reference=reference))
    assert response.status_code == 200 and not Audit.objects.exists()
    assert response.context["form"].errors["case_reference"]


def test_the_case_reference_pattern_is_a_setting(auditor, cast, settings):
    settings.CASE_REFERENCE_PATTERN = r"^\d{7}$"
    assert auditor.post("/audits/new/?type=case_file", details(cast, case_reference="CR-10042")).status_code == 200
    assert auditor.post("/audits/new/?type=case_file", details(cast, case_reference="1234567")).status_code == 302


def test_the_date_may_not_be_in_the_future(auditor, cast):
    tomorrow = today() + timedelta(days=1)
    response = auditor.post("/audits/new/?type=case_file", details(
        cast, audited_on_0=tomorrow.day, audited_on_1=tomorrow.month, audited_on_2=tomorrow.year))
    assert "The date audited must be today or in the past" in response.content.decode()
    assert not Audit.objects.exists()


def test_every_error_is_in_the_summary_and_beside_its_field(auditor, cast):
    response = auditor.post("/audits/new/?type=case_file", {"case_reference": "", "case_holder": "",
                                                            "audited_on_0": "", "audited_on_1": "", "audited_on_2": ""})
    text = response.content.decode()
    for message, anchor in [("Enter the case reference", "#id_case_reference"),
                            ("Select the case-holder", "#id_case_holder"),
                            ("Enter the date audited", "#id_audited_on_0")]:
        assert text.count(message) == 2, message  # in the summary and beside the field
        assert f'href="{anchor}"' in text
    assert response.context["form"]["case_reference"].value() == ""


def test_the_case_holder_is_a_current_case_holder(auditor, cast):
    leaver = StaffMemberFactory(is_case_holder=True, left_on=today() - timedelta(days=1))
    form = auditor.get("/audits/new/?type=case_file").context["form"]
    choices = list(form.fields["case_holder"].queryset)
    assert cast.practitioner in choices
    assert leaver not in choices and cast.nqsw not in choices  # not a case-holder
    assert auditor.post("/audits/new/?type=case_file", details(cast, case_holder=leaver.pk)).status_code == 200


def test_a_foster_carer_file_needs_no_case_holder(auditor, cast):
    response = auditor.post("/audits/new/?type=foster_carer_file", details(cast, case_holder=""))
    assert response.status_code == 302
    audit = Audit.objects.get()
    assert audit.case_holder is None and audit.team is None


def test_a_supervision_file_names_the_worker_from_all_staff(auditor, cast):
    response = auditor.get("/audits/new/?type=supervision_file")
    assert "Worker whose supervision file is audited" in response.content.decode()
    assert cast.nqsw in response.context["form"].fields["case_holder"].queryset
    assert auditor.post("/audits/new/?type=supervision_file", details(cast, case_holder=cast.nqsw.pk)).status_code \
        == 302
    assert Audit.objects.get().case_holder == cast.nqsw


def test_a_user_with_no_staff_record_cannot_start_one(client, cast):
    client.force_login(UserFactory(username="just_a_login"))
    for response in [client.get("/audits/new/?type=case_file"),
                     client.post("/audits/new/?type=case_file", details(cast))]:
        assert response.status_code == 403
        assert "not linked to a member of staff" in response.content.decode()
    assert not Audit.objects.exists()


def test_sign_in_is_needed(client, cast):
    response = client.get("/audits/new/?type=case_file")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_every_audit_type_is_a_record_kind_that_links_here():
    assert KINDS["audit:case_file"].label == "a case file audit"
    assert KINDS["audit:closure_transfer"].label == "an audit on closure or transfer"
    assert KINDS["audit:case_file"].url() == "/audits/new/?kind=audit:case_file"
    assert KINDS["audit:case_holder"].label == "an audit of one of this case-holder's cases"
    assert KINDS["audit:case_holder"].url() is None
    assert KINDS["audit:scrutiny"].url() == "/audits/scrutiny/?kind=audit:scrutiny"
    assert len([name for name in KINDS if name.startswith("audit:")]) == 10


# A type may have more than one tool: the auditor chooses one when starting the audit.


def test_a_type_with_two_tools_asks_which_to_use(auditor, cast):
    own = AuditTool.objects.current("case_file")
    looked_after = AuditTool.objects.current("case_file", key="looked_after_case_file")
    response = auditor.get("/audits/new/?type=case_file")
    text = response.content.decode()
    assert "Which audit tool?" in text and "the audit tool you choose" in text
    assert list(response.context["form"].fields["tool"].choices) == [
        (str(own.pk), "Case file audit"), (str(looked_after.pk), "Looked-after child's case file audit")]
    assert "checked" not in text.split("Which audit tool?")[1].split("Case reference")[0]  # nothing chosen for them

    response = auditor.post("/audits/new/?type=case_file", details(cast, tool=looked_after.pk))
    audit = Audit.objects.get()
    assert response.status_code == 302 and audit.tool == looked_after


@pytest.mark.parametrize("chosen", ["", "nonsense"])
def test_the_tool_must_be_chosen(auditor, cast, chosen):
    response = auditor.post("/audits/new/?type=case_file", details(cast, tool=chosen))
    assert response.status_code == 200 and not Audit.objects.exists()
    assert response.context["form"].errors["tool"] == ["Select the audit tool"]
    assert 'href="#id_tool_1"' in response.content.decode()


def test_a_tool_of_another_type_cannot_be_chosen(auditor, cast):
    other = AuditTool.objects.current("supervision_file")
    response = auditor.post("/audits/new/?type=case_file", details(cast, tool=other.pk))
    assert response.context["form"].errors["tool"] == ["Select the audit tool"]


def test_the_newest_version_of_each_tool_is_offered(auditor, cast):
    looked_after = AuditTool.objects.current("case_file", key="looked_after_case_file")
    v2 = save_version("case_file", as_text(looked_after), key="looked_after_case_file")
    choices = dict(auditor.get("/audits/new/?type=case_file").context["form"].fields["tool"].choices)
    assert str(v2.pk) in choices and str(looked_after.pk) not in choices
    assert len(choices) == 2


def test_a_type_with_one_tool_asks_nothing(auditor, cast):
    response = auditor.get("/audits/new/?type=supervision_file")
    assert "tool" not in response.context["form"].fields
    assert "the supervision file audit (version 1)" in response.content.decode()
    auditor.post("/audits/new/?type=supervision_file", details(cast, case_holder=cast.nqsw.pk, tool=""))
    assert Audit.objects.get().tool == AuditTool.objects.current("supervision_file")


def test_the_tool_is_not_changed_with_the_details(auditor, cast):
    auditor.post("/audits/new/?type=case_file", details(cast))
    audit = Audit.objects.get()
    form = auditor.get(f"/audits/{audit.pk}/details/").context["form"]
    assert "tool" not in form.fields
