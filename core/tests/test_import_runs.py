"""The import run's machinery (core.imports), with an importer of its own that adds a service a
row: the check at upload, the claim, all or nothing, every line's error kept, the same file
recognised, a run left by a dead worker given up, and the progress a page sees while it loads."""

import hashlib
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from core import imports
from core.csvfile import ImportFailed, read_rows
from core.models import ImportRun, ImportStatus
from core.tasks import run_import
from people.models import Service
from people.tests.factories import UserFactory

from .imports import csv_file

pytestmark = pytest.mark.django_db

KIND = "trial"
seen_while_loading = []  # what a page would have seen, each time the trial importer looked


def _load(run, data, progress):
    """A service for each row, saved as it goes; a row named BAD fails the whole file there."""
    rows = read_rows(data, required=["name"], optional=[])
    for done, row in enumerate(rows, start=1):
        if row["name"] == "BAD":
            raise ImportFailed([f"line {row.line}, column name: BAD is not a service's name", "the file is odd"])
        if row["name"] == "CRASH":
            raise KeyError("a bug")
        if row["name"] == "GIVE UP":
            # Someone looks at the page an hour later, from another connection: it is given up.
            looker = threading.Thread(target=_look_later, args=[run.id])
            looker.start()
            looker.join()
            continue
        Service.objects.create(name=row["name"])
        progress(done, len(rows), imports.LOADING)
        seen_while_loading.append(imports.standing_of(ImportRun.objects.get(id=run.id)).label)
    return imports.Outcome(f"{len(rows)} services loaded", len(rows), ["a detail"], ("See them", "/somewhere/"))


def _look_later(run_id: int) -> None:
    try:
        imports.give_up_if_stale(ImportRun.objects.get(id=run_id), now=timezone.now() + imports.STALE * 2)
    finally:
        connection.close()


@pytest.fixture(autouse=True)
def trial(monkeypatch):
    importer = imports.Importer(
        kind=KIND,
        what="the trial list",
        check=lambda data, options: imports.check_csv(data, required=["name"], optional=[]),
        load=_load,
        upload_url="cases:upload",
    )
    monkeypatch.setitem(imports.IMPORTERS, KIND, importer)
    seen_while_loading.clear()
    return importer


@pytest.fixture
def uploader():
    return UserFactory(username="uploader", first_name="Una", last_name="Loader")


def start(text: str, user, name="services.csv", **options) -> imports.Started:
    return imports.start(KIND, csv_file(text, name), options=options, acting_user=user)


def started(text: str, user, django_capture_on_commit_callbacks) -> ImportRun:
    with django_capture_on_commit_callbacks() as callbacks:
        run = start(text, user).run
    assert run is not None and len(callbacks) == 1
    return run


# Starting a run: checked at once, kept under var/, queued on commit.


def test_a_file_is_kept_with_its_sha256_and_queued_once_committed(uploader, django_capture_on_commit_callbacks):
    text = "name\nFostering\nAdoption\n"
    with django_capture_on_commit_callbacks() as callbacks:
        run = start(text, uploader, colour="blue").run
    assert len(callbacks) == 1  # the task is sent only if the upload's transaction commits
    run.refresh_from_db()
    assert (run.kind, run.status, run.filename, run.options, run.uploaded_by) == (
        KIND,
        ImportStatus.QUEUED,
        "services.csv",
        {"colour": "blue"},
        uploader,
    )
    assert run.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert Path(run.file.path).read_text() == text and "media/imports" in run.file.path
    assert run.rows_total == 2 and not Service.objects.exists()


def test_a_file_that_cannot_be_read_is_refused_at_once_and_kept_nowhere(uploader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ImportFailed) as failure:
        start("title\nFostering\n", uploader)
    assert failure.value.errors == [
        "line 1, column name: is missing",
        "line 1, column title: is not a column of this file",
    ]
    with pytest.raises(ImportFailed) as failure:
        start(b"PK\x03\x04 a workbook", uploader)
    assert failure.value.errors == ["line 1: the file is an Excel workbook: save it as CSV UTF-8 and upload that"]
    assert callbacks == [] and not ImportRun.objects.exists()


# The claim.


def test_a_run_is_claimed_once(uploader, django_capture_on_commit_callbacks):
    run = started("name\nFostering\n", uploader, django_capture_on_commit_callbacks)
    assert run_import(run.id) is True  # the task function itself, as the worker calls it
    assert run_import(run.id) is False  # delivered twice: the second finds it claimed
    assert Service.objects.count() == 1


