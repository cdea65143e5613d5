"""What a partner agency's person (police, health, education) may open: the multi-agency audits
they take part in, their own page (My duties, with what waits for them), and signing in and out.
Every other address answers 404 to them, as a page that is not there: the rule is kept here, once,
for every URL of the portal, rather than page by page. What each allowed page then shows them is
that page's own rule (an audit list of their audits only, for one)."""

from django.http import Http404

from people.access import is_partner

# URL names (with their namespace) a partner's person may open.
ALLOWED = {
    "login",
    "logout",
    "health",
    "schedule:my_duties",
    "audits:list",
    "audits:detail",
    "audits:contribution",
    # The timeout warning on their pages asks how long the session has left, and to stay.
    "people:session_left",
    "people:stay_signed_in",
    # A second factor, when partners are asked for one (TWO_FACTOR_FOR_PARTNERS).
    "people:two_factor_set_up",
    "people:two_factor_code",
}


class PartnerAllowListMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if is_partner(request.user) and (match is None or match.view_name not in ALLOWED):
            raise Http404("That page is not one for a partner agency.")
        return None
