"""The fixed cast every access and planning test is told with (healthchecks' alice, bob and charlie).

One service with two teams: a practitioner and a newly-qualified social worker in team A, their
team leader, and the head of service over them all; an outsider in another service reports to
someone else. Each has a user whose password is people.tests.factories.PASSWORD.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from core.periods import LONDON
from people.models import Role, Service, StaffMember, Team
from people.tests.factories import (
    RoleAssignmentFactory,
    RoleFactory,
    ServiceFactory,
    StaffMemberFactory,
    TeamFactory,
    UserFactory,
)


@dataclass
class Cast:
    service: Service
    team_a: Team
    team_b: Team
    team_leader_role: Role
    head_role: Role
    head: StaffMember
    team_leader: StaffMember
    practitioner: StaffMember
    nqsw: StaffMember
    outsider: StaffMember


def staff(username: str, **fields) -> StaffMember:
    return StaffMemberFactory(user=UserFactory(username=username), name=username.replace("_", " ").title(), **fields)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings):
    # Pages name static files through the finders, so tests need no collectstatic (and the live
    # server, which serves from the finders, finds what the pages ask for).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_moderation_by_chance(settings):
    # A share of submitted audits is drawn for moderation at random; tests that want it say so.
    settings.MODERATION_SHARE = 0


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():
    # Checking a password is slow by design (PBKDF2's million rounds), and the tests sign in
    # through the sign-in page hundreds of times: there, one quick hash does.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _no_second_factor_unless_asked(settings):
    # Tests sign people in without their authenticator app; tests of two-factor sign-in say so.
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def _dashboard_figures_worked_out_on_every_look(settings):
    # The figures a test reads are those of the moment; tests of the kept figures say so.
    settings.REPORTS_REFRESH_SECONDS = 0


@pytest.fixture
def today() -> date:
    """A Wednesday in the first month of the 2026/27 financial year."""
    return date(2026, 4, 15)


class Clock:
    """The portal's clock, stopped at a moment the test chooses."""

    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch

    def move_to(self, day: date, hour: int = 9) -> datetime:
        """Make it `hour` o'clock on `day` in London for everything that asks the time: days pass
        and no job runs. Sign in after moving: a session is only as old as the clock says."""
        moment = datetime(day.year, day.month, day.day, hour, tzinfo=LONDON).astimezone(UTC)
        self._monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """`clock.move_to(date(2026, 2, 28))`: the portal's today (core.clock) is that day."""
    return Clock(monkeypatch)


@pytest.fixture
def cast(db) -> Cast:
    service = ServiceFactory(name="Children's Social Care")
    team_a, team_b = TeamFactory(service=service, name="Team A"), TeamFactory(service=service, name="Team B")
    team_leader_role = RoleFactory(name="Team Leader")
    head_role = RoleFactory(name="Head of Service", oversees_scope=True)

    head = staff("head", job_title="Head of Service")
    team_leader = staff("team_leader", team=team_a, line_manager=head, job_title="Team Leader")
    practitioner = staff(
        "practitioner", team=team_a, line_manager=team_leader, is_case_holder=True, is_practitioner=True
    )
    nqsw = staff("nqsw", team=team_a, line_manager=team_leader, is_practitioner=True, is_newly_qualified=True)
    RoleAssignmentFactory(staff=head, role=head_role, service=service)
    RoleAssignmentFactory(staff=team_leader, role=team_leader_role, team=team_a)

    elsewhere = TeamFactory(name="Elsewhere", service=ServiceFactory(name="Adult Social Care"))
    their_manager = staff("their_manager", team=elsewhere)
    outsider = staff("outsider", team=elsewhere, line_manager=their_manager, is_practitioner=True)
    return Cast(service, team_a, team_b, team_leader_role, head_role, head, team_leader, practitioner, nqsw, outsider)
