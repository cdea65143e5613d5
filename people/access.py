"""Who may see whom: the one place the portal's access rules live.

A person sees themselves, everyone below them in the line-management tree, and everyone in the
service or team of a role they hold whose role oversees its scope (a role held over neither a
service nor a team oversees the whole organisation). Administrators see everyone. Every other
queryset's `visible_to(user)` is built on `visible_staff_ids`.

The other questions of who may do what are asked here too: who manages whom, who is a partner
agency's person, who heads a person's service, who moderates audits, who handles every complaint
and who reads the library. The line is walked by `people.line`, on the reporting lines read once.
"""

from datetime import date

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from core.periods import local_date

from . import line
from .models import RoleAssignment, StaffMember

EVERYONE = None
COMPLAINTS_MANAGER_ROLE = "Complaints Manager"  # its holders see and handle every complaint


def _today() -> date:
    return local_date(timezone.now())


def reporting_lines() -> dict[int, int | None]:
    """Each member of staff's line manager, in one query (for work about many people at once)."""
    return dict(StaffMember.objects.values_list("id", "line_manager_id"))


def visible_staff_ids(user) -> set[int] | None:
    """The ids of the staff this user may see, or EVERYONE. Cached on the user object, so a
    page asks the database once however many querysets it scopes."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if not hasattr(user, "_visible_staff_ids"):
        user._visible_staff_ids = _compute(user)
    return user._visible_staff_ids


def _oversight(user, staff) -> list:
    """The user's current assignments of roles that oversee their scope. Cached on the user."""
    if not hasattr(user, "_oversight"):
        user._oversight = list(
            RoleAssignment.objects.current_on(_today()).filter(staff=staff, role__oversees_scope=True)
        )
    return user._oversight


def _sees_only_themselves(staff) -> bool:
    # A leaver sees their own record and nobody else's; so does someone from a partner agency,
    # who sees, besides, only the multi-agency audits they take part in.
    return not staff.employed_on(_today()) or staff.is_partner


def _compute(user) -> set[int] | None:
    """The rule, asked of the database: the line below the person (a recursive query)
    and the staff of the teams and services their overseeing roles cover, in two queries."""
    if user.is_superuser:
        return EVERYONE
    staff = getattr(user, "staff_member", None)
    if staff is None:
        return set()
    if _sees_only_themselves(staff):
        return {staff.id}
    oversight = _oversight(user, staff)
    if any(assignment.covers_organisation for assignment in oversight):
        return EVERYONE
    ids = {staff.id} | _below(user)
    if oversight:
        ids.update(StaffMember.objects.filter(_in_scope(oversight)).values_list("id", flat=True))
    return ids


def _in_scope(oversight) -> Q:
    """Staff whose team is within one of these assignments' scope (RoleAssignment.covers, in SQL)."""
    teams = {assignment.team_id for assignment in oversight if assignment.team_id}
    services = {assignment.service_id for assignment in oversight if not assignment.team_id and assignment.service_id}
    return Q(team_id__in=teams) | Q(team__service_id__in=services)


def _below(user) -> set[int]:
    """Everyone under this user in the line-management chain, however deep, in one query.
    Cached on the user object like the visible ids."""
    if not hasattr(user, "_below_ids"):
        user._below_ids = _below_in_database(user.staff_member.id)
    return user._below_ids


def is_above(manager_id: int, staff_id: int) -> bool:
    """Whether this manager is up this person's line, however far (one query)."""
    return manager_id in _above_in_database(staff_id)


def oversees_anyone(user) -> bool:
    """Whether the user may see anyone but themselves (and so has a team to look at). Asked on
    every page (the navigation), so, unless the visible set is known already, it asks whether
    anyone reports to them or is in their overseeing roles' scope, without listing them."""
    if hasattr(user, "_visible_staff_ids") or not getattr(user, "is_authenticated", False) or user.is_superuser:
        ids = visible_staff_ids(user)
        me = getattr(getattr(user, "staff_member", None), "id", None)
        return ids is EVERYONE or bool(ids - {me})
    if not hasattr(user, "_oversees_anyone"):
        user._oversees_anyone = _oversees_anyone(user)
    return user._oversees_anyone


def _oversees_anyone(user) -> bool:
    staff = getattr(user, "staff_member", None)
    if staff is None or _sees_only_themselves(staff):
        return False
    oversight = _oversight(user, staff)
    if any(assignment.covers_organisation for assignment in oversight):
        return True
    others = StaffMember.objects.exclude(id=staff.id)
    return others.filter(line_manager_id=staff.id).exists() or (
        bool(oversight) and others.filter(_in_scope(oversight)).exists()
    )


def oversees_a_service_or_more(user) -> bool:
    """Whether the user holds, today, a role that oversees a whole service or the organisation
    (not only a team): such a sign-in sees much, and is asked for a second factor."""
    staff = getattr(user, "staff_member", None)
    if staff is None or _sees_only_themselves(staff):
        return False
    return any(assignment.team_id is None for assignment in _oversight(user, staff))


