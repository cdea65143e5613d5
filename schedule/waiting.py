"""What others are waiting on a person for: an audit shared with them to acknowledge, the audits
in their moderation queue, a multi-agency audit their agency has still to contribute to, a
complaint's response they handle, a "you said, we did" they owe.

Like the deadline registry (schedule.deadlines), the schedule knows nothing of the strands: an
app that keeps such work registers a provider when it starts (its AppConfig.ready). My duties
shows what the providers return first, under "Waiting for you", and the daily digest counts it,
so a practitioner hears that an audit waits for her on the page she opens every day, not only
from an e-mail.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Waiting:
    kind: str  # what is waited for, as the person would say it: "Audit to acknowledge"
    title: str  # which one: "Case file audit of CR-1234 by Daniel Mensah" (a case by its reference only)
    since: date  # since when: the day it was shared, submitted, invited or asked for
    url: str  # the page where it is done
    due_on: date | None = None  # when it is due, where there is a date
    owner_id: int | None = None  # whom it waits for

    def is_overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today


# A provider answers, for one member of staff, what is waiting for them on `today`, in a fixed
# number of queries however many there are; given None instead of a person, what is waiting for
# everyone (each item naming its owner), for the digest.
Provider = Callable[..., list[Waiting]]
PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    PROVIDERS[name] = provider


def _in_order(found: list[Waiting]) -> list[Waiting]:
    """Overdue first, then by due date, then what has no date, longest waiting first."""
    return sorted(found, key=lambda item: (item.due_on is None, item.due_on or date.max, item.since, item.kind,
                                           item.title))


def waiting_for(staff, *, today: date) -> list[Waiting]:
    """Everything waiting for this person: each registered provider asked once."""
    if staff is None:
        return []
    return _in_order([item for provider in PROVIDERS.values() for item in provider(staff, today=today)])


def everyones_waiting(*, today: date) -> dict[int, list[Waiting]]:
    """Everything waiting for everyone, by owner: each registered provider asked once."""
    found: dict[int, list[Waiting]] = {}
    for provider in PROVIDERS.values():
        for item in provider(None, today=today):
            found.setdefault(item.owner_id, []).append(item)
    return {owner_id: _in_order(items) for owner_id, items in found.items()}


def not_waiting(deadlines: list, waiting: list[Waiting]) -> list:
    """The deadlines (schedule.deadlines) that are not also waiting items: a complaint's response
    is both, and is listed once, as waiting. The two are the same work when they are met on the
    same page."""
    pages = {item.url for item in waiting}
    return [deadline for deadline in deadlines if deadline.url not in pages]
