from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "Complaints"

    def ready(self):
        # A complaint's stage response dates reach My duties of its handler.
        from schedule.deadlines import register

        from .deadlines import complaint_deadlines

        register("complaints", complaint_deadlines)