def can_see(user, staff) -> bool:
    ids = visible_staff_ids(user)
    return ids is EVERYONE or staff.id in ids


def manages(user, staff) -> bool:
    """Whether the user is above this person in the line-management tree (may waive their duties)."""
    me = getattr(user, "staff_member", None)
    if me is None or staff.id == me.id or not me.employed_on(_today()):
        return False
    return staff.id in _below(user)


def is_partner(user) -> bool:
    """Whether the user is a partner agency's person (police, health...), not the council's staff."""
    staff = getattr(user, "staff_member", None) if getattr(user, "is_authenticated", False) else None
    return staff is not None and staff.is_partner


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


def reads_library(user) -> bool:
    """Everyone on the council's staff reads the library of policies and standards (they are not
    secret); people of a partner agency, and accounts with no staff record, do not.
    Administrators do."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or council_staff_member(user) is not None


def _holds_role_today(user, role_name: str) -> bool:
    me = council_staff_member(user)
    today = _today()
    return (
        me is not None
        and me.employed_on(today)
        and RoleAssignment.objects.current_on(today).filter(staff=me, role__name=role_name).exists()
    )


def is_complaints_manager(user) -> bool:
    """Whether the user holds, today, the role that handles every complaint. Cached on the user."""
    if not hasattr(user, "_complaints_manager"):
        user._complaints_manager = _holds_role_today(user, COMPLAINTS_MANAGER_ROLE)
    return user._complaints_manager


def moderates(user) -> bool:
    """Whether the user moderates audits: they hold the moderating role (the Head of Safeguarding
    Monitoring, a setting) or work under someone who does. Cached on the user object."""
    if not hasattr(user, "_moderates"):
        user._moderates = _moderates(user)
    return user._moderates


def _moderates(user) -> bool:
    me = council_staff_member(user)
    today = _today()
    if me is None or not me.employed_on(today):
        return False
    holders = set(
        RoleAssignment.objects.current_on(today)
        .filter(role__name=settings.MODERATOR_ROLE)
        .values_list("staff_id", flat=True)
    )
    return me.id in holders or (bool(holders) and not holders.isdisjoint(_above_in_database(me.id)))


class Organisation:
    """The council's staff, their reporting lines and who holds a role over each service on a
    day, read once (two queries) for work that asks about many people, such as a reminder run."""

    def __init__(self, day: date):
        self.day = day
        self.staff = {member.id: member for member in StaffMember.objects.council().select_related("team")}
        self.lines = {member.id: member.line_manager_id for member in self.staff.values()}
        self.over_service: dict[int, set[int]] = {}
        for staff_id, service_id in RoleAssignment.objects.current_on(day).filter(
            service__isnull=False
        ).values_list("staff_id", "service_id"):
            self.over_service.setdefault(service_id, set()).add(staff_id)

    def working(self, staff_id: int | None) -> StaffMember | None:
        member = self.staff.get(staff_id)
        return member if member is not None and member.employed_on(self.day) else None

    def line_manager(self, member: StaffMember) -> StaffMember | None:
        return self.working(member.line_manager_id)

    def head_of_service(self, member: StaffMember) -> StaffMember | None:
        """The first manager up the line, at work on the day, who holds a role over the person's
        service (their head of service)."""
        if member.team is None:
            return None
        holders = self.over_service.get(member.team.service_id, set())
        found = line.first_above(
            member.id, {**self.lines, member.id: member.line_manager_id},
            lambda manager_id: manager_id in holders and self.working(manager_id) is not None,
        )
        return self.staff.get(found)


def head_of_service_for(staff: StaffMember, *, today: date | None = None) -> StaffMember | None:
    """This person's head of service: the first manager up their line who holds a role over their
    team's service."""
    return Organisation(today or _today()).head_of_service(staff)


# The walks of people.line, asked of the database for one person: a recursive query over the
# reporting lines, so a request never reads the whole council's lines. UNION (not UNION ALL)
# stops at a loop in the line, as those walks do.

def _below_in_database(manager_id: int) -> set[int]:
    """Everyone under this manager in the line, however deep, in one query."""
    return _walk(
        "SELECT id FROM {table} WHERE line_manager_id = %s"
        " UNION SELECT s.id FROM {table} s JOIN line ON s.line_manager_id = line.id",
        manager_id,
    )


def _above_in_database(staff_id: int) -> set[int]:
    """The managers up this person's line, in one query."""
    return _walk(
        "SELECT line_manager_id FROM {table} WHERE id = %s AND line_manager_id IS NOT NULL"
        " UNION SELECT s.line_manager_id FROM {table} s JOIN line ON s.id = line.id"
        " WHERE s.line_manager_id IS NOT NULL",
        staff_id,
    ) - {staff_id}


def _walk(step: str, start: int) -> set[int]:
    table = connection.ops.quote_name(StaffMember._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH RECURSIVE line(id) AS ({step.format(table=table)}) SELECT id FROM line", [start])
        return {row[0] for row in cursor.fetchall()}
