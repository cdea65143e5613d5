"""What each person's digest says on a day: how many things others are waiting on them for
(schedule.waiting), their overdue duties, duties falling due within their lead time, their
actions overdue and due soon, other records' deadlines, and the overdue duties of their team
that have gone up the line to them. Overdue is read from each due date on the digest's day (due
before it and not done), never from a stored status.

Everything is read in a fixed number of queries, whatever the size of the council's history:
the outstanding duties due by the longest lead time, the open actions due within a week, what
is waiting for whom, the staff (for who manages whom) and the roles over services (for heads of
service), and the partner agencies' people something waits for.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from people.access import Organisation
from people.models import StaffMember
from schedule.deadlines import ACTION, everyones_deadlines
from schedule.models import OUTSTANDING, Duty, Responsibility
from schedule.waiting import Waiting, everyones_waiting

from . import rules
from .models import Escalation

ACTION_LEAD_DAYS = 7  # actions, and other records' deadlines, enter the digest a week before they fall due


@dataclass(frozen=True)
class Line:
    title: str
    due_on: date
    url: str
    why: str = ""  # the responsibility and its purpose: why this person is being told
    who: str = ""  # for a team's duty: whose it is


@dataclass
class Digest:
    recipient: StaffMember
    day: date
    overdue: list[Line] = field(default_factory=list)
    due_soon: list[Line] = field(default_factory=list)
    overdue_actions: list[Line] = field(default_factory=list)  # their actions past their due date
    actions: list[Line] = field(default_factory=list)  # their actions due within ACTION_LEAD_DAYS
    deadlines: list[Line] = field(default_factory=list)  # a complaint's response, a policy's review
    team_overdue: list[Line] = field(default_factory=list)  # escalated to them as line manager
    service_overdue: list[Line] = field(default_factory=list)  # escalated to them as head of service
    escalations: list[tuple[int, str]] = field(default_factory=list)  # (duty id, level) first sent today
    waiting: list[Waiting] = field(default_factory=list)  # what others wait on them for: counted, on My duties

    SECTIONS = ("waiting", "overdue", "due_soon", "overdue_actions", "actions", "deadlines", "team_overdue",
                "service_overdue")

    @property
    def overdue_count(self) -> int:
        """Their own duties, actions and other deadlines past their due date (the subject's count)."""
        return len(self.overdue) + len(self.overdue_actions) + sum(line.due_on < self.day for line in self.deadlines)

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.SECTIONS)

    def contents(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.SECTIONS if getattr(self, name)}


def _url(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def _duty_line(duty: Duty, *, who: str = "") -> Line:
    responsibility = duty.responsibility
    why = f"{responsibility.role.name}: {responsibility.purpose}".strip()
    return Line(duty.title(), duty.due_on, _url(reverse("schedule:duty_detail", args=[duty.pk])), why, who)


def _longest_lead() -> int:
    overrides = Responsibility.objects.aggregate(longest=Max("reminder_lead_days"))["longest"] or 0
    return max([*settings.REMINDER_LEAD_DAYS.values(), overrides])


def digests_for(day: date) -> list[Digest]:
    """Every digest to send on this day (people with nothing to hear of, or on leave, get none)."""
    organisation = Organisation(day)
    digests: dict[int, Digest] = {}
    escalated = set(Escalation.objects.filter(duty__status__in=OUTSTANDING).values_list("duty_id", "level"))

    def digest(member: StaffMember) -> Digest:
        if member.id not in digests:
            digests[member.id] = Digest(member, day)
        return digests[member.id]

    duties = (
        Duty.objects.outstanding()
        .filter(due_on__lte=day + timedelta(days=_longest_lead()))
        .select_related("responsibility__role", "subject_staff", "subject_team")
        .order_by("due_on", "id")
    )
    for duty in duties:
        owner = organisation.working(duty.owner_id)
        if owner is None:
            continue
        if duty.due_on < day:
            digest(owner).overdue.append(_duty_line(duty))
            level = rules.escalation_level(duty.due_on, day)
            if level is None:
                continue
            manager = organisation.line_manager(owner)
            if manager is not None:
                digest(manager).team_overdue.append(_duty_line(duty, who=owner.name))
                if (duty.id, "manager") not in escalated:
                    digest(manager).escalations.append((duty.id, "manager"))
            head = organisation.head_of_service(owner) if level == "head" else None
            if head is not None and head != manager:
                digest(head).service_overdue.append(_duty_line(duty, who=owner.name))
                if (duty.id, "head") not in escalated:
                    digest(head).escalations.append((duty.id, "head"))
        elif rules.falls_in_lead(duty.due_on, day, duty.frequency, duty.responsibility.reminder_lead_days):
            digest(owner).due_soon.append(_duty_line(duty))

    until = day + timedelta(days=ACTION_LEAD_DAYS)
    for owner_id, items in everyones_deadlines(today=day, until=until).items():
        owner = organisation.working(owner_id)
        if owner is not None:
            for item in items:
                if item.group == ACTION:
                    late = item.is_overdue(day)
                    (digest(owner).overdue_actions if late else digest(owner).actions).append(
                        Line(item.title, item.due_on, _url(item.url))
                    )
                else:
                    digest(owner).deadlines.append(Line(f"{item.kind}: {item.title}", item.due_on, _url(item.url)))

    # What others wait on each person for, counted: a person with nothing else to hear of is
    # told too. A partner agency's person (not among the council's staff) may be waited for.
    waiting = everyones_waiting(today=day)
    outside = StaffMember.objects.filter(id__in=set(waiting) - set(organisation.staff), agency__isnull=False)
    outside = {member.id: member for member in outside.employed_on(day)}  # no query when there are none
    for owner_id, items in waiting.items():
        owner = organisation.working(owner_id) or outside.get(owner_id)
        if owner is not None:
            digest(owner).waiting = items

    return [
        found
        for found in digests.values()
        if not found.is_empty() and found.recipient.email and not found.recipient.on_leave(day)
    ]


def escalations_of(digests: list[Digest]) -> list[tuple[int, str, int]]:
    """(duty id, level, to whom) for each escalation these digests make for the first time."""
    return [(duty_id, level, found.recipient.id) for found in digests for duty_id, level in found.escalations]
