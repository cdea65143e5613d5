from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision and PDR"

    def ready(self):
        from schedule.records import register

        register("supervision:session", "a supervision session", None)
        register("supervision:pdr", "a PDR (appraisal)", None)
