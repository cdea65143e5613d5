"""axe-core at WCAG 2.2 A and AA on every page of the library of policies and standards, in
Chromium, as the cast see them: blank, filled in and with errors."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from audits.models import AuditTool
from audits.tools import as_text, save_version
from core.periods import local_date
from standards.models import Kind
from standards.tests.factories import StandardFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def today():
    return local_date(timezone.now())


@pytest.fixture
def library(cast, tmp_path, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    from standards.models import Standard

    monkeypatch.setattr(Standard._meta.get_field("document"), "storage", FileSystemStorage(location=tmp_path))
    chronologies = StandardFactory(title="Chronologies practice standard", code="chronologies",
                                   owner=cast.team_leader, next_review_on=today() + timedelta(days=10),
                                   summary="What a good chronology records.")
    StandardFactory(title="Case recording one-minute guide", code="case-recording", kind=Kind.ONE_MINUTE_GUIDE,
                    owner=cast.head, next_review_on=today() - timedelta(days=5), link="")
    guide = Standard.objects.get(code="case-recording")
    guide.document.save("case-recording.pdf", ContentFile(b"%PDF-1.4\n"))
    StandardFactory(title="Supervision policy", kind=Kind.POLICY, owner=cast.team_leader)
    chronologies.record_review(acting_user=cast.team_leader.user, reviewed_on=today(), note="No change",
                               next_review_on=today() + timedelta(days=10))
    shipped = as_text(AuditTool.objects.current("case_file"))
    save_version("case_file", shipped.replace("significant events", "significant events [standard: chronologies]"))
    cast.head.user.user_permissions.add(*Permission.objects.filter(content_type__app_label="standards"))
    return chronologies


def assert_accessible(page, path):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], f"{path}: {violations}"


def assert_errors_accessible(page):
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []


@pytest.mark.parametrize("who", ["practitioner", "team_leader"])
def test_reading_the_library(page, cast, library, who):
    sign_in(page, who)
    for path in ["/standards/", "/standards/?review=month&kind=practice_standard", "/standards/?status=all",
                 f"/standards/{library.pk}/", "/audits/tools/"]:
        assert_accessible(page, path)


def test_an_unreadable_filter(page, cast, library):
    sign_in(page, "practitioner")
    page.goto("/standards/?kind=novel")
    assert_errors_accessible(page)


def test_recording_a_review_with_errors(page, cast, library):
    sign_in(page, "team_leader")
    assert_accessible(page, f"/standards/{library.pk}/review/")
    page.get_by_label("Day").first.fill("")
    page.get_by_role("button", name="Record the review").click()
    assert_errors_accessible(page)
    assert "Enter what the review found or changed" in page.content()


def test_adding_and_changing_with_errors(page, cast, library):
    sign_in(page, "head")
    assert_accessible(page, "/standards/new/")
    page.get_by_label("Title").fill("Assessment practice standard")
    page.get_by_label("Short code").fill("chronologies")
    page.get_by_role("button", name="Add to the library").click()
    assert_errors_accessible(page)
    assert page.get_by_label("Title").input_value() == "Assessment practice standard"
    assert_accessible(page, f"/standards/{library.pk}/edit/")
    page.get_by_label("Version").fill("")
    page.get_by_role("button", name="Save changes").click()
    assert_errors_accessible(page)
