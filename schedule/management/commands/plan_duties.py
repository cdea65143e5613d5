"""python manage.py plan_duties: make this period's and next period's duties (safe to repeat)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.periods import local_date
from schedule.planner import plan_duties


class Command(BaseCommand):
    help = "Plan the duties of the current and next period for everyone who holds a role."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Plan as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today: date | None, **options):
        result = plan_duties(today or local_date(timezone.now()))
        self.stdout.write(self.style.SUCCESS(str(result)))
