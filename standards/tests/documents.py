"""Real files to upload, made in the test: a PDF, a Word document, an OpenDocument text, and
packages no document would be (a ZIP bomb, a package of too many entries)."""

import io
import zipfile

from pypdf import PdfWriter


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def package(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx(**extra: bytes) -> bytes:
    return package({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>",
                    "word/document.xml": b"<w:document><w:body/></w:document>", **extra})


def odt() -> bytes:
    return package({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>",
                    "META-INF/manifest.xml": b"<manifest/>"})


def zip_bomb(megabytes: int) -> bytes:
    """A .docx-shaped package whose document unpacks to `megabytes` MB of zeros (a few hundred KB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            block = bytes(2**20)
            for _ in range(megabytes):
                entry.write(block)
    return out.getvalue()
