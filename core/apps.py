from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        # The import task is registered in every process, not only the worker's, so that a
        # portal run with CELERY_TASK_ALWAYS_EAGER loads its uploads in the process that queued them.
        from . import tasks  # noqa: F401
