from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        # The models, and what reads them, are imported once the apps are ready.
        from core import imports
        from schedule import deadlines, records

        from .board_kinds import KINDS
        from .deadlines import reasons_due
        from .models import REVIEW_RECORD
        from .scorecard_import import RUN_KIND, check_upload, load_upload

        # A missed target's reason reaches its measure's owner in My duties and the digest.
        deadlines.register("scorecard", reasons_due)
        # A responsibility whose `record` names this (R27, R35) is done when the scorecard is
        # recorded reviewed for the week, and My duties links to the scorecard.
        records.register(REVIEW_RECORD, "a scorecard review", "reports:scorecard")
        # A report's duty (R01, R50...) is done when a report of its kind is finalised, and My
        # duties links to the board reports.
        for kind in KINDS.values():
            records.register(kind.record_kind, f"the {kind.title.lower()}", "reports:board_reports")
        # The scorecard's import page loads its file as an import run, in a Celery task.
        imports.register(
            imports.Importer(
                kind=RUN_KIND,
                what="the scorecard's values",
                check=check_upload,
                load=load_upload,
                upload_url="reports:scorecard_import",
            )
        )
