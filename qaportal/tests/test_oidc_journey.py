"""Single sign-on in the browser: "Sign in with your council account", the council's identity
provider (a real one, on 127.0.0.1), and back to My duties; someone unknown gets the refusal page."""

import pytest
from playwright.sync_api import expect

from people.tests.oidc_provider import running_provider, use_provider

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def provider():
    with running_provider() as provider:
        yield provider


def sign_in_at_the_provider(page, sub: str) -> None:
    page.goto("/sign-in/")
    assert not axe_violations(page)
    page.get_by_role("button", name="Sign in with your council account").click()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_a_member_of_staff_signs_in_with_their_council_account(page, live_server, cast, settings, provider):
    use_provider(settings, provider)
    sign_in_at_the_provider(page, provider.add_person("journey-1", employeeid=cast.practitioner.staff_number))
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("My duties")


def test_someone_unknown_is_told_who_to_ask(page, live_server, cast, settings, provider):
    use_provider(settings, provider)
    settings.SUPPORT_CONTACT = "Jo Bloggs in the QA team"
    sign_in_at_the_provider(page, provider.add_person("journey-2", employeeid="X99999"))
    page.wait_for_url("**/sign-in/council/callback/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not sign you in with your council account")
    expect(page.get_by_text("Ask Jo Bloggs in the QA team")).to_be_visible()
    assert not axe_violations(page)
