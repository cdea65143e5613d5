"""factory-boy factories for the case list."""

from datetime import date

import factory

from cases.models import Case
from people.tests.factories import StaffMemberFactory


class CaseFactory(factory.django.DjangoModelFactory):
    """An open case of a case-holder, in the case-holder's team."""

    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"CR-{20000 + n}")
    case_holder = factory.SubFactory(StaffMemberFactory, is_case_holder=True)
    team = factory.LazyAttribute(lambda o: o.case_holder.team if o.case_holder else None)
    opened_on = date(2025, 1, 6)
    last_listed_on = date(2026, 4, 15)
