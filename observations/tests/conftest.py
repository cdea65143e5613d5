"""Observations the cast can tell apart: the team leader's of the practitioner and of the NQSW,
the head's of the team leader, and one in another service."""

from datetime import date

import pytest

from observations.models import Setting

from .factories import ObservationFactory


@pytest.fixture
def observations(cast):
    elsewhere_manager = cast.outsider.line_manager
    return {
        "practitioner": ObservationFactory(observer=cast.team_leader, practitioner=cast.practitioner,
                                           observed_on=date(2026, 4, 20), setting=Setting.HOME_VISIT),
        "nqsw": ObservationFactory(observer=cast.team_leader, practitioner=cast.nqsw,
                                   observed_on=date(2026, 3, 10), setting=Setting.TEAM_MEETING,
                                   feedback_given_on=date(2026, 3, 12)),
        "team_leader": ObservationFactory(observer=cast.head, practitioner=cast.team_leader,
                                          observed_on=date(2026, 5, 5), setting=Setting.CP_CONFERENCE),
        "elsewhere": ObservationFactory(observer=elsewhere_manager, practitioner=cast.outsider,
                                        observed_on=date(2026, 4, 2), setting=Setting.COURT),
    }
