"""Context every page needs: the council's name and which parts of the navigation apply."""

from django.conf import settings


def portal(request):
    staff = getattr(request.user, "staff_member", None) if request.user.is_authenticated else None
    return {
        "council_name": settings.COUNCIL_NAME,
        "current_staff": staff,
    }
