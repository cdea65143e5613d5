from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self):
        from core import imports

        from .importing import RUN_KIND, check_upload, load_upload

        # The case list's upload page loads its file as an import run, in a Celery task.
        imports.register(
            imports.Importer(
                kind=RUN_KIND, what="the case list", check=check_upload, load=load_upload, upload_url="cases:upload"
            )
        )
