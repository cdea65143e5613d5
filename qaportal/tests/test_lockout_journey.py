"""A locked account in the browser: five wrong passwords, and the sign-in page says the account
is locked and for how long, keeping the username, with the right password refused until then."""

import pytest
from playwright.sync_api import expect

from people.tests.factories import PASSWORD

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def try_password(page, password: str) -> None:
    page.get_by_label("Username").fill("practitioner")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_five_wrong_passwords_lock_the_account_and_the_page_says_so(page, cast):
    page.goto("/sign-in/")
    for _ in range(5):
        try_password(page, "not it")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("too many failed attempts to sign in with this username. Wait 15 minutes")
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Username").input_value() == "practitioner"
    assert not axe_violations(page)
    try_password(page, PASSWORD)
    expect(summary).to_contain_text("too many failed attempts")
    assert page.url.endswith("/sign-in/")
