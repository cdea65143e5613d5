"""A session ends after SESSION_IDLE_MINUTES without the person asking for a page (30 by default),
as well as at its absolute limit (SESSION_COOKIE_AGE): a shared office PC left signed in signs
itself out. Every signed-in page warns SESSION_WARNING_MINUTES before the end, as GOV.UK's timeout
warning does (static/js/session-timeout.js); "Stay signed in" asks the portal once, which counts.

What a page asks for by itself (a report's or an import's progress, the warning asking how long
is left) is not the person's activity, so it never keeps a session alive."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

LAST_SEEN = "last_seen"
NOT_ACTIVITY = {"reports:board_progress", "imports:progress", "people:session_left"}
# Seconds: the session is saved again at most this often, not on every page (a page's queries do not
# grow by a write), so the idle time is counted from within this much of the last page.
WRITE_EVERY = 120


def idle_seconds() -> int:
    return settings.SESSION_IDLE_MINUTES * 60


def seconds_left(request, now: float) -> float:
    seen = request.session.get(LAST_SEEN, now)
    return seen + idle_seconds() - now


def started(sender, request, user, **kwargs) -> None:
    """Signing in is the first activity (user_logged_in), saved with the new session itself."""
    request.session[LAST_SEEN] = time.time()


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        now = time.time()
        name = request.resolver_match.view_name if request.resolver_match else ""
        if seconds_left(request, now) <= 0:
            logout(request)
            messages.info(request, f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes without "
                                   "activity, to keep children's information safe. Sign in again to carry on.")
            return None if name == "login" else redirect_to_login(request.get_full_path())
        seen = request.session.get(LAST_SEEN)
        if name not in NOT_ACTIVITY and (seen is None or now - seen >= WRITE_EVERY):
            request.session[LAST_SEEN] = now
        return None


@require_safe
@never_cache
def session_left(request):
    """How long the session has left, for the warning to ask before it shows (another tab may
    have kept it alive meanwhile)."""
    return JsonResponse({"seconds": max(round(seconds_left(request, time.time())), 0)})


@require_safe
@never_cache
def stay_signed_in(request):
    """The warning's "Stay signed in": asking for it is the activity (the middleware counts it)."""
    request.session[LAST_SEEN] = time.time()
    return HttpResponse(status=204)
