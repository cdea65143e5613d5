"""Overdue is a fact of the date: the clock moves past a due date, no job runs, and every place
that shows the record says it is overdue: its page, its list and the list's "overdue" filter, the
counts, and the morning's digest ("was due 27 February", with the year when it is another one).

One test per kind of record with a due date: an action, a duty, a complaint's stage, a "you said,
we did" response and a standard's review.
"""

from datetime import date

import pytest
from django.core import mail

from complaints.models import Complaint, Stage
from complaints.tests.factories import make_complaint
from learning.models import Action
from learning.tests.factories import ActionFactory, ThemePlanFactory
from participation.tests.factories import FeedbackFactory, MeetingFactory
from reminders.sending import run
from reports.scope import ReportPeriod
from schedule.models import AppliesTo, Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory
from standards.tests.factories import StandardFactory

pytestmark = pytest.mark.django_db

BEFORE = date(2027, 2, 26)  # a Friday: everything below is still to do, none of it late
DUE = date(2027, 2, 27)
AFTER = date(2027, 3, 1)  # the Monday after: a working day, so the digests go out


@pytest.fixture
def council(cast, clock):
    clock.move_to(BEFORE)
    for member in (cast.head, cast.team_leader, cast.practitioner, cast.nqsw):
        member.email = f"{member.user.username}@example.gov.uk"
        member.save()
    return cast


def get(client, user, url, **query):
    client.force_login(user)
    response = client.get(url, query)
    assert response.status_code == 200, url
    return response


def page(client, user, url, **query) -> str:
    return get(client, user, url, **query).content.decode()


def digest_of(member) -> str:
    run()  # at the clock's time: 09:00 on the day it has been moved to
    found = [message for message in mail.outbox if message.to == [member.email]]
    assert len(found) == 1, [message.to for message in mail.outbox]
    return found[0].subject + "\n" + found[0].body + "\n" + found[0].alternatives[0][0]


def test_an_action_is_overdue_everywhere_the_day_after_its_due_date(client, council, clock):
    cast = council
    action = ActionFactory(plan=ThemePlanFactory(), owner=cast.practitioner, raised_by=cast.team_leader, due_on=DUE,
                           description="Chase the health assessment")
    assert not action.is_overdue(BEFORE) and action.state(BEFORE) == "open"
    assert "No actions in your team are overdue" in page(client, cast.team_leader.user, "/team/")
    assert "Overdue" not in page(client, cast.team_leader.user, action.get_absolute_url())

    clock.move_to(AFTER)  # and no job runs
    assert Action.objects.get(pk=action.pk).status == "open"  # stored as the owner left it
    assert ">Overdue</strong>" in page(client, cast.team_leader.user, action.get_absolute_url())
    listed = page(client, cast.team_leader.user, "/learning/", status="overdue")
    assert "Chase the health assessment" in listed and ">Overdue</strong>" in listed
    assert "Chase the health assessment" not in page(client, cast.team_leader.user, "/learning/", status="open")
    download = client.get("/learning/", {"status": "overdue", "download": "csv"})
    assert b"Overdue" in b"".join(download.streaming_content)
    plans = client.get("/learning/plans/")
    assert [plan.overdue_count for plan in plans.context["page"].object_list] == [1]

    team = page(client, cast.team_leader.user, "/team/")
    assert "1 action is past its due date" in team and "Chase the health assessment" in team
    mine = get(client, cast.practitioner.user, "/")
    assert mine.context["actions"] == [action] and ">Overdue</strong>" in mine.content.decode()

    dashboard = get(client, cast.head.user, "/reports/", period=ReportPeriod.containing("quarter", AFTER).code)
    figures = next(panel for panel in dashboard.context["panels"] if panel.key == "actions").data.total
    assert (figures.open.value, figures.overdue.value) == (0, 1)

    digest = digest_of(cast.practitioner)
    assert "YOUR ACTIONS OVERDUE\n- Chase the health assessment (was due 27 February)" in digest
    assert "Your actions overdue" in digest and "YOUR ACTIONS DUE" not in digest  # never listed as "due"
    assert digest.startswith("QA Portal: 1 overdue (1 March)")


