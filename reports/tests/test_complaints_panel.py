"""The complaints panel: counted with the monitoring page's own conditions, scoped by who may see
each complaint and by the team it is filed under, each number linking to exactly its complaints
or stages, in the same two queries however many there are."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from complaints import actions
from complaints.models import Complaint
from complaints.monitoring import figures as monitoring_figures
from complaints.tests.factories import make_complaint, today
from people.tests.factories import StaffMemberFactory
from reports.complaints import figures, panel
from reports.rows import find
from reports.scope import ReportPeriod, scope_for
from reports.tests.helpers import assert_figures_match_rows, rows_behind

pytestmark = pytest.mark.django_db
D = date

DAY = D(2026, 7, 15)
QUARTER = "quarter-2026-04"  # April to June 2026


def user_of(member):
    """The member's user afresh: whom a user sees is cached on the object, and tests add people."""
    return get_user_model().objects.get(pk=member.user_id)


def scope_of(member, query=None, day=DAY):
    request = RequestFactory().get("/reports/", {"period": QUARTER} if query is None else query)
    request.user = user_of(member)
    return scope_for(request, day=day)


@pytest.fixture
def team_b_worker(cast):
    return StaffMemberFactory(team=cast.team_b, line_manager=cast.head, name="Team B Worker")


@pytest.fixture
def quarter(cast, team_b_worker):
    """Complaints around the first quarter of 2026/27, as the monitoring page's tests have them,
    and one of team B's that the team leader may not see."""
    user = cast.team_leader.user

    def made(received_on, **fields):
        return make_complaint(handler=cast.team_leader, received_on=received_on, team=cast.team_a, **fields)

    a = made(D(2026, 4, 1), complainant="parent", category="delay")
    actions.record_response(a, acting_user=user, responded_on=D(2026, 4, 17), outcome="upheld")  # on its due date
    actions.escalate(a, acting_user=user, requested_on=D(2026, 5, 1), today=D(2026, 5, 1))  # due 9 June
    actions.record_response(a, acting_user=user, responded_on=D(2026, 6, 30), outcome="partly_upheld")  # late
    actions.close_complaint(a, acting_user=user, closed_on=D(2026, 7, 1), outcome="partly_upheld", lessons_learnt="")

    b = made(D(2026, 5, 10), complainant="child", category="communication")
    actions.extend_stage(b, acting_user=user, new_due_on=D(2026, 5, 29), reason="Waiting to meet the young person")
    actions.record_response(b, acting_user=user, responded_on=D(2026, 5, 28), outcome="not_upheld")
    actions.close_complaint(b, acting_user=user, closed_on=D(2026, 6, 1), outcome="not_upheld", lessons_learnt="")

    c = made(D(2026, 6, 15), complainant="carer", category="staff_conduct")
    actions.close_complaint(c, acting_user=user, closed_on=D(2026, 6, 20), outcome="withdrawn", lessons_learnt="")
    actions.update_details(c, acting_user=user, ombudsman_referred_on=D(2026, 6, 25))

    d = made(D(2026, 3, 20), complainant="other", category="decision")  # due 7 April
    actions.record_response(d, acting_user=user, responded_on=D(2026, 4, 10), outcome="not_upheld")  # late

    made(D(2026, 7, 2))  # the next quarter

    f = make_complaint(
        handler=team_b_worker,
        team=cast.team_b,
        received_on=D(2026, 5, 5),
        complainant="parent",
        category="delay",
        case_reference="CR-77777",
    )
    actions.record_response(f, acting_user=team_b_worker.user, responded_on=D(2026, 5, 12), outcome="upheld")
    actions.update_details(
        f, acting_user=team_b_worker.user, ombudsman_referred_on=D(2026, 5, 20), ombudsman_outcome="upheld"
    )
    return {"a": a, "b": b, "c": c, "d": d, "f": f}


def by_label(pairs) -> dict[str, int]:
    return {label: figure.value for label, figure in pairs}


