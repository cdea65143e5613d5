from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "standards"
    verbose_name = "Policies, standards and procedures"

    def ready(self):
        # A review falling due reaches its owner's My duties and reminders as a deadline.
        from schedule import deadlines

        from .deadlines import review_deadlines

        deadlines.register("standards", review_deadlines)
