"""The headers every page carries, and what its HTML may not hold.

- A Content-Security-Policy allowing scripts and styles from the portal's own files only: no
  inline <script>, no style="..." attribute, no <style> block, no onclick="..." in any page.
- Permissions-Policy: camera, microphone, location and the rest off.
- Cache-Control: no-store on every page to a signed-in person (shared PCs), downloads included.
"""

from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import Client

from people.tests.factories import UserFactory
from reminders.models import CalendarFeed
from standards.models import Standard
from standards.tests.documents import pdf
from standards.tests.factories import StandardFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/", "/team/", "/framework/", "/more/", "/audits/", "/audits/new/", "/observations/", "/observations/new/",
    "/supervision/", "/participation/", "/complaints/", "/learning/", "/standards/", "/reminders/calendar/",
    "/reports/", "/cases/",
]


class Inline(HTMLParser):
    """Everything a Content-Security-Policy without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__()
        self.found, self._script = [], None

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag == "script":
            self._script = "src" not in named
        if tag == "style":
            self.found.append("<style>")
        if "style" in named:
            self.found.append(f'<{tag} style="{named["style"]}">')
        self.found += [f"<{tag} {name}=...>" for name in named if name.startswith("on")]
        self.found += [f"<{tag} {name}=javascript:...>" for name, value in attrs
                       if (value or "").strip().lower().startswith("javascript:")]

    def handle_data(self, data):
        if self._script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}</script>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def inline_in(html: str) -> list[str]:
    parser = Inline()
    parser.feed(html)
    return parser.found


def test_the_parser_finds_what_the_policy_would_block():
    assert inline_in('<script>alert(1)</script><p style="color:red" onclick="x()"><style>p{}</style>') == [
        "<script>alert(1)</script>", '<p style="color:red">', "<p onclick=...>", "<style>"]
    assert inline_in('<script src="/static/a.js"></script><script type="module" src="/b.js"></script>') == []


def test_every_sampled_page_has_the_policy_and_nothing_inline(client, cast):
    client.force_login(cast.head.user)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "default-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert inline_in(response.content.decode()) == [], path


def test_the_sign_in_page_and_the_error_pages_have_nothing_inline(client, cast):
    assert inline_in(client.get("/sign-in/").content.decode()) == []
    client.force_login(cast.practitioner.user)
    refused = client.get("/reminders/")
    missing = client.get("/duties/999999/")
    assert (refused.status_code, missing.status_code) == (403, 404)
    for response in (refused, missing):
        assert "Content-Security-Policy" in response
        assert inline_in(response.content.decode()) == []


def test_gov_uk_frontend_starts_from_static_files(client, cast):
    client.force_login(cast.practitioner.user)
    page = client.get("/").content.decode()
    assert "js/js-enabled.js" in page and "js/govuk-frontend-init.js" in page
    assert 'data-govuk-frontend="/static/govuk/govuk-frontend.min.js"' in page


def test_permissions_policy_on_every_page(client, cast):
    for response in (client.get("/sign-in/"), client.get("/health/")):
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in policy
    client.force_login(cast.practitioner.user)
    assert "camera=()" in client.get("/").headers["Permissions-Policy"]


def test_no_signed_in_page_is_kept_in_the_browsers_cache(client, cast, tmp_path, monkeypatch):
    monkeypatch.setattr(Standard._meta.get_field("document"), "storage", FileSystemStorage(location=tmp_path))
    standard = StandardFactory(owner=cast.head)
    standard.document.save("policy.pdf", ContentFile(pdf()))
    client.force_login(cast.practitioner.user)
    for path in ("/", "/more/", "/standards/", f"/standards/{standard.pk}/file/", "/no-such-page/"):
        response = client.get(path)
        assert response["Cache-Control"] == "no-store", path
        assert "Expires" not in response
    assert client.get("/reminders/").status_code == 403
    assert client.get("/reminders/")["Cache-Control"] == "no-store"


def test_pages_to_nobody_signed_in_are_left_as_their_views_say(cast):
    anonymous = Client()
    feed = CalendarFeed.objects.create(staff=cast.practitioner)
    # A calendar cannot sign in: Outlook may keep its feed for a quarter of an hour.
    assert anonymous.get(f"/reminders/calendar/{feed.token}.ics")["Cache-Control"] == "private, max-age=900"


def test_the_admin_has_the_policy_too(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
