"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright is never allowed to download a browser: it launches /usr/bin/chromium. Where that is
missing the browser tests are skipped, unless QAPORTAL_REQUIRE_BROWSER is set (as in CI), when
they fail instead.
"""

import os
from pathlib import Path

import pytest

from people.tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("QAPORTAL_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def new_page(chromium, live_server):
    """A page in a context of its own, so that it has its own cookies (its own sign-in)."""
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    # Every document loads axe as it opens: far cheaper than sending the script for each check.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page(chromium, live_server):
    page = new_page(chromium, live_server)
    yield page
    page.context.close()


@pytest.fixture
def signed_in(chromium, live_server):
    """`signed_in(username)`: a page signed in as that person (None: nobody), each signed in once
    however many pages a test visits as them.

    The session is made by Django's test client, not by the sign-in form: checking a password is
    slow by design, and the form is tested on its own pages.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    opened, pages = [], {}

    def page_of(username: str | None):
        if username not in pages:
            page = new_page(chromium, live_server)
            opened.append(page)
            if username:
                client = Client()
                client.force_login(get_user_model().objects.get(username=username))
                session = client.cookies[settings.SESSION_COOKIE_NAME].value
                page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session,
                                           "url": live_server.url}])
            pages[username] = page
        return pages[username]

    yield page_of
    for page in opened:
        page.context.close()


def sign_in(page, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def axe_violations(page) -> list[dict]:
    if not page.evaluate("typeof axe === 'object'"):  # a page not made by new_page
        page.add_script_tag(path=str(AXE))
    # resultTypes only spares axe describing every node that passes: the rules it runs are the same.
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
                                                 resultTypes: ['violations']}))
            .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                   targets: v.nodes.map(n => n.target.join(' '))}))"""
    )
