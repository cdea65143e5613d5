from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "observations"
    verbose_name = "Observations of practice"

    def ready(self):
        from schedule.records import register

        from . import models

        # An observation completes its observer's duty of the matching kind, and the coverage
        # duties about the practitioner observed (R59) or the IRO observed chairing (R69, R72).
        # The page that records one takes `?kind=` and starts with the setting it implies.
        new = "observations:new"
        register(models.PRACTICE_RECORD, "an observation of practice", new)
        register(models.CP_CONFERENCE_RECORD, "an observation of a child protection conference", new)
        register(models.LAC_REVIEW_RECORD, "an observation of a looked-after child review", new)
        register(models.PRACTITIONER_RECORD, "an observation of this practitioner by a team leader or above", new)
        register(models.IRO_RECORD, "an observation of this IRO chairing a looked-after child review", new)
