"""The complaint pages: recording one, changing it, a stage's response, extension, escalation
and closing, each keeping what was typed when it refuses it; the list's filters; the complaint's
page with its stages, days left, actions and history."""

import re
from datetime import timedelta

import pytest

from complaints import actions
from complaints.models import Complaint
from core.working_days import add_working_days, is_working_day
from learning.plans import raise_action

from .factories import make_complaint, today

pytestmark = pytest.mark.django_db


def date_fields(name, day) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def new_complaint_data(cast, **fields) -> dict:
    data = {
        **date_fields("received_on", today()),
        "complainant": "carer", "case_reference": "CR-4411", "team": str(cast.team_a.pk),
        "category": "delay", "summary": "The plan was not shared with the foster carer.",
        "handler": str(cast.team_leader.pk),
    }
    data.update(fields)
    return data


def test_recording_a_complaint_starts_stage_one(client, cast):
    client.force_login(cast.team_leader.user)
    response = client.post("/complaints/new/", new_complaint_data(cast))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == complaint.get_absolute_url()
    assert complaint.reference == f"C-{today().year}-001"
    assert complaint.due_on == add_working_days(today(), 10)
    assert (complaint.complainant, complaint.case_reference, complaint.handler) == ("carer", "CR-4411",
                                                                                    cast.team_leader)


def test_a_refused_complaint_keeps_everything_typed(client, cast):
    client.force_login(cast.team_leader.user)
    data = new_complaint_data(cast, case_reference="Jane Smith", **date_fields("received_on", today() + timedelta(1)))
    response = client.post("/complaints/new/", data)
    assert response.status_code == 200 and not Complaint.objects.exists()
    text = response.content.decode()
    assert "There is a problem" in text and "<title>Error: " in text
    assert "not a name" in text and "The date received must be today or in the past" in text
    assert "The plan was not shared with the foster carer." in text
    assert re.search(r'value="carer"\s*checked', text)
    form = response.context["form"]
    assert form["case_reference"].value() == "Jane Smith"  # shown back only in its own box
    assert form["category"].value() == "delay" and form["handler"].value() == str(cast.team_leader.pk)


def test_a_manager_chooses_a_handler_among_those_they_may_see(client, cast):
    client.force_login(cast.team_leader.user)
    response = client.post("/complaints/new/", new_complaint_data(cast, handler=str(cast.outsider.pk)))
    assert response.status_code == 200 and "Select the handler" in response.content.decode()


def test_the_complaints_manager_may_choose_anyone(client, cast, complaints_manager):
    client.force_login(complaints_manager.user)
    response = client.post("/complaints/new/", new_complaint_data(cast, handler=str(cast.outsider.pk)))
    assert response.status_code == 302


