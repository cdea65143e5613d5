from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and organisation"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from core import imports

        from . import sessions
        from .importing import RUN_KIND, check_upload, load_upload
        from .lockout import log_lockout

        user_locked_out.connect(log_lockout, dispatch_uid="people.lockout")
        user_logged_in.connect(sessions.started, dispatch_uid="people.sessions")

        # The staff upload page loads its file as an import run, in a Celery task.
        imports.register(
            imports.Importer(
                kind=RUN_KIND, what="the staff list", check=check_upload, load=load_upload, upload_url="people:upload"
            )
        )