def test_a_run_another_worker_is_loading_is_left_to_it(uploader, django_capture_on_commit_callbacks):
    run = started("name\nFostering\n", uploader, django_capture_on_commit_callbacks)
    ImportRun.objects.filter(id=run.id).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    assert imports.run(run.id) is False
    assert not Service.objects.exists()


# The load: one transaction, all or nothing.


def test_a_good_file_loads_and_its_result_is_kept(uploader, django_capture_on_commit_callbacks):
    run = started("name\nFostering\nAdoption\nLeaving care\n", uploader, django_capture_on_commit_callbacks)
    assert imports.run(run.id)
    run.refresh_from_db()
    assert (run.status, run.summary, run.details, run.rows_done, run.rows_total) == (
        ImportStatus.DONE,
        "3 services loaded",
        ["a detail"],
        3,
        3,
    )
    assert (run.result_label, run.result_url, run.errors) == ("See them", "/somewhere/", [])
    assert run.started_at <= run.finished_at
    assert sorted(Service.objects.values_list("name", flat=True)) == ["Adoption", "Fostering", "Leaving care"]


def test_a_failing_line_in_the_middle_leaves_no_rows_and_every_error_is_kept(
    uploader, django_capture_on_commit_callbacks
):
    run = started("name\nFostering\nAdoption\nBAD\nLeaving care\n", uploader, django_capture_on_commit_callbacks)
    assert imports.run(run.id) is False
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and run.finished_at is not None
    assert run.errors == [
        {"line": 4, "column": "name", "message": "BAD is not a service's name"},
        {"line": None, "column": "", "message": "the file is odd"},
    ]
    assert not Service.objects.exists()  # the two rows before it were rolled back with it
    assert run.summary == ""


def test_an_unexpected_error_fails_the_run_and_leaves_no_rows(uploader, django_capture_on_commit_callbacks, caplog):
    run = started("name\nFostering\nCRASH\n", uploader, django_capture_on_commit_callbacks)
    assert imports.run(run.id) is False
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and "(KeyError): nothing was loaded" in run.errors[0]["message"]
    assert not Service.objects.exists()
    assert "import run" in caplog.text


def test_errors_read_as_line_column_and_message():
    assert imports.as_errors(
        [
            "line 3, column case_holder: nobody has staff number X in the portal",
            "line 7: has 2 values where the first line names 3 columns",
            "CIN (2025) is already loaded: nothing was loaded again",
        ]
    ) == [
        {"line": 3, "column": "case_holder", "message": "nobody has staff number X in the portal"},
        {"line": 7, "column": "", "message": "has 2 values where the first line names 3 columns"},
        {"line": None, "column": "", "message": "CIN (2025) is already loaded: nothing was loaded again"},
    ]


# The same file again.


def test_the_same_file_loaded_already_is_recognised_and_not_loaded_twice(uploader, django_capture_on_commit_callbacks):
    run = started("name\nFostering\n", uploader, django_capture_on_commit_callbacks)
    again = start("name\nFostering\n", UserFactory(username="someone_else"), name="renamed.csv")
    assert again.run is None and again.earlier == run  # still waiting: on its way already
    imports.run(run.id)
    with django_capture_on_commit_callbacks() as callbacks:
        again = start("name\nFostering\n", uploader)
    assert again.run is None and again.earlier == run and callbacks == []
    assert ImportRun.objects.count() == 1 and Service.objects.count() == 1
    # Another file, or the same file of another kind, is another load.
    assert start("name\nFostering\nAdoption\n", uploader).run is not None


def test_a_file_whose_load_failed_may_be_uploaded_again(uploader, django_capture_on_commit_callbacks):
    failed = started("name\nBAD\n", uploader, django_capture_on_commit_callbacks)
    imports.run(failed.id)
    again = start("name\nBAD\n", uploader)
    assert again.run is not None and again.run != failed


def test_two_uploads_of_one_file_at_the_same_moment_queue_one_load(
    uploader, monkeypatch, django_capture_on_commit_callbacks
):
    first = started("name\nFostering\n", uploader, django_capture_on_commit_callbacks)
    files = set(Path(first.file.path).parent.iterdir())
    # The second request looked before the first had saved its run: the constraint stops it.
    looks, real = [], imports.already_loaded
    monkeypatch.setattr(
        imports, "already_loaded", lambda kind, sha: real(kind, sha) if looks.append(1) or len(looks) > 1 else None
    )
    second = start("name\nFostering\n", uploader)
    assert second.run is None and second.earlier == first
    assert ImportRun.objects.count() == 1
    assert set(Path(first.file.path).parent.iterdir()) == files  # the second's copy of the file is removed


# A dead worker's run.


