"""The demo's supervision: sessions over the last two months between each manager and the
practitioners who report to them, made through the actions, so that they complete duties."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.periods import local_date
from people.tests.factories import UserFactory
from schedule.models import Status
from schedule.planner import plan_duties
from supervision.demo import seed_supervision
from supervision.models import PDR, SupervisionSession

from .factories import shared_audit, supervision_duties

pytestmark = pytest.mark.django_db


def test_seed_supervision_makes_sessions_that_complete_duties(cast):
    today = local_date(timezone.now())
    supervision_duties(cast)
    plan_duties(today)
    shared_audit(cast.head, cast.nqsw, today - timedelta(days=30))
    cast.team_leader.user.username = "rebecca.thompson"
    cast.team_leader.user.save()
    cast.practitioner.user = UserFactory(username="aisha.rahman")
    cast.practitioner.save()

    made = seed_supervision(today, log=lambda line: None)

    sessions = SupervisionSession.objects.all()
    assert made == sessions.count() > 4
    assert {s.supervisee for s in sessions} >= {cast.practitioner, cast.nqsw}
    nqsw_held = sessions.filter(supervisee=cast.nqsw, outcome="held").count()
    assert nqsw_held >= 4  # fortnightly
    assert all(s.held_on <= today for s in sessions)
    assert sessions.filter(supervisee=cast.nqsw, agenda__discussed=True).exists()
    assert cast.nqsw.duties_about.filter(status=Status.DONE).exists()
    assert PDR.objects.filter(appraisee=cast.practitioner).count() == 1
