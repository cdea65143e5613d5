"""Deadlines that are not rows of the responsibilities table but still fall to a person: an
action's due date for its owner, a complaint's statutory response date for its handler, a
policy's review date for its owner.

Apps that keep such deadlines register a provider when they start. My duties lists what the
providers return beside the person's duties, and reminders and the calendar read the same list,
so a deadline is worked out in one place: the app that owns it.

An app may also add a section of its own to My duties or My team (learning's "Your actions" and
"Overdue actions in your team") through core.sections, on the pages named here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

MY_DUTIES, MY_TEAM = "schedule:my_duties", "schedule:my_team"  # pages of core.sections
ACTION = "action"  # an action from an action plan: its own part of My duties and of the digest
OTHER = "other"  # any other record's deadline


@dataclass(frozen=True)
class Deadline:
    kind: str  # what it is, as the person would say it: "Complaint stage 1 response"
    title: str  # which one: "Complaint C-2026-014 (case CR-1234)"
    due_on: date
    url: str  # the page where it is met
    owner_id: int | None = None  # whose it is
    group: str = OTHER
    key: str = ""  # a stable name for it (a calendar event's), when it has one

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


# A provider answers: the deadlines this member of staff has still to meet, due on or before
# `until` (overdue ones included), in a fixed number of queries however many there are; given
# None instead of a person, everyone's (each Deadline naming its owner), for the reminders.
Provider = Callable[..., list[Deadline]]
PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    PROVIDERS[name] = provider


def _in_order(found: list[Deadline]) -> list[Deadline]:
    return sorted(found, key=lambda item: (item.due_on, item.kind, item.title))


def everyones_deadlines(*, today: date, until: date) -> dict[int, list[Deadline]]:
    """Every registered provider's deadlines for everyone, by owner: one call of each."""
    found: dict[int, list[Deadline]] = {}
    for provider in PROVIDERS.values():
        for item in provider(None, today=today, until=until):
            found.setdefault(item.owner_id, []).append(item)
    return {owner_id: _in_order(items) for owner_id, items in found.items()}


def deadlines_for(staff, *, today: date, until: date, group: str | None = None) -> list[Deadline]:
    """Every registered provider's deadlines for this person, soonest first (of one group, when given)."""
    found = [item for provider in PROVIDERS.values() for item in provider(staff, today=today, until=until)]
    return _in_order([item for item in found if group is None or item.group == group])
