"""The timeout warning in Chromium: before an idle session ends a modal dialog says so; "Stay
signed in" keeps the session, and doing nothing ends at the sign-in page, saying why. The idle
time is cut to seconds here."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_warning_offers_to_stay_and_otherwise_signs_out(signed_in, cast, settings):
    settings.SESSION_IDLE_MINUTES, settings.SESSION_WARNING_MINUTES = 0.1, 0.05  # 6 s, warned at 3 s
    page = signed_in("practitioner")
    page.goto("/audits/")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=8_000)
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert not axe_violations(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    page.reload()
    assert page.url.endswith("/audits/")  # still signed in

    expect(dialog).to_be_visible(timeout=8_000)
    page.wait_for_url(re.compile(r"/sign-in/\?next=/audits/"), timeout=8_000)
    expect(page.get_by_text("You were signed out after")).to_be_visible()
