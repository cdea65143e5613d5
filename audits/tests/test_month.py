"""The month at a glance: the month's audits by grade and team, the audit duties due and done,
for those who oversee others' work; a month out of range is an error, and the page asks the
database the same number of times however many audits there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.actions import submit_audit
from audits.models import AuditStatus
from core.periods import local_date, period_containing
from people.tests.factories import StaffMemberFactory, UserFactory
from schedule.planner import plan_duties
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

from .factories import AuditFactory

pytestmark = pytest.mark.django_db


def this_month():
    return period_containing("monthly", local_date(timezone.now()))


def last_month():
    return period_containing("monthly", this_month().start - timedelta(days=1))


def key(month) -> str:
    return month.start.strftime("%Y-%m")


def as_(client, staff):
    client.force_login(staff.user)
    return client


@pytest.fixture
def month(cast):
    """Audits of this month and last, and the audit duties due."""
    month, before = this_month(), last_month()
    holder_b = StaffMemberFactory(name="Holder B", team=cast.team_b, line_manager=cast.team_leader,
                                  is_case_holder=True)
    on = month.start
    for grade, status, holder, concern in [
        ("good", AuditStatus.SUBMITTED, cast.practitioner, False),
        ("good", AuditStatus.SHARED, cast.practitioner, False),
        ("inadequate", AuditStatus.SUBMITTED, cast.practitioner, True),
        ("outstanding", AuditStatus.MODERATION, holder_b, False),
        ("requires_improvement", AuditStatus.ACKNOWLEDGED, holder_b, False),
    ]:
        AuditFactory(auditor=cast.team_leader, case_holder=holder, overall_grade=grade, status=status,
                     safeguarding_concern=concern, audited_on=on)
    AuditFactory(auditor=cast.head, case_holder=None, team=None, audit_type="foster_carer_file",
                 overall_grade="good", status=AuditStatus.MODERATED, moderated_grade="good", audited_on=on)
    AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="outstanding",
                 audited_on=on)  # a draft
    AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="inadequate",
                 status=AuditStatus.SUBMITTED, audited_on=before.start)  # last month
    AuditFactory(auditor=cast.outsider, case_holder=cast.outsider, overall_grade="inadequate",
                 status=AuditStatus.SUBMITTED, audited_on=on)  # not the head's to see

    case_files = ResponsibilityFactory(role=cast.team_leader_role, task="Audit 1 case file",
                                       record="audit:case_file")
    ResponsibilityFactory(role=cast.head_role, task="Audit 1 supervision file", record="audit:supervision_file")
    ResponsibilityFactory(role=cast.team_leader_role, task="Supervise each practitioner", applies_to="reports",
                          strand="supervision")  # not an audit: not counted
    plan_duties(local_date(timezone.now()))
    done = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, overall_grade="good",
                        case_reference="CR-DONE", audited_on=local_date(timezone.now()))
    submit_audit(done, acting_user=cast.team_leader.user)  # the team leader's duty this month
    DutyFactory(responsibility=case_files, owner=cast.team_leader, day=before.start)
    return month


def test_counts_by_grade_and_team(client, cast, month):
    response = as_(client, cast.head).get("/audits/month/")
    assert response.status_code == 200
    context = response.context
    assert context["month_label"] == month.start.strftime("%B %Y")
    assert context["totals"]["count"] == 7 and context["totals"]["concerns"] == 1
    assert context["grades"] == [("Outstanding", 1), ("Good", 4), ("Requires improvement", 1), ("Inadequate", 1)]
    assert context["by_team"] == [
        {"team": "Team A", "count": 4, "grades": [0, 3, 0, 1]},
        {"team": "Team B", "count": 2, "grades": [1, 0, 1, 0]},
        {"team": "No team", "count": 1, "grades": [0, 1, 0, 0]},
    ]
    assert dict(context["by_type"]) == {"Case file audit": 6, "Foster carer or adopter file audit": 1}
    assert (context["drafts"], context["awaiting_moderation"]) == (1, 1)
    assert context["agreement"] == {"moderated": 1, "agreed": 1, "rate": 100}
    text = response.content.decode()
    assert f"Audits in {month.start:%B %Y}" in text and "Team B" in text


def test_audit_duties_due_this_month(client, cast, month):
    context = as_(client, cast.head).get("/audits/month/").context
    # The team leader's case file audit (done) and the head's supervision file audit (still open).
    assert context["duties"] == {"due": 2, "done": 1, "overdue": 0, "open": 1, "waived": 0}
    assert list(context["late"]) == []


def test_another_month(client, cast, month):
    before = last_month()
    response = as_(client, cast.head).get(f"/audits/month/?month={key(before)}")
    context = response.context
    assert context["month_label"] == before.start.strftime("%B %Y")
    assert context["totals"]["count"] == 1 and context["grades"][3] == ("Inadequate", 1)
    assert context["duties"]["overdue"] == 1
    assert [(duty.owner, duty.responsibility.task) for duty in context["late"]] == [
        (cast.team_leader, "Audit 1 case file")]
    assert context["following"] == key(month)
    assert f'href="?month={key(month)}"' in response.content.decode()


@pytest.mark.parametrize("who, expected", [
    ("head", 200), ("team_leader", 200), ("practitioner", 403), ("nqsw", 403), ("outsider", 403),
])
def test_only_those_who_oversee_others_see_it(client, cast, who, expected):
    response = as_(client, getattr(cast, who)).get("/audits/month/")
    assert response.status_code == expected
    listing = client.get("/audits/").content.decode()
    assert ('href="/audits/month/"' in listing) is (expected == 200)


def test_an_administrator_sees_it(client, cast):
    client.force_login(UserFactory(username="administrator", is_superuser=True, is_staff=True))
    assert client.get("/audits/month/").status_code == 200


def test_the_team_leader_sees_only_their_own_part(client, cast, month):
    context = as_(client, cast.team_leader).get("/audits/month/").context
    assert context["totals"]["count"] == 6  # not the head's own audit
    assert context["duties"] == {"due": 1, "done": 1, "overdue": 0, "open": 0, "waived": 0}


@pytest.mark.parametrize("query", ["?month=2019-01", "?month=nonsense", "?month=2026-13", "?month=%00"])
def test_a_month_out_of_range_is_an_error_not_a_failure(client, cast, month, query):
    response = as_(client, cast.head).get(f"/audits/month/{query}")
    assert response.status_code == 200
    assert response.context["form"].errors == {"month": ["Choose one of the last 13 months"]}
    text = response.content.decode()
    assert "Choose one of the last 13 months" in text and "<title>Error: " in text
    assert response.context["month_label"] == month.start.strftime("%B %Y")  # this month instead


def test_thirteen_months_are_offered(client, cast):
    response = as_(client, cast.head).get("/audits/month/")
    choices = [value for value, _ in response.context["form"].fields["month"].choices]
    assert len(choices) == 13 and choices[0] == key(this_month()) and choices[1] == key(last_month())
    oldest = as_(client, cast.head).get(f"/audits/month/?month={choices[-1]}").context
    assert oldest["previous"] is None and oldest["following"] == choices[-2]


def test_queries_are_the_same_with_3_and_30_audits(client, cast):
    on = this_month().start
    teams = [cast.team_a, cast.team_b, None]
    grades = ["outstanding", "good", "requires_improvement", "inadequate"]
    statuses = [AuditStatus.SUBMITTED, AuditStatus.SHARED, AuditStatus.MODERATION, AuditStatus.DRAFT]
    ResponsibilityFactory(role=cast.team_leader_role, task="Audit 1 case file", record="audit:case_file")
    plan_duties(local_date(timezone.now()))

    def add(numbers):
        for number in numbers:
            AuditFactory(auditor=[cast.team_leader, cast.head][number % 2], team=teams[number % 3],
                         overall_grade=grades[number % 4], status=statuses[number % 4], audited_on=on,
                         safeguarding_concern=number % 5 == 0)

    def count():
        signed_in = as_(client, cast.head)
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get("/audits/month/").status_code == 200
        return len(captured)

    add(range(3))
    three = count()
    add(range(3, 30))
    for _ in range(4):
        DutyFactory(responsibility__record="audit:case_file", owner=cast.team_leader,
                    day=on)
    assert count() == three
