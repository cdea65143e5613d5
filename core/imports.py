"""Loading a council's own file as an import run: the upload answers at once, Celery loads it.

The guarantee, in order:
- The upload page checks the file at once (that it can be read, its column names: the importer's
  `check`), keeps it under var/ with its SHA-256 and queues the run on commit. The same file (same
  kind, same SHA-256) as a run that is loaded, or still on its way, is not loaded again: the page
  says when and by whom it was. A failed run loaded nothing, so its file may be uploaded again.
- The task claims the run with a conditional UPDATE (queued to running), so a task delivered twice
  loads the file once, and runs the importer inside ONE transaction with the run's end: every row,
  or nothing and every line's error kept on the run. A run given up meanwhile rolls back.
- A run left waiting or loading longer than STALE (a worker killed mid-load: its transaction died
  with it) is given up when anyone looks at it, so that its file can be uploaded again.

Progress is written outside the import's transaction, to the "progress" cache (Redis when the
broker is Redis, files under var/ otherwise: qaportal.settings), not to the run's row: written on
the import's own connection it would stay unseen until the commit, and a second connection could
not write it on SQLite, whose write lock the import's transaction holds. Nothing in the cache
matters: a lost entry, or a cache that cannot be reached, shows "Loading" with no count and never
stops a load.

Each strand registers its importer from its AppConfig.ready (as record kinds are registered with
schedule.records), so the machinery knows no strand.
"""

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from celery import signature
from django.core.cache import caches
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from .csvfile import ImportFailed, read_rows
from .models import IN_PROGRESS, ImportRun, ImportStatus

log = logging.getLogger(__name__)

# The task is named, not imported: core.tasks imports this module for the work it does.
RUN_TASK = "core.tasks.run_import"
STALE = timedelta(minutes=30)  # far beyond the largest council's file: its worker has gone
PROGRESS_EVERY = 0.5  # seconds between two progress writes: the page asks every 1.5
XLSX_START = b"PK\x03\x04"  # an .xlsx workbook is a zip file

# The stages an importer reports, in order.
CHECKING = "Checking the rows"
LOADING = "Loading"

Progress = Callable[[int, int, str], None]  # (rows done, rows in all, stage)


def quietly(done: int, total: int, stage: str = "") -> None:
    """The progress of an import nobody is watching (the management commands, the demo)."""


@dataclass
class Outcome:
    """What a load made, as its page says it."""

    summary: str  # "12,000 cases loaded: 11,800 added, 200 changed"
    rows: int
    details: list[str] = field(default_factory=list)
    link: tuple[str, str] | None = None  # (words, URL) of what it made, to go on to


@dataclass(frozen=True)
class Importer:
    kind: str  # the run's `kind`: "cases"
    what: str  # what is loaded, in a sentence: "the case list"
    # The check made at once, as the file is uploaded: raises ImportFailed, else gives the rows.
    check: Callable[[bytes, dict], int]
    load: Callable[[ImportRun, bytes, Progress], Outcome]  # run inside the run's transaction
    upload_url: str  # the URL name of its upload page
    # The options as the run's page lists them: [(label, value)].
    describe: Callable[[dict], list[tuple[str, str]]] = lambda options: []


IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    IMPORTERS[importer.kind] = importer


def importer_of(run: ImportRun) -> Importer:
    return IMPORTERS[run.kind]


# The check at upload.


def check_csv(data: bytes, *, required: list[str], optional: list[str]) -> int:
    """The rows of a CSV file that can be read and names its columns right (ImportFailed else):
    the check each CSV importer makes at once. Reading 12,000 rows takes a few hundredths of a
    second; each row is checked by the load."""
    if data.startswith(XLSX_START):
        raise ImportFailed(["line 1: the file is an Excel workbook: save it as CSV UTF-8 and upload that"])
    return len(read_rows(data, required=required, optional=optional))


def problem_sentence(count: int) -> str:
    """What an upload page says of a file with problems, on its file field."""
    return (
        f"The file has {count} problem{'s' if count != 1 else ''}: fix {'them' if count != 1 else 'it'} "
        "and upload it again. Nothing was loaded"
    )


