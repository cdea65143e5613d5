"""The scorecard page: each measure's last 13 periods for one level, rated in words as well as
colour, with a sparkline and the latest miss explained or awaited; scoped by who may see which
values (a 404 for the rest); a fixed number of queries however many measures there are."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Agency
from people.tests.factories import StaffMemberFactory
from reports.scope import ReportPeriod
from reports.scope import today as local_today
from reports.scorecard_actions import explain

from .factories import MeasureFactory, make_value

pytestmark = pytest.mark.django_db


def last_month():
    return ReportPeriod.containing("month", local_today()).previous()


@pytest.fixture
def everywhere(cast):
    """One measure, owned by someone else, with a value last month at every level: each a
    number of its own."""
    measure = MeasureFactory(name="Visits on time")
    day = last_month().start
    elsewhere = cast.outsider.team
    for value, place in [
        ("91.1", {}),
        ("92.2", {"service": cast.service}),
        ("93.3", {"team": cast.team_a}),
        ("94.4", {"team": cast.team_b}),
        ("95.5", {"team": elsewhere}),
    ]:
        make_value(measure, day, value, **place)
    return measure


def shown(client, url="/reports/scorecard/"):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    return {number for number in ("91.1", "92.2", "93.3", "94.4", "95.5") if f"{number}%" in text}


def test_a_team_leader_sees_their_teams_values_and_nothing_else(client, cast, everywhere):
    client.force_login(cast.team_leader.user)
    assert shown(client) == {"93.3"}
    assert shown(client, f"/reports/scorecard/?team={cast.team_a.pk}") == {"93.3"}
    for url in [
        "?level=department",
        f"?level=service-{cast.service.pk}",
        f"?service={cast.service.pk}",
        f"?level=team-{cast.team_b.pk}",
        f"?team={cast.outsider.team_id}",
        "?level=team-nonsense",
    ]:
        assert client.get(f"/reports/scorecard/{url}").status_code == 404, url
    detail = client.get(everywhere.get_absolute_url()).content.decode()
    assert "93.3%" in detail and "91.1%" not in detail and "94.4%" not in detail


def test_a_head_of_service_sees_their_service_and_the_department(client, cast, everywhere):
    client.force_login(cast.head.user)
    assert shown(client) == {"91.1"}  # the department first
    assert shown(client, f"/reports/scorecard/?level=service-{cast.service.pk}") == {"92.2"}
    assert shown(client, f"/reports/scorecard/?level=team-{cast.team_b.pk}") == {"94.4"}
    assert client.get(f"/reports/scorecard/?level=team-{cast.outsider.team_id}").status_code == 404
    detail = client.get(everywhere.get_absolute_url()).content.decode()
    assert {n for n in ("91.1", "92.2", "93.3", "94.4", "95.5") if f"{n}%" in detail} == {
        "91.1",
        "92.2",
        "93.3",
        "94.4",
    }


def test_someone_who_manages_nobody_sees_no_scorecard(client, cast, everywhere):
    client.force_login(cast.practitioner.user)
    response = client.get("/reports/scorecard/")
    assert response.status_code == 200 and "you manage none" in response.content.decode()
    assert shown(client) == set()
    assert client.get(everywhere.get_absolute_url()).status_code == 404
    assert client.get("/reports/scorecard/?level=department").status_code == 404


def test_a_partner_agencys_person_has_no_scorecard(client, cast, everywhere):
    police = Agency.objects.create(name="Northshire Police", kind=Agency.Kind.POLICE)
    partner = StaffMemberFactory(agency=police)
    client.force_login(partner.user)
    assert client.get("/reports/scorecard/").status_code == 404  # not a page for a partner agency
    assert client.get(everywhere.get_absolute_url()).status_code == 404


def test_an_owner_sees_every_value_of_their_measure(client, cast, everywhere):
    everywhere.owner = cast.practitioner
    everywhere.save()
    client.force_login(cast.practitioner.user)
    assert "Visits on time" in client.get("/reports/scorecard/").content.decode()  # among the measures they own
    detail = client.get(everywhere.get_absolute_url()).content.decode()
    assert all(f"{n}%" in detail for n in ("91.1", "92.2", "93.3", "94.4", "95.5"))


def test_an_administrator_sees_every_level(client, cast, everywhere):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.gov.uk", "pw")
    client.force_login(admin)
    assert shown(client) == {"91.1"}
    assert shown(client, f"/reports/scorecard/?level=team-{cast.outsider.team_id}") == {"95.5"}


def test_each_measure_has_its_13_periods_rated_in_words_with_a_sparkline(client, cast):
    measure = MeasureFactory(name="Assessments within 45 working days", owner=cast.head)
    months = last_month().back(14)
    for number, month in enumerate(months):
        make_value(measure, month.start, 80 + number)  # 80 (too old to show) ... 93
    quarterly = MeasureFactory(name="Care leavers in education", frequency="quarterly", target=Decimal("60"))
    make_value(quarterly, ReportPeriod.containing("quarter", local_today()).previous().start, "50")
    client.force_login(cast.head.user)
    text = client.get("/reports/scorecard/").content.decode()
    assert "Monthly measures" in text and "Quarterly measures" in text
    assert "80%" not in text and "81%" in text and "93%" in text
    for month in months[1:]:
        assert f">{month.short_label}</th>" in text
    assert ">Red</strong>" in text and ">Amber</strong>" in text and ">Green</strong>" in text
    assert text.count('<svg class="app-sparkline" role="img"') == 2
    assert f"From 81% in {months[1].short_label} to 93% in {months[-1].short_label}" in text
    assert "Latest values that missed their target" in text and "Awaited from" in text  # the quarterly one


def test_the_latest_miss_shows_its_reason_and_planned_action(client, cast):
    measure = MeasureFactory(name="Visits on time", owner=cast.head)
    value = make_value(measure, last_month().start, "70")
    client.force_login(cast.head.user)
    before = client.get("/reports/scorecard/").content.decode()
    assert f"Awaited from {cast.head.name}" in before and value.explain_url() in before
    explain(value, reason="Two vacancies", planned_action="Recruiting", acting_user=cast.head.user)
    after = client.get("/reports/scorecard/").content.decode()
    assert "Two vacancies" in after and "Recruiting" in after and "Awaited from" not in after


def test_the_columns_end_with_a_month_chosen(client, cast):
    measure = MeasureFactory(owner=cast.head)
    chosen = last_month().previous().previous()
    make_value(measure, last_month().start, "77")
    make_value(measure, chosen.start, "66")
    client.force_login(cast.head.user)
    text = client.get(f"/reports/scorecard/?period={chosen.code}").content.decode()
    assert "66%" in text and "77%" not in text
    wrong = client.get("/reports/scorecard/?period=month-1999-01")
    assert wrong.status_code == 200 and "Choose a month from the list" in wrong.content.decode()
    assert "77%" in wrong.content.decode()  # the latest values, as when none is chosen


def test_no_measures_yet(client, cast):
    client.force_login(cast.head.user)
    assert "No measures are on the scorecard yet" in client.get("/reports/scorecard/").content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _measures(count, owner, cast):
    months = last_month().back(13)
    for number in range(count):
        measure = MeasureFactory(owner=owner, frequency="quarterly" if number % 4 == 0 else "monthly")
        for month in months:
            value = make_value(measure, month.start, 80 + number % 15, team=cast.team_a)
            if number % 3 == 0:
                explain(value, reason="Why", planned_action="What", acting_user=None)


def test_queries_do_not_grow_with_the_measures(client, cast):
    client.force_login(cast.head.user)
    _measures(3, cast.head, cast)
    urls = [
        f"/reports/scorecard/?level=team-{cast.team_a.pk}",
        "/reports/scorecard/?download=csv",
        "/reports/scorecard/?download=xlsx",
    ]
    few = [_queries(client, url) for url in urls]
    _measures(9, cast.team_leader, cast)  # 12 in all
    assert [_queries(client, url) for url in urls] == few
    assert few[0] <= 16


def test_a_measures_page_asks_as_often_for_two_values_as_for_forty(client, cast):
    client.force_login(cast.head.user)
    measure = MeasureFactory(owner=cast.head)
    for month in last_month().back(2):
        make_value(measure, month.start, "70", team=cast.team_a)
    url = measure.get_absolute_url()
    few = _queries(client, url)
    for month in last_month().back(13):
        for place in ({}, {"service": cast.service}, {"team": cast.team_b}):
            value = make_value(measure, month.start, "75", **place)
            explain(value, reason="Why", planned_action="What", acting_user=cast.head.user)
    assert _queries(client, url) == few


def test_my_duties_link_to_it_names_the_record_kind_which_changes_nothing(client, cast):
    client.force_login(cast.head.user)
    response = client.get("/reports/scorecard/?kind=report:scorecard_review")
    assert response.status_code == 200 and "There is a problem" not in response.content.decode()
