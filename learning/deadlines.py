"""How actions reach the schedule's pages and the reminders (schedule.deadlines): each open
action is a deadline of its owner; My duties shows the person's own, My team the overdue actions
of the people the manager sees."""

from datetime import date

from django.db.models import Count, Window

from core.sections import Section
from people.access import oversees_anyone
from schedule.deadlines import ACTION, Deadline

from .models import Action

KIND = "Action"
TEAM_ACTIONS_SHOWN = 20


def open_actions(staff, *, today: date, until: date) -> list[Deadline]:
    """This person's actions not yet done, due by `until` (overdue ones included): one query."""
    actions = Action.objects.open().filter(due_on__lte=until, **({} if staff is None else {"owner": staff}))
    return [
        Deadline(kind=KIND, title=str(action), due_on=action.due_on, url=action.get_absolute_url(),
                 owner_id=action.owner_id, group=ACTION, key=f"action-{action.pk}")
        for action in actions.order_by("due_on", "id")
    ]


def my_actions(user, staff, *, today: date) -> dict | None:
    """The actions this person still has to do: overdue first, then soonest due."""
    if staff is None:
        return None
    actions = Action.objects.filter(owner=staff).open()
    return {"actions": sorted(actions, key=lambda a: (not a.is_overdue(today), a.due_on, a.id)), "today": today}


def team_overdue_actions(user, staff, *, today: date) -> dict | None:
    """The overdue actions of the people this user sees (not their own), longest overdue first:
    the first few, and how many there are in all (counted in the same query, before the limit).
    Overdue is read from the due date on `today` (Action.state)."""
    if not oversees_anyone(user):
        return None
    shown = list(
        Action.objects.in_team_of(user).overdue(today)
        .select_related("owner")
        .annotate(in_all=Window(Count("id")))
        .order_by("due_on", "id")[:TEAM_ACTIONS_SHOWN]
    )
    return {"overdue_actions": shown, "overdue_action_count": shown[0].in_all if shown else 0, "today": today}


MY_ACTIONS = Section("learning/includes/my_actions.html", my_actions)
TEAM_OVERDUE_ACTIONS = Section("learning/includes/team_overdue_actions.html", team_overdue_actions)
