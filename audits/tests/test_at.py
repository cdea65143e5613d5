"""An audit written up afterwards carries the moment each step was taken (`at=`): the timestamps
the step sets (submitted, shared, acknowledged, moderated), the `created_at` of what it makes (the
audit, a scrutiny, an agency's part, a theme and its questions), and the history. Without `at`,
the moment is now."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from audits.actions import (
    acknowledge_audit,
    invite_agency,
    moderate_audit,
    save_contribution,
    save_theme,
    scrutinise_audit,
    share_audit,
    start_audit,
    submit_audit,
)
from audits.models import AuditStatus, AuditTheme, AuditTool, AuditType
from core.periods import LONDON

from .factories import THEME_QUESTIONS, partner, theme_with_questions

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=LONDON)


def start(cast, **fields):
    return start_audit(acting_user=cast.team_leader.user, audit_type=fields.pop("audit_type", AuditType.CASE_FILE),
                       case_reference="CR-10001", case_holder=cast.practitioner, team=cast.team_a,
                       audited_on=date(2026, 3, 2), **fields)


def history(record) -> list[tuple]:
    return [(row.history_change_reason, row.history_date) for row in record.history.order_by("history_id")]


def test_a_case_file_audit_from_start_to_scrutiny(cast):
    audit = start(cast, at=at(2))
    assert (audit.auditor, audit.tool) == (cast.team_leader, AuditTool.objects.current(AuditType.CASE_FILE))
    submit_audit(audit, acting_user=cast.team_leader.user, draw=lambda: 1.0, at=at(3))
    share_audit(audit, acting_user=cast.team_leader.user, at=at(4))
    acknowledge_audit(audit, acting_user=cast.practitioner.user, response="Agreed", at=at(5))
    audit.refresh_from_db()
    scrutiny, _ = scrutinise_audit(audit, acting_user=cast.head.user, comment="Thorough", on=date(2026, 3, 6),
                                   at=at(6))

    audit.refresh_from_db()
    stamps = (audit.created_at, audit.submitted_at, audit.shared_at, audit.acknowledged_at)
    assert stamps == (at(2), at(3), at(4), at(5))
    assert history(audit) == [("started", at(2)), ("submitted", at(3)), ("shared with the case-holder", at(4)),
                              ("acknowledged", at(5))]
    assert {row.created_at for row in audit.history.all()} == {at(2)}
    scrutiny.refresh_from_db()
    assert (scrutiny.created_at, scrutiny.history.get().history_date) == (at(6), at(6))


def test_a_moderation_carries_its_moment(cast):
    audit = start(cast, moderation_requested=True, at=at(2))
    submit_audit(audit, acting_user=cast.team_leader.user, at=at(3))
    moderate_audit(audit, acting_user=cast.head.user, overall_grade="good", comment="Agreed", grades={}, at=at(9))
    audit.refresh_from_db()
    assert (audit.status, audit.moderated_at) == (AuditStatus.MODERATED, at(9))
    assert history(audit)[-1] == ("moderated: grade changed", at(9))


def test_a_theme_and_its_questions_carry_their_moment(cast):
    theme = AuditTheme(audit_type=AuditType.THEMED, title="Neglect", set_by="Senior Management Team")
    tool = save_theme(theme, acting_user=cast.head.user, questions=THEME_QUESTIONS, at=at(2))
    theme.refresh_from_db()
    tool.refresh_from_db()
    assert (theme.created_at, tool.created_at, tool.theme, tool.version) == (at(2), at(2), theme, 1)
    assert [(row.history_user, row.history_date) for row in theme.history.all()] == [(cast.head.user, at(2))]
    theme.active = False
    assert save_theme(theme, acting_user=cast.head.user, at=at(5)) is None  # the same questions: no new version
    theme.refresh_from_db()
    assert (theme.created_at, theme.history.latest().history_date) == (at(2), at(5))


def test_an_agencys_part_carries_its_moments(cast):
    theme = theme_with_questions(AuditType.MULTI_AGENCY, title="Neglect together")
    audit = start(cast, audit_type=AuditType.MULTI_AGENCY, theme=theme, at=at(2))
    assert audit.tool == AuditTool.objects.current(AuditType.MULTI_AGENCY, theme=theme)
    officer = partner()
    part = invite_agency(audit, acting_user=cast.team_leader.user, agency=officer.agency, contributor=officer,
                         at=at(3))
    save_contribution(part, acting_user=officer.user, learning="Share sooner", at=at(10))
    part = save_contribution(part, acting_user=officer.user, submit=True, grade="good", at=at(11))

    assert (part.created_at, part.submitted_at, part.grade, part.learning) == (at(3), at(11), "good", "Share sooner")
    assert history(part) == [("agency invited", at(3)), ("draft saved", at(10)), ("draft saved", at(11)),
                             ("submitted", at(11))]


def test_without_a_moment_it_is_now(cast):
    before = timezone.now()
    audit = start(cast)
    submit_audit(audit, acting_user=cast.team_leader.user, draw=lambda: 1.0)
    audit.refresh_from_db()
    assert before <= audit.created_at <= audit.submitted_at <= timezone.now()
    assert all(before <= row.history_date <= timezone.now() for row in audit.history.all())
