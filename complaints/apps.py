from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "Complaints"

    def ready(self):
        # A complaint's stage response dates reach My duties of its handler.
        from schedule import waiting
        from schedule.deadlines import register

        from .deadlines import complaint_deadlines
        from .waiting import responses_to_make

        register("complaints", complaint_deadlines)
        # ... and, as what the complaint waits for, are first on it ("Waiting for you").
        waiting.register("complaints", responses_to_make)
