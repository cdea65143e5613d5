"""The quarterly monitoring (R29) and calendar-year (R07) figures: counted right, scoped to what
the user may see, and asked of the database the same number of times however many complaints."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints import actions
from complaints.models import Complaint
from complaints.monitoring import calendar_years, figures, quarters

from .factories import make_complaint, today

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture
def quarter(cast):
    """Complaints around the first quarter of 2026/27 (April to June 2026)."""
    user = cast.team_leader.user

    def made(received_on, **fields):
        return make_complaint(handler=cast.team_leader, received_on=received_on, **fields)

    a = made(D(2026, 4, 1), complainant="parent", category="delay", team=cast.team_a)
    actions.record_response(a, acting_user=user, responded_on=D(2026, 4, 17), outcome="upheld")  # on its due date
    actions.escalate(a, acting_user=user, requested_on=D(2026, 5, 1), today=D(2026, 5, 1))  # due 9 June
    actions.record_response(a, acting_user=user, responded_on=D(2026, 6, 30), outcome="partly_upheld")  # late
    actions.close_complaint(a, acting_user=user, closed_on=D(2026, 7, 1), outcome="partly_upheld",
                            lessons_learnt="Not this quarter")

    b = made(D(2026, 5, 10), complainant="child", category="communication", team=cast.team_b)
    actions.extend_stage(b, acting_user=user, new_due_on=D(2026, 5, 29), reason="Waiting to meet the young person")
    actions.record_response(b, acting_user=user, responded_on=D(2026, 5, 28), outcome="not_upheld")
    actions.close_complaint(b, acting_user=user, closed_on=D(2026, 6, 1), outcome="not_upheld",
                            lessons_learnt="Explain decisions to young people face to face")

    c = made(D(2026, 6, 15), complainant="carer", category="staff_conduct", team=cast.team_a)
    actions.close_complaint(c, acting_user=user, closed_on=D(2026, 6, 20), outcome="withdrawn", lessons_learnt="")
    actions.update_details(c, acting_user=user, ombudsman_referred_on=D(2026, 6, 25))

    d = made(D(2026, 3, 20), complainant="other", category="decision", team=cast.team_a)  # due 7 April
    actions.record_response(d, acting_user=user, responded_on=D(2026, 4, 10), outcome="not_upheld")  # late

    made(D(2026, 7, 2), team=cast.team_b)  # the next quarter
    return {"a": a, "b": b, "c": c, "d": d}


def test_the_quarters_figures(cast, quarter):
    found = figures(Complaint.objects.all(), D(2026, 4, 1), D(2026, 6, 30))
    assert found.received == 3
    assert found.by_complainant == [("The child or young person", 1), ("A parent", 1), ("A carer", 1),
                                    ("Someone else (an advocate, a relative, a professional)", 0)]
    assert dict(found.by_category) == {"Quality of service": 0, "Communication": 1, "Staff conduct": 1,
                                       "A decision made": 0, "Delay": 1, "Other": 0}
    assert found.by_team == [("Team A", 2), ("Team B", 1)]
    one, two, three = found.stages
    assert (one.requested, one.responded, one.within_timescale, one.extended) == (3, 3, 2, 1)
    assert one.outcomes == [("Upheld", 1), ("Partly upheld", 0), ("Not upheld", 2)]
    assert one.within_percent == 67
    assert (two.requested, two.responded, two.within_timescale, two.within_percent) == (1, 1, 0, 0)
    assert two.outcomes == [("Upheld", 0), ("Partly upheld", 1), ("Not upheld", 0)]
    assert (three.requested, three.responded, three.within_percent) == (0, 0, None)
    assert (found.responded, found.within_percent) == (4, 50)
    assert found.closed == 2
    assert dict(found.closed_by_outcome) == {"Upheld": 0, "Partly upheld": 0, "Not upheld": 1, "Withdrawn": 1}
    assert found.ombudsman_referred == 1 and dict(found.ombudsman_decisions)["Not decided yet"] == 1
    assert [c.reference for c in found.lessons] == [quarter["b"].reference]


def test_the_calendar_year_counts_by_month(cast, quarter):
    found = figures(Complaint.objects.all(), D(2026, 1, 1), D(2026, 12, 31), by_month=True)
    assert found.received == 5
    assert dict(found.by_month) == {"January": 0, "February": 0, "March": 1, "April": 1, "May": 1, "June": 1,
                                    "July": 1, "August": 0, "September": 0, "October": 0, "November": 0,
                                    "December": 0}
    assert [c.reference for c in found.lessons] == [quarter["b"].reference, quarter["a"].reference]


def test_the_figures_count_only_what_the_user_may_see(cast, quarter):
    mine = figures(Complaint.objects.visible_to(cast.outsider.user), D(2026, 4, 1), D(2026, 6, 30))
    assert mine.received == 0 and mine.responded == 0


def test_quarters_follow_the_financial_year_and_years_start_with_the_last():
    found = quarters(D(2026, 5, 15))
    assert (found[0].start, found[0].end) == (D(2026, 4, 1), D(2026, 6, 30))
    assert (found[1].start, found[1].end) == (D(2026, 1, 1), D(2026, 3, 31))
    assert calendar_years(D(2026, 5, 15))[:2] == [2025, 2026]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/complaints/monitoring/", "/complaints/annual/"])
def test_the_pages_are_for_managers_and_the_complaints_manager(client, cast, complaints_manager, url):
    for user, status in [(cast.practitioner.user, 403), (cast.team_leader.user, 200), (cast.head.user, 200),
                         (complaints_manager.user, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == status


@pytest.mark.parametrize("url", ["/complaints/monitoring/", f"/complaints/annual/?period={today().year}"])
def test_the_pages_ask_a_fixed_number_of_queries(client, cast, url):
    client.force_login(cast.head.user)
    make_complaint(handler=cast.team_leader, received_on=today())
    few = queries(client, url)
    for n in range(6):
        complaint = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=n),
                                   team=cast.team_b if n % 2 else cast.team_a)
        actions.close_complaint(complaint, acting_user=cast.team_leader.user, closed_on=today(),
                                outcome="withdrawn", lessons_learnt=f"Lesson {n}")
    assert queries(client, url) == few


def test_the_monitoring_page_shows_the_chosen_quarter(client, cast):
    complaint = make_complaint(handler=cast.team_leader, received_on=today())
    actions.close_complaint(complaint, acting_user=cast.team_leader.user, closed_on=today(), outcome="withdrawn",
                            lessons_learnt="Call back the same day")
    client.force_login(cast.head.user)
    text = client.get("/complaints/monitoring/").content.decode()
    assert "Call back the same day" in text and "Quarterly monitoring of complaints" in text
    earlier = quarters(today())[1]
    text = client.get(f"/complaints/monitoring/?period={earlier.start.isoformat()}").content.decode()
    assert "Call back the same day" not in text
    assert client.get("/complaints/monitoring/?period=nonsense").status_code == 200  # the current quarter
