"""Benchmark: seed the demo council into a throw-away database, then time plan_duties and count
the SQL queries of every page for every demo login.

    .venv/bin/python benchmarks/plan_duties.py [--database-url URL] [--today 2026-11-25]

With no URL it uses a new SQLite file; pass a PostgreSQL URL of an empty database to measure there.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 25))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="qaportal-bench-")
    os.environ["QAPORTAL_VAR_DIR"] = var
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qaportal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from people.demo import DEMO_LOGINS
    from schedule.models import Duty
    from schedule.planner import plan_duties

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", today=args.today, stdout=open(os.devnull, "w"))
    print(f"database: {connection.vendor}; seed_demo: {time.perf_counter() - started:.1f} s, "
          f"{Duty.objects.count()} duties")

    def timed(day):
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = plan_duties(day)
        return time.perf_counter() - began, len(queries), result

    runs = [timed(args.today) for _ in range(args.repeat)]
    print(f"plan_duties, nothing to do: median {median(r[0] for r in runs) * 1000:.0f} ms, "
          f"{runs[0][1]} queries ({runs[0][2]})")
    seconds, queries, result = timed(args.today + timedelta(days=7))
    print(f"plan_duties a week later: {seconds * 1000:.0f} ms, {queries} queries ({result})")

    call_command("collectstatic", interactive=False, verbosity=0)
    settings.ALLOWED_HOSTS.append("testserver")
    client = Client()
    print("\nSQL queries and time per page (median of 3):")
    for username, _who in DEMO_LOGINS:
        client.force_login(get_user_model().objects.get(username=username))
        duty = Duty.objects.filter(owner__user__username=username).first()
        pages = ["/", "/team/", "/team/?period=", "/framework/"] + ([f"/duties/{duty.pk}/"] if duty else [])
        cells = []
        for url in pages:
            counts, times = [], []
            for _ in range(3):
                began = time.perf_counter()
                with CaptureQueriesContext(connection) as captured:
                    status = client.get(url).status_code
                times.append(time.perf_counter() - began)
                counts.append(len(captured))
            assert status == 200, (username, url, status)
            cells.append(f"{url.split('?')[0] if url != '/team/?period=' else '/team/ (any time)'}"
                         f" {counts[-1]}q {median(times) * 1000:.0f}ms")
        print(f"  {username:18} " + "; ".join(cells))


if __name__ == "__main__":
    main()
