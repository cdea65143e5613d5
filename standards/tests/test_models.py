"""The library's rules: who reads it, who changes a document, and what recording a review keeps."""

from datetime import date, timedelta

import pytest

from people.tests.factories import UserFactory
from standards.models import Review, Standard

from .conftest import fresh, give
from .factories import StandardFactory

pytestmark = pytest.mark.django_db


def test_everyone_on_the_councils_staff_reads_the_whole_library(cast):
    standards = StandardFactory.create_batch(3, owner=cast.head)
    for person in [cast.practitioner, cast.team_leader, cast.head, cast.outsider]:
        assert list(Standard.objects.visible_to(person.user)) == sorted(standards, key=lambda s: s.title)


def test_partner_agencies_and_accounts_without_a_staff_record_read_nothing(cast, partner):
    StandardFactory(owner=cast.head)
    assert not Standard.objects.visible_to(partner.user).exists()
    assert not Standard.objects.visible_to(UserFactory()).exists()


def test_administrators_read_everything(cast, admin_user):
    StandardFactory(owner=cast.head)
    assert Standard.objects.visible_to(admin_user).count() == 1


def test_the_owner_or_those_with_the_permission_change_a_standard(cast, partner):
    standard = StandardFactory(owner=cast.team_leader)
    assert standard.may_edit(cast.team_leader.user)
    assert not standard.may_edit(cast.practitioner.user)
    assert not standard.may_edit(cast.head.user)  # their manager, but not the owner
    give(cast.head, "change_standard")
    assert standard.may_edit(fresh(cast.head))
    give(partner, "change_standard")
    assert not standard.may_edit(fresh(partner))  # reads nothing, changes nothing


def test_only_those_with_the_permission_add_standards(cast):
    assert not Standard.may_add(cast.head.user)
    give(cast.head, "add_standard")
    assert Standard.may_add(fresh(cast.head))


def test_due_and_overdue_are_worked_out_from_the_date():
    today = date(2026, 4, 15)
    standard = Standard(next_review_on=date(2026, 4, 14), active=True)
    assert standard.is_overdue(today) and not standard.is_due_soon(today)
    standard.next_review_on = date(2026, 5, 15)
    assert not standard.is_overdue(today) and standard.is_due_soon(today)
    standard.next_review_on = date(2026, 5, 16)
    assert not standard.is_due_soon(today)
    standard.active, standard.next_review_on = False, date(2020, 1, 1)
    assert not standard.is_overdue(today)  # a retired document is not reviewed


def test_recording_a_review_moves_the_dates_and_version_and_keeps_history(cast):
    today = date.today()
    standard = StandardFactory(owner=cast.team_leader, version="2.0", next_review_on=today - timedelta(days=3))
    review = standard.record_review(
        acting_user=cast.team_leader.user, reviewed_on=today, note="Updated for Working Together 2023",
        version="2.1", next_review_on=today + timedelta(days=365),
    )
    standard.refresh_from_db()
    assert (standard.version, standard.last_reviewed_on, standard.next_review_on) == (
        "2.1", today, today + timedelta(days=365))
    assert (review.previous_version, review.version, review.reviewed_by) == ("2.0", "2.1", cast.team_leader.user)
    latest = standard.history.order_by("-history_id").first()
    assert (latest.history_change_reason, latest.history_user, latest.version) == (
        "reviewed", cast.team_leader.user, "2.1")
    assert list(standard.history.order_by("history_id").values_list("version", flat=True)) == ["2.0", "2.1"]


def test_a_review_without_a_new_version_keeps_the_version(cast):
    standard = StandardFactory(owner=cast.team_leader, version="2.0")
    review = standard.record_review(acting_user=cast.team_leader.user, reviewed_on=date.today(), note="No change",
                                    next_review_on=date.today() + timedelta(days=100))
    assert (review.previous_version, review.version, standard.version) == ("2.0", "2.0", "2.0")
    assert Review.objects.count() == 1
