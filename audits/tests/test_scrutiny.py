"""The director's scrutiny of an audit each quarter (R12): who may record one, the duty it
completes, an empty comment shown as an error on the audit's page, and the page to choose from."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.actions import scrutinise_audit, submit_audit
from audits.models import SCRUTINY_RECORD, AuditStatus, Scrutiny
from core.periods import local_date
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

from .factories import AuditFactory

pytestmark = pytest.mark.django_db


def today():
    return local_date(timezone.now())


@pytest.fixture
def director(cast):
    """The Director of Children's Services, over the head of service, owing one scrutiny a quarter."""
    director = StaffMemberFactory(user=UserFactory(username="director"), name="Dana Director",
                                  job_title="Director of Children's Services")
    cast.head.line_manager = director
    cast.head.save()
    role = RoleFactory(name="Director of Children's Services")
    assignment = RoleAssignmentFactory(staff=director, role=role)
    ResponsibilityFactory(role=role, task="Scrutinise one audit", frequency="quarterly", record=SCRUTINY_RECORD)
    plan_duties(today())
    director.assignment = assignment
    return director


def submitted(auditor, **fields):
    audit = AuditFactory(auditor=auditor, audited_on=fields.pop("audited_on", today()), overall_grade="good",
                         **fields)
    submit_audit(audit, acting_user=auditor.user)
    audit.refresh_from_db()
    return audit


@pytest.fixture
def audit(cast):
    return submitted(cast.team_leader, case_holder=cast.practitioner, case_reference="CR-SCRUT")


def as_(client, staff):
    client.force_login(staff.user)
    return client


def quarter_duty(director):
    return Duty.objects.get(owner=director, responsibility__record=SCRUTINY_RECORD,
                            period_start__lte=today(), period_end__gte=today())


@pytest.mark.parametrize("who, expected", [
    ("director", 302),
    ("head", 403),  # sees the audit, owes no scrutiny
    ("team_leader", 403),  # the auditor
    ("practitioner", 404), ("outsider", 404),  # may not see it
])
def test_who_may_scrutinise(client, cast, director, audit, who, expected):
    staff = director if who == "director" else getattr(cast, who)
    response = as_(client, staff).post(f"/audits/{audit.pk}/scrutinise/", {"comment": "A clear plan"})
    assert response.status_code == expected
    assert Scrutiny.objects.count() == (1 if expected == 302 else 0)


def test_the_form_is_on_the_audit_page_only_for_the_scrutineer(client, cast, director, audit):
    page = as_(client, director).get(f"/audits/{audit.pk}/")
    assert page.context["scrutiny_form"] is not None
    assert f'action="/audits/{audit.pk}/scrutinise/"' in page.content.decode()
    assert as_(client, cast.head).get(f"/audits/{audit.pk}/").context["scrutiny_form"] is None


def test_scrutiny_needs_a_post(client, director, audit):
    assert as_(client, director).get(f"/audits/{audit.pk}/scrutinise/").status_code == 405


def test_a_draft_is_not_scrutinised(client, cast, director):
    draft = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, audited_on=today())
    client = as_(client, director)
    page = client.get(f"/audits/{draft.pk}/")
    assert page.status_code == 200 and page.context["scrutiny_form"] is None  # the director sees it, no more
    assert client.post(f"/audits/{draft.pk}/scrutinise/", {"comment": "Too early"}).status_code == 403
    with pytest.raises(ValidationError):
        scrutinise_audit(draft, acting_user=director.user, comment="Too early", on=today())
    assert not Scrutiny.objects.exists()


def test_the_director_does_not_scrutinise_their_own_audit(client, director):
    own = submitted(director, case_holder=None, audit_type="foster_carer_file")
    assert not own.may_scrutinise(director.user)
    assert as_(client, director).post(f"/audits/{own.pk}/scrutinise/", {"comment": "Mine"}).status_code == 403


def test_scrutiny_completes_the_quarters_duty(client, cast, director, audit):
    duty = quarter_duty(director)
    assert duty.status == Status.OPEN
    response = as_(client, director).post(f"/audits/{audit.pk}/scrutinise/",
                                          {"comment": "Shows the plan drifting; and the audit saw it"}, follow=True)
    assert response.redirect_chain == [(f"/audits/{audit.pk}/", 302)]
    scrutiny = Scrutiny.objects.get()
    assert (scrutiny.audit, scrutiny.scrutineer, scrutiny.scrutinised_on, scrutiny.comment) == (
        audit, director, today(), "Shows the plan drifting; and the audit saw it")
    assert scrutiny.history.get().history_user == director.user
    duty.refresh_from_db()
    assert (duty.status, duty.record, duty.completed_on) == (Status.DONE, scrutiny, today())
    assert [str(m) for m in response.context["messages"]] == [
        f"Scrutiny recorded. This completed: {duty.title()}"]
    text = response.content.decode()
    assert "Shows the plan drifting; and the audit saw it" in text and "Dana Director" in text
    # The next quarter's is still owed.
    assert Duty.objects.filter(owner=director, status=Status.OPEN, period_start__gt=today()).count() == 1


