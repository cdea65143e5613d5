"""Failed sign-ins are throttled and locked, one account at a time (django-axes): after
SIGN_IN_FAILURE_LIMIT failures for one username within SIGN_IN_LOCKOUT_MINUTES, that username is
locked for that long, whatever the password then typed, on the portal's sign-in page and the
admin's alike. The page says so in the same words whether or not the account exists, so it tells
a guesser nothing about who has one. Every lockout is one line of the log; an administrator
unlocks an account by deleting its access attempts in the admin (Axes → Access attempts)."""

import logging

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.forms.utils import ErrorDict
from django.shortcuts import render

from . import oidc

log = logging.getLogger("qaportal.sign_in")


USERNAME_LENGTH = 150  # Django's own limit for a username


def username_of(request, credentials=None) -> str | None:
    """The username a sign-in tried, as axes counts it: no longer than any account's can be (a
    longer one, typed or sent, would not fit axes' own record of the attempt)."""
    if credentials:
        typed = credentials.get("username")
    else:
        typed = request.POST.get("username") if request is not None else None
    return None if typed is None else str(typed)[:USERNAME_LENGTH]


def locked_words() -> str:
    minutes = settings.SIGN_IN_LOCKOUT_MINUTES
    return (
        f"There have been too many failed attempts to sign in with this username. Wait {minutes} minutes, "
        "then try again. If you have forgotten your password, ask your administrator to set a new one."
    )


def locked_out(request, credentials=None, *args, **kwargs):
    """The sign-in page again, keeping the username typed, saying the account is locked (429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username[:150]})
    form._errors = ErrorDict({"__all__": form.error_class([locked_words()])})
    context = {"form": form, "next": request.POST.get("next", ""), "council_sign_in": oidc.enabled}
    return render(request, "registration/login.html", context, status=429)


def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """Axes' user_locked_out signal: who was locked, from where. Never the password typed."""
    log.warning("locked out %r from %s after %d failed sign-ins", username, ip_address,
                settings.SIGN_IN_FAILURE_LIMIT)
