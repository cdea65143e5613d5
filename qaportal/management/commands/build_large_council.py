"""python manage.py build_large_council [--staff 2000] [--years 5] [--today YYYY-MM-DD] [--seed N]: a large
council with years of history in an empty, migrated, throw-away database, for benchmarks (see
qaportal/large_council.py). Never part of `make run`; it refuses a database that has any staff."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.periods import local_date
from qaportal.large_council import CannotBuild, build


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated throw-away database with a large council and years of duties and records, "
        "for benchmarks. It migrates nothing itself and refuses a database that has any staff."
    )

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=2000, help="How many staff records (leavers included).")
        parser.add_argument("--years", type=int, default=5, help="Years of history before today.")
        parser.add_argument("--today", type=date.fromisoformat, help="Build as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--seed", type=int, default=1, help="The seed of the invented council.")

    def handle(self, *args, staff: int, years: int, today: date | None, seed: int, **options):
        today = today or local_date(timezone.now())
        self.stdout.write(f"Building a council of {staff} staff with {years} years of history to {today}:")
        try:
            built = build(staff=staff, years=years, today=today, seed=seed, log=self.stdout.write)
        except CannotBuild as refusal:
            raise CommandError(f"Nothing was built: {refusal}.") from None
        for line in built.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Large council ready."))
