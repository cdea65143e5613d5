"""Who sees which meeting, response and survey; 404 for the rest."""

import pytest

from participation.models import Feedback, Meeting, Survey
from people.models import Agency
from people.tests.factories import StaffMemberFactory, UserFactory

from .factories import FeedbackFactory, MeetingFactory, SurveyFactory, SurveyResultFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(cast):
    """A meeting the practitioner attended, one the outsider recorded, one whose only link to team
    A is a response the nqsw owns."""
    attended = MeetingFactory(title="Attended", recorded_by=cast.outsider, attendees=[cast.practitioner])
    outside = MeetingFactory(title="Outside", recorded_by=cast.outsider, attendees=[cast.outsider])
    answered = MeetingFactory(title="Answered", recorded_by=cast.outsider, attendees=[cast.outsider])
    FeedbackFactory(meeting=answered, owner=cast.nqsw)
    return {"attended": attended, "outside": outside, "answered": answered}


def titles(user):
    return set(Meeting.objects.visible_to(user).values_list("title", flat=True))


def test_meetings_are_seen_by_those_who_may_see_someone_they_involve(cast, meetings):
    assert titles(cast.practitioner.user) == {"Attended"}
    assert titles(cast.nqsw.user) == {"Answered"}
    assert titles(cast.team_leader.user) == {"Attended", "Answered"}
    assert titles(cast.head.user) == {"Attended", "Answered"}
    assert titles(cast.outsider.user) == {"Attended", "Outside", "Answered"}  # recorded them all
    assert titles(UserFactory(is_superuser=True)) == {"Attended", "Outside", "Answered"}
    assert titles(UserFactory()) == set()  # no staff record


def test_a_partner_agencys_people_see_no_meeting_and_no_survey(cast, meetings):
    police = Agency.objects.create(name="Police", kind="police")
    partner = StaffMemberFactory(agency=police)
    meetings["attended"].attendees.add(partner)  # even one they were put down as attending
    SurveyFactory()
    assert titles(partner.user) == set()
    assert not Survey.objects.visible_to(partner.user).exists()
    assert not Feedback.objects.visible_to(partner.user).exists()


def test_surveys_are_seen_by_all_the_councils_staff(cast):
    SurveyFactory()
    for person in [cast.practitioner, cast.outsider, cast.head]:
        assert Survey.objects.visible_to(person.user).count() == 1
    assert Survey.objects.visible_to(UserFactory()).count() == 0
    assert Survey.objects.visible_to(UserFactory(is_superuser=True)).count() == 1


def test_pages_answer_404_for_what_one_may_not_see(client, cast, meetings):
    feedback = FeedbackFactory(meeting=meetings["outside"], owner=cast.outsider)
    client.force_login(cast.practitioner.user)
    for url in [f"/participation/meetings/{meetings['outside'].pk}/",
                f"/participation/meetings/{meetings['outside'].pk}/edit/",
                f"/participation/meetings/{meetings['outside'].pk}/feedback/new/",
                f"/participation/feedback/{feedback.pk}/edit/",
                "/participation/meetings/999999/", "/participation/surveys/999999/"]:
        assert client.get(url).status_code == 404, url
    assert client.get(f"/participation/meetings/{meetings['attended'].pk}/").status_code == 200


def test_a_partner_gets_404_for_a_survey_and_for_recording(client, cast):
    police = Agency.objects.create(name="Police", kind="police")
    partner = StaffMemberFactory(agency=police)
    survey = SurveyResultFactory().survey
    client.force_login(partner.user)
    assert client.get(f"/participation/surveys/{survey.pk}/").status_code == 404
    assert client.get("/participation/meetings/new/?kind=focus_group").status_code == 404
    assert client.get("/participation/surveys/upload/").status_code == 404


def test_seeing_a_meeting_is_not_changing_it(client, cast, meetings):
    """The team leader sees the meeting the practitioner attended, but did not attend or record it."""
    feedback = FeedbackFactory(meeting=meetings["attended"], owner=cast.outsider)
    client.force_login(cast.team_leader.user)
    page = client.get(f"/participation/meetings/{meetings['attended'].pk}/")
    assert page.status_code == 200 and b"Add feedback" not in page.content
    assert client.get(f"/participation/meetings/{meetings['attended'].pk}/edit/").status_code == 403
    assert client.get(f"/participation/meetings/{meetings['attended'].pk}/feedback/new/").status_code == 403
    assert client.get(f"/participation/feedback/{feedback.pk}/edit/").status_code == 403


def test_the_owner_of_a_response_may_change_it(client, cast, meetings):
    feedback = Feedback.objects.get(meeting=meetings["answered"])
    client.force_login(cast.nqsw.user)
    assert client.get(f"/participation/feedback/{feedback.pk}/edit/").status_code == 200
    assert client.get(f"/participation/meetings/{meetings['answered'].pk}/edit/").status_code == 403
