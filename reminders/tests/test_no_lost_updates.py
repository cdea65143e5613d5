"""A person sets their leave from two tabs opened at the same time: the later save is refused with
what changed, and both days end up saved."""

from datetime import date

import pytest

from core.tests.page_forms import save_from_two_tabs
from people.models import StaffMember

pytestmark = pytest.mark.django_db


def test_the_first_and_last_days_of_leave_set_in_two_tabs_both_stay(client, cast):
    StaffMember.objects.filter(pk=cast.practitioner.pk).update(
        on_leave_from=date(2026, 12, 21), on_leave_until=date(2026, 12, 31)
    )
    other_tab = client.__class__()
    for tab in (client, other_tab):
        tab.force_login(cast.practitioner.user)
    refused = save_from_two_tabs(
        "/reminders/calendar/",
        client,
        other_tab,
        first_change={"on_leave_from_0": "18", "on_leave_from_1": "12", "on_leave_from_2": "2026"},
        second_change={"on_leave_until_0": "2", "on_leave_until_1": "1", "on_leave_until_2": "2027"},
    )
    assert "First day of leave</a>: now “18 December 2026”" in refused.content.decode()
    member = StaffMember.objects.get(pk=cast.practitioner.pk)
    assert (member.on_leave_from, member.on_leave_until) == (date(2026, 12, 18), date(2027, 1, 2))
