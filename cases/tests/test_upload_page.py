"""Uploading the case list at /cases/upload/: for those with permission to add cases; the columns
checked at once; the page answering at once with the load's progress page, where a good file's
summary is shown once Celery has loaded it, or every problem by line and column with nothing
loaded; the same file again recognised."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import Case
from core.models import ImportRun, ImportStatus
from core.tests.imports import eager_tasks, post_and_load  # noqa: F401 (a fixture)
from people.tests.factories import UserFactory
from schedule.models import Duty

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


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


def load(client, text: str, capture, name="cases.csv") -> ImportRun:
    return post_and_load(
        client, "/cases/upload/", {"file": SimpleUploadedFile(name, text.encode(), "text/csv")}, capture
    )


def test_the_page_answers_at_once_and_celery_loads_the_file(client, cast, uploader, django_capture_on_commit_callbacks):
    client.force_login(uploader)
    number = cast.practitioner.staff_number
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(client, f"case_reference,case_holder,opened_on\nCR-6001,{number},2025-06-01\n")
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == f"/imports/{run.pk}/"
    assert (run.kind, run.status, run.filename, run.options, run.uploaded_by) == (
        "cases",
        ImportStatus.QUEUED,
        "cases.csv",
        {"today": "2026-04-15"},
        uploader,
    )
    assert not Case.objects.exists() and len(callbacks) == 1  # nothing loaded in the request
    callbacks[0]()  # committed: the task is sent (and, eager, run)
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and Case.objects.get().reference == "CR-6001"


def test_a_good_file_is_loaded_and_summarised(
    client, cast, uploader, closure_audit, django_capture_on_commit_callbacks
):
    client.force_login(uploader)
    number = cast.practitioner.staff_number
    run = load(
        client,
        f"case_reference,case_holder,opened_on,closed_on\nCR-7001,{number},2025-06-01,\n"
        f"CR-7002,{number},2025-06-01,2026-04-10\n",
        django_capture_on_commit_callbacks,
    )
    assert run.status == ImportStatus.DONE
    text = client.get(run.get_absolute_url()).content.decode()
    assert "The case list loaded" in text and "2 cases loaded: 2 added, 0 changed" in text
    assert "1 newly closed or transferred" in text and "1 duty raised for the audit on closure or transfer" in text
    assert 'href="/cases/"' in text
    assert Case.objects.count() == 2 and Duty.objects.get().owner == cast.service_leader
    assert Case.objects.get(reference="CR-7001").history.get().history_user == uploader


def test_a_bad_file_lists_every_problem_by_line_and_column_and_loads_nothing(
    client, cast, uploader, django_capture_on_commit_callbacks
):
    client.force_login(uploader)
    number = cast.practitioner.staff_number
    run = load(
        client,
        f"case_reference,case_holder,opened_on\nCR-7101,{number},2025-06-01\n"
        f"CR-7102,NOBODY,2025-06-01\nCR-7103,{number},someday\n",
        django_capture_on_commit_callbacks,
    )
    assert run.status == ImportStatus.FAILED
    assert run.errors == [
        {"line": 3, "column": "case_holder", "message": "nobody has staff number NOBODY in the portal"},
        {"line": 4, "column": "opened_on", "message": "'someday' is not a date (use 2026-04-01 or 01/04/2026)"},
    ]
    text = client.get(run.get_absolute_url()).content.decode()
    assert "Nothing was loaded" in text and "The file has 2 problems" in text
    assert "nobody has staff number NOBODY in the portal" in text and "<code>opened_on</code>" in text
    assert not Case.objects.exists()


def test_a_file_whose_columns_are_wrong_is_refused_at_once(client, uploader, django_capture_on_commit_callbacks):
    client.force_login(uploader)
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(client, "reference,holder,opened_on\nCR-1,S1,2025-06-01\n")
    assert response.status_code == 200 and callbacks == [] and not ImportRun.objects.exists()
    text = response.content.decode()
    assert "There is a problem" in text and "Nothing was loaded" in text
    assert "line 1, column case_reference: is missing" in text
    assert "line 1, column reference: is not a column of this file" in text
    assert "The file has 4 problems: fix them and upload it again. Nothing was loaded" in text
    assert "govuk-form-group--error" in text and text.count("<title>Error: ") == 1


def test_no_file_or_an_empty_one_is_an_error_on_the_field(client, uploader):
    client.force_login(uploader)
    text = client.post("/cases/upload/", {}).content.decode()
    assert "Select the case list file" in text
    text = upload(client, "").content.decode()
    assert "The selected file is empty" in text


def test_a_file_too_large_is_refused_at_once(client, uploader):
    client.force_login(uploader)
    text = upload(client, "case_reference,case_holder,opened_on\n" + "x" * (10 * 1024 * 1024)).content.decode()
    assert "The selected file must be smaller than 10 MB" in text and not ImportRun.objects.exists()


def test_the_same_file_again_is_recognised_and_not_loaded_twice(
    client, cast, uploader, django_capture_on_commit_callbacks
):
    client.force_login(uploader)
    text = f"case_reference,case_holder,opened_on\nCR-7201,{cast.practitioner.staff_number},2025-06-01\n"
    first = load(client, text, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks() as callbacks:
        again = upload(client, text, name="the same, renamed.csv")
    assert again.status_code == 200 and callbacks == [] and ImportRun.objects.count() == 1
    page = again.content.decode()
    assert f"This file was already loaded on {timezone.localtime(first.uploaded_at):%-d %B %Y} by head." in page
    assert f'href="/imports/{first.pk}/"' in page and "It has not been loaded again." in page
    # Someone else who uploads it is told who did, and sent to what it loaded (the run is not theirs).
    admin = UserFactory(username="another_admin", is_superuser=False)
    admin.user_permissions.add(Permission.objects.get(codename="add_case", content_type__app_label="cases"))
    client.force_login(admin)
    page = upload(client, text).content.decode()
    assert "This file was already loaded on" in page and f'href="/imports/{first.pk}/"' not in page
    assert 'href="/cases/"' in page


def test_a_long_list_of_problems_is_kept_whole_and_shown_a_page_at_a_time(
    client, cast, uploader, django_capture_on_commit_callbacks
):
    client.force_login(uploader)
    rows = "".join(f"CR-{8000 + n},NOBODY,2025-06-01\n" for n in range(120))
    run = load(client, "case_reference,case_holder,opened_on\n" + rows, django_capture_on_commit_callbacks)
    assert len(run.errors) == 120
    response = client.get(run.get_absolute_url())
    assert len(response.context["page"].object_list) == 100 and "Page 1 of 2" in response.content.decode()
