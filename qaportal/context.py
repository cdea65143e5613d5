"""Context every page needs: the council's name, which parts of the navigation apply, and today
(by which every status tag reads whether something is overdue; a view may give its own)."""

from django.conf import settings

from core import clock
from people.access import oversees_anyone

from . import navigation


def portal(request):
    user = request.user
    staff = getattr(user, "staff_member", None) if user.is_authenticated else None
    return {
        "council_name": settings.COUNCIL_NAME,
        "current_staff": staff,
        "today": clock.today(),
        # Called only by pages that show the navigation (not the sign-in page).
        "oversees_anyone": lambda: oversees_anyone(user),
        "navigation": lambda: navigation.items(request),
        # The timeout warning (people/sessions.py): how long a page may sit idle, and when to warn.
        "session_idle_seconds": settings.SESSION_IDLE_MINUTES * 60,
        "session_warning_seconds": settings.SESSION_WARNING_MINUTES * 60,
    }
