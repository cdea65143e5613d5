"""Many duties of one responsibility on My duties: one row with its count in each section that
opens to show them, and the responsibility's own page a page at a time (schedule.grouping). The
Head of Safeguarding Monitoring owes a coverage duty about every case-holder, and duties missed
for years stay overdue; My duties must not grow with them."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.tests.factories import StaffMemberFactory
from schedule.grouping import GROUP_FROM, GROUP_SHOWS
from schedule.models import AppliesTo, Frequency, Status
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 15)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("schedule.views._today", lambda: TODAY)


@pytest.fixture
def coverage(cast):
    return ResponsibilityFactory(
        ref="R51", role=cast.head_role, task="Audit a case of every case-holder", frequency=Frequency.FINANCIAL_YEAR,
        applies_to=AppliesTo.CASE_HOLDERS, purpose="Every case-holder has a case audited each year",
    )


def owe(cast, responsibility, how_many, **fields):
    return [
        DutyFactory(responsibility=responsibility, owner=cast.head, subject_staff=StaffMemberFactory(team=cast.team_a),
                    day=TODAY, **fields)
        for _ in range(how_many)
    ]


def my_duties(client, cast):
    client.force_login(cast.head.user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return response, len(captured)


def test_many_duties_of_one_responsibility_in_a_section_are_one_row_that_opens(client, cast, coverage):
    duties = owe(cast, coverage, GROUP_FROM + 4)
    owe(cast, coverage, GROUP_FROM - 1, status=Status.DONE, completed_on=TODAY - timedelta(days=3))
    response, _ = my_duties(client, cast)
    [group] = response.context["this_period_groups"]
    assert (group.total, group.open, group.overdue, group.people) == (GROUP_FROM + 4,) * 2 + (0, GROUP_FROM + 4)
    assert set(group.duties) == set(duties) and not group.more
    assert len(response.context["finished"]) == GROUP_FROM - 1  # too few to group: rows of their own
    assert response.context["this_period"] == []  # none of them as a row of its own
    assert response.context["this_period_count"] == GROUP_FROM + 4
    text = response.content.decode()
    assert f"Audit a case of every case-holder: {GROUP_FROM + 4} people</span></summary>" in text
    assert f"{GROUP_FROM + 4} open</strong>" in text
    assert text.count('<details class="govuk-details') == 1
    assert 'class="govuk-summary-card"' not in text
    for duty in duties:  # inside the group, each duty by whom it is about, linked to its page
        assert f'href="/duties/{duty.pk}/"' in text and duty.subject_staff.name in text
    assert "See all" not in text  # every one is shown


def test_duties_missed_over_the_years_are_one_row_among_the_overdue(client, cast, coverage):
    for years in range(1, GROUP_FROM + 2):
        DutyFactory(responsibility=coverage, owner=cast.head, subject_staff=cast.practitioner,
                    day=TODAY.replace(year=TODAY.year - years))  # still open, so overdue
    response, _ = my_duties(client, cast)
    [group] = response.context["overdue_groups"]
    assert (group.total, group.overdue, group.section, group.noun) == (GROUP_FROM + 1, GROUP_FROM + 1, "overdue",
                                                                        "duties")  # one person, many periods
    assert f"Audit a case of every case-holder: {GROUP_FROM + 1} duties</span></summary>" in response.content.decode()
    assert response.context["overdue"] == [] and response.context["overdue_count"] == GROUP_FROM + 1
    assert group.url == f"/duties/of/{coverage.pk}/?section=overdue"
    assert client.get(group.url).context["page"].paginator.count == GROUP_FROM + 1


def test_a_few_duties_are_each_a_row(client, cast, coverage):
    owe(cast, coverage, GROUP_FROM - 1)
    response, _ = my_duties(client, cast)
    assert response.context["this_period_groups"] == []
    assert len(response.context["this_period"]) == GROUP_FROM - 1
    assert "<details" not in response.content.decode()


def test_a_very_large_group_shows_its_first_duties_and_links_to_all(client, cast, coverage):
    owe(cast, coverage, GROUP_SHOWS + 40)
    response, _ = my_duties(client, cast)
    [group] = response.context["this_period_groups"]
    assert len(group.duties) == GROUP_SHOWS and group.more and group.total == GROUP_SHOWS + 40
    text = response.content.decode()
    assert f'<a class="govuk-link" href="/duties/of/{coverage.pk}/?section=this_period">See all {GROUP_SHOWS + 40}' \
        in text
    assert len(re.findall(r'href="/duties/\d+/"', text)) == GROUP_SHOWS


def test_my_duties_does_not_grow_with_the_group(client, cast, coverage):
    owe(cast, coverage, GROUP_SHOWS + 1)
    first, before = my_duties(client, cast)
    owe(cast, coverage, 200)
    second, after = my_duties(client, cast)
    assert after == before
    assert abs(len(second.content) - len(first.content)) < 400  # a longer count, other names


def test_the_group_page_lists_its_duties_a_page_at_a_time_overdue_first(client, cast, coverage):
    duties = owe(cast, coverage, 60)
    late = duties[-1]
    late.due_on = TODAY - timedelta(days=1)  # overdue by the date
    late.save()
    client.force_login(cast.head.user)
    url = f"/duties/of/{coverage.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 60 and len(page.object_list) == 50
    assert page.object_list[0] == late
    assert client.get(url + "?status=overdue").context["page"].paginator.count == 1
    assert list(client.get(url + "?page=2").context["page"].object_list)[-1] in duties


def test_the_group_page_shows_one_section_of_my_duties(client, cast, coverage):
    owe(cast, coverage, 4)
    next_year = owe(cast, coverage, 3)
    for duty in next_year:  # planned for next year already: coming up
        duty.period_start, duty.period_end, duty.due_on = date(2027, 4, 1), date(2028, 3, 31), date(2028, 3, 31)
        duty.save()
    client.force_login(cast.head.user)
    url = f"/duties/of/{coverage.pk}/"
    assert client.get(url).context["page"].paginator.count == 7
    response = client.get(url + "?section=coming_up")
    assert set(response.context["page"].object_list) == set(next_year)
    assert response.context["totals"]["all"] == 3 and "Your duties coming up" in response.content.decode()
    assert 'href="?section=coming_up"' not in response.content.decode()  # "All 3" is this page
    assert 'href="?section=coming_up&amp;status=open"' in response.content.decode()
    assert client.get(url + "?section=nonsense").context["page"].paginator.count == 7


def test_the_group_page_is_only_the_owners(client, cast, coverage):
    owe(cast, coverage, GROUP_FROM)
    url = f"/duties/of/{coverage.pk}/"
    client.force_login(cast.team_leader.user)
    assert client.get(url).status_code == 404
    client.force_login(cast.head.user)
    assert client.get("/duties/of/999999/").status_code == 404


def test_the_group_page_does_not_grow_with_the_group(client, cast, coverage):
    owe(cast, coverage, GROUP_FROM)
    client.force_login(cast.head.user)
    url = f"/duties/of/{coverage.pk}/"
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    owe(cast, coverage, 40)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)
