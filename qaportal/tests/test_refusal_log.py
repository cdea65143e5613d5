"""A refused request (403 or 404) is one line in the log, `qaportal.refused`: who, what and why,
with no traceback; Django's own warning about it (with a traceback for a 403) is not written.
A calendar feed's secret never reaches a log."""

import logging

import pytest
from django.test import Client

from reminders.models import CalendarFeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(caplog):
    caplog.set_level(logging.INFO)
    return caplog


def refused(log) -> list[str]:
    return [record.getMessage() for record in log.records if record.name == "qaportal.refused"]


def from_django(log) -> list[logging.LogRecord]:
    return [record for record in log.records if record.name.startswith(("django.request", "django.security"))]


def test_a_403_is_one_line_saying_who_what_and_why(client, cast, log):
    client.force_login(cast.practitioner.user)
    assert client.get("/reminders/?state=failed").status_code == 403
    assert refused(log) == [
        "refused 403 GET /reminders/ by practitioner from 127.0.0.1: The reminder log is for the QA lead."]
    assert from_django(log) == []
    assert not any(record.exc_info for record in log.records)


def test_a_404_is_one_line_saying_who_what_and_why(client, cast, log):
    client.force_login(cast.team_leader.user)
    assert client.get("/duties/999999/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    [missing, nowhere] = refused(log)
    assert missing.startswith("refused 404 GET /duties/999999/ by team_leader from 127.0.0.1: ")
    assert nowhere == "refused 404 GET /no-such-page/ by team_leader from 127.0.0.1: no such page"
    assert from_django(log) == []


def test_a_failed_csrf_check_is_one_line_with_its_reason(cast, log):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/sign-in/", {"username": "practitioner", "password": "x"}).status_code == 403
    assert refused(log) == [
        "refused 403 POST /sign-in/ by anonymous from 127.0.0.1: CSRF check failed: CSRF cookie not set."]
    assert from_django(log) == []


def test_the_line_stays_one_line_whatever_the_address(client, cast, log):
    client.force_login(cast.team_leader.user)
    client.get("/no-such-page%0Arefused 200 GET /forged/")
    [line] = refused(log)
    assert "\n" not in line and line.startswith("refused 404 GET /no-such-page\\nrefused")


def test_a_calendar_feeds_secret_never_reaches_the_log(cast, log):
    feed = CalendarFeed.objects.create(staff=cast.practitioner)
    token = feed.token
    feed.reset()  # the old address, asked by a calendar still subscribed to it
    outlook = Client()
    assert outlook.get(f"/reminders/calendar/{token}.ics").status_code == 404
    assert outlook.get(f"/reminders/calendar/{feed.token}.ics").status_code == 200
    assert outlook.get(f"/reminders/calendar/{token}").status_code == 404
    lines = refused(log)
    assert lines == [
        "refused 404 GET /reminders/calendar/[redacted].ics by anonymous from 127.0.0.1: No such calendar",
        "refused 404 GET /reminders/calendar/[redacted] by anonymous from 127.0.0.1: no such page",
    ]
    assert not [record for record in log.records if token in record.getMessage() or feed.token in record.getMessage()]