_LINE_COLUMN = re.compile(r"^line (\d+)(?:, column (.+?))?: (.*)$", re.DOTALL)


def as_errors(problems: list[str]) -> list[dict]:
    """Each of ImportFailed's `line N, column X: why` as {line, column, message}; a problem of the
    whole file (no line) keeps its words as the message."""
    errors = []
    for problem in problems:
        found = _LINE_COLUMN.match(problem)
        if found:
            line, column, message = found.groups()
            errors.append({"line": int(line), "column": column or "", "message": message})
        else:
            errors.append({"line": None, "column": "", "message": problem})
    return errors


# Starting a run.


@dataclass
class Started:
    run: ImportRun | None = None  # the run queued
    earlier: ImportRun | None = None  # or the run that has loaded (or is loading) this file already


def already_loaded(kind: str, sha256: str) -> ImportRun | None:
    """The newest run of this kind that has loaded this file, or is loading it (one given up is
    given up first: it loaded nothing)."""
    for run in ImportRun.objects.filter(kind=kind, sha256=sha256).in_progress():
        give_up_if_stale(run)
    return (
        ImportRun.objects.filter(kind=kind, sha256=sha256, status__in=[*IN_PROGRESS, ImportStatus.DONE])
        .select_related("uploaded_by")
        .first()
    )


def start(kind: str, upload, *, options: dict, acting_user) -> Started:
    """Check an uploaded file at once (ImportFailed lists its problems) and queue its load, unless
    the same file is loaded already or on its way (then `earlier` is that run)."""
    importer = IMPORTERS[kind]
    data = upload.read()
    upload.seek(0)
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = already_loaded(kind, sha256)
    if earlier is not None:
        return Started(earlier=earlier)
    rows = importer.check(data, options)
    run = ImportRun(
        kind=kind,
        filename=upload.name[:255],
        sha256=sha256,
        options=options,
        uploaded_by=acting_user,
        rows_total=rows,
    )
    run.file.save(f"{kind}-{sha256[:16]}.{'xlsx' if data.startswith(XLSX_START) else 'csv'}", upload, save=False)
    try:
        with transaction.atomic():
            run.save()
            transaction.on_commit(partial(_queue, run.id))
    except IntegrityError:  # the same file, uploaded by someone else at the same moment
        run.file.delete(save=False)
        return Started(earlier=already_loaded(kind, sha256))
    return Started(run=run)


def _queue(run_id: int) -> None:
    signature(RUN_TASK, args=(run_id,)).delay()


# Following a run.


def _progress_key(run: ImportRun) -> str:
    # The moment it started, too: a database restored (or a test's, made again) numbers its runs
    # again, and a new run must not read an old one's progress.
    return f"import-run-{run.id}-{run.started_at.timestamp() if run.started_at else ''}"


class Reporter:
    """An importer's progress callback: written to the progress cache at most every
    PROGRESS_EVERY seconds, and whenever a stage starts or ends."""

    def __init__(self, run: ImportRun):
        self.key = _progress_key(run)
        self.last_written = 0.0
        self.last_stage = ""

    def __call__(self, done: int, total: int, stage: str = LOADING) -> None:
        now = time.monotonic()
        if stage == self.last_stage and done < total and now - self.last_written < PROGRESS_EVERY:
            return
        self.last_written, self.last_stage = now, stage
        try:
            caches["progress"].set(self.key, {"done": done, "total": total, "stage": stage}, STALE.total_seconds())
        except Exception:  # noqa: BLE001 (progress is for show: the load goes on without it)
            log.warning("import progress not written", exc_info=True)

    def clear(self) -> None:
        try:
            caches["progress"].delete(self.key)
        except Exception:  # noqa: BLE001 (it expires by itself)
            log.warning("import progress not cleared", exc_info=True)


@dataclass
class Standing:
    """How far a run has gone, as its page and its script say it."""

    status: str
    label: str
    rows_done: int
    rows_total: int

    @property
    def finished(self) -> bool:
        return self.status not in IN_PROGRESS

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "label": self.label,
            "rows_done": self.rows_done,
            "rows_total": self.rows_total,
            "done": self.finished,
        }


