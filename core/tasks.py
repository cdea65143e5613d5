"""The Celery work of core: loading an uploaded file (an import run)."""

from celery import shared_task

from . import imports


@shared_task(name="core.tasks.run_import")
def run_import(run_id: int) -> bool:
    # The claim, the one transaction and the failure record live in core.imports.
    return imports.run(run_id)
