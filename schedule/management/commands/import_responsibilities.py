"""python manage.py import_responsibilities [FILE.csv]: load a council's responsibilities table."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qaportal.csvfile import ImportFailed
from schedule.importing import DEFAULT_TABLE, import_responsibilities


class Command(BaseCommand):
    help = "Load a responsibilities table from CSV (the default table when no file is given)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_TABLE)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            result = import_responsibilities(data)
        except ImportFailed as failure:
            raise CommandError(
                f"{file}: nothing was loaded; fix these and import again:\n" + "\n".join(failure.errors)
            ) from None
        self.stdout.write(self.style.SUCCESS(f"{file.name}: {result}"))
