"""Participation: the meetings and events held to hear from children, young people, parents,
carers and staff, how many took part, and whether what they said was answered ("you said, we
did").

The rules:
- A meeting counts when the user may see it and it was held in the period. A meeting's team is
  the team whose meeting it was, or that held the event; with a team or service chosen, only the
  meetings of that team (or of a team in that service) count. Meetings with no team (a Children
  in Care Council, a Foster Carers Liaison Group held for the whole service) count only when no
  team or service is chosen.
- Those who took part are added up from each meeting's own counts (children and young people,
  parents, carers, foster carers); nobody is named, so someone at two meetings counts twice.
- "You said, we did" counts the feedback the user may see whose response is owned by someone in
  scope, whenever the meeting was. Open: not done and its respond-by date not passed; overdue:
  not done and its respond-by date passed (read from the date, not from a status). Open and
  overdue are as they stand today, whatever the period.
- Done: marked done in the period. Feedback keeps no date of its own for that, so it is the day
  its history first shows it done since it was last not done (a response reopened and done
  again counts when it was done again).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from core.exports import Column
from core.periods import LONDON
from participation.models import (
    OUTSTANDING,
    Feedback,
    FromWhom,
    Meeting,
    MeetingKind,
    ResponseState,
    ResponseStatus,
    response_state_condition,
)

from . import charts, rows
from .figures import Figure, Panel, Table
from .scope import Scope

# Those who took part, as the field of a meeting that counts them and what a person reads.
TOOK_PART = {
    "children_count": "Children and young people",
    "parents_count": "Parents",
    "carers_count": "Carers",
    "foster_carers_count": "Foster carers",
}
STATES = {"open": "Open", "overdue": "Overdue", "done": "Done"}


def meetings(scope: Scope):
    """The meetings the user may see held in the period, of the chosen team or service."""
    return Meeting.objects.visible_to(scope.user).filter(
        scope.teams("team"), held_on__range=(scope.period.start, scope.period.end)
    )


MEETINGS = rows.register(
    rows.RowList(
        name="meetings",
        title="Meetings and events",
        rows=lambda scope: meetings(scope).select_related("team", "recorded_by").order_by("held_on", "id"),
        columns=lambda scope: [
            Column("Meeting", lambda meeting: meeting.title),
            Column("Held", lambda meeting: meeting.held_on),
            Column("Kind", lambda meeting: meeting.get_kind_display()),
            Column("Team", lambda meeting: meeting.team.name if meeting.team else ""),
            *[Column(label, lambda meeting, name=name: getattr(meeting, name)) for name, label in TOOK_PART.items()],
            Column("Recorded by", lambda meeting: meeting.recorded_by.name),
        ],
        filters={
            "kind": rows.Filter(
                "Kind",
                rows.choice("kind", MeetingKind.values),
                lambda value: dict(MeetingKind.choices).get(value, value),
            ),
        },
        url_of=lambda meeting: meeting.get_absolute_url(),
        noun=("meeting", "meetings"),
    )
)


def _midnight(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def marked_done():
    """When each piece of feedback was last marked done: the first row of its history showing it
    done with no row after it showing it not done."""
    history = Feedback.history.model.objects
    undone_later = history.filter(id=OuterRef("id"), history_date__gt=OuterRef("history_date")).exclude(
        status=ResponseStatus.DONE
    )
    return Subquery(
        history.filter(id=OuterRef("pk"), status=ResponseStatus.DONE)
        .exclude(Exists(undone_later))
        .order_by("history_date")
        .values("history_date")[:1]
    )


def states(scope: Scope) -> dict[str, Q]:
    """Each state as a condition on the dates, as of the scope's day and for its period (open and
    overdue by participation's own rule, response_state_condition)."""
    overdue = response_state_condition(ResponseState.OVERDUE, scope.today)
    return {
        "open": Q(status__in=OUTSTANDING) & ~overdue,
        "overdue": overdue,
        "done": Q(
            status=ResponseStatus.DONE,
            done_at__gte=_midnight(scope.period.start),
            done_at__lt=_midnight(scope.period.end + timedelta(days=1)),
        ),
    }


