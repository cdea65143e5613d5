"""Surveys: the list and a survey's results per question, and uploading one (all or nothing,
what was typed kept, the uploader's survey duty completed)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.periods import local_date
from participation.models import Survey
from schedule.models import Duty, Status
from schedule.planner import plan_duties

from .factories import SurveyFactory, SurveyResultFactory

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, **fields):
    data = {"name": "LAC survey", "kind": "looked_after", "year": "2025",
            "file": SimpleUploadedFile("results.csv", content, content_type="text/csv"), **fields}
    return client.post("/participation/surveys/upload/", data)


def test_a_survey_shows_each_question_as_a_table(client, cast):
    survey = SurveyFactory(name="CIN 2025", kind="children_in_need", year=2025)
    SurveyResultFactory(survey=survey, position=1, question="Safe?", answer="Yes", count=3)
    SurveyResultFactory(survey=survey, position=2, question="Safe?", answer="No", count=1)
    SurveyResultFactory(survey=survey, position=3, question="Listened to?", answer="Yes", count=0)
    client.force_login(cast.practitioner.user)
    assert b"CIN 2025" in client.get("/participation/surveys/").content
    page = client.get(f"/participation/surveys/{survey.pk}/")
    tables = page.context["tables"]
    assert [(t["question"], t["total"], [(r.answer, r.count, r.percent) for r in t["results"]]) for t in tables] == [
        ("Safe?", 4, [("Yes", 3, 75), ("No", 1, 25)]), ("Listened to?", 0, [("Yes", 0, 0)])]
    assert b"1. Safe?" in page.content


def test_only_those_who_run_surveys_may_upload(client, cast):
    client.force_login(cast.practitioner.user)
    assert client.get("/participation/surveys/upload/").status_code == 403
    cast.practitioner.user.user_permissions.add(Permission.objects.get(codename="add_survey"))
    client.force_login(cast.practitioner.user)
    assert client.get("/participation/surveys/upload/").status_code == 200


def test_uploading_completes_the_uploaders_duty(client, cast, participation_duties):
    plan_duties(local_date(timezone.now()))
    client.force_login(cast.head.user)  # owes the survey duty
    page = upload(client, b"question,answer,count\nSafe?,Yes,10\nSafe?,No,2\n")
    survey = Survey.objects.get()
    assert page.status_code == 302 and page.url == f"/participation/surveys/{survey.pk}/"
    assert survey.results.count() == 2 and survey.imported_by == cast.head
    duty = Duty.objects.get(responsibility=participation_duties["survey"], period_start__lte=local_date(timezone.now()),
                            period_end__gte=local_date(timezone.now()))
    assert duty.status == Status.DONE and duty.record == survey


def test_a_bad_file_lists_its_problems_loads_nothing_and_keeps_the_rest(client, cast, participation_duties):
    plan_duties(local_date(timezone.now()))
    client.force_login(cast.head.user)
    page = upload(client, b"question,answer,count\nSafe?,Yes,ten\n,No,2\n", name="Kept name", kind="children_in_need")
    assert page.status_code == 200 and not Survey.objects.exists()
    assert page.context["problems"] == ["line 2, column count: 'ten' is not a whole number",
                                        "line 3, column question: is empty"]
    content = page.content.decode()
    assert "Nothing was loaded" in content and "line 2, column count" in content
    assert 'value="Kept name"' in content and page.context["form"]["kind"].value() == "children_in_need"
    assert not Duty.objects.filter(status=Status.DONE).exists()


def test_form_errors_and_a_non_utf8_file(client, cast, participation_duties):
    plan_duties(local_date(timezone.now()))
    client.force_login(cast.head.user)
    page = client.post("/participation/surveys/upload/", {"name": "", "year": "20"})
    errors = page.context["form"].errors
    assert errors["name"] == ["Enter the name of the survey"] and errors["kind"] == ["Select who was surveyed"]
    assert errors["year"] == ["Enter a year from 2000"] and errors["file"] == ["Select the results file"]
    page = upload(client, "question,answer,count\nQ,Café,1\n".encode("cp1252"))
    assert page.context["problems"] == ["line 2: is not UTF-8 text (save the file as CSV UTF-8)"]
