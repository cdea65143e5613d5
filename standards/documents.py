"""Uploaded documents of the library: where they are kept and which files are accepted.

The settings name no MEDIA_ROOT, so the library keeps its files under var/media/standards/ itself.
They are never served from there directly: a signed-in member of the council's staff downloads one
through the library's own page (standards.views.download).
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.text import get_valid_filename

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
    """A newly chosen file must be a PDF, Word or OpenDocument text file of at most 10MB. A file
    already stored was checked when it came."""
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


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
