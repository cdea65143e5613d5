"""The actions panel: overdue read from the date, done counted in the period, grouped by where the
actions arose and by owner, scoped by the access rules, each number linking to exactly its
actions, in the same few queries however many there are."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from audits.models import Audit
from complaints.models import Complaint
from core.periods import LONDON
from learning.models import Action, ActionPlan, Status
from learning.tests.factories import ActionFactory, ThemePlanFactory, today
from observations.models import Observation
from people.tests.factories import StaffMemberFactory
from reports import actions as panel_module
from reports.actions import panel, standing
from reports.rows import find
from reports.scope import ReportPeriod, scope_for
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


def plan_of(model, source_id=1):
    """The plan of a record of this kind (the record itself is not needed to say where it arose)."""
    return ActionPlan.objects.create(
        title=f"Plan of {model.__name__} {source_id}",
        source_type=ContentType.objects.get_for_model(model),
        source_id=source_id,
    )


def action(owner, *, status=Status.OPEN, due=DAY + timedelta(days=10), raised=None, completed=None, **fields):
    if completed:
        fields.update(completed_on=completed, evidence="Done and checked")
    made = ActionFactory(owner=owner, raised_by=fields.pop("raised_by", owner), status=status, due_on=due, **fields)
    if raised:
        Action.objects.filter(pk=made.pk).update(
            created_at=datetime(raised.year, raised.month, raised.day, 10, tzinfo=LONDON)
        )
    return made


@pytest.fixture
def made(cast):
    audit, observation, complaint = plan_of(Audit), plan_of(Observation), plan_of(Complaint)
    return {
        # Stored as open, but its due date was yesterday.
        "open_due_yesterday": action(cast.practitioner, due=DAY - timedelta(days=1), plan=audit),
        # Overdue once, then given a later date: open again, with nothing to catch up.
        "stored_overdue_not_due": action(
            cast.practitioner, status=Status.OPEN, due=DAY + timedelta(days=20), plan=observation
        ),
        "in_progress": action(cast.nqsw, status=Status.IN_PROGRESS, plan=complaint),
        "overdue_long_ago": action(cast.nqsw, status=Status.IN_PROGRESS, due=date(2026, 1, 5), plan=audit),
        "done_in_10": action(
            cast.team_leader,
            status=Status.DONE,
            raised=date(2026, 4, 21),
            completed=date(2026, 5, 1),
            plan=ThemePlanFactory(),
        ),
        "done_in_31": action(
            cast.practitioner, status=Status.DONE, raised=date(2026, 5, 1), completed=date(2026, 6, 1), plan=audit
        ),
        "done_in_5": action(
            cast.practitioner, status=Status.DONE, raised=date(2026, 5, 5), completed=date(2026, 5, 10)
        ),
        "done_last_quarter": action(
            cast.practitioner, status=Status.DONE, raised=date(2026, 2, 1), completed=date(2026, 3, 1), plan=audit
        ),
        "outsiders": action(cast.outsider, due=date(2026, 2, 1), plan=audit),
    }


def counts(standing_of) -> tuple[int, int, int]:
    return standing_of.open.value, standing_of.overdue.value, standing_of.done.value


def test_overdue_is_read_from_the_date_not_the_stored_status(cast, made):
    found = standing(scope_of(cast.team_leader))
    assert counts(found.total) == (2, 2, 3)
    overdue = rows_behind(user_of(cast.team_leader), found.total.overdue.link, DAY)
    assert set(overdue) == {made["open_due_yesterday"], made["overdue_long_ago"]}
    opened = rows_behind(user_of(cast.team_leader), found.total.open.link, DAY)
    assert set(opened) == {made["stored_overdue_not_due"], made["in_progress"]}
    columns = find("actions").columns(scope_of(cast.team_leader))
    status = next(column for column in columns if column.heading == "Status")
    assert status.value(overdue.get(pk=made["open_due_yesterday"].pk)) == "Overdue"
    assert status.value(opened.get(pk=made["stored_overdue_not_due"].pk)) == "Open"


def test_the_day_after_it_falls_due_an_open_action_is_overdue(cast, made):
    due = made["in_progress"].due_on
    assert counts(standing(scope_of(cast.team_leader, day=due)).total)[:2] == (2, 2)
    assert counts(standing(scope_of(cast.team_leader, day=due + timedelta(days=1))).total)[:2] == (1, 3)


def test_the_actions_by_where_they_arose(cast, made):
    found = {each.label: counts(each) for each in standing(scope_of(cast.team_leader)).by_source}
    assert found == {
        "Case file audits": (0, 2, 1),
        "Observations of practice": (1, 0, 0),
        "Complaints": (1, 0, 0),
        "Learning themes": (0, 0, 1),
        "Other": (0, 0, 1),  # no plan
    }


def test_other_is_shown_only_when_there_is_some(cast):
    action(cast.practitioner, plan=ThemePlanFactory())
    labels = [each.label for each in standing(scope_of(cast.team_leader)).by_source]
    assert labels == ["Case file audits", "Observations of practice", "Complaints", "Learning themes"]


def test_the_owners_with_most_outstanding_come_first_and_link_to_theirs(cast, made):
    found = standing(scope_of(cast.team_leader)).by_owner
    assert [(each.label, counts(each)) for each in found] == [("Nqsw", (1, 1, 0)), ("Practitioner", (1, 1, 2))]
    assert f"owner={cast.nqsw.id}" in found[0].overdue.link
    for position in range(12):
        action(StaffMemberFactory(name=f"Person {position:02d}", line_manager=cast.team_leader, team=cast.team_a))
    assert len(standing(scope_of(cast.team_leader)).by_owner) == panel_module.TOP_OWNERS


def test_the_median_days_to_complete_of_those_done_in_the_period(cast, made):
    assert standing(scope_of(cast.team_leader)).median_days == 10  # 5, 10 and 31 days
    action(cast.nqsw, status=Status.DONE, raised=date(2026, 5, 1), completed=date(2026, 5, 8))
    assert standing(scope_of(cast.team_leader)).median_days == 8.5  # 5, 7, 10 and 31 days


def test_no_median_when_none_were_done(cast):
    action(cast.practitioner)
    assert standing(scope_of(cast.team_leader)).median_days is None


def test_the_oldest_overdue_link_to_their_own_pages(cast, made):
    for weeks in range(1, 7):
        action(cast.practitioner, due=DAY - timedelta(weeks=weeks))
    oldest = standing(scope_of(cast.team_leader)).oldest_overdue
    assert len(oldest) == panel_module.OLDEST
    assert oldest[0].url == f"/learning/actions/{made['overdue_long_ago'].pk}/"
    assert oldest[0].days_overdue == (DAY - date(2026, 1, 5)).days
    assert [late.due_on for late in oldest] == sorted(late.due_on for late in oldest)
    assert oldest[-1].due_on == DAY - timedelta(weeks=3)


def test_every_figure_counts_exactly_the_actions_it_links_to(cast, made):
    StaffMemberFactory(team=cast.team_b, line_manager=cast.head)
    for member, query in [
        (cast.team_leader, None),
        (cast.head, None),
        (cast.head, {"period": QUARTER, "team": cast.team_a.id}),
        (cast.head, {"period": "year-2026-04"}),
    ]:
        assert assert_figures_match_rows(user_of(member), standing(scope_of(member, query)), DAY) > 20


def test_a_team_leader_never_sees_another_teams_actions(client, cast, made):
    team_b_worker = StaffMemberFactory(team=cast.team_b, line_manager=cast.head, name="Team B Worker")
    action(team_b_worker, due=date(2026, 3, 1))
    mine = standing(scope_of(cast.team_leader))
    assert counts(mine.total) == (2, 2, 3)
    assert "Team B Worker" not in [each.label for each in mine.by_owner]
    assert all(late.owner != "Team B Worker" for late in mine.oldest_overdue)
    heads = standing(scope_of(cast.head))
    assert counts(heads.total) == (2, 3, 3)  # the head sees team B's, never the outsider's
    assert counts(standing(scope_of(cast.head, {"period": QUARTER, "team": cast.team_a.id})).total) == (2, 2, 3)
    client.force_login(cast.team_leader.user)
    assert client.get("/reports/", {"team": cast.team_b.id}).status_code == 404
    found = client.get("/reports/rows/actions/", {"period": QUARTER, "owner": team_b_worker.id})
    assert found.status_code == 200 and found.context["page"].paginator.count == 0


def test_no_panel_for_a_practitioner_nor_within_a_strand(cast, made):
    assert panel(scope_of(cast.practitioner)) is None
    assert panel(scope_of(cast.team_leader, {"period": QUARTER, "strand": "audit"})) is None
    assert panel(scope_of(cast.team_leader)).key == "actions"


def test_the_same_queries_for_3_actions_as_for_30(cast):
    def queries():
        scope = scope_of(cast.head)
        with CaptureQueriesContext(connection) as captured:
            found = standing(scope)
        return len(captured), found

    plans = [plan_of(Audit, 7), ThemePlanFactory(), None]

    def three(n):
        """One overdue, one open and one done, each of someone else and from somewhere else."""
        owner = StaffMemberFactory(team=cast.team_a, line_manager=cast.team_leader)
        action(owner, due=DAY - timedelta(days=n + 1), plan=plans[n % 3])
        action(cast.nqsw, plan=plans[(n + 1) % 3])
        action(owner, status=Status.DONE, raised=date(2026, 4, 1), completed=date(2026, 5, n + 1), plan=plans[n % 3])

    three(0)
    few, found = queries()
    assert counts(found.total) == (1, 1, 1) and len(found.oldest_overdue) == 1
    for n in range(1, 10):
        three(n)
    many, found = queries()
    assert counts(found.total) == (10, 10, 10) and len(found.oldest_overdue) == panel_module.OLDEST
    assert many == few


def test_the_dashboard_and_the_rows_show_the_same_numbers_today(client, cast):
    """Through the pages, as of today: what the dashboard says, the rows page shows."""
    day = today()
    period = ReportPeriod.containing("quarter", day)
    action(cast.practitioner, due=day - timedelta(days=1), description="Chase the health assessment")
    action(cast.nqsw, due=day + timedelta(days=3))
    action(cast.nqsw, status=Status.DONE, raised=period.start, completed=day)
    client.force_login(cast.head.user)
    response = client.get("/reports/", {"period": period.code})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Actions from quality assurance" in text and 'href="/reports/rows/actions/' in text
    data = next(each for each in response.context["panels"] if each.key == "actions").data
    assert counts(data.total) == (1, 1, 1)
    for figure in data.total.open, data.total.overdue, data.total.done:
        rows_page = client.get(figure.link)
        assert rows_page.status_code == 200
        assert rows_page.context["page"].paginator.count == figure.value
    overdue = client.get(data.total.overdue.link).content.decode()
    assert "Chase the health assessment" in overdue and "Overdue" in overdue
    download = client.get(data.total.overdue.link + "&download=csv")
    assert b"Chase the health assessment" in b"".join(download.streaming_content)
    assert client.get("/reports/rows/actions/", {"period": period.code, "state": "late"}).status_code == 404
