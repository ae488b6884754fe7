"""PDF -> Document with pdfplumber. Each page is parsed once: its words and lines serve both the
table finder (extractors.read.pdf_tables) and the layout pass (extractors.read.pdf_layout)."""
from __future__ import annotations

import io
import logging
from typing import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import resolve_all
from pdfminer.psparser import PSException
from pdfplumber.page import Page as PlumberPage

from core.errors import UnreadableDocument
from core.model import Block, Document, Page
from extractors.read import limits, pdf_guard, pdf_tables
from extractors.read import pdf_layout as layout

# pdfminer logs every font quirk at WARNING; they are not ours to act on.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)

WORD_ATTRS = ["size", "fontname"]
# A "table" found only from text alignment whose cells are mostly running prose is column text.
PROSE_CELL_WORDS = 4
PROSE_CELL_SHARE = 0.7
FIGURE_CELL_SHARE = 0.1    # ... or one with figures in at most this share of its cells


def looks_like_prose(table) -> bool:
    """True for a text-aligned 'table' that is really multi-column prose: long cells with few
    numbers, or hardly a figure at all (justified text, whose wide word spaces align by chance)."""
    if table.method != "text":
        return False
    cells = [c for row in table.rows for c in row if c and c.strip()]
    if not cells:
        return False
    prose = [c for c in cells if len(c.split()) >= PROSE_CELL_WORDS
             and sum(ch.isdigit() for ch in c) <= len(c) * 0.05]
    figures = sum(1 for c in cells if any(ch.isdigit() for ch in c))
    return len(prose) >= len(cells) * PROSE_CELL_SHARE or figures <= len(cells) * FIGURE_CELL_SHARE


ENCRYPTED = "PDF is encrypted; supply the password or an unencrypted copy"
DAMAGED = ("PDF is damaged or truncated (its structure cannot be parsed); "
           "download it again or ask the publisher for a fresh copy")


def _unreadable(e: Exception, source_path: str) -> UnreadableDocument:
    """What to tell a person about a PDF that pdfminer could not open."""
    limit = pdf_guard.find_limit(e)
    if limit is not None:
        return UnreadableDocument(limits.exceeded(source_path, f"the PDF cannot be opened: {limit}",
                                                  "nothing was read"))
    if isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)):
        return UnreadableDocument(ENCRYPTED)
    if isinstance(e, (PDFSyntaxError, PSException)):
        return UnreadableDocument(DAMAGED)
    # pdfplumber wraps pdfminer's many ad-hoc errors in PdfminerException
    inner = [a for a in e.args if isinstance(a, BaseException)] + [e.__cause__, e.__context__]
    if any(isinstance(x, (PDFPasswordIncorrect, PDFEncryptionError)) for x in inner):
        return UnreadableDocument(ENCRYPTED)
    text = " ".join([str(e)] + [f"{type(x).__name__} {x}" for x in inner if x]).lower()
    if "password" in text or "encrypt" in text:
        return UnreadableDocument(ENCRYPTED)
    if any(k in text for k in ("root object", "really a pdf", "xref", "trailer", "eof",
                               "syntax", "unexpected")):
        return UnreadableDocument(DAMAGED)
    detail = str(e).strip().splitlines()[0][:200] if str(e).strip() else type(e).__name__
    return UnreadableDocument(f"the PDF cannot be opened (pdfminer reports: {detail}); check "
                              "that it opens in a PDF viewer, and download it again if it does not")


def _open(data: bytes, source_path: str = "") -> pdfplumber.PDF:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as e:
        raise _unreadable(e, source_path) from e


def _valid_box(value) -> bool:
    try:
        box = resolve_all(value)
        return isinstance(box, list) and len(box) == 4 and all(
            isinstance(v, (int, float)) for v in box)
    except Exception:
        return False


OPTIONAL_PAGE_KEYS = ("CropBox", "TrimBox", "BleedBox", "ArtBox", "Rotate")


