"""Benchmark: every list and dashboard page of a large council, at 200 and at 2,000 staff, against
an empty page in the same layout; then the plans of the slowest queries, and plan_duties.

    .venv/bin/python benchmarks/pages.py \
        --database-url 200=postgres://postgres@127.0.0.1:5432/qa_large_200 \
        --database-url 2000=postgres://postgres@127.0.0.1:5432/qa_large_2000 [--rounds 5] [--years 5]

Each size runs in a process of its own, on its own database: a database that has staff is reused
as it is (built earlier by `manage.py build_large_council`); an empty one is migrated and built
(qaportal/large_council.py); a size with no URL gets a new SQLite file. Pages are timed in the
server (django.test.Client, the whole middleware stack), signed in (force_login) as the team
leader, the head of service, the deputy director and the QA lead, and the Django admin's
changelists as a superuser, round-robin over the pages for several rounds; each figure is the
median. The empty page renders the portal's base layout (base.html: header, navigation, footer)
for the same user, from a URL this benchmark adds in a URLconf of its own, so it pays the same
middleware, navigation and access cost as every page and adds nothing to the app. Ratios over 5x
the empty page are marked. The SQL queries are counted in one more pass (CaptureQueriesContext),
which also records each query's SQL, parameters and time; the three slowest are run again under
EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL. plan_duties is timed inside a transaction that is rolled
back, so the database is left as it was.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

# (label, URL): the list and dashboard pages, for every user signed in.
PORTAL_PAGES = [
    ("My duties", "/"),
    ("My team", "/team/"),
    ("My team, any time", "/team/?period="),
    ("Audits", "/audits/"),
    ("Month at a glance", "/audits/month/"),
    ("Observations", "/observations/"),
    ("Supervision", "/supervision/"),
    ("PDRs", "/supervision/pdrs/"),
    ("Complaints", "/complaints/"),
    ("Complaints, quarter", "/complaints/monitoring/"),
    ("Actions", "/learning/"),
    ("Cases", "/cases/"),
]
# Only the QA lead's: the others answer 403 by design.
QA_LEAD_PAGES = [("Moderation queue", "/audits/moderation/"), ("Reminder log", "/reminders/")]
# The admin's changelists over the same rows, as the superuser: app label, model name.
ADMIN_MODELS = [
    ("schedule", "duty"), ("supervision", "supervisionsession"), ("supervision", "pdr"),
    ("people", "roleassignment"), ("people", "staffmember"), ("audits", "audit"), ("audits", "answer"),
    ("observations", "observation"), ("complaints", "complaint"), ("learning", "action"), ("cases", "case"),
    ("reminders", "notice"), ("reminders", "escalation"),
]
PORTAL_USERS = ["practitioner", "team leader", "head of service", "deputy director", "QA lead"]
EMPTY = ("(empty page)", "/benchmark/empty/")
MARK_OVER = 5  # ratios to the empty page over this are marked
SLOWEST = 3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--database-url", action="append", default=[], metavar="STAFF=URL",
                        help="the database for a size, e.g. 2000=postgres://postgres@127.0.0.1:5432/qa_large_2000")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="for building and plan_duties")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)  # one size, in its own process
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return measure(args)

    urls = dict(item.split("=", 1) for item in args.database_url)
    var = tempfile.mkdtemp(prefix="qaportal-bench-")
    env = {**os.environ, "QAPORTAL_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "qaportal.settings"}
    # The portal's static files are served from a manifest (the production storage): collected once.
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    results = {}
    for size in args.staff:
        url = urls.get(str(size)) or f"sqlite:///{var}/council_{size}.sqlite3"
        out = Path(var) / f"result_{size}.json"
        command = [PYTHON, __file__, "--child", str(size), "--out", str(out), "--years", str(args.years),
                   "--rounds", str(args.rounds), "--seed", str(args.seed)]
        if args.today:
            command += ["--today", args.today.isoformat()]
        subprocess.run(command, env={**env, "DATABASE_URL": url}, check=True)
        results[size] = json.loads(out.read_text())
    report(results, args.staff)


# One size, in its own process.


def measure(args):
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from core.periods import local_date
    from people.models import StaffMember
    from qaportal.large_council import LOGINS, build
    from schedule.models import Duty
    from schedule.planner import plan_duties

    size = args.child
    today = args.today or local_date(timezone.now())
    load_before = os.getloadavg()[0]  # the machine may be shared: how busy it was, beside the figures
    if "people_staffmember" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)
    if StaffMember.objects.exists():
        print(f"\n{size} staff: reusing {connection.vendor} database {connection.settings_dict['NAME']} "
              f"({StaffMember.objects.count()} staff, {Duty.objects.count()} duties)", flush=True)
    else:
        print(f"\n{size} staff: building in {connection.vendor} database {connection.settings_dict['NAME']}",
              flush=True)
        for line in build(staff=size, years=args.years, today=today, seed=args.seed).lines():
            print(line, flush=True)
    settings.ALLOWED_HOSTS.append("testserver")

    User = get_user_model()
    clients = {}
    for who in [*PORTAL_USERS, "superuser"]:
        # raise_request_exception=False: a page that fails at scale answers 500 and is reported, not fatal.
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=LOGINS[who]))
        clients[who] = client
    entries = []  # (who, label, url)
    for who in PORTAL_USERS:
        entries += [(who, *EMPTY)] + [(who, label, url) for label, url in PORTAL_PAGES]
        if who == "QA lead":
            entries += [(who, label, url) for label, url in QA_LEAD_PAGES]
    entries += [("superuser", *EMPTY)] + [("superuser", f"admin: {model}", url) for model, url in admin_urls()]

    results = {}
    with override_settings(ROOT_URLCONF=benchmark_urlconf()):
        # A first pass: warms the caches, and finds any page that does not answer 200.
        for who, label, url in entries:
            response = clients[who].get(url)
            error = getattr(response, "exc_info", None)
            results[(who, label)] = {
                "who": who, "label": label, "url": url, "status": response.status_code, "times": [],
                "error": f"{error[0].__name__}: {error[1]}" if error else "",
            }
            if response.status_code != 200:
                print(f"  {who}: {url} answered {response.status_code} {results[(who, label)]['error']}", flush=True)
        timed = [e for e in entries if results[e[:2]]["status"] == 200]
        print(f"  timing {len(timed)} pages x {args.rounds} rounds...", flush=True)
        for _ in range(args.rounds):  # round-robin: every page once per round, so drift hits all alike
            for who, label, url in timed:
                began = time.perf_counter()
                clients[who].get(url)
                results[(who, label)]["times"].append(time.perf_counter() - began)

        # One more pass to count the queries and record each one's SQL, parameters and time.
        seen, current = [], None

        def record(execute, sql, params, many, context):
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                if not many:
                    seen.append({"ms": (time.perf_counter() - began) * 1000, "sql": sql, "params": params,
                                 "who": current[0], "label": current[1]})

        for who, label, url in timed:
            current = (who, label)
            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(record):
                clients[who].get(url)
            results[(who, label)]["queries"] = len(captured)

    slow = explain(slowest(seen), connection, transaction) if connection.vendor == "postgresql" else []

    def plan_once(day):
        with transaction.atomic():
            began = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                result = plan_duties(day)
            seconds = time.perf_counter() - began
            transaction.set_rollback(True)  # the database stays as built
        return seconds, len(captured), str(result)

    runs = [plan_once(today) for _ in range(3)]
    later = plan_once(today + timedelta(days=7))
    output = {
        "size": size, "vendor": connection.vendor, "database": connection.settings_dict["NAME"],
        "load": (load_before, os.getloadavg()[0]), "rounds": args.rounds,
        "staff": StaffMember.objects.count(), "duties": Duty.objects.count(),
        "pages": [
            {**r, "median_ms": median(r["times"]) * 1000 if r["times"] else None, "times": None}
            for r in results.values()
        ],
        "plan_duties": {
            "today_ms": median(r[0] for r in runs) * 1000, "today_queries": runs[0][1], "today_result": runs[0][2],
            "week_ms": later[0] * 1000, "week_queries": later[1], "week_result": later[2],
        },
        "slow": slow,
    }
    Path(args.out).write_text(json.dumps(output, default=str))


def admin_urls():
    from django.apps import apps
    from django.contrib import admin
    from django.urls import reverse

    found = []
    for app_label, model_name in ADMIN_MODELS:
        model = apps.get_model(app_label, model_name)
        if admin.site.is_registered(model):
            found.append((f"{app_label}.{model_name}", reverse(f"admin:{app_label}_{model_name}_changelist")))
    return found


def benchmark_urlconf():
    """The portal's URLs and one more: the empty page, base.html rendered for the signed-in user."""
    import types

    from django.shortcuts import render
    from django.urls import include, path

    def empty(request):
        return render(request, "base.html", {})

    module = types.ModuleType("benchmark_urls")
    module.urlpatterns = [path(EMPTY[1].strip("/") + "/", empty), path("", include("qaportal.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


def slowest(seen: list[dict]) -> list[dict]:
    """The slowest queries, one of each SQL text."""
    found, texts = [], set()
    for query in sorted(seen, key=lambda q: q["ms"], reverse=True):
        if query["sql"] not in texts and query["sql"].lstrip().upper().startswith("SELECT"):
            texts.add(query["sql"])
            found.append(query)
        if len(found) == SLOWEST:
            break
    return found


def explain(queries: list[dict], connection, transaction) -> list[dict]:
    plans = []
    for query in queries:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"], query["params"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            transaction.set_rollback(True)
        with connection.cursor() as cursor:
            shown = cursor.mogrify(query["sql"], query["params"]).decode() if query["params"] else query["sql"]
        plans.append({"ms": query["ms"], "who": query["who"], "label": query["label"], "sql": shown, "plan": plan})
    return plans


# The report.


def report(results: dict, sizes: list[int]):
    print()
    for size in sizes:
        r = results[size]
        print(f"{size} staff: {r['vendor']} {r['database']}, {r['staff']} staff, {r['duties']} duties; "
              f"{r['rounds']} rounds; load average {r['load'][0]:.1f} at the start, {r['load'][1]:.1f} at the end")
    rows = {}
    for size in sizes:
        empty = {p["who"]: p["median_ms"] for p in results[size]["pages"] if p["label"] == EMPTY[0]}
        for page in results[size]["pages"]:
            cell = rows.setdefault((page["who"], page["label"], page["url"]), {})
            if page["status"] != 200:
                cell[size] = f"{'error ' + str(page['status']):>24}"
                continue
            ratio = page["median_ms"] / empty[page["who"]] if empty.get(page["who"]) else 0
            mark = "!" if ratio > MARK_OVER else " "
            cell[size] = f"{page['median_ms']:8.0f} ms {ratio:6.1f}x{mark}{page['queries']:5d} q"
    label_width = max(len(f"{who} | {label}") for who, label, _ in rows)
    header = f"{'user | page':<{label_width}}" + "".join(f" | {str(size) + ' staff: median, x empty, queries':>38}"
                                                         for size in sizes)
    print(f"\nServer time per page (median of the rounds), its ratio to the empty page ('!' over {MARK_OVER}x), "
          "SQL queries:\n")
    print(header)
    print("-" * len(header))
    for (who, label, _url), cells in rows.items():
        print(f"{who + ' | ' + label:<{label_width}}" + "".join(f" | {cells.get(size, ''):>38}" for size in sizes))
    print("\nThe empty page of each person, as a multiple of the practitioner's:")
    for size in sizes:
        empty = {p["who"]: p["median_ms"] for p in results[size]["pages"] if p["label"] == EMPTY[0]}
        base = empty.get("practitioner")
        if base:
            print(f"  {size} staff: " + ", ".join(f"{who} {ms:.1f} ms ({ms / base:.2f}x)" for who, ms in empty.items()))
    errors = [(size, p) for size in sizes for p in results[size]["pages"] if p["status"] != 200]
    for size, page in errors:
        print(f"  at {size} staff, {page['who']}: {page['url']} answered {page['status']} {page['error']}")

    print("\nplan_duties (in a transaction rolled back):")
    for size in sizes:
        plan = results[size]["plan_duties"]
        print(f"  {size} staff: today {plan['today_ms']:.0f} ms, {plan['today_queries']} queries "
              f"({plan['today_result']}); a week later {plan['week_ms']:.0f} ms, {plan['week_queries']} queries "
              f"({plan['week_result']})")

    largest = sizes[-1]
    if results[largest]["slow"]:
        print(f"\nThe {SLOWEST} slowest queries at {largest} staff, under EXPLAIN (ANALYZE, BUFFERS):")
        for query in results[largest]["slow"]:
            print(f"\n--- {query['ms']:.0f} ms, {query['who']} | {query['label']}\n{query['sql']}\n\n{query['plan']}")


if __name__ == "__main__":
    main()
