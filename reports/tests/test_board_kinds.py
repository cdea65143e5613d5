"""The kinds of board report: each is whole (its sections name real panels, its period is one
the reports read, its duty's record kind is registered) and the quarterly and monthly reports
have the sections the strategy asks for."""

import pytest
from django.test import RequestFactory

from reports import dashboard
from reports.board_kinds import KINDS, MONTHLY_AUDIT, QUARTERLY
from reports.scope import KINDS as PERIOD_KINDS
from reports.scope import scope_for
from schedule.records import KINDS as RECORD_KINDS


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_a_kind_is_whole(kind):
    assert kind.period_kind in PERIOD_KINDS
    keys = [spec.key for spec in kind.sections]
    assert len(keys) == len(set(keys))
    assert kind.record_kind in RECORD_KINDS
    assert kind.writers
    assert all(spec.prompt for spec in kind.sections)


def test_the_quarterly_report_opens_with_the_recommendation_and_ends_with_next_quarter():
    assert QUARTERLY.period_kind == "quarter"
    assert [spec.panel for spec in QUARTERLY.sections] == [
        None, "compliance", "coverage", "audit-quality", "actions", "complaints", "participation",
        "closing-the-loop", None,
    ]
    assert QUARTERLY.sections[0].title == "Summary and recommendation"


def test_the_monthly_audit_report_is_audit_quality_and_actions():
    assert MONTHLY_AUDIT.period_kind == "month"
    assert [spec.panel for spec in MONTHLY_AUDIT.sections if spec.panel] == ["audit-quality", "actions"]
    assert MONTHLY_AUDIT.section("actions").title == "Actions from quality assurance"
    assert MONTHLY_AUDIT.section("missing") is None


@pytest.mark.django_db
def test_every_section_with_figures_names_a_panel_of_the_dashboard(cast):
    request = RequestFactory().get("/reports/", {"period": "quarter-2026-04"})
    request.user = cast.head.user
    shown = {item.key for item in dashboard.panels(scope_for(request))}
    for kind in KINDS.values():
        assert {spec.panel for spec in kind.sections if spec.panel} <= shown, kind.key
