"""One reminder run by hand: `send_reminders [--dry-run] [--date YYYY-MM-DD]`."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reminders.sending import run


class Command(BaseCommand):
    help = "Send today's reminder digests (or a given day's); --dry-run prints who would get what."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; send nothing.")
        parser.add_argument("--date", help="Run for this day (YYYY-MM-DD), whatever the hour.")

    def handle(self, *args, dry_run=False, date=None, **options):
        day = None
        if date:
            try:
                day = _parse(date)
            except ValueError:
                raise CommandError(f"--date: {date!r} is not a date as YYYY-MM-DD") from None
        report = run(day=day, dry_run=dry_run)
        if dry_run:
            for digest in report.digests:
                counts = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in digest.contents().items())
                self.stdout.write(f"{digest.recipient.email}: {counts}")
        self.stdout.write(str(report) + (" (dry run: nothing sent)" if dry_run else ""))


def _parse(text: str) -> date:
    return date.fromisoformat(text)
