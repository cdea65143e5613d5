"""Compliance with the framework: how the duties that fell due went, counted by the one rule of
the schedule, scoped by the access rules, each number linking to exactly its duties."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from people.tests.factories import StaffMemberFactory
from reports.compliance import compliance
from reports.scope import ReportPeriod, scope_for
from reports.tests.helpers import assert_figures_match_rows
from schedule.models import Duty, Outcome, Status, Strand, outcome_condition
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 20)  # in Q1 2026/27
QUARTER = "quarter-2026-04"


def scope_of(member, query=None, day=DAY):
    request = RequestFactory().get("/reports/", query or {})
    request.user = member.user
    return scope_for(request, day=day)


def duty(owner, status=Status.OPEN, due=date(2026, 5, 31), strand=Strand.AUDIT, **fields):
    responsibility = fields.pop("responsibility", None) or ResponsibilityFactory(strand=strand)
    return DutyFactory(responsibility=responsibility, owner=owner, status=status, day=due, due_on=due, **fields)


@pytest.fixture
def duties(cast):
    made = {
        "on_time": duty(cast.practitioner, Status.DONE, completed_on=date(2026, 5, 1)),
        "late": duty(cast.practitioner, Status.DONE, completed_on=date(2026, 6, 3), completed_late=True),
        "waived": duty(cast.nqsw, Status.WAIVED, strand=Strand.SUPERVISION),
        "missed": duty(cast.nqsw, Status.OPEN, due=date(2026, 5, 19)),
        "missed_earlier": duty(cast.practitioner, Status.OPEN, due=date(2026, 4, 30)),
        "open": duty(cast.team_leader, Status.OPEN, due=date(2026, 6, 30), strand=Strand.SUPERVISION),
        "cancelled": duty(cast.practitioner, Status.CANCELLED),
        "elsewhere": duty(cast.outsider, Status.OPEN, due=date(2026, 5, 1)),
        "last_quarter": duty(cast.practitioner, Status.OPEN, due=date(2026, 3, 15)),
    }
    return made


def test_a_duty_missed_is_one_past_its_day():
    today = date(2026, 5, 20)
    open_yesterday = Duty(status=Status.OPEN, due_on=today - timedelta(days=1))
    open_tomorrow = Duty(status=Status.OPEN, due_on=today + timedelta(days=1))
    assert open_yesterday.outcome(today) == Outcome.MISSED
    assert open_tomorrow.outcome(today) == Outcome.OPEN
    assert Duty(status=Status.DONE, completed_late=True, due_on=today).outcome(today) == Outcome.LATE
    assert Duty(status=Status.CANCELLED, due_on=today).outcome(today) is None


def test_the_rule_in_the_database_agrees_with_the_rule_on_a_duty(duties):
    for made in duties.values():
        expected = made.outcome(DAY)
        matched = [o for o in Outcome if Duty.objects.filter(outcome_condition(o, DAY), id=made.id).exists()]
        assert matched == ([expected] if expected else [])


def test_a_team_leader_sees_how_their_teams_duties_went(cast, duties):
    found = compliance(scope_of(cast.team_leader, {"period": QUARTER}))
    counts = {outcome: figure.value for outcome, figure in zip(Outcome, found.period.outcomes, strict=True)}
    assert counts == {Outcome.ON_TIME: 1, Outcome.LATE: 1, Outcome.WAIVED: 1, Outcome.MISSED: 2, Outcome.OPEN: 1}
    assert found.period.total.value == 6  # not the cancelled one, not the outsider's
    assert found.period.on_time.share == "25% (1 of 4)"
    assert found.previous.total.value == 1
    assert sorted(tally.label for tally in found.by_strand) == ["Audit", "Supervision and PDR"]
    assert [tally.label for tally in found.by_team] == ["Team A"]


def test_every_figure_counts_exactly_the_duties_it_links_to(cast, duties):
    for member in (cast.team_leader, cast.head, cast.practitioner):
        assert_figures_match_rows(member.user, compliance(scope_of(member, {"period": QUARTER})), DAY)


def test_the_trend_covers_eight_quarters_each_linking_to_its_own(cast, duties):
    found = compliance(scope_of(cast.team_leader, {"period": QUARTER}))
    assert len(found.trend) == 8
    assert found.trend[-1].total.value == 6 and found.trend[-2].total.value == 1
    assert "period=quarter-2026-01" in found.trend[-2].total.link


def test_a_month_shows_thirteen_months(cast, duties):
    found = compliance(scope_of(cast.team_leader, {"period": "month-2026-05"}))
    assert len(found.trend) == 13
    assert found.period.total.value == 4


def test_a_practitioner_sees_only_their_own_duties(cast, duties):
    scope = scope_of(cast.practitioner, {"period": QUARTER})
    assert scope.own_only
    assert compliance(scope).period.total.value == 3


def test_a_strand_narrows_every_figure(cast, duties):
    found = compliance(scope_of(cast.team_leader, {"period": QUARTER, "strand": Strand.SUPERVISION}))
    assert found.period.total.value == 2
    assert found.by_strand == []


def test_a_team_or_service_out_of_sight_is_not_found(client, cast, duties):
    client.force_login(cast.team_leader.user)
    assert client.get("/reports/", {"team": cast.outsider.team_id}).status_code == 404
    assert client.get("/reports/", {"service": cast.outsider.team.service_id}).status_code == 404
    assert client.get("/reports/", {"team": "x"}).status_code == 404
    assert client.get("/reports/", {"team": cast.team_a.id}).status_code == 200


def test_the_head_of_service_narrows_to_a_team(cast, duties):
    StaffMemberFactory(team=cast.team_b, line_manager=cast.head)
    found = compliance(scope_of(cast.head, {"period": QUARTER, "team": cast.team_a.id}))
    assert found.period.total.value == 6
    assert compliance(scope_of(cast.head, {"period": QUARTER, "team": cast.team_b.id})).period.total.value == 0


def test_a_period_that_cannot_be_read_says_so_and_shows_this_quarter(client, cast, duties):
    client.force_login(cast.team_leader.user)
    response = client.get("/reports/", {"period": "quarter-2026-05"})
    assert response.status_code == 200
    assert "Choose a month, quarter or year from the list" in response.content.decode()


def test_the_rows_page_shows_as_many_duties_as_the_figure(client, cast, duties):
    client.force_login(cast.team_leader.user)
    response = client.get("/reports/rows/duties/", {"period": QUARTER, "outcome": "on_time"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert "1 duty" in response.content.decode()
    assert client.get("/reports/rows/duties/", {"period": QUARTER, "outcome": "nonsense"}).status_code == 404
    assert client.get("/reports/rows/nothing/", {"period": QUARTER}).status_code == 404


def test_the_dashboard_asks_the_same_number_of_queries_however_many_duties(client, cast):
    client.force_login(cast.head.user)
    responsibility = ResponsibilityFactory()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/reports/", {"period": QUARTER}).status_code == 200
        return len(captured)

    duty(cast.practitioner, responsibility=ResponsibilityFactory())
    few = queries()
    for occurrence in range(1, 28):
        duty(cast.practitioner, due=date(2026, 5, occurrence), responsibility=responsibility, occurrence=occurrence)
        duty(cast.nqsw, due=date(2026, 4, occurrence), responsibility=ResponsibilityFactory(role=responsibility.role))
    assert queries() == few


def test_a_period_is_read_only_from_its_start():
    assert ReportPeriod.parse("quarter-2026-04").end == date(2026, 6, 30)
    assert ReportPeriod.parse("quarter-2026-05") is None
    assert ReportPeriod.parse("year-2026-04").label == "Financial year 2026/27"
    assert ReportPeriod.parse("month-2026-13") is None
    assert ReportPeriod.parse("week-2026-04") is None
    assert ReportPeriod.parse("") is None


def test_a_table_of_the_dashboard_downloads_as_it_shows(client, cast, duties):
    client.force_login(cast.team_leader.user)
    response = client.get("/reports/", {"period": QUARTER, "table": "compliance-teams", "download": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Team", "Done on time", "Done late")
    assert rows[1][0] == "Team A" and rows[1][6] == 6  # the "All" column: a number, not text
    assert client.get("/reports/", {"table": "nothing", "download": "csv"}).status_code == 404


def test_every_table_of_the_dashboard_downloads(client, cast, duties):
    client.force_login(cast.head.user)
    response = client.get("/reports/", {"period": QUARTER})
    keys = [table.key for shown in response.context["panels"] for table in shown.tables]
    assert len(keys) == len(set(keys)) > 10
    for key in keys:
        download = client.get("/reports/", {"period": QUARTER, "table": key, "download": "csv"})
        assert download.status_code == 200, key
        assert b"".join(download.streaming_content).decode("utf-8-sig").splitlines()[0], key  # headings at least
