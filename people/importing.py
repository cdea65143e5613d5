"""Loading staff from a CSV file as an HR system exports it: all rows checked, then all loaded or none.

People are matched on their staff number, so importing next month's export updates the people
already in the portal rather than adding them twice. A column the file does not have leaves
that field as it is; a column the file has is taken as the truth, blanks included.

Everyone imported gets a sign-in if they have none (people.sign_ins): an account named by their
e-mail, or their staff number, with no password until an administrator sets one.

The upload page loads the file as an import run (core.imports): `check_upload` at once, then
`load_upload` in a Celery task. The import_staff command runs `import_staff` itself, there and then.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from core.csvfile import ImportFailed, Row, read_rows
from core.imports import CHECKING, LOADING, Outcome, Progress, check_csv, quietly
from core.models import ImportRun

from . import line, sign_ins
from .models import Service, StaffMember, Team

REQUIRED = ["staff_number", "name", "job_title", "team", "started_on"]
OPTIONAL = ["email", "service", "line_manager", "case_holder", "practitioner", "newly_qualified", "left_on"]

# Column -> StaffMember field, for the yes/no flags.
FLAGS = {
    "case_holder": "is_case_holder",
    "practitioner": "is_practitioner",
    "newly_qualified": "is_newly_qualified",
}

LONGEST = {"staff_number": 30, "name": 150, "job_title": 150, "team": 120, "service": 120, "email": 254}

CHANGE_REASON = "staff import"
RUN_KIND = "staff"  # the upload's import runs (core.imports)


@dataclass
class StaffImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    teams_created: list[str] = field(default_factory=list)
    services_created: list[str] = field(default_factory=list)
    sign_ins_created: int = 0

    def __str__(self):
        text = f"{self.created} staff added, {self.updated} updated"
        if self.sign_ins_created:
            text += f", {_count(self.sign_ins_created, 'sign-in')} made (with no password yet)"
        if self.teams_created:
            text += f", {_count(len(self.teams_created), 'new team')}"
        if self.services_created:
            text += f", {_count(len(self.services_created), 'new service')}"
        if self.unchanged:
            text += f" ({self.unchanged} unchanged)"
        return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass
class Parsed:
    """One checked row, before it touches the database."""

    line: int
    staff_number: str
    fields: dict  # StaffMember fields the file sets (team and line_manager apart)
    team: str
    service: str
    line_manager: str | None  # a staff number, "" for none, None when the file has no such column


def import_staff(data: bytes | str, *, acting_user=None, progress: Progress = quietly) -> StaffImport:
    """Load a staff file: every row checked, then all loaded or none (ImportFailed lists every
    problem by line and column). `acting_user` is who the staff records' history names."""
    rows = read_rows(data, required=REQUIRED, optional=OPTIONAL)
    columns = set().union(*(row.values for row in rows))
    teams = {team.name.casefold(): team for team in Team.objects.select_related("service")}
    in_portal = dict(StaffMember.objects.values_list("staff_number", "line_manager__staff_number"))

    parsed: list[tuple[Row, Parsed]] = []
    seen: dict[str, int] = {}
    new_teams: dict[str, tuple[str, int]] = {}  # team name (folded) -> (service, line first named)
    for done, row in enumerate(rows, start=1):
        entry = _parse(row, columns)
        if entry.staff_number and entry.staff_number in seen:
            row.error("staff_number", f"{entry.staff_number} is also on line {seen[entry.staff_number]}")
        seen.setdefault(entry.staff_number, row.line)
        _check_team(row, entry, teams, new_teams)
        parsed.append((row, entry))
        progress(done, len(rows), CHECKING)

    _check_line_managers(parsed, in_portal)
    _check_sign_ins(parsed)
    problems = [problem for row, _ in parsed for problem in row.problems]
    if problems:
        raise ImportFailed(problems)
    return _load([entry for _, entry in parsed], acting_user, progress)


