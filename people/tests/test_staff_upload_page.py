"""Uploading the staff list at /people/upload/: for those who may add and change staff
(administrators); the columns checked at once; the page answering at once with the load's progress
page; all or nothing, with every problem on the run's page; the same file again recognised. The
import_staff command still loads a file there and then (test_import_staff)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import ImportRun, ImportStatus
from core.tests.imports import eager_tasks, post_and_load  # noqa: F401 (a fixture)
from people.models import StaffMember, Team
from people.tests.factories import ServiceFactory, TeamFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

HEADER = "staff_number,name,job_title,team,service,started_on,email,line_manager"
GOOD = [
    "H1,Hana Head,Head of Service,Leadership,Directorate,2015-04-01,hana.head@example.gov.uk,",
    "T1,Tomasz Lead,Team Leader,Team A,,01/09/2018,tomasz@example.gov.uk,H1",
]


def staff_file(*rows: str, header: str = HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile("staff.csv", "\n".join([header, *rows]).encode(), "text/csv")


@pytest.fixture
def admin(db):
    if not Team.objects.filter(name="Team A").exists():  # the cast's, where a test has it
        TeamFactory(name="Team A", service=ServiceFactory(name="Children's Social Care"))
    return UserFactory(username="admin", first_name="Ada", last_name="Admin", is_superuser=True, is_staff=True)


def test_only_those_who_may_add_and_change_staff_may_upload(client, cast, admin):
    for person in (cast.practitioner, cast.team_leader, cast.head):
        client.force_login(person.user)
        assert client.get("/people/upload/").status_code == 403
        assert client.post("/people/upload/", {"file": staff_file(*GOOD)}).status_code == 403
    user = cast.head.user
    user.user_permissions.add(Permission.objects.get(codename="add_staffmember"))
    client.force_login(user)
    assert client.get("/people/upload/").status_code == 403  # adding without changing is not enough
    user.user_permissions.add(Permission.objects.get(codename="change_staffmember"))
    client.force_login(user)
    assert client.get("/people/upload/").status_code == 200
    client.force_login(admin)
    text = client.get("/people/upload/").content.decode()
    assert 'type="file"' in text and 'enctype="multipart/form-data"' in text and "<code>staff_number</code>" in text


def test_the_page_answers_at_once_and_celery_loads_the_staff(client, admin, django_capture_on_commit_callbacks):
    client.force_login(admin)
    run = post_and_load(client, "/people/upload/", {"file": staff_file(*GOOD)}, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE and run.kind == "staff"
    assert run.summary == "2 staff loaded: 2 added, 0 changed"
    lead = StaffMember.objects.get(staff_number="T1")
    assert lead.line_manager.staff_number == "H1" and lead.history.first().history_user == admin
    text = client.get(run.get_absolute_url()).content.decode()
    assert "The staff list loaded" in text and "2 sign-ins made, with no password yet" in text
    assert "1 new team: Leadership" in text and "1 new service: Directorate" in text


def test_a_bad_file_loads_nobody_and_lists_every_problem(client, admin, django_capture_on_commit_callbacks):
    client.force_login(admin)
    rows = [*GOOD, "P1,Priti Worker,Social Worker,Team A,,someday,priti@example.gov.uk,NOBODY"]
    run = post_and_load(client, "/people/upload/", {"file": staff_file(*rows)}, django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.FAILED and not StaffMember.objects.exists()
    assert {(error["line"], error["column"]) for error in run.errors} == {(4, "started_on"), (4, "line_manager")}
    assert "Nothing was loaded" in client.get(run.get_absolute_url()).content.decode()


def test_a_file_with_the_wrong_columns_is_refused_at_once(client, admin):
    client.force_login(admin)
    response = client.post("/people/upload/", {"file": staff_file("H1,Hana", header="staff_number,name")})
    text = response.content.decode()
    assert response.status_code == 200 and "line 1, column job_title: is missing" in text
    assert "The file has 3 problems: fix them and upload it again. Nothing was loaded" in text
    assert not ImportRun.objects.exists()
    assert "Select the staff file" in client.post("/people/upload/", {}).content.decode()


def test_the_same_file_again_is_recognised(client, admin, django_capture_on_commit_callbacks):
    client.force_login(admin)
    first = post_and_load(client, "/people/upload/", {"file": staff_file(*GOOD)}, django_capture_on_commit_callbacks)
    text = client.post("/people/upload/", {"file": staff_file(*GOOD)}).content.decode()
    assert "This file was already loaded on" in text and "by Ada Admin." in text
    assert f'href="/imports/{first.pk}/"' in text and ImportRun.objects.count() == 1
