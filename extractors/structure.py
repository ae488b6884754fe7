"""Document understanding: title, type, authority, period, segments. Document -> Document."""
from __future__ import annotations

from pipeline.models import Document


def annotate(doc: Document) -> Document:
    if not doc.title:
        first = next((b for b in doc.blocks if b.kind == "heading"), None)
        doc.title = first.text[:200] if first else None
    return doc
