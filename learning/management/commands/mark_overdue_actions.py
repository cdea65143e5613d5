"""python manage.py mark_overdue_actions: mark overdue the actions past their due date (safe to repeat)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from core.periods import local_date
from learning.overdue import mark_overdue_actions


class Command(BaseCommand):
    help = "Mark overdue every open or in-progress action whose due date has passed."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Mark as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today: date | None, **options):
        marked = mark_overdue_actions(today or local_date(timezone.now()))
        self.stdout.write(self.style.SUCCESS(f"{marked} action{'' if marked == 1 else 's'} marked overdue"))
