"""A supervision session's agenda: the QA feedback about the supervisee since their previous held
session, carried without retyping.

What is carried: audits of their work shared with them since then, observations of their practice
since then, and every action of theirs still open; and, from earlier held sessions, whatever was
carried but never marked discussed. A first session looks back `FIRST_LOOKBACK_DAYS`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q

from audits.models import SEEN_BY_CASE_HOLDER, Audit
from core.periods import LONDON
from learning.models import Action
from observations.models import Observation

from .models import AgendaItem, Outcome, SupervisionSession, record_key

FIRST_LOOKBACK_DAYS = 92


@dataclass
class Entry:
    """One item of an agenda as a page shows it: before the session is saved (a record carried)
    or after (an AgendaItem)."""

    record: object
    discussed: bool = False
    note: str = ""
    item: AgendaItem | None = None

    @property
    def key(self) -> str:
        return record_key(self.record)

    @property
    def kind(self) -> str:
        return self.record._meta.model_name  # audit, observation, action

    @property
    def title(self) -> str:
        return title_of(self.record)


def title_of(record) -> str:
    if isinstance(record, Audit):
        return f"{record.get_audit_type_display()} of {record.case_reference}"
    if isinstance(record, Observation):
        return f"Observation of practice: {record.get_setting_display().lower()}, {record.observed_on:%-d %B %Y}"
    return f"Action: {record}"


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def previous_session(supervisee, held_on: date, *, exclude=None) -> SupervisionSession | None:
    """The supervisee's last held session before this date."""
    earlier = SupervisionSession.objects.held().filter(supervisee=supervisee, held_on__lt=held_on)
    if exclude is not None and exclude.pk:
        earlier = earlier.exclude(pk=exclude.pk)
    return earlier.order_by("-held_on", "-id").first()


def window_start(supervisee, held_on: date, *, exclude=None) -> date:
    """The last day before the window of feedback a session on `held_on` carries."""
    previous = previous_session(supervisee, held_on, exclude=exclude)
    return previous.held_on if previous else held_on - timedelta(days=FIRST_LOOKBACK_DAYS)


def _left_undiscussed(supervisee, held_on: date, field: str, exclude=None):
    """Ids of records carried by an earlier held session and not marked discussed in any."""
    earlier = AgendaItem.objects.filter(
        session__supervisee=supervisee, session__outcome=Outcome.HELD, session__held_on__lt=held_on,
        **{f"{field}__isnull": False},
    )
    if exclude is not None and exclude.pk:
        earlier = earlier.exclude(session=exclude)
    return earlier.filter(discussed=False).exclude(
        **{f"{field}__in": earlier.filter(discussed=True).values(field)}
    ).values(field)


def feedback_for(supervisee, held_on: date, *, session=None) -> list:
    """The records a session with this supervisee on this date carries: audits, then observations,
    then open actions. Three queries."""
    since = window_start(supervisee, held_on, exclude=session)
    audits = (
        Audit.objects.filter(case_holder=supervisee, status__in=SEEN_BY_CASE_HOLDER)
        .filter(
            Q(shared_at__gte=_start_of(since + timedelta(days=1)), shared_at__lt=_start_of(held_on + timedelta(days=1)))
            | Q(id__in=_left_undiscussed(supervisee, held_on, "audit", session))
        )
        .select_related("auditor", "theme")
        .order_by("shared_at", "id")
    )
    observations = (
        Observation.objects.filter(practitioner=supervisee)
        .filter(
            Q(observed_on__gt=since, observed_on__lte=held_on)
            | Q(id__in=_left_undiscussed(supervisee, held_on, "observation", session))
        )
        .select_related("observer")
        .order_by("observed_on", "id")
    )
    actions = Action.objects.filter(owner=supervisee).open().select_related("raised_by").order_by("due_on", "id")
    return [*audits, *observations, *actions]


def preview(supervisee, held_on: date) -> list[Entry]:
    """The agenda a new session on this date would carry."""
    return [Entry(record) for record in feedback_for(supervisee, held_on)]


def entries_of(session) -> list[Entry]:
    """A saved session's agenda, in one query."""
    items = session.agenda.select_related(
        "audit__auditor", "audit__theme", "observation__observer", "action__raised_by"
    ).order_by("id")
    return [Entry(item.record, item.discussed, item.note, item) for item in items]


def fill_agenda(session, *, acting_user, marks: dict | None = None, prune: bool = False) -> list[AgendaItem]:
    """Add to the session's agenda what it carries and is not there yet, then apply `marks`
    ({key: (discussed, note)}). With `prune` (the session's date has changed), drop the items it no
    longer carries unless they are marked discussed or noted. Returns the agenda."""
    marks = marks or {}
    carried = {record_key(record): record for record in feedback_for(session.supervisee, session.held_on,
                                                                      session=session)}
    items = {item.key: item for item in session.agenda.all()}
    for key, item in list(items.items()):
        if prune and key not in carried and marks.get(key, (item.discussed, item.note)) == (False, ""):
            item._history_user, item._change_reason = acting_user, "no longer carried"
            item.delete()
            del items[key]
    for key, record in carried.items():
        if key not in items:
            item = AgendaItem(session=session, **{record._meta.model_name: record})
            discussed, note = marks.get(key, (False, ""))
            item.discussed, item.note = discussed, note
            item._history_user, item._change_reason = acting_user, "carried"
            item.save()
            items[key] = item
    for key, (discussed, note) in marks.items():
        item = items.get(key)
        if item is not None and (item.discussed, item.note) != (discussed, note):
            reason = "marked discussed" if discussed and not item.discussed else (
                "marked not discussed" if item.discussed and not discussed else "note changed")
            item.discussed, item.note = discussed, note
            item._history_user, item._change_reason = acting_user, reason
            item.save()
    return sorted(items.values(), key=lambda item: item.id)
