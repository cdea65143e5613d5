"""python manage.py seed_demo [--if-empty] [--today YYYY-MM-DD] [--logins]: an invented council to try
the portal with (see qaportal/demo.py)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.periods import local_date
from people.models import StaffMember
from qaportal.demo import CannotSeed, print_logins, seed_demo


class Command(BaseCommand):
    help = (
        "Fill an empty portal with an invented council: services, teams, about 120 staff with logins, "
        "every role of the responsibilities table held, and a year of duties done, missed and waived."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the portal already has staff.")
        parser.add_argument("--today", type=date.fromisoformat, help="Seed as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, if_empty: bool, today: date | None, logins: bool, **options):
        if logins:
            print_logins(self.stdout.write)
            return
        if StaffMember.objects.exists():
            if if_empty:
                self.stdout.write("The portal already has staff, so seed_demo --if-empty left it as it is.")
                return
            raise CommandError(
                "The portal already has staff; seed_demo only fills an empty portal "
                "(use --if-empty to skip quietly, or start from a fresh database)."
            )
        try:
            summary = seed_demo(today or local_date(timezone.now()), log=self.stdout.write)
        except CannotSeed as refusal:
            raise CommandError(f"Nothing was seeded: {refusal}.") from None
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write("")
        print_logins(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo council ready."))
