"""The admin's checks on a staff record, the same as the staff import's."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


def test_a_person_cannot_manage_themselves(cast):
    cast.team_leader.line_manager = cast.team_leader
    with pytest.raises(ValidationError) as error:
        cast.team_leader.full_clean()
    assert "line_manager" in error.value.message_dict


def test_a_circle_of_managers_is_refused(cast):
    cast.head.line_manager = cast.practitioner  # practitioner -> team leader -> head -> practitioner
    with pytest.raises(ValidationError) as error:
        cast.head.full_clean()
    assert "line_manager" in error.value.message_dict


def test_leaving_before_starting_is_refused(cast):
    cast.practitioner.left_on = date(2019, 12, 31)
    with pytest.raises(ValidationError) as error:
        cast.practitioner.full_clean()
    assert "left_on" in error.value.message_dict


def test_a_sound_record_passes(cast):
    cast.practitioner.full_clean()
