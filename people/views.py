"""Pages of people: the search behind every filter that chooses a person
(core.fields.StaffSearchField), a few matches as JSON of the people the signed-in user may see;
and uploading the staff list from the HR system, for those who may add and change staff."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.periods import local_date
from core.uploads import FileUploadForm, upload_page

from .access import is_partner
from .importing import RUN_KIND
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
        .annotate(
            first=Case(When(name__istartswith=typed, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("first", "name", "id")
        .values("id", "name", "team__name")[:MATCHES_SHOWN]
    )
    return JsonResponse(
        [{"id": person["id"], "name": person["name"], "team": person["team__name"]} for person in found],
        safe=False,
    )


def may_upload_staff(user) -> bool:
    """A staff file adds people and changes them (and makes their sign-ins): administrators, and
    whoever is given both permissions in the admin."""
    return user.has_perms(["people.add_staffmember", "people.change_staffmember"])


@require_http_methods(["GET", "POST"])
def upload(request):
    """The staff list, checked at once and loaded by Celery: the page goes to the load's progress."""
    if not may_upload_staff(request.user):
        raise PermissionDenied("Only those who may add and change staff can upload the staff list.")
    form = FileUploadForm(
        *(request.POST, request.FILES) if request.method == "POST" else (),
        label="The staff file",
        help_text="A CSV file exported from the HR system.",
        missing="Select the staff file",
    )
    return upload_page(request, form, kind=RUN_KIND, template="people/staff_upload.html", options=lambda chosen: {})
