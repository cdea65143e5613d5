from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        # The models, and what reads them, are imported once the apps are ready.
        from schedule import deadlines, records

        from .deadlines import reasons_due
        from .models import REVIEW_RECORD

        # A missed target's reason reaches its measure's owner in My duties and the digest.
        deadlines.register("scorecard", reasons_due)
        # A responsibility whose `record` names this (R27, R35) is done when the scorecard is
        # recorded reviewed for the week, and My duties links to the scorecard.
        records.register(REVIEW_RECORD, "a scorecard review", "reports:scorecard")
