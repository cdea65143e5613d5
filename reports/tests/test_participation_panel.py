"""The participation panel: meetings held in the period and those who took part (sums of each
meeting's counts), "you said, we did" open, overdue (read from the date) and done in the period,
scoped by the access rules and the team a meeting belongs to, each number linking to its rows."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.periods import LONDON
from participation import actions
from participation.models import MeetingKind, ResponseStatus
from participation.tests.factories import MeetingFactory
from people.tests.factories import StaffMemberFactory
from reports.participation import panel, participation
from reports.rows import find
from reports.scope import ReportPeriod, scope_for
from reports.scope import today as report_today
from reports.tests.helpers import assert_figures_match_rows, rows_behind

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 20)  # in Q1 2026/27
QUARTER = "quarter-2026-04"


def user_of(member):
    """The member's user afresh: whom a user sees is cached on the object, and tests add people."""
    return get_user_model().objects.get(pk=member.user_id)


def scope_of(member, query=None, day=DAY):
    request = RequestFactory().get("/reports/", {"period": QUARTER} if query is None else query)
    request.user = user_of(member)
    return scope_for(request, day=day)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, tzinfo=LONDON)


def feedback(meeting, owner, respond_by, *, added=date(2026, 3, 1), **fields):
    return actions.add_feedback(
        meeting,
        acting_user=owner.user,
        at=at(added),
        from_whom="child",
        said=fields.pop("said", "We want to meet our social worker more"),
        owner=owner,
        respond_by=respond_by,
        **fields,
    )


def mark(item, status, on: date):
    return actions.change_feedback(
        item, acting_user=item.owner.user, at=at(on), status=status, response="We changed the rota"
    )


@pytest.fixture
def team_b_worker(cast):
    return StaffMemberFactory(team=cast.team_b, line_manager=cast.head, name="Team B Worker")


@pytest.fixture
def held(cast, team_b_worker):
    kinds = MeetingKind
    meetings = {
        "cicc": MeetingFactory(
            kind=kinds.CHILDREN_IN_CARE_COUNCIL,
            held_on=date(2026, 4, 10),
            team=None,
            recorded_by=cast.team_leader,
            children_count=8,
            carers_count=2,
        ),
        "team_meeting": MeetingFactory(
            kind=kinds.TEAM_MEETING,
            held_on=date(2026, 5, 5),
            team=cast.team_a,
            recorded_by=cast.practitioner,
            children_count=0,
        ),
        "event": MeetingFactory(
            kind=kinds.PARTICIPATION_EVENT,
            held_on=date(2026, 6, 1),
            team=cast.team_a,
            recorded_by=cast.nqsw,
            children_count=12,
            parents_count=5,
            carers_count=3,
            foster_carers_count=1,
        ),
        "last_quarter": MeetingFactory(
            kind=kinds.CHILDREN_IN_CARE_COUNCIL,
            held_on=date(2026, 3, 1),
            recorded_by=cast.team_leader,
            children_count=50,
        ),
        "team_b": MeetingFactory(
            kind=kinds.PARTICIPATION_EVENT,
            held_on=date(2026, 5, 1),
            team=cast.team_b,
            recorded_by=team_b_worker,
            children_count=20,
        ),
        "liaison": MeetingFactory(
            kind=kinds.FOSTER_CARERS_LIAISON_GROUP,
            held_on=date(2026, 5, 15),
            team=None,
            recorded_by=team_b_worker,
            children_count=0,
            foster_carers_count=30,
        ),
    }
    said = {
        "open_due_yesterday": feedback(meetings["cicc"], cast.practitioner, DAY - timedelta(days=1)),
        "in_progress": feedback(
            meetings["event"], cast.nqsw, DAY + timedelta(days=10), status=ResponseStatus.IN_PROGRESS
        ),
        "done_in_period": feedback(meetings["last_quarter"], cast.team_leader, DAY + timedelta(days=5)),
        "done_last_quarter": feedback(meetings["cicc"], cast.practitioner, date(2026, 4, 1)),
        "done_again": feedback(meetings["cicc"], cast.practitioner, DAY - timedelta(days=3)),
        "done_then_edited": feedback(meetings["cicc"], cast.practitioner, date(2026, 4, 1)),
        "team_bs": feedback(meetings["team_b"], team_b_worker, DAY - timedelta(days=2)),
    }
    mark(said["done_in_period"], ResponseStatus.DONE, date(2026, 5, 1))
    mark(said["done_last_quarter"], ResponseStatus.DONE, date(2026, 3, 15))
    mark(said["done_again"], ResponseStatus.DONE, date(2026, 3, 10))
    mark(said["done_again"], ResponseStatus.IN_PROGRESS, date(2026, 4, 2))  # reopened
    mark(said["done_again"], ResponseStatus.DONE, date(2026, 5, 12))
    mark(said["done_then_edited"], ResponseStatus.DONE, date(2026, 3, 10))
    actions.change_feedback(
        said["done_then_edited"],
        acting_user=cast.practitioner.user,
        at=at(date(2026, 4, 5)),
        response="We changed the rota, and told the young people",
    )
    return meetings, said


