"""Readers: bytes of one format -> pipeline.models.Document. One module per format."""
from __future__ import annotations

from pipeline.errors import UnreadableDocument
from pipeline.models import Document
from pipeline.sniff import HTML, PDF, TEXT


def read_document(data: bytes, fmt: str, source_path: str, sha256: str) -> Document:
    if fmt == PDF:
        from extractors.readers.pdf import read_pdf
        return read_pdf(data, source_path, sha256)
    if fmt == HTML:
        from extractors.readers.html import read_html
        return read_html(data, source_path, sha256)
    if fmt == TEXT:
        from extractors.readers.text import read_text
        return read_text(data, source_path, sha256)
    raise UnreadableDocument(f"no reader for format {fmt!r}")
