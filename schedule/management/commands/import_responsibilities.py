"""python manage.py import_responsibilities [FILE.csv]: load a council's responsibilities table."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core.csvfile import import_file
from schedule.importing import DEFAULT_TABLE, import_responsibilities


class Command(BaseCommand):
    help = "Load a responsibilities table from CSV (the default table when no file is given)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_TABLE)

    def handle(self, *args, file: Path, **options):
        result = import_file(file, import_responsibilities)
        self.stdout.write(self.style.SUCCESS(f"{file.name}: {result}"))
