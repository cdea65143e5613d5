"""python manage.py import_staff FILE.csv: load or update staff from an HR system's CSV export,
there and then (the upload page at /people/upload/ loads the same file as an import run, by Celery)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core.csvfile import import_file
from people.importing import import_staff


class Command(BaseCommand):
    help = (
        "Load staff from CSV (columns staff_number, name, job_title, team, started_on; optionally "
        "email, service, line_manager, case_holder, practitioner, newly_qualified, left_on). "
        "People already in the portal are updated by staff number."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        result = import_file(file, import_staff)
        self.stdout.write(self.style.SUCCESS(f"{file.name}: {result}"))