def test_a_duty_is_overdue_everywhere_the_day_after_its_due_date(client, council, clock):
    cast = council
    ResponsibilityFactory(role=cast.team_leader_role, task="Monthly supervision", applies_to=AppliesTo.REPORTS,
                          purpose="Support and challenge practice")
    plan_duties(BEFORE)  # February's duties fall due on Sunday 28 February
    february = Duty.objects.filter(period_end=date(2027, 2, 28)).order_by("subject_staff__name")
    duty = february.first()
    assert february.count() == 2 and not duty.is_overdue(BEFORE)

    clock.move_to(AFTER)  # and no planner runs
    assert set(february.values_list("status", flat=True)) == {Status.OPEN}
    assert ">Overdue</strong>" in page(client, cast.team_leader.user, f"/duties/{duty.pk}/")
    mine = client.get("/")
    assert set(mine.context["overdue"]) == set(february) and mine.context["overdue_count"] == 2
    assert not set(mine.context["this_period"]) & set(february)  # March's are this period now

    for manager in (cast.team_leader, cast.head):  # the duties about the team leader's reports
        team = get(client, manager.user, "/team/", status="overdue", period="")
        assert set(team.context["page"].object_list) == set(february)
        assert team.context["totals"]["overdue"] == 2 and ">Overdue</strong>" in team.content.decode()
        assert client.get("/team/", {"status": "open", "period": ""}).context["totals"]["overdue"] == 0
    assert Duty.objects.overdue(AFTER).count() == 2 and not Duty.objects.overdue(BEFORE).exists()

    digest = digest_of(cast.team_leader)
    assert "OVERDUE\n- Monthly supervision: Nqsw (was due 28 February)" in digest
    assert "- Monthly supervision: Practitioner (was due 28 February)" in digest
    assert digest.startswith("QA Portal: 2 overdue")


def test_a_complaint_stage_is_overdue_everywhere_the_day_after_its_response_was_due(client, council, clock):
    cast = council
    complaint = make_complaint(handler=cast.team_leader, received_on=date(2027, 2, 1))
    Complaint.objects.filter(pk=complaint.pk).update(due_on=DUE)
    Stage.objects.filter(complaint=complaint).update(due_on=DUE)
    assert ">Overdue</strong>" not in page(client, cast.team_leader.user, complaint.get_absolute_url())

    clock.move_to(AFTER)
    assert ">Overdue</strong>" in page(client, cast.team_leader.user, complaint.get_absolute_url())
    listed = get(client, cast.team_leader.user, "/complaints/", overdue="on")
    assert list(listed.context["page"].object_list) == [complaint]

    digest = digest_of(cast.team_leader)
    assert f"Complaint {complaint.reference} (case CR-12345) (overdue, was due 27 February)" in digest


def test_a_you_said_we_did_response_is_overdue_everywhere_the_day_after_its_date(client, council, clock):
    cast = council
    meeting = MeetingFactory(title="CiCC", held_on=date(2027, 1, 20), recorded_by=cast.head, attendees=[cast.head])
    FeedbackFactory(meeting=meeting, owner=cast.head, said="More say in our reviews", respond_by=DUE)
    responses = "/participation/you-said-we-did/"
    assert ">Overdue</strong>" not in page(client, cast.head.user, responses)

    clock.move_to(AFTER)
    assert ">Overdue</strong>" in page(client, cast.head.user, responses)
    assert ">Overdue</strong>" in page(client, cast.head.user, meeting.get_absolute_url())
    overdue = get(client, cast.head.user, responses, status="overdue").context["owners"]
    assert [str(item) for _, items in overdue for item in items] == ["More say in our reviews"]
    assert client.get(responses, {"status": "open"}).context["owners"] == []

    dashboard = get(client, cast.head.user, "/reports/", period=ReportPeriod.containing("quarter", AFTER).code)
    figures = next(panel for panel in dashboard.context["panels"] if panel.key == "participation").data
    assert (figures.open.value, figures.overdue.value) == (0, 1)

    digest = digest_of(cast.head)
    assert "CiCC: More say in our reviews (overdue, was due 27 February)" in digest


def test_a_standards_review_is_overdue_everywhere_and_an_old_date_carries_its_year(client, council, clock):
    cast = council
    standard = StandardFactory(owner=cast.team_leader, title="Chronologies", next_review_on=date(2026, 12, 31))

    clock.move_to(AFTER)
    assert "Review overdue" in page(client, cast.team_leader.user, standard.get_absolute_url())
    listed = get(client, cast.team_leader.user, "/standards/", review="overdue")
    assert list(listed.context["page"].object_list) == [standard]

    digest = digest_of(cast.team_leader)
    assert "Chronologies (overdue, was due 31 December 2026)" in digest