def test_the_quarters_figures(cast, quarter):
    found = figures(scope_of(cast.team_leader))
    assert found.received.value == 3
    assert by_label(found.by_complainant) == {
        "The child or young person": 1,
        "A parent": 1,
        "A carer": 1,
        "Someone else (an advocate, a relative, a professional)": 0,
    }
    assert by_label(found.by_category) == {
        "Quality of service": 0,
        "Communication": 1,
        "Staff conduct": 1,
        "A decision made": 0,
        "Delay": 1,
        "Other": 0,
    }
    one, two, three = found.stages
    assert (one.requested.value, one.answered.value, one.late.value, one.extended.value) == (3, 3, 1, 1)
    assert one.within.share == "67% (2 of 3)"
    assert [figure.value for figure in one.outcomes] == [1, 0, 2]
    assert (two.requested.value, two.answered.value, two.within.share) == (1, 1, "0% (0 of 1)")
    assert [figure.value for figure in two.outcomes] == [0, 1, 0]
    assert (three.answered.value, three.within.share) == (0, "– (none)")
    assert found.all_stages.within.share == "50% (2 of 4)"
    assert found.closed.value == 2
    assert by_label(found.closed_by_outcome) == {"Upheld": 0, "Partly upheld": 0, "Not upheld": 1, "Withdrawn": 1}
    assert found.referred.value == 1 and by_label(found.decisions)["Not decided yet"] == 1


def test_the_panel_counts_as_the_complaints_managers_monitoring_page_does(cast, quarter):
    for member in (cast.team_leader, cast.head):
        mine = figures(scope_of(member))
        theirs = monitoring_figures(Complaint.objects.visible_to(user_of(member)), D(2026, 4, 1), D(2026, 6, 30))
        assert mine.received.value == theirs.received
        assert [(label, figure.value) for label, figure in mine.by_complainant] == theirs.by_complainant
        assert [(label, figure.value) for label, figure in mine.by_category] == theirs.by_category
        for row, stage in zip(mine.stages, theirs.stages, strict=True):
            assert (row.requested.value, row.answered.value, row.within.value, row.extended.value) == (
                stage.requested,
                stage.responded,
                stage.within_timescale,
                stage.extended,
            )
            assert [figure.value for figure in row.outcomes] == [count for _, count in stage.outcomes]
        assert mine.all_stages.within.percent == theirs.within_percent
        assert [(label, figure.value) for label, figure in mine.closed_by_outcome] == theirs.closed_by_outcome
        assert mine.referred.value == theirs.ombudsman_referred
        assert [(label, figure.value) for label, figure in mine.decisions] == theirs.ombudsman_decisions


def test_every_figure_counts_exactly_the_complaints_or_stages_it_links_to(cast, quarter):
    for member, query in [
        (cast.team_leader, None),
        (cast.head, None),
        (cast.head, {"period": QUARTER, "team": cast.team_b.id}),
        (cast.head, {"period": "year-2026-04", "service": cast.service.id}),
    ]:
        assert assert_figures_match_rows(user_of(member), figures(scope_of(member, query)), DAY) > 50


def test_a_team_leader_never_sees_another_teams_complaints(client, cast, quarter):
    mine = figures(scope_of(cast.team_leader))
    assert mine.received.value == 3 and mine.referred.value == 1
    assert by_label(mine.decisions)["Upheld: fault found"] == 0
    references = {row.reference for row in rows_behind(user_of(cast.team_leader), mine.received.link, DAY)}
    assert quarter["f"].reference not in references
    heads = figures(scope_of(cast.head))
    assert heads.received.value == 4 and by_label(heads.decisions)["Upheld: fault found"] == 1
    team_b = figures(scope_of(cast.head, {"period": QUARTER, "team": cast.team_b.id}))
    assert (team_b.received.value, team_b.stages[0].answered.value, team_b.referred.value) == (1, 1, 1)
    client.force_login(cast.team_leader.user)
    assert client.get("/reports/", {"team": cast.team_b.id}).status_code == 404
    found = client.get("/reports/rows/complaints/", {"period": QUARTER, "decision": "upheld", "event": "ombudsman"})
    assert found.status_code == 200 and found.context["page"].paginator.count == 0


