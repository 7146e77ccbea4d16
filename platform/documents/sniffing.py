"""What a file is, read from its content: never from its name or the type the browser claims.

Only the formats a procurement's documents come in are accepted: PDF, Office Open XML (DOCX, XLSX,
told apart by the part types ``[Content_Types].xml`` declares), OpenDocument text, PNG, JPEG and plain
UTF-8 text. Anything else, including HTML named ``.pdf``, is ``None``.
"""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"

# The extension a download is named with, whatever the uploaded name said.
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", ODT: "odt", PNG: "png", JPEG: "jpg", TEXT: "txt"}

_MAGIC = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
# Text that a browser would render as a page, were it ever served as text: refused outright.
_MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")


def media_type(content: bytes) -> str | None:
    """The media type the content is, among the accepted ones; None when it is none of them."""
    for magic, kind in _MAGIC:
        if content.startswith(magic):
            return kind
    if content.startswith(b"PK\x03\x04"):
        return _zipped(content)
    return _plain_text(content)


def _zipped(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" not in names:
                return None
            declared = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, RuntimeError, ValueError):
        return None
    return next((kind for part, kind in _OOXML_MAIN.items() if part in declared), None)


def _plain_text(content: bytes) -> str | None:
    if b"\x00" in content:
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head = content[:512].lstrip().lower()
    return None if head.startswith(_MARKUP) else TEXT