def _parse(row: Row, columns: set[str]) -> Parsed:
    for column, longest in LONGEST.items():
        if len(row[column]) > longest:
            row.error(column, f"is longer than {longest} characters")
    fields = {
        "name": row.required("name"),
        "job_title": row.required("job_title"),
        "started_on": row.day("started_on", required=True),
    }
    if "left_on" in columns:
        fields["left_on"] = row.day("left_on")
        if fields["left_on"] and fields["started_on"] and fields["left_on"] < fields["started_on"]:
            row.error("left_on", f"{fields['left_on']} is before started_on ({fields['started_on']})")
    if "email" in columns:
        fields["email"] = row["email"]
        if fields["email"]:
            try:
                validate_email(fields["email"])
            except ValidationError:
                row.error("email", f"{row['email']!r} is not an e-mail address")
    for column, name in FLAGS.items():
        if column in columns:
            fields[name] = row.yes_no(column)
    line_manager = row["line_manager"] if "line_manager" in columns else None
    return Parsed(row.line, row.required("staff_number"), fields, row.required("team"), row["service"], line_manager)


def _check_team(row: Row, entry: Parsed, teams: dict, new_teams: dict) -> None:
    if not entry.team:
        return
    team = teams.get(entry.team.casefold())
    if team is not None:
        if entry.service and entry.service.casefold() != team.service.name.casefold():
            row.error("team", f"{team.name!r} is a team of {team.service.name}, not of {entry.service}")
        return
    if not entry.service:
        row.error(
            "team",
            f"{entry.team!r} is not a team in the portal; name its service in column service to add it",
        )
        return
    first = new_teams.setdefault(entry.team.casefold(), (entry.service, row.line))
    if first[0].casefold() != entry.service.casefold():
        row.error("service", f"{entry.team!r} is a team of {first[0]} on line {first[1]}")


def _check_line_managers(parsed: list[tuple[Row, Parsed]], in_portal: dict[str, str | None]) -> None:
    """Every manager must exist (in this file or the portal), nobody manages themselves, and the
    management chain, as it will be once the file is loaded, never goes round in a circle."""
    manager_of = dict(in_portal)  # staff number -> their manager's staff number, after the import
    for _, entry in parsed:
        if not entry.staff_number:
            continue
        if entry.line_manager is not None:
            manager_of[entry.staff_number] = entry.line_manager or None
        else:
            manager_of.setdefault(entry.staff_number, None)

    for row, entry in parsed:
        manager = entry.line_manager
        if not manager or not entry.staff_number:
            continue
        if manager == entry.staff_number:
            row.error("line_manager", "a person cannot be their own line manager")
        elif manager not in manager_of:
            row.error("line_manager", f"nobody has staff number {manager} in this file or in the portal")

    # Walk up from each person in the file (people.line); a walk whose next step is a number
    # already on it has found a circle. Each circle is reported once, on the line of its first
    # person in the file.
    lines = {
        number: (manager if manager != number else None)  # self-management is reported above
        for number, manager in manager_of.items()
    }
    line_of = {entry.staff_number: row for row, entry in parsed if entry.staff_number}
    reported: set[frozenset] = set()
    for row, entry in parsed:
        if not entry.staff_number:
            continue
        walk = [entry.staff_number, *line.above(entry.staff_number, lines)]
        following = lines.get(walk[-1])
        if following is None or following not in walk:
            continue
        circle = walk[walk.index(following) :]
        if frozenset(circle) in reported:
            continue
        reported.add(frozenset(circle))
        # A circle among people not in the file (which the portal should never hold) is
        # reported on the row that led to it.
        first = min((line_of[n] for n in circle if n in line_of), key=lambda r: r.line, default=row)
        chain = " -> ".join([*circle, following])
        first.error("line_manager", f"the line-management chain goes round in a circle: {chain}")


