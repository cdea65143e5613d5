"""A plausible demo council to try the portal with, built from the bottom of the portal up: the
responsibilities table (schedule.demo), the people (people.demo: services, teams, about 120 staff
with logins, every role of the table held), a year of duty history (schedule.demo), then each
strand's records, made by its own app's demo through that app's actions so that they complete
this year's duties as they would have.

Everything is invented and deterministic, relative to `today`, and goes into an empty portal in
one transaction. `python manage.py seed_demo` runs it (qaportal/management/commands/seed_demo.py).
"""

import random
import time
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count

from audits.demo import seed_audits
from cases.demo import seed_cases
from complaints.demo import seed_complaints
from observations.demo import seed_observations
from participation.demo import seed_participation
from people import demo as people_demo
from people.demo import DEMO_LOGINS, DEMO_PASSWORD, CannotSeed, print_logins
from people.models import RoleAssignment, Service, StaffMember, Team
from reminders.demo import seed_reminders
from reports.board_demo import seed_board_reports
from reports.demo import seed_scorecard
from schedule import demo as schedule_demo
from schedule.models import Duty, Responsibility, State, state_condition
from standards.demo import seed_standards
from supervision.demo import seed_supervision

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "CannotSeed", "DemoSummary", "print_logins", "seed_demo"]


@dataclass
class DemoSummary:
    staff: int
    teams: int
    services: int
    role_assignments: int
    duties: dict[str, int]
    past_duties: dict[str, int]
    unheld_roles: list[str]
    seconds: float = 0.0

    def lines(self) -> list[str]:
        past = sum(self.past_duties.values()) or 1
        shares = ", ".join(
            f"{status} {count} ({100 * count / past:.0f}%)" for status, count in sorted(self.past_duties.items())
        )
        lines = [
            f"{self.staff} staff in {self.teams} teams across {self.services} services; "
            f"{self.role_assignments} role assignments",
            f"{sum(self.duties.values())} duties: "
            + ", ".join(f"{count} {status}" for status, count in sorted(self.duties.items())),
            f"of those already due: {shares}",
        ]
        if self.unheld_roles:
            lines.append(f"roles in the table that nobody holds: {', '.join(self.unheld_roles)}")
        lines.append(f"seeded in {self.seconds:.1f} s")
        return lines


def seed_demo(today: date, *, log=print) -> DemoSummary:
    """Build the demo council in an empty portal (CannotSeed if it already has staff or the
    demo's usernames are taken). Returns what it made."""
    began = time.monotonic()
    people_demo.refuse_unless_empty()
    rng = random.Random(people_demo.SEED)  # the cast, then the year: one sequence of draws
    with transaction.atomic():
        schedule_demo.seed_responsibilities(log=log)
        staff = people_demo.seed_people(today, rng=rng, log=log)
        schedule_demo.seed_year(today, staff, rng=rng, log=log)
        # The open-cases list, the library, this month's audits of those cases, then the other
        # strands' records.
        seed_cases(today, log=log)
        seed_standards(today, log=log)  # before the audits: their tool names the standards
        seed_audits(today, log=log)
        seed_observations(today, log=log)
        seed_supervision(today, log=log)  # after the audits and observations: agendas carry them
        seed_participation(today, log=log)
        seed_complaints(today, log=log)
        seed_scorecard(today, log=log)  # needs the people and the table: owners, the QA lead, this week's review
        seed_board_reports(today, log=log)  # last: its figures are everything above
        seed_reminders(today, log=log)
    summary = _summary(today)
    summary.seconds = time.monotonic() - began
    return summary


def _summary(today: date) -> DemoSummary:
    held = set(RoleAssignment.objects.values_list("role__name", flat=True))
    table_roles = set(Responsibility.objects.values_list("role__name", flat=True))
    return DemoSummary(
        staff=StaffMember.objects.count(),
        teams=Team.objects.count(),
        services=Service.objects.count(),
        role_assignments=RoleAssignment.objects.count(),
        duties=_states(Duty.objects.all(), today),
        past_duties=_states(Duty.objects.filter(due_on__lt=today), today),
        unheld_roles=sorted(table_roles - held),
    )


def _states(duties, today: date) -> dict[str, int]:
    """How many of these duties stand in each state today (overdue read from the due date)."""
    counts = duties.aggregate(**{state: Count("id", filter=state_condition(state, today)) for state in State.values})
    return {state: count for state, count in counts.items() if count}
