"""python manage.py import_cases FILE.csv: load the case list exported by the case management system."""

from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from cases.importing import import_cases
from core.csvfile import import_file
from core.periods import local_date


class Command(BaseCommand):
    help = (
        "Load the case list from CSV (columns case_reference, case_holder (a staff number), opened_on; "
        "optionally team, closed_on, transferred_on). Cases already in the portal are updated by reference; "
        "a case newly closed or transferred raises its audit on closure or transfer."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        today = local_date(timezone.now())
        result = import_file(file, partial(import_cases, today=today, acting_user=None))
        self.stdout.write(self.style.SUCCESS(f"{file.name}: {result}"))
