"""factory-boy factories for observations. Made straight into the table: tests of the duties an
observation completes go through observations.actions.record_observation instead."""

from datetime import date

import factory

from observations.models import Observation, Setting
from people.tests.factories import StaffMemberFactory


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    observer = factory.SubFactory(StaffMemberFactory, job_title="Team Leader")
    practitioner = factory.SubFactory(StaffMemberFactory, is_practitioner=True)
    observed_on = date(2026, 4, 15)
    setting = Setting.HOME_VISIT
    went_well = "Warm, clear conversation with the family; the plan was explained well."
    to_develop = "Record the child's own words."