def feedback(scope: Scope):
    """The feedback the panel counts: open or overdue now, or done in the period, with its state
    worked out by the same conditions."""
    conditions = states(scope)
    return (
        Feedback.objects.visible_to(scope.user)
        .filter(scope.staff("owner"))
        .annotate(done_at=marked_done())
        .filter(conditions["open"] | conditions["overdue"] | conditions["done"])
        .annotate(
            state=Case(
                *[When(condition, then=Value(key)) for key, condition in conditions.items()], output_field=CharField()
            )
        )
    )


def _state(queryset, value, scope):
    if value not in STATES:
        raise Http404("No such status.")
    return queryset.filter(states(scope)[value])


FEEDBACK = rows.register(
    rows.RowList(
        name="feedback",
        title="You said, we did",
        rows=lambda scope: (
            feedback(scope).select_related("meeting", "owner__team", "theme").order_by("respond_by", "id")
        ),
        columns=lambda scope: [
            Column("What was said", lambda item: str(item)),
            Column("From", lambda item: dict(FromWhom.choices).get(item.from_whom, item.from_whom)),
            Column("Meeting", lambda item: item.meeting.title),
            Column("Held", lambda item: item.meeting.held_on),
            Column("Theme", lambda item: item.theme.name if item.theme else ""),
            Column("Owner", lambda item: item.owner.name),
            Column("Team", lambda item: item.owner.team.name if item.owner.team else ""),
            Column("Respond by", lambda item: item.respond_by),
            Column("Status", lambda item: STATES[item.state]),
            Column("Done on", lambda item: timezone.localdate(item.done_at, LONDON) if item.done_at else None),
        ],
        filters={
            "state": rows.Filter("Status", _state, lambda value: STATES.get(value, value)),
            "owner": rows.Filter("Owner", rows.whole_number("owner_id"), name_of=rows.person_named),
        },
        url_of=lambda item: item.get_absolute_url(),
        noun=("piece of feedback", "pieces of feedback"),
    )
)


@dataclass(frozen=True)
class Held:
    """The meetings of one kind (or all) held in the period, and those who took part."""

    label: str
    held: Figure
    took_part: list[Figure]  # in the order of TOOK_PART, each adding up its field

    @property
    def figures(self) -> list[Figure]:
        return [self.held, *self.took_part]


@dataclass(frozen=True)
class Participation:
    total: Held
    by_kind: list[Held]
    chart: str
    took_part_labels: list[str]
    open: Figure
    overdue: Figure
    done: Figure


def _held(scope: Scope, label: str, counts: dict, **filters) -> Held:
    link = scope.link("meetings", **filters)
    return Held(label, Figure(counts["held"], link), [Figure(counts[name], link, adds=name) for name in TOOK_PART])


def participation(scope: Scope) -> Participation:
    """Two queries however many meetings: the meetings by kind (which add up to the totals) and
    the feedback."""
    found = {
        row["kind"]: row
        for row in meetings(scope)
        .values("kind")
        .annotate(held=Count("id"), **{name: Sum(name) for name in TOOK_PART})
        .order_by()
    }
    none = dict.fromkeys(["held", *TOOK_PART], 0)
    by_kind = [_held(scope, label, found.get(kind, none), kind=kind) for kind, label in MeetingKind.choices]
    totals = {key: sum(row[key] for row in found.values()) for key in none}
    counts = feedback(scope).aggregate(
        **{key: Count("id", filter=condition) for key, condition in states(scope).items()}
    )
    return Participation(
        total=_held(scope, "All meetings and events", totals),
        by_kind=by_kind,
        chart=charts.bars(
            "Who took part, by kind of meeting",
            [(held.label, [figure.value for figure in held.took_part]) for held in by_kind if held.held.value],
            list(TOOK_PART.values()),
        ),
        took_part_labels=list(TOOK_PART.values()),
        **{key: Figure(counts[key], scope.link("feedback", state=key)) for key in STATES},
    )


def tables(data: Participation) -> list[Table]:
    return [
        Table(
            "participation-kinds",
            "Meetings and events held in the period, and who took part",
            ["Kind", "Held", *data.took_part_labels],
            [[held.label, held.held, *held.took_part] for held in [*data.by_kind, data.total]],
        ),
        Table(
            "participation-feedback",
            "You said, we did",
            ["Open, not yet due", "Overdue", "Done in the period"],
            [[data.open, data.overdue, data.done]],
        ),
    ]


def panel(scope: Scope) -> Panel | None:
    if scope.own_only or not scope.in_strand("participation"):
        return None
    return Panel("participation", "Participation", "reports/panels/participation.html", participation(scope))
