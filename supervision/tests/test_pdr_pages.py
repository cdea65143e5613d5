"""The PDR pages: who sees which (404 otherwise), who may record and change one (403 otherwise), the
evidence of the year beside it, a refused form keeping what was typed, and the duty it completes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.periods import local_date
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory
from supervision.models import PDR

from .factories import ObservationFactory, PDRFactory, SessionFactory, shared_audit

pytestmark = pytest.mark.django_db


def today():
    return local_date(timezone.now())


def date_fields(day):
    return {"held_on_0": str(day.day), "held_on_1": str(day.month), "held_on_2": str(day.year)}


@pytest.fixture
def pdrs(cast):
    return {
        "practitioner": PDRFactory(appraiser=cast.team_leader, appraisee=cast.practitioner, held_on=today()),
        "team_leader": PDRFactory(appraiser=cast.head, appraisee=cast.team_leader,
                                  held_on=today() - timedelta(days=9)),
        "elsewhere": PDRFactory(appraiser=cast.outsider.line_manager, appraisee=cast.outsider),
    }


def listed(client, user, query=""):
    client.force_login(user)
    response = client.get(f"/supervision/pdrs/{query}")
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_each_sees_the_pdrs_of_the_people_they_may_see(client, cast, pdrs):
    assert listed(client, cast.team_leader.user) == [pdrs["practitioner"], pdrs["team_leader"]]
    assert listed(client, cast.practitioner.user) == [pdrs["practitioner"]]
    assert listed(client, cast.nqsw.user) == []
    assert listed(client, cast.team_leader.user, f"?appraisee={cast.team_leader.pk}") == [pdrs["team_leader"]]


def test_a_pdr_page_is_404_to_those_who_may_not_see_it_and_403_to_change_for_all_but_the_appraiser(
        client, cast, pdrs):
    pdr = pdrs["practitioner"]
    client.force_login(cast.nqsw.user)
    assert client.get(f"/supervision/pdrs/{pdr.pk}/").status_code == 404
    client.force_login(cast.practitioner.user)
    assert client.get(f"/supervision/pdrs/{pdr.pk}/").status_code == 200
    assert client.get(f"/supervision/pdrs/{pdr.pk}/edit/").status_code == 403
    client.force_login(cast.team_leader.user)
    response = client.post(f"/supervision/pdrs/{pdr.pk}/edit/", {**date_fields(today()), "summary": "Rewritten"})
    assert response.status_code == 302
    pdr.refresh_from_db()
    assert pdr.summary == "Rewritten" and pdr.history.first().history_change_reason == "changed"


def test_recording_a_pdr_beside_the_evidence_completes_the_duty(client, cast):
    responsibility = ResponsibilityFactory(role=cast.team_leader_role, task="PDR of each report", frequency="annual",
                                           applies_to="reports", strand="supervision", record="supervision:pdr")
    plan_duties(today())
    shared_audit(cast.head, cast.practitioner, today() - timedelta(days=40), case_reference="CR-50005")
    ObservationFactory(observer=cast.team_leader, practitioner=cast.practitioner,
                       observed_on=today() - timedelta(days=60), went_well="Child seen alone")
    SessionFactory(supervisor=cast.team_leader, supervisee=cast.practitioner, held_on=today() - timedelta(days=15))
    client.force_login(cast.team_leader.user)
    url = f"/supervision/pdrs/new/?appraisee={cast.practitioner.pk}"
    text = client.get(url).content.decode()
    assert "CR-50005" in text and "Child seen alone" in text and "1 held" in text

    response = client.post(url, {**date_fields(today()), "summary": ""})
    assert response.status_code == 200 and response.context["form"].errors == {
        "summary": ["Enter a summary of the PDR"]}

    response = client.post(url, {**date_fields(today()), "summary": "A strong year"})
    pdr = PDR.objects.get()
    assert response["Location"] == f"/supervision/pdrs/{pdr.pk}/"
    done = Duty.objects.filter(responsibility=responsibility, subject_staff=cast.practitioner, status=Status.DONE)
    assert [duty.record for duty in done] == [pdr]
    page = client.get(response["Location"]).content.decode()
    assert "A strong year" in page and "CR-50005" in page and "Duties this PDR completed" in page


def test_a_pdr_form_keeps_what_was_typed(client, cast):
    client.force_login(cast.team_leader.user)
    response = client.post(f"/supervision/pdrs/new/?appraisee={cast.nqsw.pk}",
                           {"held_on_0": "31", "held_on_1": "2", "held_on_2": "2026", "summary": "Kept text"})
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode() and "Kept text" in response.content.decode()


def test_the_pdr_page_asks_the_database_the_same_number_of_times_however_much_evidence(client, cast, pdrs):
    pdr = pdrs["practitioner"]
    shared_audit(cast.head, cast.practitioner, today() - timedelta(days=40))
    ObservationFactory(observer=cast.team_leader, practitioner=cast.practitioner, observed_on=today())
    SessionFactory(supervisor=cast.team_leader, supervisee=cast.practitioner, held_on=today())
    client.force_login(cast.team_leader.user)
    client.get(f"/supervision/pdrs/{pdr.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/supervision/pdrs/{pdr.pk}/")
    for n in range(5):
        shared_audit(cast.head, cast.practitioner, today() - timedelta(days=50 + n))
        ObservationFactory(observer=cast.team_leader, practitioner=cast.practitioner, observed_on=today())
        SessionFactory(supervisor=cast.team_leader, supervisee=cast.practitioner, held_on=today())
    with CaptureQueriesContext(connection) as many:
        client.get(f"/supervision/pdrs/{pdr.pk}/")
    assert len(many) == len(few)
