"""The dashboard's figures kept as drawn for a large council: shown with when they were worked
out, worked out again by the Celery task, never older than two refreshes, and kept per view."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from reports import snapshots
from reports.models import DashboardSnapshot
from reports.tasks import refresh_dashboards
from schedule.models import Status
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.REPORTS_REFRESH_SECONDS = 600


def missed(owner, responsibility):
    yesterday = timezone.localdate() - timedelta(days=1)
    return DutyFactory(responsibility=responsibility, owner=owner, status=Status.OPEN, day=yesterday,
                       due_on=yesterday)


def test_a_view_is_kept_and_shown_with_when_it_was_worked_out(client, cast, kept):
    responsibility = ResponsibilityFactory(frequency="weekly")
    missed(cast.practitioner, responsibility)
    client.force_login(cast.head.user)
    first = client.get("/reports/")
    assert first.status_code == 200 and "worked out at" in first.content.decode()
    assert DashboardSnapshot.objects.count() == 1
    snapshot = DashboardSnapshot.objects.get()
    assert snapshot.user == cast.head.user and "Compliance with the framework" in snapshot.html

    DutyFactory(responsibility=ResponsibilityFactory(frequency="weekly"), owner=cast.nqsw, status=Status.OPEN,
                day=timezone.localdate() - timedelta(days=1), due_on=timezone.localdate() - timedelta(days=1))
    again = client.get("/reports/")
    assert "snapshot" in again.context and "panels" not in again.context  # as kept, until worked out again
    assert DashboardSnapshot.objects.get().html == snapshot.html
    assert refresh_dashboards() == 1
    assert DashboardSnapshot.objects.get().html != snapshot.html
    assert client.get("/reports/", {"fresh": "1"}).status_code == 200


def test_each_view_has_its_own_figures(client, cast, kept):
    client.force_login(cast.head.user)
    client.get("/reports/")
    client.get("/reports/", {"team": cast.team_a.id})
    client.force_login(cast.team_leader.user)
    client.get("/reports/")
    assert DashboardSnapshot.objects.count() == 3


def test_figures_older_than_two_refreshes_are_worked_out_again(client, cast, kept):
    client.force_login(cast.head.user)
    client.get("/reports/")
    DashboardSnapshot.objects.update(computed_at=timezone.now() - timedelta(minutes=25), html="stale")
    assert "stale" not in client.get("/reports/").content.decode()


def test_a_view_nobody_reads_or_may_read_is_dropped(client, cast, kept):
    client.force_login(cast.head.user)
    client.get("/reports/")
    client.force_login(cast.team_leader.user)
    client.get("/reports/")
    DashboardSnapshot.objects.filter(user=cast.head.user).update(asked_at=timezone.now() - timedelta(days=1))
    cast.team_leader.user.is_active = False
    cast.team_leader.user.save()
    assert refresh_dashboards() == 0
    assert not DashboardSnapshot.objects.exists()


def test_with_no_refresh_the_figures_are_worked_out_on_every_look(client, cast):
    client.force_login(cast.head.user)
    assert "worked out at" not in client.get("/reports/").content.decode()
    assert not DashboardSnapshot.objects.exists()


def test_a_view_is_one_of_whom_it_counts_the_filters_and_the_day(cast, rf):
    request = rf.get("/reports/", {"team": cast.team_a.id})
    request.user = cast.head.user
    scope = snapshots.scope_for(request, day=date(2026, 5, 1))
    later = snapshots.scope_for(request, day=date(2026, 5, 2))
    assert snapshots.key_of(scope) != snapshots.key_of(later)
    assert snapshots.key_of(scope) == snapshots.key_of(snapshots.scope_for(request, day=date(2026, 5, 1)))
