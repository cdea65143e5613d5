"""The Content-Security-Policy in Chromium: pages break none of its rules (nothing in the console),
and the scripts it allows still run: GOV.UK Frontend's components start, and a person filter
becomes GOV.UK's accessible autocomplete, asking the portal for people as one types."""

import pytest

from people.tests.factories import StaffMemberFactory
from standards.tests.factories import StandardFactory

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/team/", "/audits/", "/observations/", "/supervision/", "/standards/", "/reports/", "/more/",
         "/reminders/calendar/", "/no-such-page/"]


def console_of(page) -> list[str]:
    said = []
    page.on("console", lambda message: said.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: said.append(f"error: {error}"))
    return said


def violations(said: list[str]) -> list[str]:
    return [line for line in said if "Content Security Policy" in line or line.startswith("error: ")
            and "404 (Not Found)" not in line]


def test_gov_uk_frontend_starts_under_the_policy(page, cast):
    said = console_of(page)
    page.goto("/sign-in/")
    assert page.evaluate("document.body.className") == "govuk-template__body js-enabled govuk-frontend-supported"
    show = page.get_by_role("button", name="Show password")
    show.wait_for(state="visible")  # the password input's button, shown only once its component starts
    page.get_by_label("Password", exact=True).fill("secret")
    show.click()
    assert page.get_by_label("Password", exact=True).get_attribute("type") == "text"
    assert violations(said) == []


def test_pages_break_no_rule_of_the_policy(signed_in, cast):
    page = signed_in("head")
    said = console_of(page)
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("load")
        assert "js-enabled" in page.evaluate("document.body.className"), path
    assert violations(said) == [], said


def test_the_person_search_works_under_the_policy(page, cast):
    StandardFactory(owner=StaffMemberFactory(name="Olamide Owusu", team=cast.team_a))
    said = console_of(page)
    sign_in(page, "head")
    page.goto("/standards/")
    box = page.get_by_role("combobox", name="Owner")
    box.fill("Olam")
    page.get_by_role("option", name="Olamide Owusu").wait_for()
    assert violations(said) == [], said