def _plumber_page(pdf: pdfplumber.PDF, page_obj, number: int, doctop: float) -> PlumberPage:
    """pdfplumber's page; when its optional boxes or rotation are malformed (pdfplumber raises
    on them), the page is read without them."""
    try:
        return PlumberPage(pdf, page_obj, page_number=number, initial_doctop=doctop)
    except Exception:
        for key in OPTIONAL_PAGE_KEYS:
            page_obj.attrs.pop(key, None)
        return PlumberPage(pdf, page_obj, page_number=number, initial_doctop=doctop)


def _pages(pdf: pdfplumber.PDF, doc: Document, source_path: str
           ) -> Iterator[tuple[int, PlumberPage | None]]:
    """The PDF's pages one at a time (never all at once), at most MAX_PAGES of them. A page
    without a usable MediaBox is read at pdfminer's default size (US Letter) and says so; a
    page pdfplumber cannot set up at all comes as None."""
    tree = PDFPage.create_pages(pdf.doc)
    doctop = 0.0
    number = 0
    while True:
        try:
            page_obj = next(tree)
        except StopIteration:
            return
        except Exception as e:
            if number == 0:
                raise _unreadable(e, source_path) from e
            doc.partial_reasons.append(
                f"pages after page {number} could not be found (the page tree is damaged)")
            return
        number += 1
        if number > limits.MAX_PAGES:
            doc.partial_reasons.append(limits.exceeded(
                source_path, f"the PDF has more than {limits.MAX_PAGES:,} pages (the cap on "
                "pages per document)", f"only the first {limits.MAX_PAGES:,} were read"))
            return
        if not _valid_box(page_obj.attrs.get("MediaBox")):
            page_obj.attrs["MediaBox"] = list(page_obj.mediabox)
            doc.warnings.append(f"page {number} has no valid MediaBox; read as US Letter size")
        try:
            page = _plumber_page(pdf, page_obj, number, doctop)
        except Exception as e:
            doc.partial_reasons.append(f"page {number} could not be read ({_detail(e)}); the "
                                       "other pages were read")
            yield number, None
            continue
        doctop += float(page.height)
        yield number, page


def page_to_blocks(page, page_number: int, table_start_index: int,
                   notes: list[str] | None = None):
    """One pdfplumber page -> (Page, blocks in reading order, tables). What was left out of the
    page (small print, a table search over too many rules) is added to `notes`."""
    meta = Page(number=page_number, width=float(page.width), height=float(page.height),
                n_chars=len(page.chars))
    if not meta.n_chars:
        return meta, [], []
    words = page.extract_words(extra_attrs=WORD_ATTRS, keep_blank_chars=False, use_text_flow=False)
    words = [dict(w, text=w["text"].replace("\x00", "")) if "\x00" in w["text"] else w
             for w in words]
    if notes is not None and small_print_share(words)[1] > SMALL_PRINT_SHARE:
        notes.append(SMALL_PRINT)
    gutters = layout.page_gutters(words)
    tables = pdf_tables.find_tables(page, page_number, words, notes, gutters)
    if gutters and any(looks_like_prose(t) for t in tables):
        tables = [t for t in tables if not looks_like_prose(t)]
    for i, t in enumerate(tables):
        t.index = table_start_index + i
    table_boxes = [t.bbox for t in tables if t.bbox]
    words = [w for w in words if not layout.inside_any(w, table_boxes)]
    text_blocks, n_columns = layout.words_to_blocks(words, page_number, page.width, gutters)
    meta.n_columns = n_columns
    table_blocks = [Block(kind="table", text=pdf_tables.table_text(t), page=page_number,
                          bbox=t.bbox, table=t) for t in tables]
    return meta, layout.merge_in_reading_order(text_blocks, table_blocks, page.width), tables


def small_print_share(words: list[dict]) -> tuple[int, float]:
    """Upright words under MIN_WORD_SIZE (left out of the text) and their share of the page."""
    upright = [w for w in words if w.get("upright", True)]
    tiny = sum(1 for w in upright if (w.get("size") or 10) < layout.MIN_WORD_SIZE)
    return tiny, tiny / len(upright) if upright else 0.0