def _check_sign_ins(parsed: list[tuple[Row, Parsed]]) -> None:
    """A new sign-in's name must be free: an account someone else holds is never taken over."""
    known = {
        number: (email, user_id is not None)
        for number, email, user_id in StaffMember.objects.values_list("staff_number", "email", "user_id")
    }
    wanted = {}
    for row, entry in parsed:
        email, has_account = known.get(entry.staff_number, ("", False))
        if entry.staff_number and not has_account:
            username = sign_ins.username_for(entry.staff_number, entry.fields.get("email", email))
            if username in wanted and wanted[username][1].staff_number != entry.staff_number:
                row.error(
                    "email",
                    f"line {wanted[username][0].line} gives the same e-mail, and each person's sign-in needs its own",
                )
            wanted.setdefault(username, (row, entry))
    taken = sign_ins.taken_by_another({name: entry.staff_number for name, (_, entry) in wanted.items()})
    for username in taken:
        row, entry = wanted[username]
        column = "email" if entry.fields.get("email") else "staff_number"
        row.error(
            column,
            f"an account named {username!r} already exists for someone else, so no sign-in can be made under that name",
        )


@transaction.atomic
def _load(parsed: list[Parsed], acting_user, progress: Progress) -> StaffImport:
    result = StaffImport()
    services = {service.name.casefold(): service for service in Service.objects.all()}
    teams = {team.name.casefold(): team for team in Team.objects.all()}
    for entry in parsed:
        if entry.team.casefold() in teams:
            continue
        service = services.get(entry.service.casefold())
        if service is None:
            service = services[entry.service.casefold()] = Service.objects.create(name=entry.service)
            result.services_created.append(service.name)
        teams[entry.team.casefold()] = Team.objects.create(name=entry.team, service=service)
        result.teams_created.append(entry.team)

    people = {
        person.staff_number: person for person in StaffMember.objects.select_related("team", "line_manager", "user")
    }
    by_number = {entry.staff_number: entry for entry in parsed}
    # Managers before the people they manage, so each person is saved once, with their manager.
    for done, entry in enumerate(_managers_first(parsed, by_number), start=1):
        progress(done, len(parsed), LOADING)
        values = dict(entry.fields, team=teams[entry.team.casefold()])
        if entry.line_manager is not None:
            values["line_manager"] = people[entry.line_manager] if entry.line_manager else None
        person = people.get(entry.staff_number)
        if person is None:
            person = StaffMember(staff_number=entry.staff_number, **values)
            result.created += 1
        elif any(getattr(person, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(person, name, value)
            result.updated += 1
        else:
            result.unchanged += 1
            if person.user_id is not None:
                sign_ins.give_sign_in(person)  # its e-mail and name, if the account fell out of step
                continue
        if sign_ins.give_sign_in(person):
            result.sign_ins_created += 1
        person._change_reason = CHANGE_REASON
        if acting_user is not None:
            person._history_user = acting_user
        person.save()
        people[entry.staff_number] = person
    return result


def _managers_first(parsed: list[Parsed], by_number: dict[str, Parsed]) -> list[Parsed]:
    ordered, placed = [], set()
    for entry in parsed:
        chain = []
        number = entry.staff_number
        # Climb while the manager is in the file and not yet placed (the chain has no circles).
        while number in by_number and number not in placed:
            chain.append(by_number[number])
            placed.add(number)
            number = by_number[number].line_manager
        ordered.extend(reversed(chain))
    return ordered


# The upload page's import run (core.imports).


def check_upload(data: bytes, options: dict) -> int:
    """The check made as the file is uploaded: it can be read and names its columns right."""
    return check_csv(data, required=REQUIRED, optional=OPTIONAL)


def load_upload(run: ImportRun, data: bytes, progress: Progress) -> Outcome:
    result = import_staff(data, acting_user=run.uploaded_by, progress=progress)
    rows = result.created + result.updated + result.unchanged
    summary = f"{rows:,} staff loaded: {result.created:,} added, {result.updated:,} changed"
    if result.unchanged:
        summary += f", {result.unchanged:,} as they were"
    details = []
    if result.sign_ins_created:
        details.append(
            f"{_count(result.sign_ins_created, 'sign-in')} made, with no password yet: an administrator "
            "sets one, or the council's single sign-on signs them in"
        )
    if result.teams_created:
        details.append(f"{_count(len(result.teams_created), 'new team')}: {', '.join(result.teams_created)}")
    if result.services_created:
        details.append(f"{_count(len(result.services_created), 'new service')}: {', '.join(result.services_created)}")
    return Outcome(summary, rows, details, ("See the staff", reverse("admin:people_staffmember_changelist")))
