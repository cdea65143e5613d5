"""The uploaded file is served only through the library's page: to signed-in staff, never to a
partner agency, never from a public folder."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import login
from .factories import StandardFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%a policy\n"


@pytest.fixture
def standard(cast):
    standard = StandardFactory(owner=cast.team_leader, code="chronologies")
    standard.document.save("Chronologies standard.pdf", SimpleUploadedFile("x.pdf", PDF))
    return standard


def test_staff_download_the_file(client, cast, standard):
    response = login(client, cast.practitioner).get(f"/standards/{standard.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Chronologies_standard.pdf" in response["Content-Disposition"]


def test_signing_in_is_required(client, standard):
    response = client.get(f"/standards/{standard.pk}/file/")
    assert response.status_code == 302 and response.url.startswith("/sign-in/")


def test_partners_get_404(client, partner, standard):
    assert login(client, partner).get(f"/standards/{standard.pk}/file/").status_code == 404


def test_no_file_or_a_missing_file_is_404(client, cast, standard, documents_in_tmp):
    login(client, cast.practitioner)
    assert client.get(f"/standards/{StandardFactory().pk}/file/").status_code == 404
    documents_in_tmp.delete(standard.document.name)
    assert client.get(f"/standards/{standard.pk}/file/").status_code == 404


def test_files_are_kept_under_var_outside_the_static_files():
    from django.conf import settings

    from standards.documents import document_storage

    location = str(document_storage().location)
    assert location == str(settings.VAR_DIR / "media" / "standards")
    assert not location.startswith(str(settings.STATIC_ROOT))