# Words in print under MIN_WORD_SIZE are marginalia (footnote marks, side labels) when they are a
# small share of the page; above this share the page has real text in small print, and leaving it
# out makes the document partial.
SMALL_PRINT_SHARE = 0.1
SMALL_PRINT = (f"text in print smaller than {layout.MIN_WORD_SIZE:g} pt (the smallest size read) "
               "was left out")


def _read_page(page: PlumberPage, number: int, n_tables: int, doc: Document,
               skipped: dict[str, list[int]]) -> tuple[Page, list[Block], list]:
    """One page, its failures recorded on `doc` (or in `skipped` for a cap it exceeded)."""
    notes: list[str] = []
    with pdf_guard.page_budget():
        try:
            meta, blocks, tables = page_to_blocks(page, number, n_tables, notes)
        except Exception as e:  # one bad page must not lose the rest
            limit = pdf_guard.find_limit(e)
            if limit is not None:
                skipped.setdefault(str(limit), []).append(number)
            else:
                doc.partial_reasons.append(
                    f"page {number} could not be read ({_detail(e)}); the other pages were read")
            return Page(number=number), [], []
    for note in notes:
        skipped.setdefault(note, []).append(number)
    return meta, blocks, tables


def _detail(e: Exception) -> str:
    text = str(e).strip()
    return f"{type(e).__name__}: {text.splitlines()[0][:120]}" if text else type(e).__name__


def _title(pdf: pdfplumber.PDF) -> str | None:
    """The document information's Title, when it can be read at all."""
    try:
        title = (pdf.metadata or {}).get("Title")
    except Exception:       # a damaged information dictionary costs the title, nothing else
        return None
    if isinstance(title, bytes):
        title = title.decode("utf-8", "ignore")
    return str(title or "").replace("\x00", "").strip() or None


def read_pdf(data: bytes, source_path: str, sha256: str) -> Document:
    if not data:
        raise UnreadableDocument("the file is empty (0 bytes); nothing to extract")
    doc = Document(source_path=source_path, sha256=sha256, format="pdf")
    skipped: dict[str, list[int]] = {}      # what a page exceeded -> the pages
    with pdf_guard.guarded():
        pdf = _open(data, source_path)
        n_tables = 0
        try:
            doc.title = _title(pdf)
            for number, page in _pages(pdf, doc, source_path):
                if page is None:
                    doc.pages.append(Page(number=number))
                    continue
                meta, blocks, tables = _read_page(page, number, n_tables, doc, skipped)
                n_tables += len(tables)
                doc.pages.append(meta)
                doc.blocks.extend(blocks)
                page.close()    # frees the page's cached objects: memory stays flat on long packs
        finally:
            # Not pdf.close(): it would build every page object of the file to close them.
            pdf.flush_cache()
            pdf.stream.close()
    if not doc.pages:
        raise UnreadableDocument("the PDF has no pages; check that it opens in a PDF viewer")
    nothing_read = all(p.n_chars == 0 for p in doc.pages)
    for what, pages in skipped.items():
        left_out = what in (SMALL_PRINT,) or what.startswith(pdf_tables.TOO_MANY_RULES)
        doc.partial_reasons.append(limits.exceeded(
            source_path, f"page(s) {layout.format_page_list(pages)}: {what}",
            "nothing was read" if nothing_read else
            "the rest was read" if left_out else "those pages were not read, the others were"))
    if skipped and nothing_read:
        raise UnreadableDocument("; ".join(doc.partial_reasons))
    no_text = [p.number for p in doc.pages if p.n_chars == 0
               and not any(p.number in pages for pages in skipped.values())]
    if no_text and len(no_text) == len(doc.pages):
        raise UnreadableDocument(
            f"PDF has no text layer on any of its {len(doc.pages)} page(s) (a scan?); "
            "it needs OCR before it can be read", status="partial")
    if no_text:
        doc.partial_reasons.append(
            f"page(s) {layout.format_page_list(no_text)} have no text layer and need OCR")
    pdf_tables.join_continued_tables(doc)
    return doc
