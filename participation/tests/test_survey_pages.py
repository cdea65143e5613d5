"""Surveys: the list and a survey's results per question, and uploading one: the columns checked
at once, then loaded by Celery as an import run (all or nothing, every problem on the run's page,
the uploader's survey duty completed), what was typed kept when the page refuses the file."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import ImportRun, ImportStatus
from core.periods import local_date
from core.tests.imports import eager_tasks, post_and_load  # noqa: F401 (a fixture)
from participation.models import Survey
from schedule.models import Duty, Status
from schedule.planner import plan_duties

from .factories import SurveyFactory, SurveyResultFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def fields_of(content: bytes, **fields) -> dict:
    return {
        "name": "LAC survey",
        "kind": "looked_after",
        "year": "2025",
        "file": SimpleUploadedFile("results.csv", content, content_type="text/csv"),
        **fields,
    }


def upload(client, content: bytes, **fields):
    return client.post("/participation/surveys/upload/", fields_of(content, **fields))


def load(client, content: bytes, capture, **fields) -> ImportRun:
    return post_and_load(client, "/participation/surveys/upload/", fields_of(content, **fields), capture)


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
        ("Safe?", 4, [("Yes", 3, 75), ("No", 1, 25)]),
        ("Listened to?", 0, [("Yes", 0, 0)]),
    ]
    assert b"1. Safe?" in page.content


def test_only_those_who_run_surveys_may_upload(client, cast):
    client.force_login(cast.practitioner.user)
    assert client.get("/participation/surveys/upload/").status_code == 403
    cast.practitioner.user.user_permissions.add(Permission.objects.get(codename="add_survey"))
    client.force_login(cast.practitioner.user)
    assert client.get("/participation/surveys/upload/").status_code == 200


def test_uploading_answers_at_once_then_loads_and_completes_the_uploaders_duty(
    client, cast, participation_duties, django_capture_on_commit_callbacks
):
    plan_duties(local_date(timezone.now()))
    client.force_login(cast.head.user)  # owes the survey duty
    run = load(client, b"question,answer,count\nSafe?,Yes,10\nSafe?,No,2\n", django_capture_on_commit_callbacks)
    survey = Survey.objects.get()
    assert run.status == ImportStatus.DONE and run.result_url == f"/participation/surveys/{survey.pk}/"
    assert run.options["name"] == "LAC survey" and run.options["imported_by"] == cast.head.id
    assert survey.results.count() == 2 and survey.imported_by == cast.head
    duty = Duty.objects.get(
        responsibility=participation_duties["survey"],
        period_start__lte=local_date(timezone.now()),
        period_end__gte=local_date(timezone.now()),
    )
    assert duty.status == Status.DONE and duty.record == survey
    text = client.get(run.get_absolute_url()).content.decode()
    assert "A survey&#x27;s results loaded" in text and "LAC survey loaded: 2 answers to 1 question" in text
    assert "Your duty to report the surveys is done" in text and "Looked-after children" in text


def test_a_bad_file_lists_its_problems_on_the_run_and_loads_nothing(
    client, cast, participation_duties, django_capture_on_commit_callbacks
):
    plan_duties(local_date(timezone.now()))
    client.force_login(cast.head.user)
    run = load(
        client,
        b"question,answer,count\nSafe?,Yes,ten\n,No,2\n",
        django_capture_on_commit_callbacks,
        name="Kept name",
        kind="children_in_need",
    )
    assert run.status == ImportStatus.FAILED and not Survey.objects.exists()
    assert run.errors == [
        {"line": 2, "column": "count", "message": "'ten' is not a whole number"},
        {"line": 3, "column": "question", "message": "is empty"},
    ]
    assert "Nothing was loaded" in client.get(run.get_absolute_url()).content.decode()
    assert not Duty.objects.filter(status=Status.DONE).exists()


def test_a_file_refused_at_once_keeps_what_was_typed(client, cast, participation_duties):
    plan_duties(local_date(timezone.now()))  # the head owes the survey duty: they may upload
    client.force_login(cast.head.user)
    page = upload(client, b"question,answer\nSafe?,Yes\n", name="Kept name", kind="children_in_need")
    assert page.status_code == 200 and not ImportRun.objects.exists()
    assert page.context["problems"] == ["line 1, column count: is missing"]
    content = page.content.decode()
    assert "Nothing was loaded" in content and "line 1, column count: is missing" in content
    assert 'value="Kept name"' in content and page.context["form"]["kind"].value() == "children_in_need"


def test_a_survey_of_that_name_and_year_loaded_already_is_refused_at_once(client, cast, participation_duties):
    plan_duties(local_date(timezone.now()))  # the head owes the survey duty: they may upload
    SurveyFactory(name="LAC survey", kind="looked_after", year=2025)
    client.force_login(cast.head.user)
    page = upload(client, b"question,answer,count\nSafe?,Yes,1\n")
    assert page.context["problems"] == ["LAC survey (2025) is already loaded: nothing was loaded again"]
    assert not ImportRun.objects.exists()


def test_the_same_file_again_is_recognised(client, cast, participation_duties, django_capture_on_commit_callbacks):
    plan_duties(local_date(timezone.now()))  # the head owes the survey duty: they may upload
    client.force_login(cast.head.user)
    first = load(client, b"question,answer,count\nSafe?,Yes,1\n", django_capture_on_commit_callbacks)
    page = upload(client, b"question,answer,count\nSafe?,Yes,1\n", name="Another name")
    assert "This file was already loaded on" in page.content.decode() and page.context["already"]["run"] == first
    assert ImportRun.objects.count() == 1 and Survey.objects.count() == 1


def test_form_errors_and_a_non_utf8_file(client, cast, participation_duties):
    plan_duties(local_date(timezone.now()))
    client.force_login(cast.head.user)
    page = client.post("/participation/surveys/upload/", {"name": "", "year": "20"})
    errors = page.context["form"].errors
    assert errors["name"] == ["Enter the name of the survey"] and errors["kind"] == ["Select who was surveyed"]
    assert errors["year"] == ["Enter a year from 2000"] and errors["file"] == ["Select the results file"]
    assert 'href="#id_kind_1"' in page.content.decode()  # the summary links to the first radio
    page = upload(client, "question,answer,count\nQ,Café,1\n".encode("cp1252"))
    assert page.context["problems"] == ["line 2: is not UTF-8 text (save the file as CSV UTF-8)"]