def took_part(found) -> list[int]:
    return [figure.value for figure in found.figures]


def test_the_meetings_held_and_those_who_took_part(cast, held):
    found = participation(scope_of(cast.team_leader))
    assert took_part(found.total) == [3, 20, 5, 5, 1]  # held, children, parents, carers, foster carers
    by_kind = {row.label: took_part(row) for row in found.by_kind}
    assert by_kind["Children in Care Council"] == [1, 8, 0, 2, 0]
    assert by_kind["Participation event"] == [1, 12, 5, 3, 1]
    assert by_kind["Focus group"] == [0, 0, 0, 0, 0]
    assert found.total.took_part[0].adds == "children_count"


def test_meetings_without_a_team_count_only_when_no_team_is_chosen(cast, held):
    team_a = participation(scope_of(cast.head, {"period": QUARTER, "team": cast.team_a.id}))
    assert took_part(team_a.total) == [2, 12, 5, 3, 1]
    service = participation(scope_of(cast.head, {"period": QUARTER, "service": cast.service.id}))
    assert took_part(service.total) == [3, 32, 5, 3, 1]  # team A's and team B's, not the CiCC nor the liaison group
    everyone = participation(scope_of(cast.head))
    assert took_part(everyone.total) == [5, 40, 5, 5, 31]


def test_you_said_we_did_overdue_is_read_from_the_date(cast, held):
    meetings, said = held
    found = participation(scope_of(cast.team_leader))
    assert (found.open.value, found.overdue.value, found.done.value) == (1, 1, 2)
    overdue = rows_behind(user_of(cast.team_leader), found.overdue.link, DAY)
    assert list(overdue) == [said["open_due_yesterday"]]
    status = next(
        column for column in find("feedback").columns(scope_of(cast.team_leader)) if column.heading == "Status"
    )
    assert said["open_due_yesterday"].status == ResponseStatus.OPEN and status.value(overdue.get()) == "Overdue"
    assert list(rows_behind(user_of(cast.team_leader), found.open.link, DAY)) == [said["in_progress"]]
    tomorrow = participation(scope_of(cast.team_leader, day=said["in_progress"].respond_by + timedelta(days=1)))
    assert (tomorrow.open.value, tomorrow.overdue.value) == (0, 2)


def test_done_is_when_it_was_last_marked_done(cast, held):
    meetings, said = held
    found = participation(scope_of(cast.team_leader))
    done = rows_behind(user_of(cast.team_leader), found.done.link, DAY)
    assert set(done) == {said["done_in_period"], said["done_again"]}
    on = next(column for column in find("feedback").columns(scope_of(cast.team_leader)) if column.heading == "Done on")
    assert on.value(done.get(pk=said["done_again"].pk)) == date(2026, 5, 12)  # not 10 March, before it was reopened
    last_quarter = participation(scope_of(cast.team_leader, {"period": "quarter-2026-01"}))
    assert last_quarter.done.value == 2  # done in March, and done in March then only edited


