"""Middleware of the portal's own: the privacy headers of every page, and a refused request's
one line in the log.

The pages hold special-category data about children and staff, and are read on shared PCs: a
signed-in page is never kept in the browser's cache (`Cache-Control: no-store`, so Back after
signing out asks the server again), and no page may use the camera, the microphone, the location
and the like (`Permissions-Policy`).
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404
from django.views.csrf import csrf_failure as django_csrf_failure

from .logs import redact

# Every powerful feature a page could ask the browser for, switched off for every origin.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "usb", "xr-spatial-tracking",
    )
)

refusals = logging.getLogger("qaportal.refused")


class PrivacyHeadersMiddleware:
    """`Permissions-Policy` on every response; `Cache-Control: no-store` on every response to a
    signed-in person, whatever the view said (a download too). Static files never reach it:
    WhiteNoise answers them first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response


class RefusalLogMiddleware:
    """Each request answered 403 or 404 is one line in the log, `qaportal.refused`: who, what
    and why, with no traceback (settings.LOGGING drops Django's own warning about it):

        refused 403 GET /reminders/ by jack.robinson from 127.0.0.1: The reminder log is for the QA lead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404):
            refusals.warning("%s", refusal_line(request, response.status_code))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, (PermissionDenied, Http404)):
            request.refused_because = _why(exception)


def refusal_line(request, status: int) -> str:
    user = getattr(request, "user", None)
    who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
    why = getattr(request, "refused_because", "") or ("no such page" if status == 404 else "forbidden")
    where = request.META.get("REMOTE_ADDR") or "-"
    path = request.path.encode("unicode_escape").decode("ascii")  # one line, whatever the address holds
    return redact(f"refused {status} {request.method} {path} by {who} from {where}: {why}")


def _why(exception: Exception) -> str:
    if isinstance(exception, Resolver404):
        return "no such page"
    text = " ".join(str(exception).split())
    if not text:
        return "permission denied" if isinstance(exception, PermissionDenied) else "not found"
    return text[:200]


def csrf_failure(request, reason=""):
    """Django's CSRF failure page (settings.CSRF_FAILURE_VIEW), telling the refusal log why."""
    request.refused_because = f"CSRF check failed: {reason}" if reason else "CSRF check failed"
    return django_csrf_failure(request, reason=reason)
