"""Closing the loop: for each learning theme, how the audits tagged with it were graded before and
after the actions on it were done. Did the learning change practice?

The rules:
- A theme's actions are the actions tagged with it that the user may see
  (`Action.objects.visible_to`), owned by someone in the chosen team or service, as they stand
  today. They are done once none of them is outstanding (open or in progress, overdue or not), on the
  latest day one of them was completed. A theme with an action outstanding shows "actions still
  open" and only a "before"; so does a theme with no actions.
- The audits are those the audit quality panel counts (finished, visible to the user, filed under
  the chosen team or service) audited on any day up to the end of the period, not only in it:
  few audits carry any one theme.
- "Before" are the audits tagged with the theme audited on or before the day its actions were
  done (all of them while there is no such day); "after", those audited after it.
- Each shows the share graded good or better, of those graded (not "not applicable"), with its n,
  and the change from before to after in percentage points.

One query over the themes, however many themes, actions and audits.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, DateField, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from audits.moderation import GOOD_OR_BETTER, GRADED
from core.exports import Column
from learning.models import OUTSTANDING, Action, LearningTheme, Status
from schedule.models import Strand

from . import rows
from .audit_quality import AUDIT_COLUMNS, AUDIT_FILTERS, audits_in_view, describe_theme, shown
from .figures import Figure, Panel, Table
from .scope import Scope


def themed_audits(scope: Scope):
    """The audits in view up to the end of the period."""
    return audits_in_view(scope).filter(audited_on__lte=scope.period.end)


def theme_actions(scope: Scope):
    """The actions with a learning theme that the user may see, owned in the chosen team or service."""
    # Not correlated (no OuterRef): this is itself a subquery of the themes' query, and Django
    # relabels a correlated subquery nested two deep against the wrong table.
    found = Action.objects.visible_to(scope.user).filter(id__in=Action.themes.through.objects.values("action_id"))
    return found.filter(scope.staff("owner")) if scope.narrowed else found


def _day(lookup: str, words: str):
    def narrow(queryset, value, scope):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise Http404("No such day.") from None
        return queryset.filter(**{f"audited_on__{lookup}": day})

    def describe(value: str) -> str:
        return f"{words} {date.fromisoformat(value):%-d %b %Y}"

    return rows.Filter("Audited", narrow, describe)


STATES = {"open": ("Still outstanding", Q(status__in=OUTSTANDING)), "done": ("Done", Q(status=Status.DONE))}


def _state(queryset, value, scope):
    if value not in STATES:
        raise Http404("No such state.")
    return queryset.filter(STATES[value][1])


def _theme(queryset, value, scope):
    if len(value) > 140:
        raise Http404("No such theme.")
    return queryset.filter(themes__slug=value)


THEMED_AUDITS = rows.register(
    rows.RowList(
        name="themed-audits",
        title="Audits with a learning theme",
        rows=lambda scope: shown(themed_audits(scope)),
        columns=lambda scope: AUDIT_COLUMNS,
        filters={
            **AUDIT_FILTERS,
            "audited_before": _day("lte", "On or before"),
            "audited_after": _day("gt", "After"),
        },
        url_of=lambda audit: audit.get_absolute_url(),
        noun=("audit", "audits"),
    )
)

THEME_ACTIONS = rows.register(
    rows.RowList(
        name="theme-actions",
        title="Actions on learning themes",
        rows=lambda scope: (
            theme_actions(scope)
            .select_related("owner__team", "raised_by")
            .prefetch_related("themes")
            .order_by("due_on", "id")
        ),
        columns=lambda scope: [
            Column("Action", lambda action: str(action)),
            Column("Learning themes", lambda action: ", ".join(theme.name for theme in action.themes.all())),
            Column("Owner", lambda action: action.owner.name),
            Column("Team", lambda action: action.owner.team.name if action.owner.team else ""),
            Column("Raised by", lambda action: action.raised_by.name),
            Column("Due", lambda action: action.due_on),
            Column("Status", lambda action: action.state(scope.today).label),
            Column("Completed on", lambda action: action.completed_on),
        ],
        filters={
            "learning_theme": rows.Filter("Learning theme", _theme, describe_theme),
            "state": rows.Filter("State", _state, lambda value: STATES[value][0]),
        },
        url_of=lambda action: action.get_absolute_url(),
        noun=("action", "actions"),
    )
)


def _count(queryset):
    """How many rows a queryset has, as a subquery: COUNT as a plain function asks for no GROUP BY."""
    return Coalesce(
        Subquery(queryset.order_by().annotate(found=Func(F("id"), function="COUNT")).values("found")),
        0,
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class Side:
    """The audits with a theme on one side of the day its actions were done."""

    graded: Figure  # those graded (not "not applicable")
    good_or_better: Figure  # a share of those graded


@dataclass(frozen=True)
class ThemeLoop:
    name: str
    actions: Figure
    still_open: Figure
    done_on: date | None  # the day its actions were all done; None while any is outstanding or none exists
    before: Side
    after: Side | None

    @property
    def change(self) -> int | None:
        """The change in the share good or better, in percentage points, from before to after."""
        if self.after is None or not self.before.graded.value or not self.after.graded.value:
            return None
        before, after = self.before.good_or_better, self.after.good_or_better
        return round(100 * after.value / after.whole - 100 * before.value / before.whole)

    @property
    def change_words(self) -> str:
        if self.change is None:
            return "–"
        if self.change == 0:
            return "no change"
        return f"{'up' if self.change > 0 else 'down'} {abs(self.change)} point{'s' if abs(self.change) != 1 else ''}"


def _side(scope: Scope, slug: str, graded: int, good: int, **day) -> Side:
    def figure(value, whole=None, **more):
        return Figure(value, scope.link("themed-audits", learning_theme=slug, **day, **more), whole)

    return Side(figure(graded, final_grade="graded"), figure(good, graded, final_grade="good_or_better"))


def closing_the_loop(scope: Scope) -> list[ThemeLoop]:
    """One query: each theme with its actions and the audits on either side of their day."""
    actions = theme_actions(scope).filter(themes=OuterRef("pk"))
    audits = themed_audits(scope).filter(learning_themes=OuterRef("pk"), final_grade__in=GRADED)
    good = Q(final_grade__in=GOOD_OR_BETTER)
    # Until the actions are done, every audit up to the period's end is "before".
    before = Q(audited_on__lte=Coalesce(OuterRef("done_on"), Value(scope.period.end), output_field=DateField()))
    after = Q(audited_on__gt=OuterRef("done_on"))
    themes = (
        LearningTheme.objects.annotate(
            actions_count=_count(actions),
            open_count=_count(actions.filter(status__in=OUTSTANDING)),
            last_done=Subquery(actions.filter(status=Status.DONE).order_by("-completed_on").values("completed_on")[:1]),
        )
        .annotate(
            done_on=Case(When(actions_count__gt=0, open_count=0, then=F("last_done")), output_field=DateField()),
        )
        .annotate(
            before_graded=_count(audits.filter(before)),
            before_good=_count(audits.filter(before & good)),
            after_graded=_count(audits.filter(after)),
            after_good=_count(audits.filter(after & good)),
        )
        .order_by("name")
    )
    found = []
    for theme in themes:
        if not (theme.actions_count or theme.before_graded or theme.after_graded):
            continue
        done_on = theme.done_on
        day = {"audited_before": done_on.isoformat()} if done_on else {}
        found.append(
            ThemeLoop(
                name=theme.name,
                actions=Figure(theme.actions_count, scope.link("theme-actions", learning_theme=theme.slug)),
                still_open=Figure(
                    theme.open_count, scope.link("theme-actions", learning_theme=theme.slug, state="open")
                ),
                done_on=done_on,
                before=_side(scope, theme.slug, theme.before_graded, theme.before_good, **day),
                after=_side(scope, theme.slug, theme.after_graded, theme.after_good, audited_after=done_on.isoformat())
                if done_on
                else None,
            )
        )
    return found


@dataclass(frozen=True)
class Loop:
    themes: list[ThemeLoop]
    until: date  # the audits counted are those up to this day


def tables(data: Loop) -> list[Table]:
    """The panel's table as a download, as the page shows it."""
    rows = []
    for theme in data.themes:
        after = theme.after
        rows.append(
            [
                theme.name,
                theme.actions,
                theme.still_open,
                theme.done_on,
                theme.before.graded,
                theme.before.good_or_better,
                theme.before.good_or_better.percent,
                after.graded if after else None,
                after.good_or_better if after else None,
                after.good_or_better.percent if after else None,
                theme.change,
            ]
        )
    return [
        Table(
            "closing-the-loop",
            "Audits graded good or better before and after each theme's actions were done",
            [
                "Learning theme",
                "Actions",
                "Still open",
                "Actions done on",
                "Audits graded before",
                "Good or better before",
                "Good or better before (%)",
                "Audits graded after",
                "Good or better after",
                "Good or better after (%)",
                "Change (points)",
            ],
            rows,
        )
    ]


def panel(scope: Scope) -> Panel | None:
    if scope.own_only or not scope.in_strand(Strand.AUDIT):
        return None
    return Panel(
        "closing-the-loop",
        "Closing the loop: did the learning change practice?",
        "reports/panels/loop.html",
        Loop(closing_the_loop(scope), scope.period.end),
    )
