"""An import run's page at /imports/<id>/ and its JSON: who uploaded what and when, each state
(waiting, loading N of M rows, loaded, failed with every line's error), followed by a script or a
refresh; seen only by its uploader and administrators."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import imports
from core.import_views import ERRORS_PER_PAGE
from core.models import ImportRun, ImportStatus
from people.tests.factories import UserFactory

from .imports import csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploader():
    return UserFactory(username="uploader", first_name="Una", last_name="Loader")


@pytest.fixture
def run(uploader, django_capture_on_commit_callbacks):
    """A case list waiting to be loaded (the case list's importer, registered by cases.apps)."""
    with django_capture_on_commit_callbacks():
        started = imports.start(
            "cases",
            csv_file("case_reference,case_holder,opened_on\nCR-1,S1,2025-06-01\nCR-2,S1,2025-06-01\n", "may.csv"),
            options={"today": "2026-04-15"},
            acting_user=uploader,
        )
    return started.run


def page_of(client, run) -> str:
    response = client.get(f"/imports/{run.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_waiting_run_says_who_uploaded_what_and_refreshes_itself(client, uploader, run):
    client.force_login(uploader)
    text = page_of(client, run)
    assert '<h1 class="govuk-heading-l">Loading the case list</h1>' in text
    assert "may.csv" in text and "Una Loader" in text and "Waiting to start" in text
    assert f'data-follow-progress="/imports/{run.pk}/progress/"' in text and 'role="status"' in text
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in text
    assert "js/follow-progress" in text and "<script>" not in text  # the CSP allows no inline script
    assert client.get(f"/imports/{run.pk}/progress/").json() == {
        "status": "queued",
        "label": "Waiting to start (2 rows)",
        "rows_done": 0,
        "rows_total": 2,
        "done": False,
    }


def test_a_loading_run_says_how_far_it_has_got(client, uploader, run):
    ImportRun.objects.filter(id=run.id).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    run.refresh_from_db()
    reporter = imports.Reporter(run)
    reporter(4000, 12000, imports.CHECKING)
    client.force_login(uploader)
    try:
        assert "Checking the rows: 4,000 of 12,000 rows." in page_of(client, run)
        reporter(6000, 12000, imports.LOADING)
        progress = client.get(f"/imports/{run.pk}/progress/").json()
        assert progress == {
            "status": "running",
            "label": "Loading: 6,000 of 12,000 rows",
            "rows_done": 6000,
            "rows_total": 12000,
            "done": False,
        }
    finally:
        reporter.clear()


def test_a_loaded_run_shows_its_result_and_a_link_onward(client, uploader, run):
    ImportRun.objects.filter(id=run.id).update(
        status=ImportStatus.DONE,
        summary="12,000 cases loaded: 11,800 added, 200 changed",
        details=["3 newly closed or transferred"],
        rows_done=12000,
        rows_total=12000,
        result_url="/cases/",
        result_label="Go to the case list",
        finished_at=timezone.now(),
    )
    client.force_login(uploader)
    text = page_of(client, run)
    assert "The case list loaded" in text and "12,000 cases loaded: 11,800 added, 200 changed" in text
    assert "3 newly closed or transferred" in text and 'href="/cases/"' in text and "Go to the case list" in text
    assert "12,000" in text and "refresh" not in text and "follow-progress" not in text
    assert client.get(f"/imports/{run.pk}/progress/").json()["done"] is True


def test_a_failed_run_lists_every_lines_error_a_page_at_a_time(client, uploader, run):
    errors = [{"line": n, "column": "opened_on", "message": f"problem {n}"} for n in range(2, 2 + 250)]
    ImportRun.objects.filter(id=run.id).update(status=ImportStatus.FAILED, errors=errors, finished_at=timezone.now())
    client.force_login(uploader)
    text = page_of(client, run)
    assert "Nothing was loaded" in text and "The file has 250 problems" in text
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Line</th>' in text
    assert "problem 2<" in text and f"problem {1 + ERRORS_PER_PAGE}<" in text
    assert f"problem {2 + ERRORS_PER_PAGE}<" not in text
    assert "(1 to 100 of 250)" in text and "Page 1 of 3" in text
    last = client.get(f"/imports/{run.pk}/?page=3").content.decode()
    assert "problem 251<" in last and "(201 to 250 of 250)" in last
    assert 'href="/cases/upload/"' in text


def test_a_problem_of_the_whole_file_has_no_line(client, uploader, run):
    ImportRun.objects.filter(id=run.id).update(
        status=ImportStatus.FAILED, errors=[{"line": None, "column": "", "message": "CIN (2025) is already loaded"}]
    )
    client.force_login(uploader)
    text = page_of(client, run)
    assert "The file has 1 problem." in text and "CIN (2025) is already loaded" in text and "None" not in text


def test_a_stale_run_is_given_up_when_looked_at(client, uploader, run):
    ImportRun.objects.filter(id=run.id).update(
        status=ImportStatus.RUNNING, started_at=timezone.now() - imports.STALE - timedelta(minutes=1)
    )
    client.force_login(uploader)
    assert client.get(f"/imports/{run.pk}/progress/").json()["status"] == "failed"
    assert "The load stopped without finishing" in page_of(client, run)


def test_only_the_uploader_and_administrators_see_a_run(client, uploader, run, cast):
    for someone in (cast.head, cast.practitioner):
        client.force_login(someone.user)
        assert client.get(f"/imports/{run.pk}/").status_code == 404
        assert client.get(f"/imports/{run.pk}/progress/").status_code == 404
    client.force_login(UserFactory(username="admin", is_superuser=True))
    assert "Una Loader" in page_of(client, run)
    assert client.get("/imports/999999/").status_code == 404


def test_every_page_needs_a_sign_in(client, run):
    for address in (f"/imports/{run.pk}/", f"/imports/{run.pk}/progress/"):
        response = client.get(address)
        assert response.status_code == 302 and response.url.startswith("/sign-in/")