def test_the_rows_name_the_case_by_reference_only(cast, quarter):
    scope = scope_of(cast.head)
    headings = [column.heading for column in find("complaints").columns(scope)]
    assert "Case reference" in headings and "Summary" not in headings
    rows_of_f = rows_behind(user_of(cast.head), figures(scope).received.link, DAY).get(pk=quarter["f"].pk)
    cells = [column.value(rows_of_f) for column in find("complaints").columns(scope)]
    assert "CR-77777" in cells and quarter["f"].summary not in cells


def test_a_stage_answered_late_is_outside_the_timescale(cast, quarter):
    late = figures(scope_of(cast.team_leader)).all_stages.late
    stages = rows_behind(user_of(cast.team_leader), late.link, DAY)
    assert sorted((stage.complaint.reference, stage.number) for stage in stages) == [
        (quarter["a"].reference, 2),
        (quarter["d"].reference, 1),
    ]


def test_no_panel_for_a_practitioner_nor_within_another_strand(cast, quarter):
    assert panel(scope_of(cast.practitioner)) is None
    assert panel(scope_of(cast.team_leader, {"period": QUARTER, "strand": "audit"})) is None
    assert panel(scope_of(cast.team_leader, {"period": QUARTER, "strand": "complaints"})).key == "complaints"
    assert panel(scope_of(cast.team_leader)).key == "complaints"


def test_a_value_a_filter_cannot_read_is_not_found(client, cast, quarter):
    client.force_login(cast.head.user)
    for name, query in [
        ("complaints", {"event": "lost"}),
        ("complaints", {"decision": "maybe"}),
        ("complaint-stages", {"within": "perhaps"}),
        ("complaint-stages", {"stage": "4"}),
    ]:
        assert client.get(f"/reports/rows/{name}/", {"period": QUARTER, **query}).status_code == 404


def test_the_same_queries_for_3_complaints_as_for_30(cast, team_b_worker):
    def queries():
        scope = scope_of(cast.head)
        with CaptureQueriesContext(connection) as captured:
            found = figures(scope)
        return len(captured), found

    def three(n):
        user = cast.team_leader.user
        received = D(2026, 4, 1) + timedelta(days=n)
        plain = make_complaint(handler=cast.team_leader, team=cast.team_a, received_on=received)
        answered = make_complaint(handler=team_b_worker, team=cast.team_b, received_on=received, complainant="child")
        actions.record_response(
            answered, acting_user=team_b_worker.user, responded_on=received + timedelta(days=3), outcome="upheld"
        )
        closed = make_complaint(handler=cast.team_leader, team=cast.team_a, received_on=received, category="delay")
        actions.close_complaint(
            closed, acting_user=user, closed_on=received + timedelta(days=5), outcome="withdrawn", lessons_learnt=""
        )
        actions.update_details(closed, acting_user=user, ombudsman_referred_on=received + timedelta(days=6))
        return plain

    three(0)
    few, found = queries()
    assert (found.received.value, found.stages[0].answered.value, found.closed.value) == (3, 1, 1)
    for n in range(1, 10):
        three(n)
    many, found = queries()
    assert (found.received.value, found.stages[0].answered.value, found.referred.value) == (30, 10, 10)
    assert many == few


def test_the_dashboard_and_the_rows_show_the_same_numbers_today(client, cast):
    day = today()
    period = ReportPeriod.containing("quarter", day)
    complaint = make_complaint(handler=cast.team_leader, received_on=period.start, case_reference="CR-24680")
    actions.record_response(complaint, acting_user=cast.team_leader.user, responded_on=day, outcome="not_upheld")
    make_complaint(handler=cast.team_leader, received_on=day, complainant="child")
    client.force_login(cast.head.user)
    response = client.get("/reports/", {"period": period.code})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="complaints-heading"' in text and 'href="/reports/rows/complaint-stages/' in text
    data = next(each for each in response.context["panels"] if each.key == "complaints").data
    assert data.received.value == 2 and data.stages[0].answered.value == 1
    for figure in (
        data.received,
        data.stages[0].answered,
        data.stages[0].within,
        dict(data.by_complainant)["The child or young person"],
    ):
        rows_page = client.get(figure.link)
        assert rows_page.status_code == 200
        assert rows_page.context["page"].paginator.count == figure.value
    assert "CR-24680" in client.get(data.stages[0].answered.link).content.decode()
