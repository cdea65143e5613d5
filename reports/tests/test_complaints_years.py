"""Complaints over five calendar years: each year counted as the complaints panel counts a period,
each number linking to exactly its complaints or stages of that year, in the same two queries
however many complaints there are."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from complaints import actions
from complaints.models import OmbudsmanOutcome
from complaints.tests.factories import make_complaint
from people.tests.factories import StaffMemberFactory
from reports.complaints_years import FAULT_FOUND, figures, panel, tables, years
from reports.scope import scope_for
from reports.tests.helpers import assert_figures_match_rows, rows_behind

pytestmark = pytest.mark.django_db
D = date

DAY = D(2026, 7, 15)
CALENDAR = "calendar-2025-01"  # the annual report's year: 2021 to 2025 are shown


def user_of(member):
    """The member's user afresh: whom a user sees is cached on the object, and tests add people."""
    return get_user_model().objects.get(pk=member.user_id)


def scope_of(member, query=None, day=DAY):
    request = RequestFactory().get("/reports/", {"period": CALENDAR} if query is None else query)
    request.user = user_of(member)
    return scope_for(request, day=day)


@pytest.fixture
def team_b_worker(cast):
    return StaffMemberFactory(team=cast.team_b, line_manager=cast.head, name="Team B Worker")


@pytest.fixture
def five_years(cast, team_b_worker):
    """Team A's complaints from 2020 to 2026, and one of team B's in 2025 that the team leader
    may not see."""
    user = cast.team_leader.user

    def made(received_on, **fields):
        return make_complaint(handler=cast.team_leader, received_on=received_on, team=cast.team_a, **fields)

    old = made(D(2020, 6, 1))  # received before the five years, referred within them
    actions.close_complaint(old, acting_user=user, closed_on=D(2020, 7, 1), outcome="withdrawn", lessons_learnt="")
    actions.update_details(old, acting_user=user, ombudsman_referred_on=D(2021, 2, 1), ombudsman_outcome="upheld")

    p = made(D(2023, 3, 1))
    actions.record_response(p, acting_user=user, responded_on=D(2023, 3, 10), outcome="not_upheld")  # on time
    actions.close_complaint(p, acting_user=user, closed_on=D(2023, 4, 1), outcome="not_upheld", lessons_learnt="")
    actions.update_details(p, acting_user=user, ombudsman_referred_on=D(2023, 6, 1), ombudsman_outcome="upheld")

    q = made(D(2024, 2, 1))  # stage 1 due 15 February
    actions.record_response(q, acting_user=user, responded_on=D(2024, 3, 1), outcome="not_upheld")  # late
    actions.escalate(q, acting_user=user, requested_on=D(2024, 3, 5), today=D(2024, 3, 5))
    actions.record_response(q, acting_user=user, responded_on=D(2024, 4, 1), outcome="partly_upheld")  # on time
    actions.close_complaint(q, acting_user=user, closed_on=D(2024, 4, 10), outcome="partly_upheld", lessons_learnt="")

    r = made(D(2024, 12, 20))  # received in 2024, answered (on its due date) in 2025
    assert r.due_on.year == 2025
    actions.record_response(r, acting_user=user, responded_on=r.due_on, outcome="upheld")

    s = made(D(2025, 5, 1))
    actions.record_response(s, acting_user=user, responded_on=D(2025, 6, 30), outcome="not_upheld")  # late
    actions.update_details(s, acting_user=user, ombudsman_referred_on=D(2025, 7, 1), ombudsman_outcome="not_upheld")

    t = made(D(2025, 9, 1))
    actions.close_complaint(t, acting_user=user, closed_on=D(2025, 9, 5), outcome="withdrawn", lessons_learnt="")

    u = made(D(2025, 10, 1))
    actions.update_details(u, acting_user=user, ombudsman_referred_on=D(2025, 11, 1), ombudsman_outcome="premature")

    made(D(2026, 2, 1))  # after the annual report's year

    v = make_complaint(handler=team_b_worker, team=cast.team_b, received_on=D(2025, 3, 3))
    actions.record_response(v, acting_user=team_b_worker.user, responded_on=D(2025, 3, 7), outcome="upheld")
    actions.update_details(
        v, acting_user=team_b_worker.user, ombudsman_referred_on=D(2025, 4, 1), ombudsman_outcome="upheld"
    )
    return {"p": p, "q": q, "r": r, "s": s, "t": t, "u": u, "v": v}


def column(found, name) -> list[int]:
    return [getattr(row, name).value for row in found.years]


