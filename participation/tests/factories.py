"""factory-boy factories for participation: meetings, feedback and surveys."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from participation.models import Feedback, FromWhom, Meeting, MeetingKind, Survey, SurveyKind, SurveyResult
from people.tests.factories import StaffMemberFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting, with no attendees unless given: MeetingFactory(attendees=[...])."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    kind = MeetingKind.CHILDREN_IN_CARE_COUNCIL
    held_on = date(2026, 4, 10)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    recorded_by = factory.SubFactory(StaffMemberFactory)
    children_count = 8

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.set(extracted)


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    meeting = factory.SubFactory(MeetingFactory)
    from_whom = FromWhom.CHILD
    said = factory.Sequence(lambda n: f"Something said {n}")
    owner = factory.SubFactory(StaffMemberFactory)
    respond_by = factory.LazyAttribute(lambda o: o.meeting.held_on + timedelta(days=28))


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    name = factory.Sequence(lambda n: f"Survey {n}")
    kind = SurveyKind.LOOKED_AFTER
    year = 2026
    imported_at = factory.LazyFunction(timezone.now)


class SurveyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResult

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n)
    question = "Do you feel safe?"
    answer = factory.Sequence(lambda n: f"Answer {n}")
    count = 3
