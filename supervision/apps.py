from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "Supervision and PDR"

    def ready(self):
        # A responsibility whose `record` names one of these is done when such a record is saved, and
        # My duties links to the page that makes one (which also takes ?supervisee= or ?appraisee=).
        from schedule.records import register

        register("supervision:session", "a supervision session", "supervision:new")
        register("supervision:pdr", "a PDR (appraisal)", "supervision:pdr_new")
