"""Recording the scorecard reviewed for the week completes that week's duty to monitor performance
data via scorecards (R27 for the deputy director, R35 for heads of service), through the record
registry; the shipped table names the record on those two rows, old portals included."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as global_apps

from people.tests.factories import RoleAssignmentFactory, RoleFactory
from reports.models import REVIEW_RECORD, ScorecardReview
from reports.scope import today as local_today
from reports.scorecard_actions import AlreadyReviewed, may_review, record_review, week_of
from schedule.importing import DEFAULT_TABLE, import_responsibilities
from schedule.models import Responsibility, Status
from schedule.records import KINDS
from schedule.tests.factories import DutyFactory

from .factories import scorecard_responsibility

pytestmark = pytest.mark.django_db

migration = importlib.import_module("reports.migrations.0002_scorecard_review_completes_r27_r35")


def test_the_record_kind_is_registered_and_links_to_the_scorecard():
    kind = KINDS[REVIEW_RECORD]
    assert kind.label == "a scorecard review" and kind.url() == f"/reports/scorecard/?kind={REVIEW_RECORD}"


def test_the_shipped_table_names_it_on_r27_and_r35():
    import_responsibilities(DEFAULT_TABLE.read_bytes())
    named = dict(Responsibility.objects.filter(record=REVIEW_RECORD).values_list("ref", "role__name"))
    assert named == {"R27": "Deputy Director of Children's Services", "R35": "Head of Service"}


def test_an_older_portals_table_gets_it_by_migration_while_its_rows_are_the_shipped_ones(cast):
    shipped = scorecard_responsibility(cast.head_role, ref="R35")
    shipped.record = ""
    shipped.save()
    councils_own = scorecard_responsibility(cast.head_role, ref="R27")
    councils_own.record, councils_own.task = "", "Weekly performance clinic"
    councils_own.save()
    migration.name_the_record(global_apps, None)
    shipped.refresh_from_db()
    councils_own.refresh_from_db()
    assert (shipped.record, councils_own.record) == (REVIEW_RECORD, "")
    assert shipped.history.first().history_change_reason == migration.REASON
    assert shipped.history.first().record == REVIEW_RECORD
    migration.unname_the_record(global_apps, None)
    shipped.refresh_from_db()
    assert shipped.record == ""


def test_recording_it_completes_the_weeks_duty(client, cast):
    today = local_today()
    responsibility = scorecard_responsibility(cast.head_role)
    duty = DutyFactory(responsibility=responsibility, owner=cast.head, day=today)
    last_week = DutyFactory(responsibility=responsibility, owner=cast.head, day=today - timedelta(days=7))
    client.force_login(cast.head.user)
    page = client.get("/reports/scorecard/").content.decode()
    assert "Record scorecard reviewed for this week" in page
    response = client.post("/reports/scorecard/reviewed/", {"note": "Visits dipped in Team A; asked for a plan."})
    assert response.status_code == 302 and response.url == "/reports/scorecard/"
    review = ScorecardReview.objects.get()
    assert (review.reviewer, review.week_start, review.recorded_by) == (cast.head, week_of(today), cast.head.user)
    assert review.note == "Visits dipped in Team A; asked for a plan."
    duty.refresh_from_db()
    last_week.refresh_from_db()
    assert (duty.status, duty.record, duty.completed_by) == (Status.DONE, review, cast.head.user)
    assert last_week.status == Status.OPEN  # a missed week stays missed when this week's is done
    after = client.get(response.url).content.decode()
    assert "marked done" in after and "You recorded the scorecard reviewed for the week of" in after
    assert "Record scorecard reviewed for this week" not in after


def test_once_a_week(client, cast):
    today = local_today()
    scorecard_responsibility(cast.head_role)
    record_review(reviewer=cast.head, acting_user=cast.head.user, today=today)
    with pytest.raises(AlreadyReviewed):
        record_review(reviewer=cast.head, acting_user=cast.head.user, today=today)
    client.force_login(cast.head.user)
    response = client.post("/reports/scorecard/reviewed/", {"note": ""}, follow=True)
    assert response.status_code == 200 and ScorecardReview.objects.count() == 1
    review, _ = record_review(reviewer=cast.head, acting_user=cast.head.user, today=today + timedelta(days=7))
    assert review.week_start == week_of(today) + timedelta(days=7)


def test_the_deputy_directors_r27_too(cast):
    today = local_today()
    deputy_role = RoleFactory(name="Deputy Director of Children's Services", oversees_scope=True)
    RoleAssignmentFactory(staff=cast.head, role=deputy_role)
    r27 = scorecard_responsibility(deputy_role, ref="R27")
    duty = DutyFactory(responsibility=r27, owner=cast.head, day=today)
    _, done = record_review(reviewer=cast.head, acting_user=cast.head.user, today=today)
    assert done == [duty]


def test_only_those_whose_duties_include_it_record_it(client, cast):
    today = local_today()
    scorecard_responsibility(cast.head_role)
    assert may_review(cast.head.user, today) and not may_review(cast.team_leader.user, today)
    client.force_login(cast.team_leader.user)
    assert "Record scorecard reviewed" not in client.get("/reports/scorecard/").content.decode()
    assert client.post("/reports/scorecard/reviewed/", {"note": ""}).status_code == 403
    Responsibility.objects.update(active=False)
    assert not may_review(cast.head.user, today)
    assert not ScorecardReview.objects.exists()


def test_a_note_too_long_is_shown_beside_the_field(client, cast):
    scorecard_responsibility(cast.head_role)
    client.force_login(cast.head.user)
    response = client.post("/reports/scorecard/reviewed/", {"note": "x" * 10_001})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not ScorecardReview.objects.exists()
