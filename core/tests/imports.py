"""What the tests of every upload page share: Celery run eagerly (as reminders' and audits' tests
run it), and an upload's import run followed through its task."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import ImportRun
from qaportal.celery import app


@pytest.fixture
def eager_tasks():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def csv_file(text: str | bytes, name: str = "file.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, "text/csv")


def post_and_load(client, url: str, data: dict, capture):
    """POST an upload page, see that it answers at once with the run queued (nothing loaded yet),
    then let the queued task run, as the worker would once the request's transaction commits.
    `capture` is pytest-django's django_capture_on_commit_callbacks; Celery must be eager."""
    with capture() as callbacks:
        response = client.post(url, data)
    assert response.status_code == 302 and response.url.startswith("/imports/"), response
    run = ImportRun.objects.get(pk=int(response.url.strip("/").split("/")[-1]))
    assert run.status == "queued" and len(callbacks) == 1
    for callback in callbacks:
        callback()
    run.refresh_from_db()
    return run
