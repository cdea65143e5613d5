"""Uploading the case list at /cases/upload/: for those with permission to add cases; every problem
listed by line and column with nothing loaded; a summary of what a good file did."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case
from people.tests.factories import UserFactory
from schedule.models import Duty

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("cases.views._today", lambda: date(2026, 4, 15))


@pytest.fixture
def uploader(cast):
    """The head of service, allowed to add cases."""
    cast.head.user.user_permissions.add(Permission.objects.get(codename="add_case", content_type__app_label="cases"))
    return cast.head.user


def upload(client, text: str, name="cases.csv"):
    return client.post("/cases/upload/", {"file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_only_those_allowed_to_add_cases_may_upload(client, cast):
    for person in (cast.practitioner, cast.team_leader, cast.head):
        client.force_login(person.user)
        assert client.get("/cases/upload/").status_code == 403
        assert upload(client, "case_reference,case_holder,opened_on\n").status_code == 403
    client.force_login(UserFactory(username="admin", is_superuser=True))
    assert client.get("/cases/upload/").status_code == 200


def test_the_page_says_what_the_file_holds(client, uploader):
    client.force_login(uploader)
    text = client.get("/cases/upload/").content.decode()
    assert 'type="file"' in text and 'class="govuk-file-upload"' in text and 'enctype="multipart/form-data"' in text
    for column in ("case_reference", "case_holder", "team", "opened_on", "closed_on", "transferred_on"):
        assert f"<code>{column}</code>" in text


def test_a_good_file_is_loaded_and_summarised(client, cast, uploader, closure_audit):
    client.force_login(uploader)
    number = cast.practitioner.staff_number
    response = upload(client, f"case_reference,case_holder,opened_on,closed_on\nCR-7001,{number},2025-06-01,\n"
                              f"CR-7002,{number},2025-06-01,2026-04-10\n")
    assert response.status_code == 302 and response.url == "/cases/"
    text = client.get(response.url).content.decode()
    assert "Case list cases.csv loaded: 2 new, 0 updated, 1 closed or transferred, 1 duty raised" in text
    assert Case.objects.count() == 2 and Duty.objects.get().owner == cast.service_leader
    assert Case.objects.get(reference="CR-7001").history.get().history_user == uploader


def test_a_bad_file_lists_every_problem_by_line_and_column_and_loads_nothing(client, cast, uploader):
    client.force_login(uploader)
    number = cast.practitioner.staff_number
    response = upload(client, f"case_reference,case_holder,opened_on\nCR-7101,{number},2025-06-01\n"
                              "CR-7102,NOBODY,2025-06-01\nCR-7103,{number},someday\n".replace("{number}", number))
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and "Nothing was loaded" in text
    assert "line 3, column case_holder: nobody has staff number NOBODY in the portal" in text
    assert "line 4, column opened_on: &#x27;someday&#x27; is not a date" in text
    assert "The file has 2 problems: fix them and upload it again. Nothing was loaded" in text
    assert 'govuk-form-group--error' in text
    assert not Case.objects.exists()


def test_no_file_or_an_empty_one_is_an_error_on_the_field(client, uploader):
    client.force_login(uploader)
    text = client.post("/cases/upload/", {}).content.decode()
    assert "Select the case list file" in text
    text = upload(client, "").content.decode()
    assert "The selected file is empty" in text


def test_a_long_list_of_problems_is_cut_short(client, cast, uploader):
    client.force_login(uploader)
    rows = "".join(f"CR-{8000 + n},NOBODY,2025-06-01\n" for n in range(120))
    response = upload(client, "case_reference,case_holder,opened_on\n" + rows)
    assert len(response.context["problems"]) == 100 and response.context["more_problems"] == 20
    assert "and 20 more" in response.content.decode()