def test_a_run_left_loading_past_the_limit_is_given_up_and_its_file_may_be_loaded_again(
    uploader, django_capture_on_commit_callbacks
):
    run = started("name\nFostering\n", uploader, django_capture_on_commit_callbacks)
    ImportRun.objects.filter(id=run.id).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    run.refresh_from_db()
    assert imports.give_up_if_stale(run) is False  # loading, and not for long
    late = timezone.now() + imports.STALE + timedelta(minutes=1)
    assert imports.give_up_if_stale(run, now=late) is True
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert run.errors[0]["message"].startswith("The load stopped without finishing")
    ImportRun.objects.filter(id=run.id).update(started_at=timezone.now() - imports.STALE * 2)
    assert start("name\nFostering\n", uploader).run is not None  # the given-up run loaded nothing


def test_a_run_that_never_started_is_given_up_too(uploader, django_capture_on_commit_callbacks):
    run = started("name\nFostering\n", uploader, django_capture_on_commit_callbacks)
    ImportRun.objects.filter(id=run.id).update(uploaded_at=timezone.now() - imports.STALE * 2)
    run.refresh_from_db()
    assert imports.give_up_if_stale(run)
    assert run.errors[0]["message"].startswith("The load never started")
    assert imports.run(run.id) is False  # the worker, back at last, finds it no longer waiting


@pytest.mark.django_db(transaction=True)
def test_a_run_given_up_while_it_still_loads_rolls_back(uploader, monkeypatch):
    if connection.vendor != "postgresql":
        # SQLite: the import's transaction holds the only write lock, so the page's give-up
        # waits for it (core.imports.give_up_if_stale gives up on giving up, and says so).
        pytest.skip("a second connection writes only on PostgreSQL while the import's transaction is open")
    queued = []
    monkeypatch.setattr(imports, "_queue", queued.append)  # committed at once: the test is the worker
    run = start("name\nFostering\nGIVE UP\nAdoption\n", uploader).run
    assert queued == [run.id]
    assert imports.run(run.id) is False
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and run.errors[0]["message"].startswith("The load stopped")
    assert not Service.objects.exists()


# Progress, written outside the import's transaction.


def test_progress_is_seen_while_the_file_loads_and_cleared_after(
    uploader, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 0)  # every row, for the test
    run = started("name\nFostering\nAdoption\nLeaving care\n", uploader, django_capture_on_commit_callbacks)
    assert imports.standing_of(run).label == "Waiting to start (3 rows)"
    imports.run(run.id)
    assert seen_while_loading == ["Loading: 1 of 3 rows", "Loading: 2 of 3 rows", "Loading: 3 of 3 rows"]
    run.refresh_from_db()
    assert imports.standing_of(run).as_json() == {
        "status": "done",
        "label": "3 services loaded",
        "rows_done": 3,
        "rows_total": 3,
        "done": True,
    }
    assert caches["progress"].get(imports._progress_key(run)) is None


def test_progress_is_written_at_most_twice_a_second_within_a_stage(monkeypatch):
    writes = []
    monkeypatch.setattr(caches["progress"], "set", lambda key, value, timeout: writes.append(value))
    reporter = imports.Reporter(ImportRun(id=1, started_at=timezone.now()))
    for done in range(1, 1001):
        reporter(done, 1000, imports.CHECKING)
    for done in range(1, 1001):
        reporter(done, 1000, imports.LOADING)
    # The first of each stage, the last of each stage, and any a slow machine took half a second over.
    assert {"done": 1, "total": 1000, "stage": imports.CHECKING} in writes
    assert {"done": 1000, "total": 1000, "stage": imports.LOADING} in writes
    assert 4 <= len(writes) < 20


def test_a_run_loading_with_no_progress_yet_says_loading(uploader, django_capture_on_commit_callbacks):
    run = started("name\nFostering\n", uploader, django_capture_on_commit_callbacks)
    ImportRun.objects.filter(id=run.id).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    run.refresh_from_db()
    assert imports.standing_of(run).label == "Loading"
    imports.Reporter(run)(1, 2, imports.CHECKING)
    assert imports.standing_of(run).label == "Checking the rows: 1 of 2 rows"
    imports.Reporter(run).clear()


def test_who_sees_a_run(uploader, django_capture_on_commit_callbacks):
    run = started("name\nFostering\n", uploader, django_capture_on_commit_callbacks)
    assert list(ImportRun.objects.visible_to(uploader)) == [run]
    assert list(ImportRun.objects.visible_to(UserFactory(username="other"))) == []
    assert list(ImportRun.objects.visible_to(UserFactory(username="admin", is_superuser=True))) == [run]
    assert run.uploader_name == "Una Loader"
