"""Every schedule page, for every member of the cast: it renders, shows only what they may see,
answers 404 for the rest, and asks the database the same number of times whatever the data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.periods import local_date
from people.tests.factories import StaffMemberFactory
from schedule.models import Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

CAST = ["practitioner", "nqsw", "team_leader", "head", "outsider"]


@pytest.fixture
def planned(cast):
    ResponsibilityFactory(role=cast.team_leader_role, task="Supervise", frequency="monthly", applies_to="reports",
                          strand="supervision")
    ResponsibilityFactory(role=cast.team_leader_role, task="Managers meeting", frequency="monthly", strand="meeting")
    ResponsibilityFactory(role=cast.head_role, task="Observe practice", frequency="quarterly", count=2,
                          strand="observation")
    ResponsibilityFactory(role=cast.head_role, task="Scrutinise key reports", frequency="ongoing", count=0,
                          strand="other")
    plan_duties(local_date(timezone.now()))
    return cast


def signed_in(client, cast, who):
    client.force_login(getattr(cast, who).user)
    return client


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("url", ["/", "/team/", "/framework/", "/framework/?by=strand"])
def test_every_page_renders_for_everyone(client, planned, who, url):
    response = signed_in(client, planned, who).get(url)
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_every_page_needs_sign_in(client, planned):
    duty = Duty.objects.first()
    for url in ["/", "/team/", "/framework/", f"/framework/roles/{planned.head_role.slug}/",
                f"/duties/{duty.pk}/", f"/duties/{duty.pk}/done/", f"/duties/{duty.pk}/waive/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url


def test_my_duties_shows_what_my_manager_owes_about_me(client, planned):
    response = signed_in(client, planned, "practitioner").get("/")
    assert [d.responsibility.task for d in response.context["about_me"]] == ["Supervise"]
    assert b"Owed to you" in response.content
    duty = response.context["about_me"][0]
    assert client.get(f"/duties/{duty.pk}/").status_code == 200
    assert client.get(f"/duties/{duty.pk}/done/").status_code == 403


def test_my_duties_lists_what_i_owe_and_the_duty_s_page_says_why(client, planned):
    response = signed_in(client, planned, "team_leader").get("/")
    text = response.content.decode()
    assert "Supervise<span class=\"govuk-visually-hidden\">: Practitioner</span></a>" in text
    assert "Supervise<span class=\"govuk-visually-hidden\">: Nqsw</span></a>" in text
    assert "Managers meeting" in text
    assert "Observe practice" not in text  # the head's duty, not mine
    duty = response.context["this_period"][0]
    assert "Check the quality of practice" in client.get(f"/duties/{duty.pk}/").content.decode()  # the table's purpose


def test_my_duties_sorts_overdue_this_period_and_coming_up(client, planned):
    today = local_date(timezone.now())
    late = Duty.objects.filter(owner=planned.team_leader).first()
    late.due_on = today - timedelta(days=3)  # open, so overdue
    late.save()
    response = signed_in(client, planned, "team_leader").get("/")
    assert late in response.context["overdue"]
    assert all(d.period_start <= today for d in response.context["this_period"])
    assert all(d.period_start > today for d in response.context["coming_up"])
    assert response.context["coming_up"], "the next period is planned too"


def test_a_user_with_no_staff_record_is_told_so(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="x-long-password-1"))
    response = client.get("/")
    assert response.status_code == 200
    assert b"not linked to a member of staff" in response.content


@pytest.mark.parametrize("who,sees", [
    ("practitioner", set()),
    ("outsider", set()),
    ("team_leader", {"practitioner", "nqsw"}),
    ("head", {"practitioner", "nqsw", "team_leader"}),
])
def test_my_team_shows_only_the_people_below(client, planned, who, sees):
    response = signed_in(client, planned, who).get("/team/", {"period": ""})
    people = {label for value, label in response.context["form"].fields["person"].choices if value}
    assert people == {getattr(planned, name).name for name in sees}
    duties = response.context["page"].object_list
    # owed by someone below, or about them (the team leader's supervision of each report)
    assert all({d.owner.user.username, getattr(d.subject_staff, "user", None) and d.subject_staff.user.username}
               & sees for d in duties)
    assert bool(duties) == bool(sees)


def test_my_team_filters(client, planned):
    client = signed_in(client, planned, "head")
    response = client.get("/team/", {"person": planned.team_leader.id, "strand": "meeting", "period": ""})
    duties = response.context["page"].object_list
    assert duties and all(d.owner == planned.team_leader and d.responsibility.strand == "meeting" for d in duties)
    response = client.get("/team/", {"status": "done", "period": ""})
    assert list(response.context["page"].object_list) == []


def test_my_team_refuses_a_person_outside_the_team(client, planned):
    response = signed_in(client, planned, "team_leader").get("/team/", {"person": planned.outsider.id})
    assert response.status_code == 200
    assert response.context["form"].errors["person"]
    assert list(response.context["page"].object_list) == []


def test_duty_pages_answer_404_to_those_who_may_not_see_them(client, planned):
    duty = Duty.objects.filter(owner=planned.team_leader, responsibility__task="Managers meeting").first()
    for who in ["practitioner", "nqsw", "outsider"]:
        client.force_login(getattr(planned, who).user)
        for url in [f"/duties/{duty.pk}/", f"/duties/{duty.pk}/done/", f"/duties/{duty.pk}/waive/"]:
            assert client.get(url).status_code == 404, (who, url)
    client.force_login(planned.head.user)
    assert client.get(f"/duties/{duty.pk}/").status_code == 200
    assert client.get(f"/duties/{duty.pk}/done/").status_code == 403  # the head may see it, not do it
    assert client.get(f"/duties/{duty.pk}/waive/").status_code == 200  # but may waive it


def test_marking_a_duty_done(client, planned):
    duty = Duty.objects.filter(owner=planned.team_leader, responsibility__task="Managers meeting").first()
    today = local_date(timezone.now())
    response = signed_in(client, planned, "team_leader").post(
        f"/duties/{duty.pk}/done/",
        {"completed_on_0": today.day, "completed_on_1": today.month, "completed_on_2": today.year,
         "note": "Minutes filed"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("schedule:my_duties")
    duty.refresh_from_db()
    assert (duty.status, duty.completed_on, duty.completion_note) == (Status.DONE, today, "Minutes filed")
    assert duty.completed_by == planned.team_leader.user
    latest = duty.history.first()
    assert latest.history_user == planned.team_leader.user and latest.status == Status.DONE
    page = client.get(f"/duties/{duty.pk}/").content.decode()
    assert "Minutes filed" in page and "Marked done" in page


@pytest.mark.parametrize("day,month,year,error", [
    ("", "", "", "Enter the day, month and year"),
    ("31", "2", "2026", "Enter a real date"),
    ("1", "1", "2999", "today or in the past"),
    ("x", "1", "2026", "Enter a valid date"),
    ("1", "1", "99999999999999999999", "Enter a year with 4 digits"),
    ("1", "1", "26", "Enter a year with 4 digits"),
])
def test_marking_done_with_a_bad_date_keeps_what_was_typed(client, planned, day, month, year, error):
    duty = Duty.objects.filter(owner=planned.team_leader).first()
    response = signed_in(client, planned, "team_leader").post(
        f"/duties/{duty.pk}/done/",
        {"completed_on_0": day, "completed_on_1": month, "completed_on_2": year, "note": "Typed note"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text and error in text
    assert "Typed note" in text
    assert f'value="{day}"' in text or not day
    duty.refresh_from_db()
    assert duty.status == Status.OPEN


def test_waiving_a_reports_duty(client, planned):
    duty = Duty.objects.filter(owner=planned.team_leader).first()
    client = signed_in(client, planned, "head")
    response = client.post(f"/duties/{duty.pk}/waive/", {"reason": ""})
    assert response.status_code == 200 and b"Enter why this duty is being waived" in response.content
    response = client.post(f"/duties/{duty.pk}/waive/", {"reason": "Long-term sick leave"})
    assert response.status_code == 302
    duty.refresh_from_db()
    assert (duty.status, duty.waived_reason, duty.waived_by) == (Status.WAIVED, "Long-term sick leave",
                                                                  planned.head.user)
    assert duty.history.first().history_user == planned.head.user


def test_nobody_waives_their_own_duty(client, planned):
    duty = Duty.objects.filter(owner=planned.team_leader).first()
    assert signed_in(client, planned, "team_leader").get(f"/duties/{duty.pk}/waive/").status_code == 403


def test_a_finished_duty_cannot_be_finished_again(client, planned):
    duty = Duty.objects.filter(owner=planned.team_leader).first()
    duty.mark_done(acting_user=planned.team_leader.user, on=local_date(timezone.now()))
    response = signed_in(client, planned, "team_leader").get(f"/duties/{duty.pk}/done/")
    assert response.status_code == 302


def test_role_page_lists_scheduled_and_unscheduled_tasks(client, planned):
    response = signed_in(client, planned, "practitioner").get(f"/framework/roles/{planned.head_role.slug}/")
    assert [r.task for r in response.context["scheduled"]] == ["Observe practice"]
    assert [r.task for r in response.context["unscheduled"]] == ["Scrutinise key reports"]
    assert list(response.context["holders"]) == []  # the practitioner may not see the head's record
    assert response.context["holder_count"] == 1


def test_framework_marks_the_rows_that_apply_to_me(client, planned):
    response = signed_in(client, planned, "team_leader").get("/framework/")
    assert response.context["my_roles"] == {planned.team_leader_role.id}
    assert b"Applies to you" in response.content


def test_unknown_role_is_404(client, planned):
    assert signed_in(client, planned, "head").get("/framework/roles/no-such-role/").status_code == 404


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/", "/team/?period=", "/framework/", "DUTY"])
def test_queries_per_page_do_not_grow_with_data(client, planned, url):
    client = signed_in(client, planned, "head")
    duty = Duty.objects.filter(owner=planned.team_leader).first()
    url = f"/duties/{duty.pk}/" if url == "DUTY" else url
    before = queries(client, url)
    for _ in range(15):
        StaffMemberFactory(team=planned.team_a, line_manager=planned.team_leader, is_practitioner=True)
    ResponsibilityFactory(role=planned.head_role, task="Another", frequency="weekly", strand="performance")
    plan_duties(local_date(timezone.now()))
    duty.mark_done(acting_user=planned.team_leader.user, on=local_date(timezone.now()))
    client.force_login(planned.head.user)
    assert queries(client, url) == before


def test_pages_still_show_duties_whose_responsibility_is_no_longer_scheduled(client, planned):
    """The table may change: a duty keeps the frequency it was planned with."""
    duty = Duty.objects.filter(owner=planned.team_leader, responsibility__task="Managers meeting").first()
    duty.mark_done(acting_user=planned.team_leader.user, on=local_date(timezone.now()))
    duty.responsibility.frequency = "on_event"
    duty.responsibility.save()
    plan_duties(local_date(timezone.now()))
    client = signed_in(client, planned, "team_leader")
    for url in ["/", f"/duties/{duty.pk}/"]:
        assert client.get(url).status_code == 200
    assert signed_in(client, planned, "head").get("/team/?period=").status_code == 200
