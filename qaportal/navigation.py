"""The service navigation: which items a person sees, and which one the page they are on
belongs to. Every page of an app belongs to its item; the item's own page is the current one."""

from dataclasses import dataclass

from django.urls import reverse

from people.access import is_partner, oversees_anyone


@dataclass(frozen=True)
class Item:
    label: str
    href: str
    active: bool  # the page belongs to this item
    current: bool  # the page is the item's own page


# (label, URL name, the apps whose pages belong to it, who sees it)
ITEMS = [
    ("My duties", "schedule:my_duties", (), "everyone"),
    ("My team", "schedule:my_team", (), "overseers"),
    ("Audits", "audits:list", ("audits",), "everyone"),
    ("Observations", "observations:list", ("observations",), "staff"),
    ("Supervision", "supervision:list", ("supervision",), "staff"),
    ("Actions", "learning:action_list", ("learning",), "staff"),
    ("Reports", "reports:dashboard", ("reports",), "overseers"),
    ("More", "more", ("participation", "complaints", "cases", "standards", "reminders"), "staff"),
]
# Pages of the schedule app that belong to "More" rather than to My duties or My team.
MORE_PAGES = {"framework", "role_detail", "more"}


def items(request) -> list[Item]:
    user = request.user
    partner = is_partner(user)
    match = request.resolver_match
    app, name = (match.app_name, match.url_name) if match else ("", "")
    found = []
    for label, url_name, apps, who in ITEMS:
        if who == "overseers" and not oversees_anyone(user):
            continue
        if who == "staff" and partner:
            continue
        href = reverse(url_name)
        if url_name.startswith("schedule:"):
            own = url_name.split(":")[1]
            active = app == "schedule" and (name == own or (own == "my_duties" and name.startswith("duty")))
        elif url_name == "more":
            active = app in apps or name in MORE_PAGES
        else:
            active = app in apps
        current = active and match is not None and reverse(url_name) == request.path
        found.append(Item(label, href, active, current))
    return found