def test_a_second_scrutiny_in_the_quarter_completes_nothing_more(cast, director, audit):
    other = submitted(cast.head, case_holder=cast.practitioner)
    _first, done = scrutinise_audit(audit, acting_user=director.user, comment="First", on=today())
    assert done == [quarter_duty(director)]
    _second, done = scrutinise_audit(other, acting_user=director.user, comment="Second", on=today())
    assert done == [] and Scrutiny.objects.count() == 2


@pytest.mark.parametrize("comment", ["", "   "])
def test_an_empty_comment_is_an_error_on_the_audit_page(client, director, audit, comment):
    response = as_(client, director).post(f"/audits/{audit.pk}/scrutinise/", {"comment": comment})
    text = response.content.decode()
    assert response.status_code == 200
    assert response.context["audit"] == audit
    assert response.context["scrutiny_form"].errors == {"comment": ["Enter your scrutiny of this audit"]}
    assert '<a href="#id_comment">Enter your scrutiny of this audit</a>' in text
    assert "<title>Error: " in text and "Case CR-SCRUT" in text
    assert not Scrutiny.objects.exists() and quarter_duty(director).status == Status.OPEN


def test_a_comment_too_long_is_kept_with_its_error(client, director, audit):
    typed = "Long. " * 2000
    response = as_(client, director).post(f"/audits/{audit.pk}/scrutinise/", {"comment": typed})
    assert response.status_code == 200 and response.context["scrutiny_form"].errors["comment"]
    assert typed.strip() in response.content.decode()
    assert not Scrutiny.objects.exists()


def test_someone_who_no_longer_holds_the_role_no_longer_scrutinises(client, cast, director, audit):
    # The director moves on: their role ends and the planner cancels what they no longer owe.
    director.assignment.ends_on = today() - timedelta(days=1)
    director.assignment.starts_on = today() - timedelta(days=400)
    director.assignment.save()
    plan_duties(today())
    assert not Duty.objects.filter(owner=director, status=Status.OPEN).exists()
    assert not audit.may_scrutinise(director.user)
    assert as_(client, director).post(f"/audits/{audit.pk}/scrutinise/", {"comment": "Still?"}).status_code == 403
    assert as_(client, director).get("/audits/scrutiny/").status_code == 403


# The page to choose from


@pytest.mark.parametrize("who, expected", [
    ("director", 200), ("head", 403), ("team_leader", 403), ("practitioner", 403),
])
def test_who_sees_the_scrutiny_page(client, cast, director, who, expected):
    staff = director if who == "director" else getattr(cast, who)
    assert as_(client, staff).get("/audits/scrutiny/").status_code == expected
    assert ('href="/audits/scrutiny/"' in as_(client, staff).get("/audits/").content.decode()) is (expected == 200)


def test_the_scrutiny_page_lists_this_quarters_submitted_audits(client, cast, director, audit):
    submitted(cast.head, case_holder=cast.practitioner, case_reference="CR-HEAD", audited_on=today())
    submitted(cast.team_leader, case_holder=cast.practitioner, case_reference="CR-LAST-QUARTER",
              audited_on=today() - timedelta(days=120))
    AuditFactory(auditor=cast.team_leader, case_reference="CR-DRAFT", audited_on=today())
    submitted(director, case_holder=None, audit_type="foster_carer_file", case_reference="CR-MINE")
    submitted(cast.outsider, case_holder=cast.outsider, case_reference="CR-ELSEWHERE")  # not the director's to see
    shared = submitted(cast.team_leader, case_holder=cast.practitioner, case_reference="CR-SHARED")
    shared.status = AuditStatus.SHARED
    shared.save()

    scrutinise_audit(audit, acting_user=director.user, comment="Read", on=today())
    response = as_(client, director).get("/audits/scrutiny/")
    assert sorted(a.case_reference for a in response.context["candidates"]) == ["CR-HEAD", "CR-SCRUT", "CR-SHARED"]
    assert [s.audit for s in response.context["mine"]] == [audit]
    text = response.content.decode()
    assert f'href="/audits/{audit.pk}/"' in text and "CR-LAST-QUARTER" not in text
    assert response.context["quarter_label"] in text


def test_the_scrutiny_page_asks_the_same_queries_with_3_and_30_audits(client, cast, director):
    client = as_(client, director)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/audits/scrutiny/").status_code == 200
        return len(captured)

    for auditor in [cast.team_leader, cast.head, cast.practitioner]:
        AuditFactory(auditor=auditor, audited_on=today(), status=AuditStatus.SUBMITTED, overall_grade="good")
    three = count()
    for number in range(27):
        made = AuditFactory(auditor=cast.team_leader, audited_on=today(), status=AuditStatus.SUBMITTED,
                            overall_grade="good", team=[cast.team_a, cast.team_b, None][number % 3])
        if number % 5 == 0:
            scrutinise_audit(made, acting_user=director.user, comment="Read", on=today())
    assert count() == three


def test_the_audit_page_asks_the_same_queries_with_1_and_5_scrutinies(client, cast, director, audit):
    client = as_(client, director)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/audits/{audit.pk}/").status_code == 200
        return len(captured)

    scrutinise_audit(audit, acting_user=director.user, comment="First", on=today())
    one = count()
    for number in range(4):
        scrutineer = StaffMemberFactory(user=UserFactory(username=f"deputy_{number}"))
        scrutinise_audit(audit, acting_user=scrutineer.user, comment=f"Read {number}", on=today())
    assert count() == one
