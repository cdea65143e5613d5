"""factory-boy factories for the responsibilities table and the duties it gives."""

from datetime import date

import factory

from people.tests.factories import RoleFactory, StaffMemberFactory
from schedule.models import AppliesTo, Duty, Frequency, Responsibility, Status, Strand


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    ref = factory.Sequence(lambda n: f"T{n:03d}")
    role = factory.SubFactory(RoleFactory)
    task = factory.Sequence(lambda n: f"Task {n}")
    frequency = Frequency.MONTHLY
    count = 1
    applies_to = AppliesTo.HOLDER
    strand = Strand.AUDIT
    purpose = "Check the quality of practice"


class DutyFactory(factory.django.DjangoModelFactory):
    """A duty for the period of its responsibility that contains `day`, due at its end."""

    class Meta:
        model = Duty

    class Params:
        day = date(2026, 4, 15)

    responsibility = factory.SubFactory(ResponsibilityFactory)
    owner = factory.SubFactory(StaffMemberFactory)
    frequency = factory.SelfAttribute("responsibility.frequency")
    period_start = factory.LazyAttribute(lambda o: o.responsibility.period_containing(o.day).start)
    period_end = factory.LazyAttribute(lambda o: o.responsibility.period_containing(o.day).end)
    due_on = factory.SelfAttribute("period_end")
    status = Status.OPEN
