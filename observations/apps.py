from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "observations"
    verbose_name = "Observations of practice"

    def ready(self):
        from schedule.records import register

        # An observation completes its observer's duty of the matching kind, and the coverage
        # duties about the practitioner observed (R59) or the IRO observed chairing (R69, R72).
        register("observation:practice", "an observation of practice", None)
        register("observation:cp_conference", "an observation of a child protection conference", None)
        register("observation:lac_review", "an observation of a looked-after child review", None)
        register("observation:practitioner", "an observation of this practitioner by a team leader or above", None)
        register("observation:iro", "an observation of this IRO chairing a looked-after child review", None)
