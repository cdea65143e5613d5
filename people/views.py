"""The search of people behind every filter that chooses a person (core.fields.StaffSearchField):
a few matches, as JSON, of the people the signed-in user may see."""

from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.periods import local_date

from .access import is_partner
from .models import StaffMember

MATCHES_SHOWN = 10
LONGEST_QUERY = 200


def _others(people, user):
    me = getattr(user, "staff_member", None)
    return people.exclude(id=me.id) if me is not None else people


# Whom a filter offers, among the people the user may see (the `scope` its field names).
SCOPES = {
    "everyone": lambda people, user: people,
    "employed": lambda people, user: people.employed_on(local_date(timezone.now())),
    "others": _others,  # everyone but oneself (My team)
}


@require_GET
def search(request):
    """GET ?q=ann&scope=everyone: up to 10 people whose name contains what was typed (those whose
    name begins with it first), as [{id, name, team}], in one query. Partners' people search nobody."""
    if is_partner(request.user):
        raise Http404
    scope = request.GET.get("scope") or "everyone"
    if scope not in SCOPES:
        return HttpResponseBadRequest("Unknown scope")
    typed = " ".join(request.GET.get("q", "").split())
    if not typed or len(typed) > LONGEST_QUERY:
        return JsonResponse([], safe=False)
    people = SCOPES[scope](StaffMember.objects.visible_to(request.user), request.user)
    found = (
        people.filter(name__icontains=typed)
        .annotate(first=Case(When(name__istartswith=typed, then=Value(0)), default=Value(1),
                             output_field=IntegerField()))
        .order_by("first", "name", "id")
        .values("id", "name", "team__name")[:MATCHES_SHOWN]
    )
    return JsonResponse(
        [{"id": person["id"], "name": person["name"], "team": person["team__name"]} for person in found],
        safe=False,
    )
