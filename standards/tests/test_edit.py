"""Adding a document to the library and changing one: who may, what is refused and why, and that a
refused form keeps what was typed. Uploads are PDF, Word or OpenDocument text, under 10MB."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from standards.documents import MAX_BYTES
from standards.forms import StandardForm
from standards.models import Standard

from . import documents
from .conftest import give, login
from .factories import StandardFactory, today

pytestmark = pytest.mark.django_db

PDF = documents.pdf()
DOCX = documents.docx()


def details(owner, **fields) -> dict:
    due = today() + timedelta(days=200)
    data = {"title": "Chronologies practice standard", "code": "chronologies", "kind": "practice_standard",
            "owner": owner.pk, "version": "1.0", "summary": "", "link": "https://intranet.example.gov.uk/chron",
            "next_review_on_0": due.day, "next_review_on_1": due.month, "next_review_on_2": due.year,
            "last_reviewed_on_0": "", "last_reviewed_on_1": "", "last_reviewed_on_2": "", "active": "on"}
    return {**data, **fields}


@pytest.fixture
def keeper(cast):
    give(cast.head, "add_standard", "change_standard")
    return cast.head


def test_adding_a_document_keeps_history(client, cast, keeper):
    response = login(client, keeper).post("/standards/new/", details(cast.team_leader))
    standard = Standard.objects.get()
    assert response.status_code == 302 and response.url == f"/standards/{standard.pk}/"
    assert (standard.owner, standard.code, standard.active) == (cast.team_leader, "chronologies", True)
    first = standard.history.get()
    assert (first.history_user, first.history_change_reason) == (keeper.user, "added to the library")


def test_only_those_with_the_permission_add(client, cast):
    login(client, cast.team_leader)
    assert client.get("/standards/new/").status_code == 403
    assert client.post("/standards/new/", details(cast.team_leader)).status_code == 403


def test_partners_find_no_page(client, partner):
    give(partner, "add_standard")
    assert login(client, partner).get("/standards/new/").status_code == 404


def test_a_refused_form_says_why_and_keeps_what_was_typed(client, cast, keeper):
    StandardFactory(code="chronologies")
    typed = details(cast.team_leader, title="My new title", link="not a link", version="", next_review_on_0="31",
                    next_review_on_1="2", next_review_on_2="2027")
    response = login(client, keeper).post("/standards/new/", typed)
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and text.count("govuk-error-message") >= 4
    for error in ["There is already a standard with this short code", "Enter the version",
                  "Enter a link in the correct format", "Enter a real date"]:
        assert error in text
    assert 'value="My new title"' in text and 'value="not a link"' in text and 'value="31"' in text
    assert Standard.objects.count() == 1


def test_a_link_or_a_file_is_needed(client, cast, keeper):
    response = login(client, keeper).post("/standards/new/", details(cast.team_leader, link=""))
    assert "Enter a link to the document or upload a file" in response.content.decode()
    response = client.post("/standards/new/", {**details(cast.team_leader, link=""),
                                               "document": SimpleUploadedFile("chron.pdf", PDF)})
    assert response.status_code == 302
    assert Standard.objects.get().document.read() == PDF


def test_the_next_review_comes_after_the_last(client, cast, keeper):
    last = today() - timedelta(days=1)
    response = login(client, keeper).post("/standards/new/", details(
        cast.team_leader, last_reviewed_on_0=last.day, last_reviewed_on_1=last.month, last_reviewed_on_2=last.year,
        next_review_on_0=last.day, next_review_on_1=last.month, next_review_on_2=last.year))
    assert "The next review must be after the date it was last reviewed" in response.content.decode()


@pytest.mark.parametrize("name, content, error", [
    ("policy.xlsx", DOCX, "must be a PDF, Word document or OpenDocument text"),
    ("policy.pdf", b"MZ\x90\x00 a program", "must be a PDF, Word document or OpenDocument text"),
    ("policy.docx", b"%PDF-1.4", "must be a PDF, Word document or OpenDocument text"),
    ("policy.pdf", b"", "The selected file is empty"),
    ("policy.pdf", b"%PDF-1.4\n%only the first bytes of one\n", "could not be opened as a PDF"),
    ("policy.docx", documents.package({"notes.txt": b"not a document"}), "could not be opened as a Word document"),
    ("policy.odt", DOCX, "could not be opened as an OpenDocument text"),
])
def test_uploads_that_are_refused(client, cast, keeper, name, content, error):
    response = login(client, keeper).post(
        "/standards/new/", {**details(cast.team_leader), "document": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    text = response.content.decode()
    assert error in text
    assert "choose it again" in text  # a browser never keeps a chosen file
    assert not Standard.objects.exists()


@pytest.mark.parametrize("name, content", [
    ("policy.pdf", PDF), ("policy.docx", DOCX), ("policy.odt", documents.odt()),
    ("policy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 word 97"), ("POLICY.PDF", PDF),
])
def test_uploads_that_are_accepted(client, cast, keeper, name, content):
    response = login(client, keeper).post(
        "/standards/new/", {**details(cast.team_leader), "document": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    assert Standard.objects.get().document.name.startswith("chronologies/")


WORD_97 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_a_file_of_10mb_is_the_largest_accepted(cast):
    def form(size):
        upload = SimpleUploadedFile("big.doc", WORD_97 + b"0" * (size - len(WORD_97)))
        return StandardForm(details(cast.team_leader), {"document": upload}, today=today(), submit_label="Save")

    assert form(MAX_BYTES).is_valid()
    too_big = form(MAX_BYTES + 1)
    assert not too_big.is_valid()
    assert too_big.errors["document"] == ["The selected file must be smaller than 10MB"]


def test_the_owner_changes_their_document(client, cast):
    standard = StandardFactory(owner=cast.team_leader, code="chronologies")
    login(client, cast.team_leader)
    assert client.get(f"/standards/{standard.pk}/edit/").status_code == 200
    response = client.post(f"/standards/{standard.pk}/edit/", details(cast.team_leader, version="1.1"))
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.version == "1.1"
    latest = standard.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (cast.team_leader.user, "changed")


def test_others_may_not_change_it_unless_given_the_permission(client, cast):
    standard = StandardFactory(owner=cast.team_leader)
    assert login(client, cast.practitioner).get(f"/standards/{standard.pk}/edit/").status_code == 403
    give(cast.practitioner, "change_standard")
    assert client.get(f"/standards/{standard.pk}/edit/").status_code == 200


def test_removing_the_file_needs_a_link_instead(client, cast):
    standard = StandardFactory(owner=cast.team_leader, code="chronologies", link="")
    standard.document.save("chron.pdf", SimpleUploadedFile("chron.pdf", PDF))
    login(client, cast.team_leader)
    response = client.post(f"/standards/{standard.pk}/edit/", details(cast.team_leader, link="", remove_document="on"))
    assert "Enter a link to the document or upload a file" in response.content.decode()
    response = client.post(f"/standards/{standard.pk}/edit/", details(cast.team_leader, remove_document="on"))
    assert response.status_code == 302
    standard.refresh_from_db()
    assert not standard.document and standard.link


def test_retiring_a_document(client, cast):
    standard = StandardFactory(owner=cast.team_leader, code="chronologies")
    data = details(cast.team_leader)
    del data["active"]
    login(client, cast.team_leader).post(f"/standards/{standard.pk}/edit/", data)
    standard.refresh_from_db()
    assert not standard.active
