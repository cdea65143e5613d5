"""Deadlines that are not rows of the responsibilities table but still fall to a person: a
complaint's statutory response date for its handler, a policy's review date for its owner.

Apps that keep such deadlines register a provider when they start. My duties lists what the
providers return beside the person's duties, and reminders read the same list, so a deadline
is worked out in one place: the app that owns it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Deadline:
    kind: str  # what it is, as the person would say it: "Complaint stage 1 response"
    title: str  # which one: "Complaint C-2026-014 (case CR-1234)"
    due_on: date
    url: str  # the page where it is met
    owner_id: int | None = None  # whose it is

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


# A provider answers: the deadlines this member of staff has still to meet, due on or before
# `until` (overdue ones included), in a fixed number of queries however many there are; given
# None instead of a person, everyone's (each Deadline naming its owner), for the reminders.
Provider = Callable[..., list[Deadline]]
PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    PROVIDERS[name] = provider


def everyones_deadlines(*, today: date, until: date) -> dict[int, list[Deadline]]:
    """Every registered provider's deadlines for everyone, by owner: one call of each."""
    found: dict[int, list[Deadline]] = {}
    for provider in PROVIDERS.values():
        for item in provider(None, today=today, until=until):
            found.setdefault(item.owner_id, []).append(item)
    for items in found.values():
        items.sort(key=lambda item: (item.due_on, item.kind, item.title))
    return found


def deadlines_for(staff, *, today: date, until: date) -> list[Deadline]:
    """Every registered provider's deadlines for this person, soonest first."""
    found = [item for provider in PROVIDERS.values() for item in provider(staff, today=today, until=until)]
    return sorted(found, key=lambda item: (item.due_on, item.kind, item.title))