def standing_of(run: ImportRun) -> Standing:
    if run.status == ImportStatus.QUEUED:
        rows = f" ({run.rows_total:,} row{'s' if run.rows_total != 1 else ''})" if run.rows_total else ""
        return Standing(run.status, f"Waiting to start{rows}", 0, run.rows_total)
    if run.status == ImportStatus.RUNNING:
        try:
            seen = caches["progress"].get(_progress_key(run))
        except Exception:  # noqa: BLE001 (progress is for show)
            log.warning("import progress not read", exc_info=True)
            seen = None
        if not seen:
            return Standing(run.status, "Loading", 0, run.rows_total)
        label = f"{seen['stage']}: {seen['done']:,} of {seen['total']:,} row{'s' if seen['total'] != 1 else ''}"
        return Standing(run.status, label, seen["done"], seen["total"])
    if run.status == ImportStatus.DONE:
        return Standing(run.status, run.summary or "Loaded", run.rows_done, run.rows_total)
    count = len(run.errors)
    return Standing(run.status, f"Nothing was loaded: {count:,} problem{'s' if count != 1 else ''}", 0, run.rows_total)


def give_up_if_stale(run: ImportRun, *, now=None) -> bool:
    """Mark failed a run left waiting or loading past STALE (whether it was given up now). Its
    worker's transaction, if it ever wakes, finds the run no longer running and rolls back."""
    now = now or timezone.now()
    since = run.started_at or run.uploaded_at
    if run.status not in IN_PROGRESS or since > now - STALE:
        return False
    why = (
        "The load stopped without finishing (the portal's worker stopped): nothing was loaded. Upload the file again."
        if run.status == ImportStatus.RUNNING
        else "The load never started (the portal's worker is not running): nothing was loaded. Upload the file again."
    )
    errors = [{"line": None, "column": "", "message": why}]
    try:
        given_up = ImportRun.objects.filter(id=run.id, status=run.status).update(
            status=ImportStatus.FAILED, finished_at=now, errors=errors
        )
    except OperationalError:
        # SQLite, busy past its timeout: a transaction is writing, most likely this very load.
        # It is not given up now; the next look tries again.
        log.warning("import run %s: not given up, the database is busy", run.id)
        return False
    if given_up:
        run.status, run.finished_at, run.errors = ImportStatus.FAILED, now, errors
    return bool(given_up)


# Loading (the Celery task's work).


class _GivenUp(Exception):
    """The run was given up while it loaded: its transaction rolls back."""


def run(run_id: int) -> bool:
    """Load one queued run; whether this call loaded it (False when another worker claimed it
    first, it was given up, or it failed: a failure is kept on the run with every line's error)."""
    if not ImportRun.objects.filter(id=run_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    ):
        return False
    loading = ImportRun.objects.select_related("uploaded_by").get(id=run_id)
    reporter = Reporter(loading)
    try:
        with loading.file.open("rb") as file:
            data = file.read()
        with transaction.atomic():
            outcome = importer_of(loading).load(loading, data, reporter)
            link_label, link_url = outcome.link or ("", "")
            # The run's end is written in the import's transaction: both stand, or neither.
            if not ImportRun.objects.filter(id=run_id, status=ImportStatus.RUNNING).update(
                status=ImportStatus.DONE,
                finished_at=timezone.now(),
                rows_done=outcome.rows,
                rows_total=outcome.rows,
                summary=outcome.summary[:500],
                details=outcome.details,
                result_label=link_label[:200],
                result_url=link_url[:300],
            ):
                raise _GivenUp
        return True
    except _GivenUp:
        return False
    except ImportFailed as failure:
        _fail(run_id, as_errors(failure.errors))
        return False
    except Exception as error:  # noqa: BLE001 (any failure is kept on the run; nothing was loaded)
        log.exception("import run %s stopped", run_id)
        why = (
            f"The load stopped on an error the portal did not expect ({type(error).__name__}): nothing was "
            "loaded. The portal's administrators can find it in the log."
        )
        _fail(run_id, [{"line": None, "column": "", "message": why}])
        return False
    finally:
        reporter.clear()


def _fail(run_id: int, errors: list[dict]) -> None:
    ImportRun.objects.filter(id=run_id, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED, finished_at=timezone.now(), errors=errors
    )
