"""Django's deployment checklist passes, warnings included, with the settings of a deployment
behind an HTTPS proxy (scripts/check-deploy, as .ci/run runs it), and fails with `make run`'s."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = [
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "BEHIND_HTTPS_PROXY", "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
]


def environment(tmp_path) -> dict[str, str]:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is a test's, never a deployment's (async.E001).
    clean = {name: value for name, value in os.environ.items()
             if name not in PRODUCTION and name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**clean, "QAPORTAL_VAR_DIR": str(tmp_path)}


def test_the_deployment_checklist_passes_with_the_production_settings(tmp_path):
    done = subprocess.run([str(ROOT / "scripts" / "check-deploy")], cwd=ROOT, env=environment(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_it_fails_with_the_settings_for_plain_http_on_this_machine(tmp_path):
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          env=environment(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr + done.stdout
