"""A performance value that misses its target asks its measure's owner for the reason and the
planned action (the strategy's R71 and R74: "reasons for targets not being met are understood").
The responsibilities table has no row per value, so each request reaches My duties and the
digest as a deadline (schedule.deadlines), due REASON_WORKING_DAYS working days after the value
was entered (reports.scorecard_actions)."""

from datetime import date

from schedule.deadlines import Deadline

from .models import MeasureValue

KIND = "Reason for a missed performance target"


def reasons_due(staff, *, today: date, until: date) -> list[Deadline]:
    """The values this person's measures are owed a reason for, due by `until` (overdue ones
    included), or everyone's for None: one query, on the stored due date."""
    values = MeasureValue.objects.awaiting_reason().filter(reason_due_on__lte=until)
    if staff is not None:
        values = values.filter(measure__owner=staff)
    values = values.select_related("measure", "team", "service").order_by("reason_due_on", "id")
    return [
        Deadline(
            kind=KIND,
            title=f"{value.measure.name}, {value.period_label}, {value.level.name}: {value.shown} "
            f"(target {value.target_shown})",
            due_on=value.reason_due_on,
            url=value.explain_url(),
            owner_id=value.measure.owner_id,
            key=f"scorecard-reason-{value.pk}",
        )
        for value in values
    ]
