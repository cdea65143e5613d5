"""factory-boy factories for the library."""

from datetime import timedelta

import factory
from django.utils import timezone

from core.periods import local_date
from people.tests.factories import StaffMemberFactory
from standards.models import Kind, Standard


def today():
    return local_date(timezone.now())


class StandardFactory(factory.django.DjangoModelFactory):
    """A practice standard in use, with a link, due for review in six months."""

    class Meta:
        model = Standard

    title = factory.Sequence(lambda n: f"Practice standard {n}")
    code = factory.Sequence(lambda n: f"standard-{n}")
    kind = Kind.PRACTICE_STANDARD
    owner = factory.SubFactory(StaffMemberFactory)
    version = "1.0"
    link = factory.LazyAttribute(lambda o: f"https://intranet.example.gov.uk/policies/{o.code}")
    next_review_on = factory.LazyFunction(lambda: today() + timedelta(days=180))
