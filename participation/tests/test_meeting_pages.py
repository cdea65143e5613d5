"""Recording and changing a meeting: the kind from ?kind=, what was typed kept when refused, and
the duties it completes."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.periods import local_date
from participation.models import Meeting
from schedule.models import Duty, Status
from schedule.planner import plan_duties

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def today():
    return local_date(timezone.now())


def date_fields(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_without_a_kind_the_page_asks_for_one(client, cast):
    client.force_login(cast.head.user)
    page = client.get("/participation/meetings/new/")
    assert b"What kind of meeting or event was it?" in page.content
    page = client.get("/participation/meetings/new/?choose=1")
    assert b"Select the kind of meeting" in page.content and page.context["form"].errors


def test_the_kind_comes_from_the_duty_link(client, cast):
    client.force_login(cast.head.user)
    page = client.get("/participation/meetings/new/?kind=participation:children_in_care_council")
    assert page.status_code == 200 and page.context["kind"] == "children_in_care_council"
    assert b"Record a Children in Care Council meeting" in page.content


def test_recording_a_meeting_completes_the_attendees_duties(client, cast, participation_duties):
    plan_duties(today())
    client.force_login(cast.team_leader.user)
    page = client.post("/participation/meetings/new/?kind=children_in_care_council", {
        "title": "CiCC spring", **date_fields("held_on", today()), "attendees": [cast.head.pk, cast.team_leader.pk],
        "children_count": "12", "parents_count": "", "carers_count": "1", "foster_carers_count": "0",
        "notes": "Agenda chosen by young people",
    })
    meeting = Meeting.objects.get()
    assert page.status_code == 302 and page.url == f"/participation/meetings/{meeting.pk}/"
    assert (meeting.kind, meeting.recorded_by, meeting.children_count, meeting.parents_count) == (
        "children_in_care_council", cast.team_leader, 12, 0)
    assert set(meeting.attendees.all()) == {cast.head, cast.team_leader}
    duty = Duty.objects.get(responsibility=participation_duties["cicc"], period_start__lte=today(),
                            period_end__gte=today())
    assert duty.status == Status.DONE and duty.record == meeting
    page = client.get(page.url)
    assert b"Meeting recorded: 1 duty completed" in page.content
    assert b"None that you may see" in page.content  # the head's duty is not the team leader's to see
    client.force_login(cast.head.user)
    page = client.get(f"/participation/meetings/{meeting.pk}/")
    assert b"Meet the Children in Care Council" in page.content


def test_a_refused_meeting_keeps_what_was_typed(client, cast):
    client.force_login(cast.team_leader.user)
    future = today() + timedelta(days=3)
    page = client.post("/participation/meetings/new/?kind=team_meeting", {
        "title": "Kept title", **date_fields("held_on", future), "attendees": [cast.practitioner.pk],
        "children_count": "-2", "parents_count": "lots", "notes": "Kept notes",
    })
    assert page.status_code == 200 and not Meeting.objects.exists()
    errors = page.context["form"].errors
    assert errors["held_on"] == ["The date held must be today or in the past"]
    assert errors["team"] == ["Select the team whose meeting it was"]
    assert errors["children_count"] == ["The number of children and young people must be 0 or more"]
    assert errors["parents_count"] == ["Enter the number of parents as a whole number, like 6"]
    content = page.content.decode()
    assert "Error: " in content and "There is a problem" in content
    for kept in ['value="Kept title"', "Kept notes", 'value="-2"', 'value="lots"', f'value="{future.day}"']:
        assert kept in content
    assert page.context["form"]["attendees"].value() == [str(cast.practitioner.pk)]
    boxes = re.findall(r'<input[^>]*name="attendees"[^>]*>', content)
    assert [box for box in boxes if "checked" in box] == [
        box for box in boxes if f'value="{cast.practitioner.pk}"' in box]


def test_no_attendees_is_refused(client, cast):
    client.force_login(cast.team_leader.user)
    page = client.post("/participation/meetings/new/?kind=focus_group",
                       {"title": "T", **date_fields("held_on", today())})
    assert page.context["form"].errors["attendees"] == ["Select the staff who attended"]


def test_the_attendees_offered_are_those_who_owe_the_duty_and_those_one_sees(client, cast, participation_duties):
    plan_duties(today())
    client.force_login(cast.practitioner.user)
    page = client.get("/participation/meetings/new/?kind=children_in_care_council")
    offered = set(page.context["form"].fields["attendees"].queryset)
    assert offered == {cast.practitioner, cast.head}  # themselves, and the head who owes it


def test_changing_a_meeting_keeps_its_history(client, cast):
    meeting = MeetingFactory(recorded_by=cast.team_leader, attendees=[cast.team_leader], kind="focus_group",
                             held_on=today())
    client.force_login(cast.team_leader.user)
    page = client.get(f"/participation/meetings/{meeting.pk}/edit/")
    assert page.context["form"]["title"].value() == meeting.title
    page = client.post(f"/participation/meetings/{meeting.pk}/edit/", {
        "title": "Focus group on recruitment", **date_fields("held_on", today()),
        "attendees": [cast.team_leader.pk, cast.practitioner.pk], "children_count": "0",
    })
    assert page.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Focus group on recruitment" and meeting.attendees.count() == 2
    page = client.get(f"/participation/meetings/{meeting.pk}/")
    assert b"Changed" in page.content or b"Attendees changed" in page.content


def test_an_attendee_may_change_a_meeting_others_recorded(client, cast):
    meeting = MeetingFactory(recorded_by=cast.head, attendees=[cast.practitioner], held_on=today())
    client.force_login(cast.practitioner.user)
    assert client.get(f"/participation/meetings/{meeting.pk}/edit/").status_code == 200
