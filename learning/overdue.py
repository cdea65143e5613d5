"""Marking actions overdue: each night, every open or in-progress action whose due date has
passed becomes overdue, which puts it in front of its owner and its owner's manager."""

from datetime import date

from django.db import transaction

from .models import Action, Status


def mark_overdue_actions(today: date) -> int:
    """Mark overdue every running action due before today; how many were marked. Running it
    again marks nothing more."""
    return sum(mark_overdue(pk, today) for pk in Action.objects.past_due(today).values_list("pk", flat=True))


@transaction.atomic
def mark_overdue(pk: int, today: date) -> bool:
    """Mark one action overdue, with its history row. The conditional UPDATE claims the change:
    an action done, given a later date or marked by another run meanwhile is left alone."""
    if Action.objects.past_due(today).filter(pk=pk).update(status=Status.OVERDUE) != 1:
        return False
    # The row is ours until the transaction ends; saving it again writes the same status and
    # records the history row as every other change does (with the action's themes).
    action = Action.objects.get(pk=pk)
    action._change_reason = "overdue"
    action.save(update_fields=["status"])
    return True
