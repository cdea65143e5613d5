"""axe-core at WCAG 2.2 A and AA on every page of participation (meetings and events, "you said,
we did", surveys), in Chromium, as the cast see them: blank, filled in and with errors."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from core.periods import local_date
from participation.actions import add_feedback, record_meeting
from participation.models import Feedback, Meeting
from participation.surveys import import_survey
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def today():
    return local_date(timezone.now())


@pytest.fixture
def participation(cast):
    """A Children in Care Council the head attended and the team leader recorded, with one
    response owned by the practitioner and one done; a team meeting of team A; a survey."""
    ResponsibilityFactory(role=cast.head_role, task="Meet the Children in Care Council", frequency="six_monthly",
                          strand="participation", record="participation:children_in_care_council")
    plan_duties(today())
    cicc, _ = record_meeting(acting_user=cast.team_leader.user, recorded_by=cast.team_leader,
                             kind="children_in_care_council", held_on=today(), title="Children in Care Council",
                             team=None, attendees=[cast.head, cast.team_leader], children_count=11, carers_count=2)
    add_feedback(cicc, acting_user=cast.team_leader.user, from_whom="child", said="We want to meet our IRO first",
                 owner=cast.practitioner, respond_by=today() + timedelta(days=20), status="open")
    add_feedback(cicc, acting_user=cast.team_leader.user, from_whom="carer", said="Paperwork is too long",
                 owner=cast.head, respond_by=today() - timedelta(days=2), status="done", response="Form shortened")
    team_meeting, _ = record_meeting(acting_user=cast.team_leader.user, recorded_by=cast.team_leader,
                                     kind="team_meeting", held_on=today(), title="Team A meeting", team=cast.team_a,
                                     attendees=[cast.team_leader, cast.practitioner])
    survey, _ = import_survey("question,answer,count\nDo you feel safe?,Yes,12\nDo you feel safe?,No,1\n",
                              name="LAC survey", kind="looked_after", year=today().year, imported_by=cast.head,
                              acting_user=cast.head.user, today=today())
    cast.head.user.user_permissions.add(Permission.objects.get(codename="add_survey"))
    return {"cicc": cicc, "team": team_meeting, "survey": survey}


def assert_accessible(page, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], f"{path}: {violations}"


def assert_errors_accessible(page):
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []


@pytest.mark.parametrize("who", ["practitioner", "team_leader", "head", "outsider"])
def test_every_participation_page(page, cast, participation, who):
    sign_in(page, who)
    for path in ["/", "/participation/", "/participation/?kind=team_meeting&period=&team=",
                 "/participation/?kind=nonsense", "/participation/you-said-we-did/",
                 "/participation/you-said-we-did/?status=all", "/participation/surveys/",
                 f"/participation/surveys/{participation['survey'].pk}/", "/participation/meetings/999999/",
                 "/participation/meetings/new/"]:
        assert_accessible(page, path)
    user = getattr(cast, who).user
    for meeting in Meeting.objects.visible_to(user):
        assert_accessible(page, f"/participation/meetings/{meeting.pk}/")
        if meeting.may_edit(user):
            assert_accessible(page, f"/participation/meetings/{meeting.pk}/edit/")
            assert_accessible(page, f"/participation/meetings/{meeting.pk}/feedback/new/")
    for feedback in Feedback.objects.visible_to(user).select_related("meeting"):
        if feedback.may_edit(user):
            assert_accessible(page, f"/participation/feedback/{feedback.pk}/edit/")


def test_recording_a_meeting_and_its_feedback(page, cast, participation):
    sign_in(page, "team_leader")
    assert_accessible(page, "/participation/meetings/new/")
    page.get_by_role("button", name="Continue").click()
    assert_errors_accessible(page)
    page.get_by_label("Focus group").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/meetings/new/?kind=focus_group**")
    assert axe_violations(page) == []
    page.get_by_label("Title").fill("Kept title")
    page.get_by_label("Year").fill("20")
    page.get_by_label("Children and young people").fill("-1")
    page.get_by_role("button", name="Save meeting").click()
    assert_errors_accessible(page)
    assert page.get_by_label("Title").input_value() == "Kept title"
    page.get_by_label("Day").fill(str(today().day))
    page.get_by_label("Month").fill(str(today().month))
    page.get_by_label("Year").fill(str(today().year))
    page.get_by_label("Children and young people").fill("6")
    page.get_by_role("button", name="Save meeting").click()
    meeting = Meeting.objects.get(title="Kept title")
    page.wait_for_url(f"**/participation/meetings/{meeting.pk}/")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Add feedback").click()
    page.wait_for_url("**/feedback/new/")
    assert axe_violations(page) == []
    page.get_by_label("Done", exact=True).check()
    page.get_by_role("button", name="Add feedback").click()
    assert_errors_accessible(page)
    page.get_by_label("Staff", exact=True).check()
    page.get_by_label("What was said (you said)").fill("More time for reflective supervision")
    page.get_by_label("Owner of the response").select_option(label="Practitioner (Team A)")
    page.get_by_label("What we did (optional until it is done)").fill("Fortnightly group sessions started")
    page.get_by_role("button", name="Add feedback").click()
    page.wait_for_url(f"**/participation/meetings/{meeting.pk}/")
    assert Feedback.objects.get(said="More time for reflective supervision").status == "done"


def test_uploading_a_survey_with_errors(page, cast, participation):
    sign_in(page, "head")
    assert_accessible(page, "/participation/surveys/upload/")
    page.get_by_role("button", name="Upload and check").click()
    assert_errors_accessible(page)
    page.get_by_label("Name of the survey").fill("CIN survey")
    page.get_by_label("Children in need").check()
    page.get_by_label("Year").fill(str(today().year))
    page.get_by_label("The results file").set_input_files(
        files=[{"name": "cin.csv", "mimeType": "text/csv", "buffer": b"question,answer,count\nSafe?,Yes,many\n"}]
    )
    page.get_by_role("button", name="Upload and check").click()
    assert_errors_accessible(page)
    assert page.get_by_text("line 2, column count: 'many' is not a whole number").first.is_visible()
    assert page.get_by_label("Name of the survey").input_value() == "CIN survey"