def test_every_figure_counts_or_adds_up_exactly_its_rows(cast, held):
    for member, query in [
        (cast.team_leader, None),
        (cast.head, None),
        (cast.head, {"period": QUARTER, "team": cast.team_b.id}),
        (cast.head, {"period": "year-2026-04"}),
        (cast.team_leader, {"period": "quarter-2026-01"}),
    ]:
        assert assert_figures_match_rows(user_of(member), participation(scope_of(member, query)), DAY) > 40


def test_a_team_leader_never_sees_another_teams_meetings_or_feedback(client, cast, held):
    meetings, said = held
    mine = participation(scope_of(cast.team_leader))
    assert {row.label: row.held.value for row in mine.by_kind}["Foster Carers Liaison Group"] == 0
    assert took_part(mine.total)[1] == 20  # not team B's 20 children
    assert mine.overdue.value == 1
    theirs = participation(scope_of(cast.head))
    assert theirs.overdue.value == 2
    client.force_login(cast.team_leader.user)
    assert client.get("/reports/", {"team": cast.team_b.id}).status_code == 404
    seen = client.get("/reports/rows/meetings/", {"period": QUARTER})
    assert seen.context["page"].paginator.count == 3
    assert "Team B" not in [row[1][3] for row in seen.context["table"]]


def test_no_panel_for_a_practitioner_nor_within_another_strand(cast, held):
    assert panel(scope_of(cast.practitioner)) is None
    assert panel(scope_of(cast.team_leader, {"period": QUARTER, "strand": "complaints"})) is None
    assert panel(scope_of(cast.team_leader, {"period": QUARTER, "strand": "participation"})).key == "participation"


def test_the_same_queries_for_3_meetings_as_for_30(cast):
    def queries():
        scope = scope_of(cast.head)
        with CaptureQueriesContext(connection) as captured:
            found = participation(scope)
        return len(captured), found

    kinds = list(MeetingKind)

    def three(n):
        owner = StaffMemberFactory(team=cast.team_a, line_manager=cast.team_leader)
        for which in range(3):
            meeting = MeetingFactory(
                kind=kinds[(n + which) % len(kinds)],
                held_on=date(2026, 4, 1 + n),
                team=[None, cast.team_a, cast.team_b][which],
                recorded_by=owner,
            )
            item = feedback(meeting, owner, [DAY - timedelta(days=1), DAY, DAY][which])
            if which == 2:
                mark(item, ResponseStatus.DONE, date(2026, 5, 1 + n))

    three(0)
    few, found = queries()
    assert (found.total.held.value, found.open.value, found.overdue.value, found.done.value) == (3, 1, 1, 1)
    for n in range(1, 10):
        three(n)
    many, found = queries()
    assert (found.total.held.value, found.open.value, found.overdue.value, found.done.value) == (30, 10, 10, 10)
    assert many == few


def test_the_dashboard_and_the_rows_show_the_same_numbers_today(client, cast):
    today = report_today()
    period = ReportPeriod.containing("quarter", today)
    meeting = MeetingFactory(
        held_on=period.start,
        recorded_by=cast.practitioner,
        children_count=7,
        parents_count=2,
        title="Summer participation day",
    )
    feedback(meeting, cast.practitioner, today - timedelta(days=1), added=period.start)
    done = feedback(meeting, cast.nqsw, today + timedelta(days=7), added=period.start)
    actions.change_feedback(done, acting_user=cast.nqsw.user, status=ResponseStatus.DONE, response="Done today")
    client.force_login(cast.head.user)
    response = client.get("/reports/", {"period": period.code})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="participation-heading"' in text and 'href="/reports/rows/feedback/' in text
    data = next(each for each in response.context["panels"] if each.key == "participation").data
    assert (data.total.held.value, data.total.took_part[0].value, data.overdue.value, data.done.value) == (1, 7, 1, 1)
    for figure in data.total.held, data.overdue, data.done, data.open:
        rows_page = client.get(figure.link)
        assert rows_page.status_code == 200
        assert rows_page.context["page"].paginator.count == figure.value
    assert "Summer participation day" in client.get(data.total.held.link).content.decode()
