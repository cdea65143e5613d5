"""Benchmark: the report pages and downloads of a large council, against the empty page in the
same run, at each size given; SQL queries per page; and the memory a download takes.

    .venv/bin/python benchmarks/reports.py \
        --database-url 200=postgres://postgres@127.0.0.1:5432/qa_large_200 \
        --database-url 2000=postgres://postgres@127.0.0.1:5432/qa_large_2000 [--rounds 7]

A database with staff is reused as it is; an empty one is built (qaportal/large_council.py), as
benchmarks/pages.py does, whose empty page (base.html for the same user) this reuses. Pages are
timed in the server (django.test.Client, the whole middleware stack), round-robin over several
rounds, each figure the median. Downloads are timed reading the whole streamed body, and their
memory is the peak that tracemalloc sees while the body is read, for about 10,000 and about
25,000 rows: flat memory means the two peaks are alike.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.pages import EMPTY, PYTHON, benchmark_urlconf  # noqa: E402

MARK_OVER = 5


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--database-url", action="append", default=[], metavar="STAFF=URL")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return measure(args)
    urls = dict(item.split("=", 1) for item in args.database_url)
    var = tempfile.mkdtemp(prefix="qaportal-bench-")
    env = {**os.environ, "QAPORTAL_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "qaportal.settings"}
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    results = {}
    for size in args.staff:
        url = urls.get(str(size)) or f"sqlite:///{var}/council_{size}.sqlite3"
        out = Path(var) / f"reports_{size}.json"
        command = [PYTHON, __file__, "--child", str(size), "--out", str(out), "--years", str(args.years),
                   "--rounds", str(args.rounds)]
        subprocess.run(command, env={**env, "DATABASE_URL": url}, check=True)
        results[size] = json.loads(out.read_text())
    report(results, args.staff)


def measure(args):
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from core.periods import local_date
    from people.models import RoleAssignment, StaffMember
    from qaportal.large_council import LOGINS, build
    from reports.scope import ReportPeriod
    from schedule.models import Duty, Status

    size = args.child
    today = local_date(timezone.now())
    call_command("migrate", verbosity=0)
    if not StaffMember.objects.exists():
        print(f"\n{size} staff: building in {connection.settings_dict['NAME']}", flush=True)
        for line in build(staff=size, years=args.years, today=today, seed=1).lines():
            print(line, flush=True)
    settings.ALLOWED_HOSTS.append("testserver")
    User = get_user_model()
    clients = {}
    for who in ("deputy director", "head of service"):
        clients[who] = Client(raise_request_exception=False)
        clients[who].force_login(User.objects.get(username=LOGINS[who]))
    # The service the head of service heads: their overseeing role's.
    service = RoleAssignment.objects.filter(
        staff__user__username=LOGINS["head of service"], role__oversees_scope=True, service__isnull=False
    ).values_list("service_id", flat=True).first() or ""
    quarter = ReportPeriod.containing("quarter", today).previous()
    pages = [
        ("deputy director", *EMPTY),
        ("deputy director", "Dashboard, the department", f"/reports/?period={quarter.code}"),
        ("deputy director", "Dashboard, this quarter", "/reports/"),
        ("deputy director", "Dashboard, the department, worked out now",
         f"/reports/?period={quarter.code}&fresh=1"),
        ("deputy director", "Scorecard", "/reports/scorecard/"),
        ("head of service", *EMPTY),
        ("head of service", "Dashboard, their service", f"/reports/?period={quarter.code}&service={service}"),
        ("head of service", "Dashboard, their service, worked out now",
         f"/reports/?period={quarter.code}&service={service}&fresh=1"),
        ("head of service", "Scorecard, their service", f"/reports/scorecard/?service={service}"),
        ("deputy director", "Rows: missed duties", f"/reports/rows/duties/?period={quarter.code}&outcome=missed"),
    ]

    # The periods whose department-wide duties are nearest 10,000 and 25,000 rows, for the downloads:
    # both more than the rows read at a time, so that flat memory shows as two peaks alike.
    counted = []
    candidates = [period for kind, count in (("month", 36), ("quarter", 12), ("year", 5))
                  for period in ReportPeriod.containing(kind, today).back(count)]
    for period in candidates:
        count = Duty.objects.exclude(status=Status.CANCELLED).filter(due_on__range=(period.start, period.end)).count()
        counted.append((count, period))
    small = min(counted, key=lambda item: abs(item[0] - 10000))
    large = min(counted, key=lambda item: abs(item[0] - 25000))
    downloads = [
        (f"{fmt} of {rows} duties", f"/reports/rows/duties/?period={period.code}&download={fmt}", rows)
        for rows, period in (small, large) for fmt in ("csv", "xlsx")
    ]

    def read(response) -> int:
        if getattr(response, "streaming", False):
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    results = {(who, label): {"who": who, "label": label, "url": url, "times": []} for who, label, url in pages}
    with override_settings(ROOT_URLCONF=benchmark_urlconf()):
        for who, label, url in pages:
            response = clients[who].get(url)
            results[(who, label)]["status"] = response.status_code
        for _ in range(args.rounds):
            for who, label, url in pages:
                began = time.perf_counter()
                clients[who].get(url)
                results[(who, label)]["times"].append(time.perf_counter() - began)
        for who, label, url in pages:
            with CaptureQueriesContext(connection) as captured:
                clients[who].get(url)
            results[(who, label)]["queries"] = len(captured)
        exports = []
        for label, url, rows in downloads:
            times, sizes = [], []
            for _ in range(3):
                began = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    response = clients["deputy director"].get(url)
                    sizes.append(read(response))
                times.append(time.perf_counter() - began)
            # Memory in a run of its own: tracemalloc slows Python down.
            tracemalloc.start()
            read(clients["deputy director"].get(url))
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            exports.append({"label": label, "rows": rows, "status": response.status_code, "ms": median(times) * 1000,
                            "peak_mb": peak / 1e6, "bytes": sizes[0], "queries": len(captured)})
    output = {
        "size": size, "database": connection.settings_dict["NAME"], "vendor": connection.vendor,
        "staff": StaffMember.objects.count(), "duties": Duty.objects.count(), "load": os.getloadavg()[0],
        "pages": [{**r, "median_ms": median(r["times"]) * 1000, "times": None} for r in results.values()],
        "exports": exports,
    }
    Path(args.out).write_text(json.dumps(output, default=str))


def report(results: dict, sizes: list[int]):
    print()
    for size in sizes:
        r = results[size]
        print(f"{size} staff: {r['vendor']} {r['database']}, {r['staff']} staff, {r['duties']} duties, "
              f"load average {r['load']:.1f}")
    print(f"\nServer time per page (median), its ratio to the empty page of the same person ('!' over "
          f"{MARK_OVER}x), SQL queries:\n")
    keys = [(page["who"], page["label"]) for page in results[sizes[0]]["pages"]]
    width = max(len(f"{who}: {label}") for who, label in keys) + 2
    print(f"{'page':<{width}}" + "".join(f" | {str(size) + ' staff':>30}" for size in sizes))
    for who, label in keys:
        cells = []
        for size in sizes:
            pages = results[size]["pages"]
            page = next(p for p in pages if (p["who"], p["label"]) == (who, label))
            empty = next(p for p in pages if p["label"] == EMPTY[0] and p["who"] == page["who"])
            ratio = page["median_ms"] / empty["median_ms"]
            mark = "!" if ratio > MARK_OVER else " "
            status = "" if page["status"] == 200 else f" ({page['status']})"
            cells.append(f"{page['median_ms']:7.0f} ms {ratio:5.1f}x{mark}{page['queries']:4d} q{status}")
        print(f"{page['who'] + ': ' + label:<{width}}" + "".join(f" | {cell:>30}" for cell in cells))
    print("\nDownloads, as the deputy director (median of 3; peak memory while the body is read):\n")
    for size in sizes:
        for item in results[size]["exports"]:
            print(f"  {size} staff: {item['label']}: {item['ms']:.0f} ms, {item['bytes'] / 1e6:.1f} MB, "
                  f"peak {item['peak_mb']:.1f} MB, {item['queries']} queries, status {item['status']}")


if __name__ == "__main__":
    main()
