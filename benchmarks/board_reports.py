"""Benchmark: a board report's PDF at scale: the quarterly report's whole generation against
WeasyPrint alone on the same HTML, the worker's peak memory, and a report of about 60 pages.

    .venv/bin/python benchmarks/board_reports.py \
        --database-url 2000=postgres://postgres@127.0.0.1:5432/qa_large_2000 [--staff 2000] \
        [--rounds 5] [--long-runs 3] [--pages 60] [--long-kind KEY] [--json PATH]

Each size runs in a process of its own, on its own database: a database with staff is reused as
it is; an empty one is built (qaportal/large_council.py), as benchmarks/reports.py does; a size with
no URL gets a new SQLite file. PDFs are written under a temporary QAPORTAL_VAR_DIR.

The author is a current holder of a writer role of the kind, at work, with a login: for the
quarterly report the Head of Safeguarding Monitoring over the whole organisation, so that a
department-wide report counts everyone; for the long one a whole-organisation holder if there is
one, else a holder over a service or team, whose scope the report then covers. If the council has
none, the QA lead's login is given the role for the run and it is taken away after.

1. Generation: a department-wide quarterly report for the last complete quarter is started, and
   in each round a draft version is queued (the row request_pdf makes, without sending the Celery
   task, so no worker elsewhere can take it) and built with board_actions.build_version: gathering
   the figures, rendering, writing the file. In the same round, the HTML a build rendered
   (captured from board_pdf.render_html) is turned into a PDF by WeasyPrint alone
   (board_pdf.pdf_of_html, the call render_pdf makes), after the build in one round and before
   the next build in the other. One untimed build first, as a worker that has built before; each
   figure is the median of the rounds. The goal: the whole generation at most 1.5x WeasyPrint.
   The parts of a build are timed by wrapping live_figures, render_html and pdf_of_html.
2. Memory: one build in a fresh process (as a Celery worker's first), its resident set before the
   build and its peak (getrusage ru_maxrss), for the quarterly report and the long one.
3. A long report of about --pages pages (pdfinfo counts them), with generated plain paragraphs in
   every section, at most NARRATIVE_LIMIT characters each: the first kind covering a financial
   year (most sections first) whose sections, full, can fill the pages, else the quarterly kind
   (or --long-kind). Its words are sized in builds of their own: the longest paragraphs that
   fill the pages, then as many characters a section as it takes; then timed as in 1.

The reports made are deleted with their history rows, so the database is left as it was found.
"""

