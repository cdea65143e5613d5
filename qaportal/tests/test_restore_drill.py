"""The restore drill, as the README gives it: the demo council seeded into a scratch PostgreSQL
database (committed, by `migrate` and `seed_demo` in their own processes), dumped with `pg_dump`
in custom format, restored with `pg_restore` into a fresh empty database, then `migrate` (which
finds nothing to do). Every table has the same rows, history tables included: each table is
compared whole, by its row count and a digest of its rows in order. The scratch databases are
dropped afterwards. PostgreSQL only (`.ci/run` runs the suite on it)."""

import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SERVER = settings.DATABASES["default"]

pytestmark = pytest.mark.skipif(
    not SERVER["ENGINE"].endswith("postgresql"), reason="the restore drill is of PostgreSQL's pg_dump and pg_restore"
)


def url(name: str) -> str:
    user = quote(SERVER["USER"] or "")
    password = f":{quote(SERVER['PASSWORD'])}" if SERVER.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{SERVER['HOST'] or '127.0.0.1'}:{SERVER['PORT'] or 5432}/{name}"


def run(*command: str, **env: str) -> str:
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def server_command(sql: str) -> None:
    with closing(psycopg2.connect(url("postgres"))) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)


def tables(name: str) -> dict[str, tuple[int, str]]:
    """Each table of the database: its number of rows and an MD5 of all of them in order."""
    with closing(psycopg2.connect(url(name))) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        found = {}
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT count(*), md5(coalesce(string_agg(t::text, E\'\\n\' ORDER BY t::text), \'\')) '
                           f'FROM "{table}" AS t')
            found[table] = cursor.fetchone()
        return found


def sample(name: str) -> list[tuple]:
    """A few records read as the portal reads them: staff with their team and manager, the history
    of one role assignment, and the latest duties with their responsibility."""
    with closing(psycopg2.connect(url(name))) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.id, s.name, t.name, m.name FROM people_staffmember s LEFT JOIN people_team t ON t.id = s.team_id "
            "LEFT JOIN people_staffmember m ON m.id = s.line_manager_id ORDER BY s.id LIMIT 20")
        rows = cursor.fetchall()
        cursor.execute("SELECT d.id, r.ref, d.due_on, d.status FROM schedule_duty d JOIN schedule_responsibility r "
                       "ON r.id = d.responsibility_id ORDER BY d.id DESC LIMIT 20")
        return rows + cursor.fetchall()


def test_a_dump_of_the_demo_council_restores_whole(tmp_path):
    source, restored = f"qa_drill_{os.getpid()}_source", f"qa_drill_{os.getpid()}_restored"
    env = {"DATABASE_URL": url(source), "QAPORTAL_VAR_DIR": str(tmp_path / "var"), "SECRET_KEY": "restore-drill",
           "CELERY_BROKER_URL": "filesystem://"}
    dump = tmp_path / "qaportal.dump"
    for name in (source, restored):
        server_command(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        server_command(f'CREATE DATABASE "{source}"')
        run(sys.executable, "manage.py", "migrate", "--noinput", "-v0", **env)
        run(sys.executable, "manage.py", "seed_demo", **env)

        # The README's commands.
        run("pg_dump", "--format=custom", f"--file={dump}", url(source))
        server_command(f'CREATE DATABASE "{restored}"')
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={url(restored)}", str(dump))
        migrated = run(sys.executable, "manage.py", "migrate", "--noinput", **{**env, "DATABASE_URL": url(restored)})
        assert "No migrations to apply" in migrated

        before, after = tables(source), tables(restored)
        assert sorted(before) == sorted(after)
        history = [table for table in before if "_historical" in table]
        assert len(history) >= 10 and all(before[table][0] for table in ("people_historicalstaffmember",))
        assert before["people_staffmember"][0] > 50 and before["schedule_duty"][0] > 100
        different = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
        assert different == {}
        assert sample(restored) == sample(source)
    finally:
        for name in (source, restored):
            server_command(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
