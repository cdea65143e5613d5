"""Who sees which of the scorecard's values: the one rule, on top of people.access.

A value is for a team, for a service, or for the whole department (neither). Whoever sees
everyone (the director, the deputy, an administrator) sees every value. A manager sees the values
of the teams in which they see someone other than themselves and of the teams of the services
they hold an overseeing role over (a head of service); holding such a role over a service also
shows the department-wide values, which a team leader does not see. A measure's owner sees every
value of the measures they own, to explain the ones that miss their target. Nobody else sees any.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from people.access import EVERYONE, council_staff_member, oversees_anyone, visible_staff_ids
from people.models import RoleAssignment, Service, StaffMember, Team

DEPARTMENT = "department"


@dataclass(frozen=True)
class Level:
    """What a row of values is for: the department, a service or a team."""

    kind: str  # DEPARTMENT, "service" or "team"
    id: int | None = None
    name: str = "Department-wide"

    @property
    def code(self) -> str:
        """As the scorecard's `level` filter names it: department, service-3, team-12."""
        return DEPARTMENT if self.kind == DEPARTMENT else f"{self.kind}-{self.id}"

    def values(self) -> Q:
        """The values of this level (and of no other)."""
        if self.kind == "team":
            return Q(team_id=self.id)
        if self.kind == "service":
            return Q(service_id=self.id)
        return Q(team__isnull=True, service__isnull=True)


def level_of(value) -> Level:
    """The level a value (or anything with team and service) is for."""
    if value.team_id:
        return Level("team", value.team_id, value.team.name)
    if value.service_id:
        return Level("service", value.service_id, value.service.name)
    return Level(DEPARTMENT)


@dataclass
class Sight:
    """What one user may see of the scorecard."""

    everything: bool = False
    department: bool = False
    services: dict[int, Service] = field(default_factory=dict)
    teams: dict[int, Team] = field(default_factory=dict)
    owner_id: int | None = None  # their staff id: they see the values of measures they own

    @property
    def levels(self) -> list[Level]:
        """The levels they may choose on the scorecard: the department, services, then teams."""
        found = [Level(DEPARTMENT)] if self.department else []
        found += [Level("service", s.id, s.name) for s in sorted(self.services.values(), key=lambda s: s.name)]
        teams = sorted(self.teams.values(), key=lambda t: (t.service.name, t.name))
        return found + [Level("team", t.id, t.name) for t in teams]

    def sees_level(self, level: Level) -> bool:
        if self.everything:
            return True
        if level.kind == "team":
            return level.id in self.teams
        if level.kind == "service":
            return level.id in self.services
        return self.department

    def values(self, path: str = "") -> Q:
        """The values they may see, as a condition on the value at `path` ("" for values themselves)."""
        prefix = f"{path}__" if path else ""
        if self.everything:
            return Q()
        condition = Q(**{f"{prefix}team_id__in": sorted(self.teams)}) | Q(
            **{f"{prefix}service_id__in": sorted(self.services)}
        )
        if self.department:
            condition |= Q(**{f"{prefix}team__isnull": True, f"{prefix}service__isnull": True})
        if self.owner_id is not None:
            condition |= Q(**{f"{prefix}measure__owner_id": self.owner_id})
        return condition

    @property
    def sees_anything(self) -> bool:
        return self.everything or self.department or bool(self.services or self.teams)


def sight_of(user, *, today: date) -> Sight:
    """What this user may see of the scorecard, in at most three queries; cached on the user
    object, as people.access caches whom they see."""
    if not hasattr(user, "_scorecard_sight"):
        user._scorecard_sight = _sight(user, today)
    return user._scorecard_sight


def _sight(user, today: date) -> Sight:
    ids = visible_staff_ids(user)
    if getattr(user, "is_authenticated", False) and ids is EVERYONE:
        sight = Sight(everything=True, department=True)
        sight.services = {service.id: service for service in Service.objects.all()}
        sight.teams = {team.id: team for team in Team.objects.select_related("service")}
        me = council_staff_member(user)
        sight.owner_id = me.id if me else None
        return sight
    me = council_staff_member(user)
    if me is None:
        return Sight()
    sight = Sight(owner_id=me.id)
    if not oversees_anyone(user):
        return sight
    sight.services = {
        assignment.service.id: assignment.service
        for assignment in RoleAssignment.objects.current_on(today)
        .filter(staff=me, role__oversees_scope=True, service__isnull=False)
        .select_related("service")
    }
    others = StaffMember.objects.filter(id__in=sorted(ids - {me.id}), team__isnull=False).values("team_id")
    sight.teams = {
        team.id: team
        for team in Team.objects.filter(Q(service_id__in=sorted(sight.services)) | Q(id__in=others)).select_related(
            "service"
        )
    }
    sight.department = bool(sight.services)
    return sight
