"""Readers: bytes of one format -> core.model.Document. One module per format."""
from __future__ import annotations

from core.errors import UnreadableDocument
from core.model import Document
from extractors.read.sniff import HTML, PDF, TEXT


def read_document(data: bytes, fmt: str, source_path: str, sha256: str) -> Document:
    if fmt == PDF:
        from extractors.read.pdf import read_pdf
        return read_pdf(data, source_path, sha256)
    if fmt == HTML:
        from extractors.read.html import read_html
        return read_html(data, source_path, sha256)
    if fmt == TEXT:
        from extractors.read.text import read_text
        return read_text(data, source_path, sha256)
    raise UnreadableDocument(f"no reader for format {fmt!r}")