import argparse
import gc
import hashlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
GOAL = 1.5  # the whole generation, as a multiple of WeasyPrint alone
MIB = 1024 * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, nargs="+", default=[2000])
    parser.add_argument("--database-url", action="append", default=[], metavar="STAFF=URL",
                        help="the database for a size, e.g. 2000=postgres://postgres@127.0.0.1:5432/qa_large_2000")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5, help="builds of the quarterly report timed")
    parser.add_argument("--long-runs", type=int, default=3, help="builds of the long report timed")
    parser.add_argument("--pages", type=int, default=60, help="the long report's pages, about")
    parser.add_argument("--long-kind", default="", help="the long report's kind (a key of KINDS); "
                        "default: the first covering a financial year whose words can fill --pages")
    parser.add_argument("--json", metavar="PATH", help="write the figures as JSON here too")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)  # one size, in its own process
    parser.add_argument("--memory", choices=["quarterly", "long"], help=argparse.SUPPRESS)  # one build, fresh
    parser.add_argument("--chars", type=int, default=0, help=argparse.SUPPRESS)  # the long report's words
    parser.add_argument("--sentences", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory:
        return measure_memory(args)
    if args.child:
        return measure(args)

    urls = dict(item.split("=", 1) for item in args.database_url)
    var = tempfile.mkdtemp(prefix="qaportal-board-bench-")
    env = {**os.environ, "QAPORTAL_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "qaportal.settings"}
    results = {}
    for size in args.staff:
        env_size = {**env, "DATABASE_URL": urls.get(str(size)) or f"sqlite:///{var}/council_{size}.sqlite3"}
        out = Path(var) / f"board_{size}.json"
        subprocess.run([PYTHON, __file__, "--child", str(size), "--out", str(out), "--years", str(args.years),
                        "--rounds", str(args.rounds), "--long-runs", str(args.long_runs), "--pages",
                        str(args.pages), "--long-kind", args.long_kind], env=env_size, check=True)
        results[size] = json.loads(out.read_text())
        # Memory, each in a fresh process: what a worker takes for one build, from its start.
        long = results[size]["long"]
        results[size]["memory"] = {}
        for which in ("quarterly", "long"):
            out = Path(var) / f"memory_{size}_{which}.json"
            subprocess.run([PYTHON, __file__, "--memory", which, "--long-kind", long["kind"], "--chars",
                            str(long["chars"]), "--sentences", str(long["sentences"] or 0), "--out", str(out)],
                           env=env_size, check=True)
            results[size]["memory"][which] = json.loads(out.read_text())
    report(results, args.staff)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
        print(f"\nFigures written to {args.json}")
    print(f"PDFs under {var}")


# In the child: the council, the author, and cleaning up.


def setup_django():
    import django

    django.setup()


def council_ready(size: int, years: int):
    from django.core.management import call_command
    from django.db import connection

    from people.models import StaffMember
    from qaportal.large_council import build
    from reports.scope import today

    call_command("migrate", verbosity=0)
    if StaffMember.objects.exists():
        print(f"\n{size} staff: reusing {connection.vendor} database {connection.settings_dict['NAME']}", flush=True)
        return
    print(f"\n{size} staff: building in {connection.vendor} database {connection.settings_dict['NAME']}", flush=True)
    for line in build(staff=size, years=years, today=today(), seed=1).lines():
        print(line, flush=True)


@dataclass
class Author:
    staff: object
    service: object = None  # the scope of the role they write as: neither is the whole department
    team: object = None
    made: object = None  # the role assignment made for the run, for `tidy` to take away

    @property
    def user(self):
        return self.staff.user


def author_for(kind, day, *, whole: bool) -> Author:
    """A current holder of one of the kind's writer roles, at work, with a login: over the whole
    organisation if there is one (the QA lead's login first), else (unless `whole`) over their
    service or team, which the report is then about. If nobody fits, the QA lead's login is given
    the first writer role over the whole organisation, committed, so the build reads it; run
    again, a holder is found or the same is made again, and `tidy` takes it away after."""
    from people.models import Role, RoleAssignment, StaffMember
    from qaportal.large_council import LOGINS

    at_work = StaffMember.objects.employed_on(day).filter(user__isnull=False, user__is_active=True)
    holding = (RoleAssignment.objects.current_on(day).filter(role__name__in=kind.writers, staff__in=at_work)
               .select_related("staff__user", "service", "team"))
    if whole:
        holding = holding.filter(service__isnull=True, team__isnull=True)
    ranked = sorted(holding, key=lambda held: (held.service_id is not None or held.team_id is not None,
                                               held.staff.user.username != LOGINS["QA lead"], held.id))
    if ranked:
        held = ranked[0]
        return Author(held.staff, held.service, None if held.service_id else held.team)
    staff = StaffMember.objects.select_related("user").get(user__username=LOGINS["QA lead"])
    made = RoleAssignment.objects.create(staff=staff, role=Role.objects.get(name=kind.writers[0]), starts_on=day)
    print(f"  gave {staff.user.username} the role {made.role.name} for the run", flush=True)
    return Author(staff, made=made)


def started(kind, period, author: Author, made: list):
    from reports import board_actions as actions

    report = actions.start_report(kind, period, service=author.service, team=author.team, acting_user=author.user)
    made.append(report)
    return report


def tidy(reports: list, authors: list) -> None:
    """Delete the reports made (their versions go with them) and the history rows that starting,
    writing and deleting them left; and the role assignments made for the run, if any were."""
    from people.models import RoleAssignment
    from reports.models import BoardReport

    ids = [report.id for report in reports]
    BoardReport.objects.filter(id__in=ids).delete()
    BoardReport.history.filter(id__in=ids).delete()
    for author in authors:
        if author.made is not None:
            author.made.delete()
            RoleAssignment.history.filter(id=author.made.id).delete()


def queued(report, user):
    """A draft version queued, as request_pdf queues it, but without sending the Celery task: the
    benchmark builds it itself, and no worker on the same broker may take it first."""
    from django.db.models import Max

    from reports.models import BoardReportVersion, FiguresFrom

    number = (report.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    return BoardReportVersion.objects.create(report=report, number=number, generated_by=user, final=False,
                                             figures_from=FiguresFrom.LIVE)


def long_kinds(key: str = ""):
    """The kinds to try for the long report: the one asked for; else those covering a financial
    year, most sections (most room for words) first, then the quarterly kind."""
    from reports.board_kinds import KINDS, QUARTERLY

    if key:
        return [KINDS[key]]
    years = sorted((kind for kind in KINDS.values() if kind.period_kind == "year"), key=lambda k: -len(k.sections))
    return [*years, QUARTERLY]


def last_complete(kind: str, day):
    from reports.scope import ReportPeriod

    return ReportPeriod.containing(kind, day).previous()


WORDS = (
    "audit audits practice children families supervision plan plans review reviews quality assurance team teams "
    "service services manager managers social worker workers visit visits outcome outcomes child young people "
    "carers voice learning action actions overdue timescale timescales assessment assessments chronology "
    "risk safety planning threshold strategy meeting conference core group permanence placement stability "
    "moderation grade graded good outstanding requires improvement inadequate themes theme recommendation "
    "board improvement sustained evidence record records case file files management oversight"
).split()


def narrative(chars: int, seed: int, sentences: int | None = None) -> str:
    """Plain paragraphs of invented committee prose, `chars` characters at most: of four to eight
    sentences each, or of `sentences` (shorter paragraphs fill more pages with the same words)."""
    rng = random.Random(seed)
    paragraphs, length = [], 0
    while True:
        count = sentences or rng.randint(4, 8)
        paragraph = " ".join(" ".join(rng.choices(WORDS, k=rng.randint(10, 24))).capitalize() + "."
                             for _ in range(count))
        if length + len(paragraph) + 2 > chars:
            return "\n\n".join(paragraphs)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2


def write(report, user, chars: int, sentences: int | None) -> None:
    from reports import board_actions as actions

    texts = {key: narrative(chars, seed, sentences) for seed, key in enumerate(actions.kind_of(report).narrative_keys)}
    actions.save_narrative(report, texts, acting_user=user)
    report.refresh_from_db()


def pages_of(path) -> int:
    """The pages of a PDF, as poppler's pdfinfo counts them (poppler-utils, as the PDF tests use)."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def rss_now() -> int:
    """The resident set now, in bytes (VmRSS), not the peak so far."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


# Timing one build, and WeasyPrint alone.


class Instrumented:
    """Times the parts of build_version by wrapping the functions it calls (in this process only),
    and keeps the HTML it rendered, so WeasyPrint can be timed alone on exactly that HTML."""

    def __init__(self):
        from reports import board_actions, board_pdf

        self.saved = [(board_actions, "live_figures"), (board_pdf, "render_html"), (board_pdf, "render_pdf"),
                      (board_pdf, "pdf_of_html")]
        self.times, self.html = {}, None

    def _wrap(self, name, function):
        def timed(*args, **kwargs):
            began = time.perf_counter()
            try:
                result = function(*args, **kwargs)
            finally:
                self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - began
            if name == "render_html":
                self.html = result
            return result
        return timed

    def __enter__(self):
        self.originals = [(module, name, getattr(module, name)) for module, name in self.saved
                          if hasattr(module, name)]
        for module, name, function in self.originals:
            setattr(module, name, self._wrap(name, function))
        return self

    def __exit__(self, *exc):
        for module, name, function in self.originals:
            setattr(module, name, function)

    def build(self, version_id: int, day) -> dict:
        from reports.board_actions import build_version
        from reports.models import BoardReportVersion, VersionState

        self.times, self.html = {}, None
        began, cpu = time.perf_counter(), time.process_time()
        built = build_version(version_id, day=day)
        total, total_cpu = time.perf_counter() - began, time.process_time() - cpu
        version = BoardReportVersion.objects.get(id=version_id)
        if not built or version.state != VersionState.DONE:
            raise RuntimeError(f"version {version_id} was not built: {version.state} {version.error}")
        gathering, rendering, html = self.times["live_figures"], self.times["render_pdf"], self.times["render_html"]
        return {
            "total": total, "total_cpu": total_cpu, "gathering": gathering, "rendering": rendering, "html": html,
            "weasyprint_in_build": self.times.get("pdf_of_html", rendering - html),
            "rest": total - gathering - rendering, "path": version.file.path, "sha256": version.sha256,
            "bytes": version.file.size, "html_chars": len(self.html),
        }


def weasyprint_alone(html: str) -> tuple[float, bytes]:
    """The HTML to PDF bytes by WeasyPrint alone: board_pdf.pdf_of_html, the call render_pdf makes
    (or, were it gone, the same call repeated from board_pdf's own names)."""
    from reports import board_pdf

    began = time.perf_counter()
    if hasattr(board_pdf, "pdf_of_html"):
        pdf = board_pdf.pdf_of_html(html)
    else:
        from django.conf import settings
        from weasyprint import CSS, HTML

        fetcher = board_pdf.StaticOnlyFetcher()
        document = HTML(string=html, base_url=settings.PORTAL_URL.rstrip("/") + "/", url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=[CSS(filename=str(board_pdf.PRINT_CSS), url_fetcher=fetcher)],
                                 pdf_variant=board_pdf.PDF_VARIANT)
    return time.perf_counter() - began, pdf


def timed_builds(instrumented, report, user, day, rounds: int) -> dict:
    """`rounds` builds of the report, each beside WeasyPrint alone on its HTML (before it in every
    other round, so that a drift or a neighbour's load falls on both alike); medians. The garbage
    is collected before each, so neither pays for the other's."""
    runs, html, sha256 = [], None, None
    for number in range(rounds):
        alone_first = number % 2 == 1 and html is not None
        if alone_first:  # the last build's HTML: the same figures, another moment on the cover
            gc.collect()
            alone, pdf = weasyprint_alone(html)
            same = hashlib.sha256(pdf).hexdigest() == sha256
        gc.collect()
        run = instrumented.build(queued(report, user).id, day)
        html, sha256 = instrumented.html, run["sha256"]
        if not alone_first:
            gc.collect()
            alone, pdf = weasyprint_alone(html)
            same = hashlib.sha256(pdf).hexdigest() == sha256
        run["weasyprint_alone"], run["same_bytes"] = alone, same
        runs.append(run)
    keys = ["total", "total_cpu", "gathering", "rendering", "html", "weasyprint_in_build", "rest", "weasyprint_alone"]
    found = {key: median(run[key] for run in runs) for key in keys}
    found["ratio"] = found["total"] / found["weasyprint_alone"]
    found["ratios"] = [run["total"] / run["weasyprint_alone"] for run in runs]
    found["runs"] = [{key: run[key] for key in keys} for run in runs]
    found["same_bytes"] = all(run["same_bytes"] for run in runs)
    found["pages"] = pages_of(runs[-1]["path"])
    found["bytes"], found["html_chars"] = runs[-1]["bytes"], runs[-1]["html_chars"]
    return found


# One size, in its own process.


def measure(args):
    setup_django()
    from django.db import connection

    from people.models import StaffMember
    from reports.board_kinds import QUARTERLY
    from reports.scope import today
    from schedule.models import Duty

    council_ready(args.child, args.years)
    day = today()
    load_before = os.getloadavg()
    author = author_for(QUARTERLY, day, whole=True)
    made, authors = [], [author]
    try:
        # 1. The quarterly report, department-wide, for the last complete quarter.
        quarter = last_complete("quarter", day)
        report = started(QUARTERLY, quarter, author, made)
        print(f"  quarterly report for {quarter.label}, department-wide, by {author.staff.name}: "
              f"{args.rounds} rounds...", flush=True)
        with Instrumented() as instrumented:
            first = instrumented.build(queued(report, author.user).id, day)  # templates compiled, fonts found
            quarterly = timed_builds(instrumented, report, author.user, day, args.rounds)
            quarterly.update(first_build=first["total"], period=quarter.label, kind=QUARTERLY.key,
                             author=author.staff.name)
            # 3. The long report.
            long = long_report(instrumented, day, args, made, authors)
    finally:
        tidy(made, authors)
    output = {
        "size": args.child, "vendor": connection.vendor, "database": connection.settings_dict["NAME"],
        "staff": StaffMember.objects.count(), "duties": Duty.objects.count(), "cpus": os.cpu_count(),
        "load": (load_before[0], os.getloadavg()[0]), "rounds": args.rounds,
        "quarterly": quarterly, "long": long,
    }
    Path(args.out).write_text(json.dumps(output, default=str))


PARAGRAPHS = [None, 3, 2, 1]  # sentences a paragraph: four to eight, then fewer (more pages, same words)


@dataclass
class Sizing:
    """One kind's report being sized: its pages for each length of words tried, each a build."""

    kind: object
    report: object
    author: Author
    instrumented: Instrumented
    day: object
    counted: dict = field(default_factory=dict)

    def pages(self, chars: int, sentences: int | None) -> int:
        if (chars, sentences) not in self.counted:
            write(self.report, self.author.user, chars, sentences)
            built = self.instrumented.build(queued(self.report, self.author.user).id, self.day)
            self.counted[chars, sentences] = pages_of(built["path"])
            print(f"    {self.kind.key}: {chars:,} characters a section, paragraphs of {sentences or '4-8'} "
                  f"sentences: {self.counted[chars, sentences]} pages", flush=True)
        return self.counted[chars, sentences]


def long_report(instrumented, day, args, made: list, authors: list) -> dict:
    """A report of about args.pages pages: the first kind (long_kinds) whose sections, full of
    words, reach it; its words sized to it (the longest paragraphs that reach it, then as many
    characters a section as it takes), then timed."""
    from reports.models import NARRATIVE_LIMIT

    limit = NARRATIVE_LIMIT - 100
    tried = []
    for kind in long_kinds(args.long_kind):
        author = author_for(kind, day, whole=False)
        authors.append(author)
        sizing = Sizing(kind, started(kind, last_complete(kind.period_kind, day), author, made), author,
                        instrumented, day)
        most = sizing.pages(limit, PARAGRAPHS[-1])
        tried.append((kind.key, sizing.report.scope_label, most))
        if most >= args.pages - 1:
            break
    sentences = next(s for s in PARAGRAPHS if sizing.pages(limit, s) >= min(args.pages - 1, most))
    bare, full = sizing.pages(0, sentences), sizing.pages(limit, sentences)
    points = {0: bare, limit: full}  # characters a section: pages
    if bare < args.pages < full:  # pages grow about in step with the words: aim between the nearest two
        for _ in range(3):
            below = max(chars for chars, pages in points.items() if pages < args.pages)
            above = min(chars for chars, pages in points.items() if pages > args.pages)
            chars = round(below + (above - below) * (args.pages - points[below]) / (points[above] - points[below]))
            points[chars] = sizing.pages(chars, sentences)
            if abs(points[chars] - args.pages) <= 1:
                break
    chars = min(points, key=lambda chars: (abs(points[chars] - args.pages), -chars))
    report = sizing.report
    write(report, author.user, chars, sentences)
    print(f"  long report: {kind.key}, {report.scope_label}, {args.long_runs} runs...", flush=True)
    found = timed_builds(instrumented, report, author.user, day, args.long_runs)
    found.update(kind=kind.key, period=last_complete(kind.period_kind, day).label, scope=report.scope_label,
                 author=author.staff.name, chars=chars, sentences=sentences, sections=len(kind.sections),
                 narrative_chars=sum(len(text) for text in report.narrative.values()), pages_without_words=bare,
                 tried=tried, year=kind.period_kind == "year")
    return found


def measure_memory(args):
    """One build in this fresh process: the resident set before it, and the process's peak."""
    setup_django()
    from reports import board_actions as actions
    from reports.board_kinds import KINDS, QUARTERLY
    from reports.scope import today

    day = today()
    kind = QUARTERLY if args.memory == "quarterly" else KINDS[args.long_kind]
    author = author_for(kind, day, whole=kind is QUARTERLY)
    made = []
    try:
        report = started(kind, last_complete(kind.period_kind, day), author, made)
        if args.memory == "long":
            write(report, author.user, args.chars, args.sentences or None)
        version = queued(report, author.user)
        before, peak_before = rss_now(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
        began = time.perf_counter()
        built = actions.build_version(version.id, day=day)
        seconds = time.perf_counter() - began
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        version.refresh_from_db()
        output = {"which": args.memory, "kind": kind.key, "built": built, "state": version.state,
                  "error": version.error, "seconds": seconds, "rss_before_mib": before / MIB,
                  "peak_before_mib": peak_before / MIB, "peak_mib": peak / MIB, "after_mib": rss_now() / MIB,
                  "pages": pages_of(version.file.path) if built else 0}
    finally:
        tidy(made, [author])
    Path(args.out).write_text(json.dumps(output, default=str))


# The report.


def report(results: dict, sizes: list[int]):
    for size in sizes:
        r = results[size]
        q, long = r["quarterly"], r["long"]
        print(f"\n{size} staff: {r['vendor']} {r['database']}, {r['staff']} staff, {r['duties']} duties; "
              f"{r['cpus']} CPUs, load average {r['load'][0]:.1f} at the start, {r['load'][1]:.1f} at the end")
        print(f"\nQuarterly report ({q['kind']}), department-wide, {q['period']}, by {q['author']}: "
              f"{q['pages']} pages, {q['bytes'] / 1024:.0f} KiB, {q['html_chars']:,} characters of HTML; "
              f"median of {r['rounds']} rounds\n")
        timings(q, first=True)

        kind = long["kind"] + ("" if long["year"] else " (no kind covering a year fills the pages)")
        tried = "; ".join(f"{key} ({scope}) fills at most {pages}" for key, scope, pages in long["tried"][:-1])
        print(f"\nLong report ({kind}), {long['period']}, {long['scope']}, by {long['author']}: "
              f"{long['pages']} pages (goal about 60), {long['bytes'] / 1024:.0f} KiB; {long['sections']} sections of "
              f"{long['chars']:,} characters at most ({long['narrative_chars']:,} in all), paragraphs of "
              f"{long['sentences'] or '4-8'} sentences; {long['pages_without_words']} pages without words"
              f"{'; ' + tried if tried else ''}; median of {len(long['ratios'])} runs\n")
        timings(long, first=False)

        print("\nWorker memory: one build in a fresh process, as a worker's first (RSS, MiB)\n")
        for which, m in r["memory"].items():
            print(f"  {which:<10} before the build {m['rss_before_mib']:5.0f}, peak {m['peak_mib']:5.0f} "
                  f"(+{m['peak_mib'] - m['rss_before_mib']:.0f}), after {m['after_mib']:5.0f}; "
                  f"{m['pages']} pages in {m['seconds']:.2f} s, {m['state']} {m['error']}")


def timings(found: dict, *, first: bool):
    total = found["total"]
    rows = [
        ("Total generation (build_version)", total, ""),
        ("  gathering the figures (live_figures)", found["gathering"], share(found["gathering"], total)),
        ("  rendering (render_pdf)", found["rendering"], share(found["rendering"], total)),
        ("    of which the HTML (render_html)", found["html"], share(found["html"], total)),
        ("    of which WeasyPrint (pdf_of_html)", found["weasyprint_in_build"],
         share(found["weasyprint_in_build"], total)),
        ("  the rest (claims, file, SHA-256)", found["rest"], share(found["rest"], total)),
        ("WeasyPrint alone, the same HTML", found["weasyprint_alone"],
         "the same bytes" if found["same_bytes"] else "other bytes"),
    ]
    if first:
        rows.append(("First build in the process (not counted)", found["first_build"], ""))
    for label, seconds, note in rows:
        print(f"  {label:<44} {seconds:7.3f} s  {note}")
    met = "met" if found["ratio"] <= GOAL else "NOT met"
    print(f"  {'Ratio: total / WeasyPrint alone':<44} {found['ratio']:7.3f} x  goal <= {GOAL}x: {met} "
          f"(each run: {', '.join(f'{x:.2f}' for x in found['ratios'])})")
    print(f"  {'CPU time of the build (this process)':<44} {found['total_cpu']:7.3f} s")


def share(part: float, whole: float) -> str:
    return f"{100 * part / whole:3.0f}%" if whole else ""


if __name__ == "__main__":
    main()
