"""The kinds of board report: each is whole (its sections name real panels, its period is one
the reports read, its duty's record kind is registered) and the quarterly and monthly reports
have the sections the strategy asks for."""

import pytest
from django.test import RequestFactory

from reports import dashboard
from reports.board_kinds import (
    ANNUAL_COMPLAINTS,
    ANNUAL_SURVEYS,
    IRO_ANNUAL,
    KINDS,
    MONTHLY_AUDIT,
    PANELS,
    QUARTERLY,
    REGULATION_44,
)
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
        "closing-the-loop", "programme",
    ]
    assert QUARTERLY.sections[0].title == "Summary and recommendation"


def test_the_monthly_audit_report_is_audit_quality_and_actions():
    assert MONTHLY_AUDIT.period_kind == "month"
    assert [spec.panel for spec in MONTHLY_AUDIT.sections if spec.panel] == ["audit-quality", "actions"]
    assert MONTHLY_AUDIT.section("actions").title == "Actions from quality assurance"
    assert MONTHLY_AUDIT.section("missing") is None


@pytest.mark.django_db
def test_every_section_with_figures_names_a_panel_that_draws_itself_under_its_key(cast):
    request = RequestFactory().get("/reports/", {"period": "quarter-2026-04"})
    request.user = cast.head.user
    scope = scope_for(request)
    for kind in KINDS.values():
        for spec in kind.sections:
            if spec.panel:
                assert PANELS[spec.panel](scope).key == spec.panel, (kind.key, spec.key)


def test_the_dashboard_panels_are_all_printable_under_their_own_keys():
    assert {module.panel for module in dashboard.PANELS} <= set(PANELS.values())


@pytest.mark.parametrize("kind", [ANNUAL_COMPLAINTS, IRO_ANNUAL, ANNUAL_SURVEYS, REGULATION_44], ids=lambda k: k.key)
def test_the_annual_and_six_monthly_kinds_cover_their_periods(kind):
    assert kind.period_kind == {"annual_complaints": "calendar", "regulation_44": "half"}.get(kind.key, "year")
    assert kind.sections[0].key == "summary" and kind.sections[0].panel is None


def test_the_annual_complaints_report_prints_the_year_and_five_years_of_trends():
    assert [spec.panel for spec in ANNUAL_COMPLAINTS.sections if spec.panel] == ["complaints", "complaints-years"]
    assert ANNUAL_COMPLAINTS.writers == ("Complaints Manager",)
