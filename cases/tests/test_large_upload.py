"""A case list of 12,000 rows (a large council's) uploaded at /cases/upload/: the page answers at
once, and the import run's task loads every case, or none of them when one line in the middle is
wrong."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case
from core.models import ImportStatus
from core.tests.imports import eager_tasks, post_and_load  # noqa: F401 (a fixture)
from people.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

ROWS = 12_000


@pytest.fixture
def uploader(cast):
    cast.head.user.user_permissions.add(Permission.objects.get(codename="add_case", content_type__app_label="cases"))
    return cast.head.user


@pytest.fixture
def case_holders(cast):
    return [StaffMemberFactory(team=cast.team_a, is_case_holder=True).staff_number for _ in range(40)]


def case_list(case_holders, *, wrong_at: int | None = None) -> bytes:
    lines = ["case_reference,case_holder,opened_on"]
    for n in range(ROWS):
        holder = "NOBODY" if n == wrong_at else case_holders[n % len(case_holders)]
        lines.append(f"CR-{100000 + n},{holder},2025-{1 + n % 12:02d}-01")
    return ("\n".join(lines) + "\n").encode()


def upload(client, data: bytes, capture):
    return post_and_load(client, "/cases/upload/", {"file": SimpleUploadedFile("cases.csv", data, "text/csv")}, capture)


def test_twelve_thousand_cases_load_through_the_task(
    client, uploader, case_holders, django_capture_on_commit_callbacks
):
    client.force_login(uploader)
    run = upload(client, case_list(case_holders), django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.DONE, run.errors[:3]
    assert Case.objects.count() == ROWS
    assert (run.rows_done, run.rows_total) == (ROWS, ROWS)
    assert run.summary == "12,000 cases loaded: 12,000 added, 0 changed"


def test_one_wrong_line_in_the_middle_loads_none_of_them(
    client, uploader, case_holders, django_capture_on_commit_callbacks
):
    client.force_login(uploader)
    run = upload(client, case_list(case_holders, wrong_at=ROWS // 2), django_capture_on_commit_callbacks)
    assert run.status == ImportStatus.FAILED
    assert run.errors == [
        {"line": ROWS // 2 + 2, "column": "case_holder", "message": "nobody has staff number NOBODY in the portal"}
    ]
    assert not Case.objects.exists()
