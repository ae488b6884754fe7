"""What a document's source says about it, merged with what the document says of itself.

A paper fetched from a council's committee site arrives with its meeting (committee, date) and
agenda item; the document may or may not print them. Runs after document understanding, before
the extractors, so every figure and action sees the merged context.
"""
from __future__ import annotations

from core.model import Document


def apply_source(doc: Document) -> Document:
    """Fill the document's meeting date from its source when the document gives none."""
    source = doc.source
    if source is None:
        return doc
    if doc.meeting_date is None and source.meeting_date is not None:
        doc.meeting_date = source.meeting_date
    return doc
