"""python manage.py import_survey FILE.csv --kind looked_after --year 2026 --name "...": load a
survey's aggregated results (columns question, answer, count)."""

from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.csvfile import import_file
from core.periods import local_date
from participation.models import SurveyKind
from participation.surveys import import_survey
from people.models import StaffMember


class Command(BaseCommand):
    help = (
        "Load a survey's aggregated results from CSV (columns question, answer, count). Every row is checked "
        "first; if any is wrong nothing is loaded. With --by, the results count as that person's survey (R79)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=SurveyKind.values)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--name", required=True)
        parser.add_argument("--by", help="the staff number of whoever ran the survey")

    def handle(self, *args, file: Path, kind: str, year: int, name: str, by: str | None, **options):
        today = local_date(timezone.now())
        if not 2000 <= year <= today.year:
            raise CommandError(f"--year {year} is not a year from 2000 to {today.year}")
        imported_by = None
        if by:
            imported_by = StaffMember.objects.filter(staff_number=by).select_related("user").first()
            if imported_by is None:
                raise CommandError(f"--by: nobody has staff number {by} in the portal")
        survey, done = import_file(
            file,
            partial(import_survey, name=name, kind=kind, year=year, imported_by=imported_by,
                    acting_user=getattr(imported_by, "user", None), today=today),
        )
        answers = survey.results.count()
        self.stdout.write(self.style.SUCCESS(
            f"{file.name}: {survey} loaded, {answers} answer{'s' if answers != 1 else ''}"
            + (f"; {len(done)} duty completed" if done else "")
        ))
