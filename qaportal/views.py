"""The portal's own pages: everything that is not in the navigation's first rank."""

from django.shortcuts import render

from people.access import is_partner, oversees_anyone


def more(request):
    """The rest of the portal, by what people come for."""
    user = request.user
    partner = is_partner(user)
    return render(
        request,
        "more.html",
        {
            "partner": partner,
            "sees_cases": not partner and (oversees_anyone(user) or user.has_perm("cases.add_case")),
            "sees_reminder_log": user.has_perm("reminders.view_notice"),
        },
    )
