"""Benchmark: one reminder run for a council of 2,000 staff, with 1 and with 5 years of duty
history, to show that its cost follows the number of people with something to hear of, not the
size of the history.

    .venv/bin/python benchmarks/reminders.py [--database-url URL] [--staff 2000] [--years 1 5]

With no URL it uses a new SQLite file for each size; a PostgreSQL URL must name an empty
database (it is emptied between sizes). E-mails go to Django's in-memory backend.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)  # a Monday
TEAM_SIZE = 8


def build(staff_count: int, years: int):
    """Services, teams of eight under a team leader, a monthly and a quarterly duty for everyone
    (the current periods planned by the planner) and `years` of done duties behind them."""
    from django.db import transaction

    from core.periods import periods_between
    from people.models import Role, RoleAssignment, Service, StaffMember, Team
    from schedule.models import AppliesTo, Duty, Responsibility, Status
    from schedule.planner import plan_duties

    with transaction.atomic():
        worker_role = Role.objects.create(name="Practitioner", slug="practitioner")
        leader_role = Role.objects.create(name="Team Leader", slug="team-leader", oversees_scope=True)
        monthly = Responsibility.objects.create(
            ref="B1", role=worker_role, task="Update the case chronologies", frequency="monthly",
            applies_to=AppliesTo.HOLDER, strand="audit", purpose="Keep records current")
        Responsibility.objects.create(
            ref="B2", role=worker_role, task="Reflective practice log", frequency="quarterly",
            applies_to=AppliesTo.HOLDER, strand="supervision", purpose="Reflect on practice")
        Responsibility.objects.create(
            ref="B3", role=leader_role, task="Monthly supervision", frequency="monthly",
            applies_to=AppliesTo.REPORTS, strand="supervision", purpose="Support and challenge")
        service = Service.objects.create(name="Children's Social Care")
        started = TODAY - timedelta(days=365 * years + 30)
        people, assignments = [], []
        teams = [Team.objects.create(service=service, name=f"Team {n + 1}")
                 for n in range(staff_count // TEAM_SIZE + 1)]
        for n in range(staff_count):
            team = teams[n // TEAM_SIZE]
            people.append(StaffMember(staff_number=f"B{n:05d}", name=f"Person {n:05d}", team=team,
                                      email=f"person{n:05d}@example.gov.uk", started_on=started,
                                      is_practitioner=n % TEAM_SIZE != 0))
        StaffMember.objects.bulk_create(people, batch_size=500)
        people = list(StaffMember.objects.order_by("staff_number"))
        for n, person in enumerate(people):
            leader = people[(n // TEAM_SIZE) * TEAM_SIZE]
            if person is not leader:
                person.line_manager = leader
            role = leader_role if person is leader else worker_role
            assignments.append(RoleAssignment(staff=person, role=role, team=person.team, starts_on=started))
        StaffMember.objects.bulk_update(people, ["line_manager"], batch_size=500)
        RoleAssignment.objects.bulk_create(assignments, batch_size=500)

        # The history: every month of every past year done, for every practitioner.
        history = []
        for period in periods_between("monthly", TODAY - timedelta(days=365 * years), TODAY - timedelta(days=62)):
            for person in people:
                if person.is_practitioner:
                    history.append(Duty(
                        responsibility=monthly, owner=person, frequency="monthly", period_start=period.start,
                        period_end=period.end, due_on=period.end, status=Status.DONE, completed_on=period.end))
        Duty.objects.bulk_create(history, batch_size=2000)
        plan_duties(TODAY - timedelta(days=40))  # last month's duties, some left overdue
        plan_duties(TODAY)
        # Most of last month's were done; one in six is overdue (escalating to team leaders).
        late = list(Duty.objects.overdue(TODAY).values_list("id", flat=True))
        Duty.objects.filter(id__in=[i for n, i in enumerate(late) if n % 6]).update(
            status=Status.DONE, completed_on=TODAY - timedelta(days=20))
    return Duty.objects.count()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--years", type=int, nargs="+", default=[1, 5])
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="qaportal-bench-")
    os.environ["QAPORTAL_VAR_DIR"] = var
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qaportal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reminders.models import Notice
    from reminders.sending import run

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for years in args.years:
        call_command("flush", interactive=False, verbosity=0) if connection.introspection.table_names() else None
        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        duties = build(args.staff, years)
        built = time.perf_counter() - began
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            report = run(day=TODAY)
        seconds = time.perf_counter() - began
        selects = sum(1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT"))
        print(f"{connection.vendor}, {args.staff} staff, {years} year(s) of history: {duties} duties "
              f"(built in {built:.0f} s). One run: {seconds:.2f} s, {len(queries)} queries ({selects} SELECTs); "
              f"{report}")
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            again = run(day=TODAY)
        print(f"  the same day again: {time.perf_counter() - began:.2f} s, {len(queries)} queries; {again}")
        assert Notice.objects.filter(state=Notice.State.SENT).count() == report.sent


if __name__ == "__main__":
    main()