def test_the_response_page_refuses_a_date_before_the_request_and_keeps_the_outcome(client, cast):
    complaint = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=5))
    client.force_login(cast.team_leader.user)
    url = f"{complaint.get_absolute_url()}respond/"
    response = client.post(url, {**date_fields("responded_on", today() - timedelta(days=6)), "outcome": "upheld"})
    assert response.status_code == 200
    assert "The date of the response must be on or after" in response.content.decode()
    assert response.context["form"]["outcome"].value() == "upheld"
    response = client.post(url, {**date_fields("responded_on", today()), "outcome": "upheld"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("responded", "upheld")


def test_the_extension_page_holds_to_the_statutory_maximum(client, cast):
    complaint = make_complaint(handler=cast.team_leader, received_on=today())
    stage = complaint.stages.get()
    client.force_login(cast.team_leader.user)
    url = f"{complaint.get_absolute_url()}extend/"
    too_late = add_working_days(today(), 21)
    response = client.post(url, {**date_fields("new_due_on", too_late), "reason": "Waiting for the chronology"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "can be extended to" in text and "at the latest" in text and "Waiting for the chronology" in text
    weekend = stage.latest_due_on + timedelta(days=(5 - stage.latest_due_on.weekday()) % 7 or 7)
    assert not is_working_day(weekend)
    response = client.post(url, {**date_fields("new_due_on", stage.latest_due_on), "reason": ""})
    assert "Enter why more time is needed" in response.content.decode()
    response = client.post(url, {**date_fields("new_due_on", stage.latest_due_on), "reason": "Waiting"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.due_on == stage.latest_due_on
    # At its maximum, the stage offers no further extension.
    assert client.get(url).status_code == 403


def test_escalation_and_closing_pages(client, cast):
    complaint = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=40))
    client.force_login(cast.team_leader.user)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert "Start stage 2" in page and "Overdue" in page  # late, so the complainant may go on
    tomorrow = today() + timedelta(1)
    response = client.post(f"{complaint.get_absolute_url()}escalate/", date_fields("requested_on", tomorrow))
    assert "must be today or in the past" in response.content.decode()
    response = client.post(f"{complaint.get_absolute_url()}escalate/", date_fields("requested_on", today()))
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.current_stage, complaint.due_on) == (2, add_working_days(today(), 25))

    url = f"{complaint.get_absolute_url()}close/"
    response = client.post(url, {**date_fields("closed_on", today()), "outcome": "upheld", "lessons_learnt": "Kept"})
    text = response.content.decode()
    assert response.status_code == 200 and "it can only be withdrawn" in text
    assert "Kept" in text
    response = client.post(url, {**date_fields("closed_on", today()), "outcome": "withdrawn", "lessons_learnt": "Kept"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.lessons_learnt) == ("closed", "withdrawn", "Kept")


def test_the_edit_page_records_the_ombudsman_and_keeps_input_when_refused(client, cast):
    complaint = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=3))
    client.force_login(cast.team_leader.user)
    url = f"{complaint.get_absolute_url()}edit/"
    data = new_complaint_data(cast, **date_fields("received_on", complaint.received_on),
                              **date_fields("ombudsman_referred_on", today() - timedelta(days=10)),
                              ombudsman_outcome="upheld", lessons_learnt="Share plans with carers")
    response = client.post(url, data)
    text = response.content.decode()
    assert response.status_code == 200 and "must be after the date received" in text
    assert "Share plans with carers" in text
    response = client.post(url, {**data, **date_fields("ombudsman_referred_on", today())})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.ombudsman_referred_on, complaint.ombudsman_outcome) == (today(), "upheld")
    assert complaint.history.first().history_change_reason == "details changed"


def test_the_complaint_page_shows_stages_days_left_actions_and_history(client, cast):
    complaint = make_complaint(handler=cast.team_leader, received_on=today(), case_reference="CR-9000")
    raise_action(acting_user=cast.team_leader.user, source=complaint, owner=cast.practitioner,
                 description="Return calls within a day", due_on=today() + timedelta(days=20))
    client.force_login(cast.team_leader.user)
    text = client.get(complaint.get_absolute_url()).content.decode()
    assert "Case reference" in text and "CR-9000" in text
    assert "10 working days left" in text
    assert "Return calls within a day" in text and "Add an action" in text
    assert f"?source=complaints.complaint:{complaint.pk}" in text
    assert "Received" in text and "Stage 1 started" in text
    client.force_login(cast.head.user)
    text = client.get(complaint.get_absolute_url()).content.decode()
    assert "Return calls within a day" in text and "Add an action" not in text and "Record the stage" not in text


def test_actions_are_raised_from_the_complaint_by_its_handler(client, cast, complaints_manager):
    complaint = make_complaint(handler=cast.team_leader)
    url = f"/learning/actions/new/?source=complaints.complaint:{complaint.pk}"
    for user, status in [(cast.team_leader.user, 200), (complaints_manager.user, 200), (cast.head.user, 403),
                         (cast.practitioner.user, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status


@pytest.fixture
def several(cast):
    late = make_complaint(handler=cast.team_leader, team=cast.team_a, received_on=today() - timedelta(days=60),
                          category="delay")
    fresh = make_complaint(handler=cast.team_leader, team=cast.team_b, received_on=today(), category="communication")
    second = make_complaint(handler=cast.team_leader, team=cast.team_a, received_on=today() - timedelta(days=30))
    actions.record_response(second, acting_user=cast.team_leader.user, responded_on=today() - timedelta(days=20),
                            outcome="not_upheld")
    actions.escalate(second, acting_user=cast.team_leader.user, requested_on=today() - timedelta(days=10),
                     today=today())
    return {"late": late, "fresh": fresh, "second": second}


def listed(client, query) -> list:
    response = client.get(f"/complaints/{query}")
    assert response.status_code == 200
    return [c.reference for c in response.context["page"].object_list]


def test_the_list_filters(client, cast, several):
    client.force_login(cast.team_leader.user)
    ref = {name: c.reference for name, c in several.items()}
    assert listed(client, "") == [ref["fresh"], ref["second"], ref["late"]]
    assert listed(client, "?overdue=on") == [ref["late"]]
    assert listed(client, "?stage=2") == [ref["second"]]
    assert listed(client, f"?team={cast.team_b.pk}") == [ref["fresh"]]
    assert listed(client, "?category=delay") == [ref["late"]]
    assert listed(client, "?status=open&stage=1") == [ref["fresh"], ref["late"]]
    assert listed(client, "?stage=9") == []  # an impossible filter shows nothing, with its error
    response = client.get("/complaints/?period=1999-04-01")
    assert "Select a valid choice" in response.content.decode()


def test_the_list_asks_the_same_number_of_queries_however_many(client, cast, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.head.user)
    make_complaint(handler=cast.team_leader)
    with CaptureQueriesContext(connection) as few:
        client.get("/complaints/")
    for _ in range(8):
        make_complaint(handler=cast.team_leader, team=cast.team_b)
    with CaptureQueriesContext(connection) as many:
        client.get("/complaints/")
    assert len(many) == len(few)