def on_time(found, stage) -> list[str]:
    return [row.on_time[stage - 1].share for row in found.years]


def test_each_years_figures(cast, five_years):
    found = figures(scope_of(cast.head))
    assert [row.label for row in found.years] == ["2021", "2022", "2023", "2024", "2025"]
    assert column(found, "received") == [0, 0, 1, 2, 4]
    assert on_time(found, 1) == ["– (none)", "– (none)", "100% (1 of 1)", "0% (0 of 1)", "67% (2 of 3)"]
    assert on_time(found, 2) == ["– (none)", "– (none)", "– (none)", "100% (1 of 1)", "– (none)"]
    assert on_time(found, 3) == ["– (none)"] * 5
    assert column(found, "closed") == [0, 0, 1, 1, 1]
    assert column(found, "referred") == [1, 0, 1, 0, 3]
    assert column(found, "fault_found") == [1, 0, 1, 0, 1]
    # q, received in 2024, went on to stage 2: one of that year's two complaints.
    assert [row.escalated[0].share for row in found.years][2:] == ["0% (0 of 1)", "50% (1 of 2)", "0% (0 of 4)"]
    assert [row.escalated[1].value for row in found.years] == [0] * 5
    behind = rows_behind(user_of(cast.head), found.years[3].escalated[0].link, DAY)
    assert [row.reference for row in behind] == [five_years["q"].reference]


def test_a_team_leader_counts_only_the_complaints_they_may_see(cast, five_years):
    found = figures(scope_of(cast.team_leader))
    assert column(found, "received") == [0, 0, 1, 2, 3]
    assert on_time(found, 1)[-1] == "50% (1 of 2)"
    assert (column(found, "referred")[-1], column(found, "fault_found")[-1]) == (2, 0)
    rows = rows_behind(user_of(cast.team_leader), found.years[-1].received.link, DAY)
    assert five_years["v"].reference not in {row.reference for row in rows}
    team_b = figures(scope_of(cast.head, {"period": CALENDAR, "team": cast.team_b.id}))
    assert column(team_b, "received") == [0, 0, 0, 0, 1] and column(team_b, "fault_found") == [0, 0, 0, 0, 1]


def test_only_the_ombudsmans_upheld_decision_is_fault_found(cast, five_years):
    assert FAULT_FOUND == OmbudsmanOutcome.UPHELD and OmbudsmanOutcome(FAULT_FOUND).label == "Upheld: fault found"
    found = figures(scope_of(cast.head)).years[-1]
    behind = rows_behind(user_of(cast.head), found.fault_found.link, DAY)
    assert [row.reference for row in behind] == [five_years["v"].reference]  # not s's "not upheld", nor u's "premature"


def test_every_figure_counts_exactly_the_complaints_or_stages_it_links_to(cast, five_years):
    for member, query in [
        (cast.team_leader, None),
        (cast.head, None),
        (cast.head, {"period": CALENDAR, "team": cast.team_b.id}),
        (cast.head, {"period": CALENDAR, "service": cast.service.id}),
        (cast.head, {"period": "quarter-2026-04"}),
    ]:
        data = figures(scope_of(member, query))
        # A year: received, escalated to 2 and 3, closed, referred and fault found; each stage answered, and on time.
        assert assert_figures_match_rows(user_of(member), data, DAY) == 5 * (6 + 3 + 3)


def test_each_figure_links_to_its_own_year(cast, five_years):
    found = figures(scope_of(cast.head))
    assert "period=calendar-2023-01" in found.years[2].received.link
    assert "period=calendar-2025-01" in found.years[4].on_time[0].link
    assert "within=yes" in found.years[4].on_time[0].link and "stage=1" in found.years[4].on_time[0].link


def test_the_years_end_with_the_one_holding_the_periods_last_day(cast):
    for code, labels in [
        (CALENDAR, ["2021", "2022", "2023", "2024", "2025"]),
        ("quarter-2026-04", ["2022", "2023", "2024", "2025", "2026"]),
        ("half-2025-10", ["2022", "2023", "2024", "2025", "2026"]),  # October 2025 to March 2026
        ("year-2024-04", ["2021", "2022", "2023", "2024", "2025"]),  # April 2024 to March 2025
    ]:
        found = years(scope_of(cast.head, {"period": code}))
        assert [year.short_label for year in found] == labels
        assert {year.kind for year in found} == {"calendar"}
        following = zip(found[:-1], found[1:], strict=True)
        assert all(later.start == earlier.end + timedelta(days=1) for earlier, later in following)


