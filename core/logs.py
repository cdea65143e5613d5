"""What the portal's logs may say: never a secret address, and a refused request as one line.

A calendar feed's address carries its secret (`/reminders/calendar/<token>.ics`): whoever reads
a log that holds it can read that person's duties. So every log line the portal writes, Django's
and gunicorn's access log alike, goes through `redact` on its way out.
"""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

REDACTED = "[redacted]"
# The calendar feed's secret: the path segment after /calendar/ (all but the reset page's).
_SECRET_IN_PATH = re.compile(r"(/calendar/)(?!reset(?:[/?#\s\"'<>]|$))[^/?#\s\"'<>]+")


def _hide(match: re.Match) -> str:
    return match[1] + REDACTED + (".ics" if match[0].endswith(".ics") else "")


# The single sign-on callback's one-time code (and its state) ride in its query string.
_CALLBACK = re.compile(r"/sign-in/council/callback/\?[^\s\"'<>]*")
_CODE_OR_STATE = re.compile(r"\b(code|state)=[^&]*")


def _hide_code(match: re.Match) -> str:
    return _CODE_OR_STATE.sub(lambda found: f"{found[1]}={REDACTED}", match[0])


def redact(text: str) -> str:
    """`text` with every calendar feed's secret, and every sign-in callback's code and state,
    replaced by [redacted]."""
    if "/calendar/" in text:
        text = _SECRET_IN_PATH.sub(_hide, text)
    if "/sign-in/council/callback/" in text:
        text = _CALLBACK.sub(_hide_code, text)
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter whose every line, traceback included, is redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class NotRefusals(logging.Filter):
    """Drops Django's own warnings about a 403 or 404 (with a traceback for a 403):
    core.middleware.RefusalLogMiddleware says each in one line of its own."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) not in (403, 404)


class AccessLogger(GunicornLogger):
    """gunicorn's logger (`--logger-class core.logs.AccessLogger`) with every access log atom
    redacted: the request line, the path, the referrer and the headers."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
