"""A board report's words and a missed target's reason, saved from pages opened at the same time:
the later save is refused with what changed, and both changes end up saved."""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import Permission

from core.periods import LONDON
from core.tests.page_forms import save_from_two_tabs
from reports.models import BoardReport, MeasureValue
from reports.scorecard_actions import explain

from .factories import MeasureFactory, make_value
from .test_board_actions import files_in_tmp, started


@pytest.fixture(autouse=True)
def _files_in_tmp(monkeypatch, tmp_path):
    yield from files_in_tmp(monkeypatch, tmp_path)


def signed_in(client, staff):
    client.force_login(staff.user)
    return client


def test_the_author_writes_a_reports_words_in_two_tabs_and_loses_neither(client, cast):
    report = started(cast, summary="A quiet quarter.", actions="")
    refused = save_from_two_tabs(
        report.get_absolute_url(),
        signed_in(client, cast.head),
        signed_in(client.__class__(), cast.head),
        first_change={"summary": "A quiet quarter: audits on time."},
        second_change={"actions": "Chronology actions are overdue in Team A."},
    )
    assert "Summary and recommendation</a>: now “A quiet quarter: audits on time.”" in refused.content.decode()
    report = BoardReport.objects.get(pk=report.pk)
    assert report.narrative["summary"] == "A quiet quarter: audits on time."
    assert report.narrative["actions"] == "Chronology actions are overdue in Team A."


def test_the_owner_and_a_colleague_explain_one_missed_target_and_both_changes_stay(client, cast):
    measure = MeasureFactory(name="Visits on time", owner=cast.head)
    value = make_value(
        measure, date(2026, 3, 1), "86", team=cast.team_a, at=datetime(2026, 4, 15, 10, 0, tzinfo=LONDON)
    )
    explain(value, reason="Two workers off sick", planned_action="Agency cover", acting_user=cast.head.user)
    cast.team_leader.user.user_permissions.add(Permission.objects.get(codename="change_measurevalue"))
    refused = save_from_two_tabs(
        value.explain_url(),
        signed_in(client, cast.head),
        signed_in(client.__class__(), cast.team_leader),
        first_change={"reason": "Two workers off sick in March"},
        second_change={"planned_action": "Agency cover from May, reviewed in June"},
    )
    assert "Why was the target missed?</a>: now “Two workers off sick in March”" in refused.content.decode()
    value = MeasureValue.objects.get(pk=value.pk)
    assert (value.reason, value.planned_action) == (
        "Two workers off sick in March",
        "Agency cover from May, reviewed in June",
    )