def test_a_year_not_over_yet_says_so(cast, five_years):
    found = figures(scope_of(cast.head, {"period": "quarter-2026-04"}))
    assert [row.label for row in found.years][-2:] == ["2025", "2026 (so far)"]
    assert column(found, "received") == [0, 1, 2, 4, 1]


def test_the_same_queries_for_3_complaints_as_for_30(cast, team_b_worker, django_assert_max_num_queries):
    def queries():
        scope = scope_of(cast.head)
        with CaptureQueriesContext(connection) as captured:
            found = figures(scope)
        return len(captured), found

    def three(n):
        user = cast.team_leader.user
        received = D(2021 + n % 5, 3, 1) + timedelta(days=n)
        make_complaint(handler=cast.team_leader, team=cast.team_a, received_on=received)
        answered = make_complaint(handler=team_b_worker, team=cast.team_b, received_on=received, complainant="child")
        actions.record_response(
            answered, acting_user=team_b_worker.user, responded_on=received + timedelta(days=3), outcome="upheld"
        )
        closed = make_complaint(handler=cast.team_leader, team=cast.team_a, received_on=received, category="delay")
        actions.close_complaint(
            closed, acting_user=user, closed_on=received + timedelta(days=5), outcome="withdrawn", lessons_learnt=""
        )
        actions.update_details(closed, acting_user=user, ombudsman_referred_on=received + timedelta(days=6))

    three(0)
    few, found = queries()
    assert sum(column(found, "received")) == 3
    for n in range(1, 10):
        three(n)
    many, found = queries()
    assert column(found, "received") == [6, 6, 6, 6, 6] and column(found, "referred") == [2, 2, 2, 2, 2]
    assert many == few
    scope = scope_of(cast.head)
    # One over the complaints, one over their stages, and whether the head holds the Complaints
    # Manager role (who may see which complaint, asked once).
    with django_assert_max_num_queries(3):
        figures(scope)


def test_the_panel_draws_every_number_as_a_link(cast, five_years):
    shown = panel(scope_of(cast.head))
    assert (shown.key, shown.title) == ("complaints-years", "Complaints over five years")
    html = render_to_string(shown.template, {"data": shown.data})
    wrapper = 'class="app-table-wrapper" role="region" aria-label="Complaints over five calendar years" tabindex="0"'
    assert wrapper in html
    assert "<svg" in html and "Complaints received each calendar year, oldest first: 0 in 2021, 0 in 2022" in html
    for heading in (
        "Received",
        "Stage 1 on time",
        "Stage 2 on time",
        "Stage 3 on time",
        "Closed",
        "Referred to the Ombudsman",
        "Fault found by the Ombudsman",
    ):
        assert f">{heading}</th>" in html
    row = shown.data.years[-1]
    assert f'<a class="govuk-link" href="{row.on_time[0].link.replace("&", "&amp;")}">67% (2 of 3)</a>' in html
    for figure in (row.received, row.closed, row.referred, row.fault_found):
        assert f'<a class="govuk-link" href="{figure.link.replace("&", "&amp;")}">{figure.value}</a>' in html
    assert html.count('<td class="govuk-table__cell govuk-table__cell--numeric"><a class="govuk-link"') == 5 * 9


def test_the_download_has_a_row_a_year(cast, five_years):
    data = figures(scope_of(cast.head))
    (table,) = tables(data)
    assert table.key == "complaints-years"
    assert all(len(row) == len(table.headings) for row in table.rows)
    last = dict(zip(table.headings, table.rows[-1], strict=True))
    assert (last["Received"].value, last["Stage 1 answered"].value, last["Stage 1 on time"].value) == (4, 3, 2)
    assert last["Stage 1 on time (%)"] == 67


def test_no_panel_for_a_practitioner_nor_within_another_strand(cast, five_years):
    assert panel(scope_of(cast.practitioner)) is None
    assert panel(scope_of(cast.team_leader, {"period": CALENDAR, "strand": "audit"})) is None
    assert panel(scope_of(cast.team_leader, {"period": CALENDAR, "strand": "complaints"})).key == "complaints-years"


def test_the_rows_page_shows_as_many_as_the_figure_says(client, cast, five_years):
    row = figures(scope_of(cast.head)).years[-1]
    client.force_login(cast.head.user)
    for figure in (row.received, row.on_time[0], row.fault_found):
        page = client.get(figure.link)
        assert page.status_code == 200 and page.context["page"].paginator.count == figure.value
