"""Measures and their values for the scorecard's tests. Values are made the way the pages make
them (reports.scorecard_actions.put_value), so that a missed target asks for its reason."""

from datetime import date, datetime
from decimal import Decimal

import factory

from people.tests.factories import StaffMemberFactory
from reports.models import REVIEW_RECORD, Measure, MeasureValue, Source
from reports.scorecard_actions import put_value
from schedule.models import AppliesTo, Frequency, Strand
from schedule.tests.factories import ResponsibilityFactory


class MeasureFactory(factory.django.DjangoModelFactory):
    """A monthly percentage, higher is better, target 90 with amber down to 85."""

    class Meta:
        model = Measure

    name = factory.Sequence(lambda n: f"Measure {n}")
    unit = "%"
    target = Decimal("90")
    higher_is_better = True
    amber_band = Decimal("5")
    owner = factory.SubFactory(StaffMemberFactory)
    frequency = "monthly"


def make_value(
    measure: Measure,
    day: date,
    value,
    *,
    team=None,
    service=None,
    acting_user=None,
    at: datetime | None = None,
    source: str = Source.IMPORTED,
) -> MeasureValue:
    return put_value(
        measure=measure,
        day=day,
        value=Decimal(str(value)),
        source=source,
        acting_user=acting_user,
        team=team,
        service=service,
        at=at,
    ).value


def scorecard_responsibility(role, ref: str = "R35"):
    """A weekly duty of the role-holder's that a scorecard review completes, as R35 is."""
    return ResponsibilityFactory(
        ref=ref,
        role=role,
        task="Monitor and scrutinise performance data via scorecards",
        frequency=Frequency.WEEKLY,
        applies_to=AppliesTo.HOLDER,
        strand=Strand.PERFORMANCE,
        record=REVIEW_RECORD,
    )
