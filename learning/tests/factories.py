"""factory-boy factories for actions and action plans. The default learning themes are loaded by
migrate; `theme("Chronologies")` finds one."""

from datetime import timedelta

import factory
from django.utils import timezone

from core.periods import local_date
from learning.models import Action, ActionPlan, LearningTheme, Level, Status
from people.tests.factories import StaffMemberFactory


def today():
    return local_date(timezone.now())


def theme(name: str) -> LearningTheme:
    return LearningTheme.objects.get(name=name)


class ThemePlanFactory(factory.django.DjangoModelFactory):
    """A plan of a learning theme (a record's plan comes from learning.plans.plan_for)."""

    class Meta:
        model = ActionPlan

    title = factory.Sequence(lambda n: f"Improving chronologies {n}")
    theme = factory.LazyFunction(lambda: theme("Chronologies"))


class ActionFactory(factory.django.DjangoModelFactory):
    """An open casework action, due in four weeks."""

    class Meta:
        model = Action

    description = factory.Sequence(lambda n: f"Update the chronology on case CR-{20000 + n}")
    owner = factory.SubFactory(StaffMemberFactory)
    raised_by = factory.SubFactory(StaffMemberFactory)
    due_on = factory.LazyFunction(lambda: today() + timedelta(days=28))
    level = Level.CASEWORK
    status = Status.OPEN

    class Params:
        done = factory.Trait(status=Status.DONE, evidence="Chronology brought up to date",
                             completed_on=factory.LazyFunction(today))
        # Overdue: open, three days past its due date (overdue is read from the date, not stored).
        late = factory.Trait(due_on=factory.LazyFunction(lambda: today() - timedelta(days=3)))
