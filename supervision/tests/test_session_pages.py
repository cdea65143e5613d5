"""The session pages: who sees which sessions (404 otherwise), who may record and change them (403
otherwise), the list's filters and ASYE table, a new session whose agenda carries an audit and an
observation marked discussed, forms that keep what was typed, and constant queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.periods import local_date
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from supervision.actions import record_session
from supervision.models import AgendaItem, Outcome, SupervisionSession

from .factories import ObservationFactory, SessionFactory, shared_audit, supervision_duties

pytestmark = pytest.mark.django_db


def today():
    return local_date(timezone.now())


def date_fields(day, name="held_on"):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def sessions(cast):
    return {
        "practitioner": SessionFactory(supervisor=cast.team_leader, supervisee=cast.practitioner,
                                       held_on=today() - timedelta(days=20)),
        "nqsw": SessionFactory(supervisor=cast.team_leader, supervisee=cast.nqsw, kind="reflective",
                               held_on=today() - timedelta(days=5)),
        "cancelled": SessionFactory(supervisor=cast.team_leader, supervisee=cast.nqsw, outcome=Outcome.CANCELLED,
                                    cancelled_reason="Off sick", held_on=today() - timedelta(days=10)),
        "team_leader": SessionFactory(supervisor=cast.head, supervisee=cast.team_leader,
                                      held_on=today() - timedelta(days=12)),
        "elsewhere": SessionFactory(supervisor=cast.outsider.line_manager, supervisee=cast.outsider,
                                    held_on=today() - timedelta(days=3)),
    }


def listed(client, user, query=""):
    client.force_login(user)
    response = client.get(f"/supervision/{query}")
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_each_sees_the_sessions_of_the_people_they_may_see(client, cast, sessions):
    s = sessions
    assert listed(client, cast.team_leader.user) == [s["nqsw"], s["cancelled"], s["team_leader"], s["practitioner"]]
    assert listed(client, cast.head.user) == [s["nqsw"], s["cancelled"], s["team_leader"], s["practitioner"]]
    assert listed(client, cast.practitioner.user) == [s["practitioner"]]
    assert listed(client, cast.nqsw.user) == [s["nqsw"], s["cancelled"]]
    assert listed(client, cast.outsider.user) == [s["elsewhere"]]


@pytest.mark.parametrize("query, expected", [
    ("?kind=reflective", ["nqsw"]),
    ("?outcome=cancelled", ["cancelled"]),
    ("?outcome=held&supervisee={nqsw}", ["nqsw"]),
    ("?supervisor={head}", ["team_leader"]),
    ("?kind=nonsense", []),
])
def test_the_list_filters(client, cast, sessions, query, expected):
    query = query.format(nqsw=cast.nqsw.pk, head=cast.head.pk)
    assert listed(client, cast.team_leader.user, query) == [sessions[name] for name in expected]


def test_the_list_filters_by_quarter(client, cast, sessions):
    old = SessionFactory(supervisor=cast.team_leader, supervisee=cast.practitioner,
                         held_on=today() - timedelta(days=200))
    client.force_login(cast.team_leader.user)
    choices = client.get("/supervision/").context["form"].fields["period"].choices
    current = choices[1][0]
    assert old not in listed(client, cast.team_leader.user, f"?period={current}")


def test_the_list_shows_the_asye_table_and_offers_to_record(client, cast, sessions):
    supervision_duties(cast)
    plan_duties(today())
    client.force_login(cast.team_leader.user)
    text = client.get("/supervision/").content.decode()
    assert "Newly-qualified workers: fortnightly supervision" in text
    assert "Record a supervision session" in text
    client.force_login(cast.practitioner.user)
    text = client.get("/supervision/").content.decode()
    assert "Record a supervision session" not in text and "fortnightly supervision" not in text


def test_the_list_asks_the_database_the_same_number_of_times_however_many_sessions(client, cast, sessions):
    client.force_login(cast.team_leader.user)
    client.get("/supervision/")
    with CaptureQueriesContext(connection) as few:
        client.get("/supervision/")
    for n in range(10):
        SessionFactory(supervisor=cast.team_leader, supervisee=cast.practitioner if n % 2 else cast.nqsw,
                       held_on=today() - timedelta(days=30 + n))
    with CaptureQueriesContext(connection) as many:
        client.get("/supervision/")
    assert len(many) == len(few)


def test_a_session_page_is_404_to_those_who_may_not_see_it(client, cast, sessions):
    client.force_login(cast.outsider.user)
    assert client.get(f"/supervision/{sessions['practitioner'].pk}/").status_code == 404
    client.force_login(cast.nqsw.user)
    assert client.get(f"/supervision/{sessions['practitioner'].pk}/").status_code == 404
    assert client.get(f"/supervision/{sessions['nqsw'].pk}/").status_code == 200


def test_only_the_supervisor_may_change_a_session(client, cast, sessions):
    url = f"/supervision/{sessions['practitioner'].pk}/edit/"
    for who in (cast.practitioner, cast.head):
        client.force_login(who.user)
        assert client.get(url).status_code == 403
    client.force_login(cast.outsider.user)
    assert client.get(url).status_code == 404
    client.force_login(cast.team_leader.user)
    assert client.get(url).status_code == 200


def test_new_session_offers_the_people_the_user_manages(client, cast):
    client.force_login(cast.team_leader.user)
    response = client.get("/supervision/new/?kind=supervision:session")
    assert list(response.context["form"].fields["supervisee"].queryset) == [cast.nqsw, cast.practitioner]
    response = client.get("/supervision/new/?supervisee=&choose=1")
    assert response.context["form"].errors
    client.force_login(cast.practitioner.user)
    assert "Nobody reports to you" in client.get("/supervision/new/").content.decode()


def test_a_supervisee_the_user_may_not_see_is_404_and_one_they_do_not_manage_403(client, cast):
    client.force_login(cast.team_leader.user)
    assert client.get(f"/supervision/new/?supervisee={cast.outsider.pk}").status_code == 404
    assert client.get("/supervision/new/?supervisee=x").status_code == 404
    assert client.get(f"/supervision/new/?supervisee={cast.team_leader.pk}").status_code == 403
    client.force_login(cast.head.user)
    assert client.get(f"/supervision/new/?supervisee={cast.nqsw.pk}").status_code == 200


def test_the_agenda_carries_an_audit_and_an_observation_and_marks_them_discussed(client, cast):
    supervision_duties(cast)
    plan_duties(today())
    audit = shared_audit(cast.team_leader, cast.nqsw, today() - timedelta(days=25), case_reference="CR-40001")
    observation = ObservationFactory(observer=cast.head, practitioner=cast.nqsw,
                                     observed_on=today() - timedelta(days=10), went_well="Calm and clear")
    client.force_login(cast.team_leader.user)
    url = f"/supervision/new/?supervisee={cast.nqsw.pk}"
    text = client.get(url).content.decode()
    assert "Case file audit of CR-40001" in text and "Calm and clear" in text
    assert f'name="discussed_audit-{audit.pk}"' in text

    response = client.post(url, {
        **date_fields(today()), "kind": "case", "outcome": "held", "notes": "Feedback talked through",
        f"discussed_audit-{audit.pk}": "on", f"note_audit-{audit.pk}": "Chronology to be updated",
        f"discussed_observation-{observation.pk}": "on",
    })

    session = SupervisionSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/{session.pk}/"
    items = {item.record: item for item in AgendaItem.objects.filter(session=session)}
    assert items[audit].discussed and items[audit].note == "Chronology to be updated"
    assert items[observation].discussed
    assert Duty.objects.filter(subject_staff=cast.nqsw, status=Status.DONE, record_id=session.pk).count() == 2

    page = client.get(response["Location"]).content.decode()
    assert "2 of 2 items discussed" in page
    assert "Chronology to be updated" in page and "Recorded" in page and "marked discussed" in page


def test_a_refused_session_keeps_what_was_typed(client, cast):
    audit = shared_audit(cast.team_leader, cast.practitioner, today() - timedelta(days=3))
    client.force_login(cast.team_leader.user)
    future = today() + timedelta(days=2)
    response = client.post(f"/supervision/new/?supervisee={cast.practitioner.pk}", {
        **date_fields(future), "kind": "reflective", "outcome": "cancelled", "notes": "Typed, then kept",
        f"discussed_audit-{audit.pk}": "on", f"note_audit-{audit.pk}": "A note kept",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"held_on", "cancelled_reason", f"discussed_audit-{audit.pk}"}
    text = response.content.decode()
    assert text.count("Error: ") == 1 and "Typed, then kept" in text and "A note kept" in text
    assert re.search(r'value="reflective"[^>]*checked', text)
    assert not SupervisionSession.objects.exists()


def test_a_cancelled_session_completes_nothing(client, cast):
    supervision_duties(cast)
    plan_duties(today())
    client.force_login(cast.team_leader.user)
    client.post(f"/supervision/new/?supervisee={cast.practitioner.pk}", {
        **date_fields(today()), "kind": "case", "outcome": "cancelled", "cancelled_reason": "Court all day",
    })
    session = SupervisionSession.objects.get()
    assert session.outcome == Outcome.CANCELLED and session.cancelled_reason == "Court all day"
    assert not Duty.objects.filter(status=Status.DONE).exists()


def test_editing_marks_the_agenda_and_keeps_history(client, cast):
    audit = shared_audit(cast.team_leader, cast.practitioner, today() - timedelta(days=3))
    session, _ = record_session(acting_user=cast.team_leader.user, supervisor=cast.team_leader,
                                supervisee=cast.practitioner, held_on=today(), kind="case")
    client.force_login(cast.team_leader.user)
    response = client.post(f"/supervision/{session.pk}/edit/", {
        **date_fields(today()), "kind": "reflective", "outcome": "held", "notes": "",
        f"discussed_audit-{audit.pk}": "on",
    })
    assert response.status_code == 302
    assert AgendaItem.objects.get(session=session).discussed
    page = client.get(f"/supervision/{session.pk}/").content.decode()
    assert "Changed: kind" in page

    response = client.post(f"/supervision/{session.pk}/edit/", {
        **date_fields(today()), "kind": "case", "outcome": "cancelled", "cancelled_reason": "Oops",
    })
    assert response.status_code == 200 and "cannot be cancelled now" in response.content.decode()


def test_the_session_page_asks_the_database_the_same_number_of_times_however_long_the_agenda(client, cast):
    from learning.tests.factories import ActionFactory

    shared_audit(cast.team_leader, cast.practitioner, today() - timedelta(days=3))
    ObservationFactory(observer=cast.team_leader, practitioner=cast.practitioner, observed_on=today())
    ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)
    session, _ = record_session(acting_user=cast.team_leader.user, supervisor=cast.team_leader,
                                supervisee=cast.practitioner, held_on=today(), kind="case")
    client.force_login(cast.head.user)
    client.get(f"/supervision/{session.pk}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/supervision/{session.pk}/")
    for n in range(4):
        shared_audit(cast.team_leader, cast.practitioner, today() - timedelta(days=4 + n))
        ObservationFactory(observer=cast.team_leader, practitioner=cast.practitioner,
                           observed_on=today() - timedelta(days=n))
        ActionFactory(owner=cast.practitioner, raised_by=cast.team_leader)
    from supervision.agenda import fill_agenda

    fill_agenda(session, acting_user=cast.team_leader.user)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/supervision/{session.pk}/")
    assert len(many) == len(few)
