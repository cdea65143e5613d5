from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        # The models, and what reads them, are imported once the apps are ready.
        from schedule import deadlines, records

        from .board_kinds import KINDS
        from .deadlines import reasons_due
        from .models import REVIEW_RECORD

        # A missed target's reason reaches its measure's owner in My duties and the digest.
        deadlines.register("scorecard", reasons_due)
        # A responsibility whose `record` names this (R27, R35) is done when the scorecard is
        # recorded reviewed for the week, and My duties links to the scorecard.
        records.register(REVIEW_RECORD, "a scorecard review", "reports:scorecard")
        # A report's duty (R01, R50...) is done when a report of its kind is finalised, and My
        # duties links to the board reports.
        for kind in KINDS.values():
            records.register(kind.record_kind, f"the {kind.title.lower()}", "reports:board_reports")
