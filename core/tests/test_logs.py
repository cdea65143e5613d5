"""No log line holds a calendar feed's secret or a single sign-on callback's code: Django's lines
through the portal's formatter, and gunicorn's access log through its logger class."""

import logging
import sys
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings

from core.logs import AccessLogger, NotRefusals, RedactingFormatter, redact

TOKEN = "Zx9_secret-Token-0123456789abcdefghijklmnopq"
FEED = f"/reminders/calendar/{TOKEN}.ics"


def test_the_secret_of_a_feed_address_is_redacted_wherever_it_stands():
    assert redact(FEED) == "/reminders/calendar/[redacted].ics"
    assert redact(f"GET {FEED}?x=1 HTTP/1.1") == "GET /reminders/calendar/[redacted].ics?x=1 HTTP/1.1"
    assert redact(f"https://qa.example.gov.uk{FEED}") == "https://qa.example.gov.uk/reminders/calendar/[redacted].ics"
    assert redact(f"/reminders/calendar/{TOKEN}") == "/reminders/calendar/[redacted]"
    assert TOKEN not in redact(f"Not Found: {FEED} and again {FEED}")


def test_the_single_sign_on_callbacks_code_and_state_are_redacted():
    line = '"GET /sign-in/council/callback/?code=0.AXoA-one-time&state=kQ2s HTTP/1.1" 302'
    assert redact(line) == '"GET /sign-in/council/callback/?code=[redacted]&state=[redacted] HTTP/1.1" 302'
    assert redact("GET /audits/?code=1") == "GET /audits/?code=1"


def test_the_pages_about_the_feed_are_left_alone():
    for text in ("/reminders/calendar/", "/reminders/calendar/reset/", "GET /reminders/ HTTP/1.1", "a calendar"):
        assert redact(text) == text


def test_the_formatter_redacts_the_message_and_its_traceback():
    formatter = RedactingFormatter("%(levelname)s %(name)s: %(message)s")
    try:
        raise ValueError(f"no feed at {FEED}")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                                   (FEED,), exc_info=True)
        record.exc_info = sys.exc_info()
    text = formatter.format(record)
    assert TOKEN not in text
    assert "Internal Server Error: /reminders/calendar/[redacted].ics" in text and "ValueError" in text


def test_every_handler_of_the_portal_redacts():
    handlers = settings.LOGGING["handlers"]
    formatters = settings.LOGGING["formatters"]
    for handler in handlers.values():
        assert formatters[handler["formatter"]]["()"] == "core.logs.RedactingFormatter"
    # Django's own loggers keep no handler of their own (which would not redact): theirs is the root's.
    assert logging.getLogger("django").handlers == [] and logging.getLogger("django.request").handlers == []


def test_djangos_own_warnings_about_a_403_or_404_are_dropped_and_others_kept():
    keep = NotRefusals()

    def record(status):
        made = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "x", (), None)
        made.status_code = status
        return made

    assert not keep.filter(record(403)) and not keep.filter(record(404))
    assert keep.filter(record(500)) and keep.filter(record(400))
    assert keep.filter(logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), None))


def test_gunicorns_access_log_atoms_are_redacted():
    logger = AccessLogger.__new__(AccessLogger)  # atoms() reads nothing of its configuration
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": FEED + "?v=1", "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": FEED,
               "QUERY_STRING": "v=1", "REMOTE_ADDR": "10.0.0.5", "HTTP_REFERER": f"https://x{FEED}",
               "HTTP_USER_AGENT": "Outlook"}
    request = SimpleNamespace(headers=[("USER-AGENT", "Outlook"), ("REFERER", f"https://x{FEED}")])
    response = SimpleNamespace(status="200 OK", sent=120, headers=[("Content-Type", "text/calendar")])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    assert atoms["r"] == "GET /reminders/calendar/[redacted].ics?v=1 HTTP/1.1"
    assert atoms["U"] == "/reminders/calendar/[redacted].ics"
    assert atoms["s"] == "200" and atoms["B"] == 120
    assert not [key for key, value in atoms.items() if TOKEN in str(value)]
