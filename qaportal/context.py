"""Context every page needs: the council's name and which parts of the navigation apply."""

from django.conf import settings

from people.access import oversees_anyone

from . import navigation


def portal(request):
    user = request.user
    staff = getattr(user, "staff_member", None) if user.is_authenticated else None
    return {
        "council_name": settings.COUNCIL_NAME,
        "current_staff": staff,
        # Called only by pages that show the navigation (not the sign-in page).
        "oversees_anyone": lambda: oversees_anyone(user),
        "navigation": lambda: navigation.items(request),
    }
