"""Who may see whom: the one place the portal's access rules live.

A person sees themselves, everyone below them in the line-management tree, and everyone in the
service or team of a role they hold whose role oversees its scope (a role held over neither a
service nor a team oversees the whole organisation). Administrators see everyone. Every other
queryset's `visible_to(user)` is built on `visible_staff_ids`.
"""

from django.utils import timezone

from core.periods import local_date

EVERYONE = None


def visible_staff_ids(user) -> set[int] | None:
    """The ids of the staff this user may see, or EVERYONE. Cached on the user object, so a
    page asks the database once however many querysets it scopes."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if not hasattr(user, "_visible_staff_ids"):
        user._visible_staff_ids = _compute(user)
    return user._visible_staff_ids


def _compute(user) -> set[int] | None:
    from .models import RoleAssignment, StaffMember

    if user.is_superuser:
        return EVERYONE
    staff = getattr(user, "staff_member", None)
    if staff is None:
        return set()

    today = local_date(timezone.now())
    if not staff.employed_on(today) or staff.is_partner:
        # A leaver sees their own record and nobody else's; so does someone from a partner
        # agency, who sees, besides, only the multi-agency audits they take part in.
        return {staff.id}
    oversight = list(RoleAssignment.objects.current_on(today).filter(staff=staff, role__oversees_scope=True))
    if any(assignment.covers_organisation for assignment in oversight):
        return EVERYONE

    ids = {staff.id} | _below(user)
    if oversight:
        for staff_id, team_id, service_id in StaffMember.objects.values_list("id", "team_id", "team__service_id"):
            if any(assignment.covers(team_id, service_id) for assignment in oversight):
                ids.add(staff_id)
    return ids


def _below(user) -> set[int]:
    """Everyone under this user in the line-management chain, however deep, from one query of
    the reporting lines. Cached on the user object like the visible ids."""
    if not hasattr(user, "_below_ids"):
        user._below_ids = _reports_under(user.staff_member.id)
    return user._below_ids


def _reports_under(manager_id: int) -> set[int]:
    from .models import StaffMember

    reports: dict[int, list[int]] = {}
    for staff_id, line_manager_id in StaffMember.objects.filter(
        line_manager__isnull=False
    ).values_list("id", "line_manager_id"):
        reports.setdefault(line_manager_id, []).append(staff_id)
    found: set[int] = set()
    waiting = list(reports.get(manager_id, ()))
    while waiting:
        staff_id = waiting.pop()
        if staff_id not in found:
            found.add(staff_id)
            waiting.extend(reports.get(staff_id, ()))
    return found


def oversees_anyone(user) -> bool:
    """Whether the user may see anyone but themselves (and so has a team to look at)."""
    ids = visible_staff_ids(user)
    me = getattr(getattr(user, "staff_member", None), "id", None)
    return ids is EVERYONE or bool(ids - {me})


def can_see(user, staff) -> bool:
    ids = visible_staff_ids(user)
    return ids is EVERYONE or staff.id in ids


def manages(user, staff) -> bool:
    """Whether the user is above this person in the line-management tree (may waive their duties)."""
    me = getattr(user, "staff_member", None)
    if me is None or staff.id == me.id or not me.employed_on(local_date(timezone.now())):
        return False
    return staff.id in _below(user)


def council_staff_member(user):
    """The signed-in user's staff record when they are one of the council's own staff; None when
    they have none or belong to a partner agency (whose people record nothing and see only the
    multi-agency audits they take part in)."""
    me = getattr(user, "staff_member", None) if getattr(user, "is_authenticated", False) else None
    return None if me is None or me.is_partner else me


def records_for_others(user) -> bool:
    """Whether the user records QA about other people's work (an observation, a supervision):
    one of the council's staff who oversees someone."""
    return council_staff_member(user) is not None and oversees_anyone(user)


def moderates(user) -> bool:
    """Whether the user moderates audits: they hold the moderating role (the Head of Safeguarding
    Monitoring, a setting) or work under someone who does. Cached on the user object."""
    if not hasattr(user, "_moderates"):
        user._moderates = _moderates(user)
    return user._moderates


def _moderates(user) -> bool:
    from django.conf import settings

    from .models import RoleAssignment

    me = getattr(user, "staff_member", None)
    today = local_date(timezone.now())
    if me is None or me.is_partner or not me.employed_on(today):
        return False
    holders = set(
        RoleAssignment.objects.current_on(today)
        .filter(role__name=settings.MODERATOR_ROLE)
        .values_list("staff_id", flat=True)
    )
    return me.id in holders or any(me.id in _reports_under(holder) for holder in holders)
