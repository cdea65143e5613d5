"""Uploaded documents of the library: where they are kept and which files are accepted.

The settings name no MEDIA_ROOT, so the library keeps its files under var/media/standards/ itself.
They are never served from there directly: a signed-in member of the council's staff downloads one
through the library's own page (standards.views.download).
"""

import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.text import get_valid_filename
from pypdf import PdfReader
from pypdf.errors import DependencyError

MAX_BYTES = 10 * 1024 * 1024
MAX_LABEL = "10MB"
# The first bytes of each kind of file accepted: PDF, Word 97-2003 (an OLE2 compound file), and
# Word 2007+ and OpenDocument text (both ZIP packages). A renamed spreadsheet or program is refused.
ZIP = b"PK\x03\x04"
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".docx": (ZIP,),
    ".odt": (ZIP,),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
# A Word or OpenDocument file is a ZIP package: unpacked, a real one is a few times its size and a
# few dozen entries (a few hundred with many pictures). A ZIP bomb is far beyond both.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 2000


@dataclass(frozen=True)
class Package:
    kind: str
    required: frozenset[str]  # entries every such package has
    folder: str = ""  # and a folder with entries in it
    mimetype: bytes = b""  # an OpenDocument file's first entry says what it is


PACKAGES = {
    ".docx": Package("a Word document", frozenset({"[Content_Types].xml"}), folder="word/"),
    ".odt": Package("an OpenDocument text", frozenset({"mimetype", "content.xml"}),
                    mimetype=b"application/vnd.oasis.opendocument.text"),
}
NOT_OPENED = "The selected file could not be opened as {kind}: check it opens, then upload it again"
TOO_MUCH = "The selected file unpacks to far more than a document would: it cannot be uploaded"
WRONG_KIND = "The selected file must be a PDF, Word document or OpenDocument text (.pdf, .doc, .docx or .odt)"


def _location() -> Path:
    return Path(settings.VAR_DIR) / "media" / "standards"


class DocumentStorage(FileSystemStorage):
    """Files under var/media/standards/, with no public URL."""

    def __init__(self):
        super().__init__(location=_location(), base_url=None)


_storage = DocumentStorage()


def document_storage() -> FileSystemStorage:
    # A callable, so the migration names this function rather than a path on one machine.
    return _storage


def upload_path(standard, filename: str) -> str:
    return f"{standard.code or 'standard'}/{get_valid_filename(Path(filename).name)}"


def validate_document(value) -> None:
    """A newly chosen file must be a PDF, Word or OpenDocument text file of at most 10MB, and be
    what its name says: a PDF opens as a PDF, a .docx or .odt is a ZIP package of that kind whose
    unpacked size and number of entries are bounded. A file already stored was checked when it came."""
    if value is None or getattr(value, "_committed", True):
        return
    suffix = Path(value.name or "").suffix.lower()
    if suffix not in SIGNATURES:
        raise ValidationError(WRONG_KIND, code="file_type")
    if value.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if value.size > MAX_BYTES:
        raise ValidationError(f"The selected file must be smaller than {MAX_LABEL}", code="too_big")
    value.seek(0)
    head = value.read(8)
    value.seek(0)
    if not head.startswith(SIGNATURES[suffix]):
        raise ValidationError(WRONG_KIND, code="file_type")
    try:
        if suffix == ".pdf":
            _check_pdf(value)
        elif suffix in PACKAGES:
            _check_package(value, PACKAGES[suffix])
    finally:
        value.seek(0)


def _check_pdf(value) -> None:
    unreadable = ValidationError(NOT_OPENED.format(kind="a PDF"), code="unreadable")
    try:
        reader = PdfReader(value)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ValidationError("The selected PDF is protected by a password: upload it without one",
                                          code="encrypted")
            except DependencyError:
                return  # AES, which pypdf reads only with a cryptography library: its structure was read
        if len(reader.pages) == 0:
            raise unreadable
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of error for a file it cannot read
        raise unreadable from None


def _check_package(value, package: "Package") -> None:
    """A ZIP package read from its directory alone, so that a bomb is refused without unpacking
    it; then each entry is read through (at most MAX_UNPACKED_BYTES in all, as the directory
    says: Python's zipfile never unpacks an entry beyond its stated size), checking its CRC."""
    unreadable = ValidationError(NOT_OPENED.format(kind=package.kind), code="unreadable")
    try:
        archive = zipfile.ZipFile(value)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise unreadable from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise ValidationError(TOO_MUCH, code="too_many_entries")
        if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
            raise ValidationError(TOO_MUCH, code="too_big_unpacked")
        names = {entry.filename for entry in entries}
        if not package.required <= names or not any(name.startswith(package.folder) for name in names):
            raise unreadable
        try:
            if package.mimetype and archive.read("mimetype").strip() != package.mimetype:
                raise unreadable
            for entry in entries:
                with archive.open(entry) as stream:
                    while stream.read(2**20):
                        pass
        except ValidationError:
            raise
        except Exception:  # a bad CRC, an unknown compression, a truncated or encrypted entry
            raise unreadable from None


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
