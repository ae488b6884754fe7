"""PDF -> Document with pdfplumber. Each page is parsed once: its words and lines serve both the
table finder (extractors.read.pdf_tables) and the layout pass (extractors.read.pdf_layout)."""
from __future__ import annotations

import io
import logging

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from core.errors import UnreadableDocument
from core.model import Block, Document, Page
from extractors.read import pdf_layout as layout
from extractors.read import pdf_tables

# pdfminer logs every font quirk at WARNING; they are not ours to act on.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)

WORD_ATTRS = ["size", "fontname"]
# A "table" found only from text alignment whose cells are mostly running prose is column text.
PROSE_CELL_WORDS = 4
PROSE_CELL_SHARE = 0.7


def looks_like_prose(table) -> bool:
    """True for a text-aligned 'table' that is really multi-column prose (few numbers, long cells)."""
    if table.method != "text":
        return False
    cells = [c for row in table.rows for c in row if c and c.strip()]
    if not cells:
        return False
    prose = [c for c in cells if len(c.split()) >= PROSE_CELL_WORDS
             and sum(ch.isdigit() for ch in c) <= len(c) * 0.05]
    return len(prose) >= len(cells) * PROSE_CELL_SHARE


ENCRYPTED = "PDF is encrypted; supply the password or an unencrypted copy"
DAMAGED = ("PDF is damaged or truncated (its structure cannot be parsed); "
           "download it again or ask the publisher for a fresh copy")


def _open(data: bytes):
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages        # forces the page tree: encryption and damage surface here
        return pdf
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise UnreadableDocument(ENCRYPTED) from e
    except (PDFSyntaxError, PSException) as e:
        raise UnreadableDocument(DAMAGED) from e
    except Exception as e:  # pdfplumber wraps pdfminer's many ad-hoc errors in PdfminerException
        inner = [a for a in e.args if isinstance(a, BaseException)] + [e.__cause__, e.__context__]
        if any(isinstance(x, (PDFPasswordIncorrect, PDFEncryptionError)) for x in inner):
            raise UnreadableDocument(ENCRYPTED) from e
        text = " ".join([str(e)] + [f"{type(x).__name__} {x}" for x in inner if x]).lower()
        if "password" in text or "encrypt" in text:
            raise UnreadableDocument(ENCRYPTED) from e
        if any(k in text for k in ("root object", "really a pdf", "xref", "trailer", "eof",
                                   "syntax", "unexpected")):
            raise UnreadableDocument(DAMAGED) from e
        raise UnreadableDocument(f"PDF cannot be opened ({type(e).__name__}: {e}); "
                                 "check the file is a complete PDF") from e


def page_to_blocks(page, page_number: int, table_start_index: int):
    """One pdfplumber page -> (Page, blocks in reading order, tables)."""
    meta = Page(number=page_number, width=float(page.width), height=float(page.height),
                n_chars=len(page.chars))
    if not meta.n_chars:
        return meta, [], []
    words = page.extract_words(extra_attrs=WORD_ATTRS, keep_blank_chars=False, use_text_flow=False)
    tables = pdf_tables.find_tables(page, page_number, words)
    if any(looks_like_prose(t) for t in tables) and layout.page_has_columns(words):
        tables = [t for t in tables if not looks_like_prose(t)]
    for i, t in enumerate(tables):
        t.index = table_start_index + i
    table_boxes = [t.bbox for t in tables if t.bbox]
    words = [w for w in words if not layout.inside_any(w, table_boxes)]
    text_blocks, n_columns = layout.words_to_blocks(words, page_number, page.width)
    meta.n_columns = n_columns
    table_blocks = [Block(kind="table", text=pdf_tables.table_text(t), page=page_number,
                          bbox=t.bbox, table=t) for t in tables]
    return meta, layout.merge_in_reading_order(text_blocks, table_blocks, page.width), tables


def read_pdf(data: bytes, source_path: str, sha256: str) -> Document:
    if not data:
        raise UnreadableDocument("the file is empty (0 bytes); nothing to extract")
    pdf = _open(data)
    doc = Document(source_path=source_path, sha256=sha256, format="pdf")
    n_tables = 0
    try:
        info = pdf.metadata or {}
        title = info.get("Title")
        if isinstance(title, bytes):
            title = title.decode("utf-8", "ignore")
        doc.title = (title or "").strip() or None
        for number, page in enumerate(pdf.pages, start=1):
            try:
                meta, blocks, tables = page_to_blocks(page, number, n_tables)
            except Exception as e:  # one bad page must not lose the rest
                meta, blocks, tables = Page(number=number), [], []
                doc.partial_reasons.append(f"page {number} could not be read ({type(e).__name__})")
            n_tables += len(tables)
            doc.pages.append(meta)
            doc.blocks.extend(blocks)
            page.close()    # frees the page's cached objects: memory stays flat on long packs
    finally:
        pdf.close()
    if not doc.pages:
        raise UnreadableDocument("PDF has no pages")
    no_text = [p.number for p in doc.pages if p.n_chars == 0]
    if len(no_text) == len(doc.pages):
        raise UnreadableDocument(
            f"PDF has no text layer on any of its {len(doc.pages)} page(s) (a scan?); "
            "it needs OCR before it can be read", status="partial")
    if no_text:
        doc.partial_reasons.append(
            f"page(s) {layout.format_page_list(no_text)} have no text layer and need OCR")
    pdf_tables.join_continued_tables(doc)
    return doc
