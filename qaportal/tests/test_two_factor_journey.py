"""Two-factor sign-in in Chromium: a head of service signs in with their password, sets up an
authenticator app from the QR code's page, keeps the recovery codes, and next time signs in with
a recovery code; every page on the way passes axe."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from people.tests.factories import PASSWORD

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_sign_in(page, next_path: str = "/audits/") -> None:
    page.goto(f"/sign-in/?next={next_path}")
    page.get_by_label("Username").fill("head")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def code_now(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_setting_up_the_app_then_signing_in_with_its_code(page, cast, settings):
    settings.TWO_FACTOR_REQUIRED = True
    password_sign_in(page)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to add the QA Portal to your authenticator app")).to_be_visible()
    assert not axe_violations(page)

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("That code is not the one your app shows now")
    assert page.title().startswith("Error: ")

    page.wait_for_timeout(1_100)  # django-otp makes the try after a wrong code wait a second
    device = TOTPDevice.objects.get(user=cast.head.user)
    page.get_by_label("Code").fill(code_now(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is set up")).to_be_visible()
    assert page.locator("[data-recovery-codes] li").count() == 10
    recovery_code = page.locator("[data-recovery-codes] li").first.inner_text()
    assert not axe_violations(page)
    page.get_by_role("link", name="Continue to the portal").click()
    page.wait_for_url("**/audits/")

    page.get_by_role("button", name="Sign out").click()
    password_sign_in(page, "/")
    expect(page.get_by_role("heading", name="Enter the code from your authenticator app")).to_be_visible()
    assert not axe_violations(page)
    # The app's code of the minute is spent (one use each): a recovery code instead.
    page.get_by_label("Code").fill(recovery_code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: url.endswith("/") and "/people/" not in url)
    expect(page.get_by_role("heading", name="My duties")).to_be_visible()
