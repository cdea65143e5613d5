"""Benchmark: the portal under load. Starts gunicorn on the project's WSGI app (as the Procfile does),
signs in 50 users through the sign-in page and has each browse the list pages for a minute.

    .venv/bin/python benchmarks/load.py --database-url postgres://postgres@127.0.0.1:5432/qa_large_2000 \
        [--workers 2] [--worker-class sync|gthread] [--threads 4] [--users 50] [--seconds 60]

The database must hold a council built by `manage.py build_large_council` (its logins share
people.demo's password): mostly practitioners and team leaders, some service leaders, heads of
service, the deputy director and the QA lead (several users may share an account). gunicorn
listens on a free port of 127.0.0.1, with its own QAPORTAL_VAR_DIR (static files collected there
first, as scripts/run does) and is stopped at the end. Each user is a thread with its own
connection and cookies (http.client, standard library only) that signs in with the CSRF token of
the sign-in form, then GETs pages of its mix one after another, without pause, until the time is
up. Prints throughput, latency percentiles (p50, p95, p99), errors (any answer but 200, or no
answer), and the same by page.
"""

import argparse
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

PRACTITIONER_PAGES = ["/", "/audits/", "/observations/", "/supervision/", "/supervision/pdrs/", "/learning/",
                      "/complaints/", "/cases/"]
MANAGER_PAGES = PRACTITIONER_PAGES + ["/team/", "/team/?period=", "/audits/month/"]
PAGES = {"practitioner": PRACTITIONER_PAGES, "QA lead": MANAGER_PAGES + ["/reminders/"]}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MAX_REQUESTS = 100_000  # per user: the loop is bounded even if the clock is not


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4, help="per worker, for gthread")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="qaportal-load-")
    env = {**os.environ, "DATABASE_URL": args.database_url, "QAPORTAL_VAR_DIR": var,
           "DJANGO_SETTINGS_MODULE": "qaportal.settings", "LOG_LEVEL": "WARNING"}
    os.environ.update(env)
    accounts = choose_accounts(args.users)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

    port = free_port()
    command = [str(BIN / "gunicorn"), "qaportal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
               "--worker-class", args.worker_class, "--no-control-socket", "--timeout", "120"]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    log = open(Path(var) / "gunicorn.log", "w")
    # A session of its own, so that stopping it stops its workers and nothing else.
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        wait_until_up(port, server, Path(var) / "gunicorn.log")
        print(f"gunicorn on 127.0.0.1:{port}: {args.workers} {args.worker_class} workers"
              + (f" x {args.threads} threads" if args.worker_class == "gthread" else "")
              + f"; {len(accounts)} users ({len({u for u, _ in accounts})} accounts) for {args.seconds:.0f} s",
              flush=True)
        load_before = os.getloadavg()[0]  # the machine may be shared: how busy it was, beside the figures
        results = drive(port, accounts, args.seconds, args.seed)
        results["load"] = (load_before, os.getloadavg()[0])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    report(results)


def choose_accounts(n: int) -> list[tuple[str, str]]:
    """(username, who) of n users, from the council in the database (qaportal.large_council)."""
    import django

    django.setup()
    from django.db import connections

    from qaportal.large_council import load_accounts

    accounts = load_accounts(n)
    connections.close_all()
    if not accounts:
        sys.exit("The database has no large council: build one with manage.py build_large_council")
    return accounts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, server, log_path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{log_path.read_text()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/sign-in/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"gunicorn did not answer within {seconds:.0f} s:\n{log_path.read_text()}")


class Browser:
    """One user: a connection, its cookies, and the sign-in form's CSRF token."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes, dict]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # reconnects on the next request
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content, response.headers

    def sign_in(self, username: str, password: str) -> None:
        status, page, _ = self.request("GET", "/sign-in/")
        token = CSRF_FIELD.search(page.decode())
        if status != 200 or token is None:
            raise RuntimeError(f"no sign-in form for {username} ({status})")
        form = urlencode({"csrfmiddlewaretoken": token[1], "username": username, "password": password})
        status, _, headers = self.request("POST", "/sign-in/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not sign in ({status})")


def drive(port: int, accounts, seconds: float, seed: int) -> dict:
    from qaportal.large_council import PASSWORD

    samples = []  # (page, seconds, status); list.append is atomic under the GIL
    failures = []
    window = {}

    def start_clock():
        # Run once everyone has signed in, before any of them is released.
        window["began"] = time.monotonic()
        window["end"] = window["began"] + seconds

    signed_in = threading.Barrier(len(accounts) + 1, action=start_clock)

    def user(number: int, username: str, who: str):
        rng = random.Random(seed * 1000 + number)
        browser = Browser(port)
        try:
            browser.sign_in(username, PASSWORD)
        except Exception as error:
            failures.append(f"{username}: {error}")
            signed_in.wait()
            return
        signed_in.wait()
        pages = PAGES.get(who, MANAGER_PAGES)
        deadline = window["end"]
        for _ in range(MAX_REQUESTS):
            if time.monotonic() >= deadline:
                break
            page = rng.choice(pages)
            began = time.perf_counter()
            try:
                status, _, _ = browser.request("GET", page)
            except Exception:
                status = 0  # no answer: a dropped connection or a timeout
            samples.append((page, time.perf_counter() - began, status))

    threads = [threading.Thread(target=user, args=(n, username, who), daemon=True)
               for n, (username, who) in enumerate(accounts)]
    for thread in threads:
        thread.start()
    signed_in.wait()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - window["began"]
    return {"samples": samples, "seconds": elapsed, "failures": failures, "users": len(accounts)}


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))]


def report(results: dict) -> None:
    samples, seconds = results["samples"], results["seconds"]
    for failure in results["failures"]:
        print(f"  sign-in failed: {failure}")
    times = sorted(s[1] * 1000 for s in samples)
    errors = [s for s in samples if s[2] != 200]
    print(f"load average {results['load'][0]:.1f} at the start, {results['load'][1]:.1f} at the end")
    print(f"\n{len(samples)} requests in {seconds:.1f} s by {results['users'] - len(results['failures'])} users: "
          f"{len(samples) / seconds:.1f} requests/s")
    print(f"latency: p50 {percentile(times, 0.5):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
          f"p99 {percentile(times, 0.99):.0f} ms, max {times[-1] if times else 0:.0f} ms; errors: {len(errors)}"
          + (f" ({', '.join(f'{code}: {n}' for code, n in sorted(count_by(errors, 2).items()))})" if errors else ""))
    by_page = defaultdict(list)
    for page, took, status in samples:
        by_page[page].append((took * 1000, status))
    print(f"\n{'page':<20} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for page, rows in sorted(by_page.items(), key=lambda item: -percentile(sorted(t for t, _ in item[1]), 0.5)):
        took = sorted(t for t, _ in rows)
        print(f"{page:<20} {len(rows):>8} {percentile(took, 0.5):>8.0f} {percentile(took, 0.95):>8.0f} "
              f"{percentile(took, 0.99):>8.0f} {sum(1 for _, s in rows if s != 200):>7}")


def count_by(rows, index) -> dict:
    found = defaultdict(int)
    for row in rows:
        found[row[index]] += 1
    return found


if __name__ == "__main__":
    main()
