"""Uploads are what their names say: a PDF opens as one (pypdf), a .docx or .odt is a ZIP package of
its kind whose unpacked size and number of entries are bounded, so a ZIP bomb is refused from the
package's directory alone, without unpacking it. A refused file is named beside the field, and the
rest of what was typed stays."""

import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from standards.documents import MAX_ENTRIES, MAX_UNPACKED_BYTES, validate_document
from standards.models import Standard

from . import documents
from .conftest import give, login
from .test_edit import details

BOMB_MB = MAX_UNPACKED_BYTES // 2**20 + 20


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return documents.zip_bomb(BOMB_MB)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    chosen = SimpleUploadedFile(name, content)
    chosen._committed = False  # as a FileField's newly chosen file is
    return chosen


def refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        validate_document(upload(name, content))
    return refused.value


def test_a_real_pdf_word_document_and_opendocument_text_pass():
    for name, content in [("a.pdf", documents.pdf()), ("a.docx", documents.docx()), ("a.odt", documents.odt())]:
        validate_document(upload(name, content))


def test_a_file_that_only_starts_like_a_pdf_is_refused():
    assert refusal("a.pdf", b"%PDF-1.7\n" + b"\x00" * 2000).code == "unreadable"
    truncated = documents.pdf()[:200]
    assert refusal("a.pdf", truncated).code == "unreadable"


def test_a_pdf_that_needs_a_password_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(documents.pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    assert refusal("a.pdf", locked.getvalue()).code == "encrypted"


def test_a_zip_bomb_named_docx_is_refused_quickly_without_being_unpacked(bomb):
    assert len(bomb) < 2 * 2**20  # a couple of MB at most: far under the 10MB limit on uploads
    started = time.perf_counter()
    error = refusal("policy.docx", bomb)
    assert error.code == "too_big_unpacked"
    assert time.perf_counter() - started < 0.5  # unpacking 120MB would take longer than this


def test_a_package_that_lies_about_its_size_is_refused():
    """The directory says a small entry; the data is more. zipfile unpacks no more than the
    directory says, and the CRC of what it read is then wrong."""
    honest = documents.docx(**{"word/media/big.bin": b"x" * 100_000})
    info_offset = honest.rindex(b"word/media/big.bin") - 46  # its central directory record
    lying = bytearray(honest)
    lying[info_offset + 24:info_offset + 28] = (1000).to_bytes(4, "little")  # uncompressed size
    assert refusal("policy.docx", bytes(lying)).code == "unreadable"


def test_a_docx_of_too_many_entries_is_refused():
    crowded = documents.docx(**{f"word/media/image{n}.png": b"" for n in range(MAX_ENTRIES)})
    assert refusal("policy.docx", crowded).code == "too_many_entries"
    with zipfile.ZipFile(io.BytesIO(crowded)) as archive:
        assert len(archive.infolist()) > MAX_ENTRIES


def test_a_package_of_the_wrong_kind_is_refused():
    assert refusal("policy.odt", documents.docx()).code == "unreadable"
    assert refusal("policy.docx", documents.odt()).code == "unreadable"
    assert refusal("policy.docx", b"PK\x03\x04 and nothing of a zip").code == "unreadable"


@pytest.mark.django_db
def test_the_page_says_why_beside_the_field_and_keeps_what_was_typed(client, cast, bomb):
    give(cast.head, "add_standard")
    typed = details(cast.team_leader, title="Chronologies: what good looks like", version="2.4")
    response = login(client, cast.head).post("/standards/new/", {**typed, "document": upload("chron.docx", bomb)})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_document-error"' in page or "govuk-file-upload--error" in page
    assert "unpacks to far more than a document would" in page
    assert 'value="Chronologies: what good looks like"' in page and 'value="2.4"' in page
    assert not Standard.objects.exists()
