"""HTML -> Document with a real parser (lxml via BeautifulSoup).

Block elements become blocks in document order; <table> becomes a Table with rowspan/colspan
expanded. Offsets point into the document's visible text as we assemble it.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

from core.errors import UnreadableDocument
from core.model import Block, BlockKind, Document, Page, Table
from extractors.read import limits
from extractors.read.common import clean_cell, normalise_space
from extractors.read.sniff import decode_text
from extractors.read.text import capped_text

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
PARAGRAPHS = {"p", "pre", "blockquote", "dd", "dt", "caption", "figcaption", "address"}
SKIP = {"script", "style", "noscript", "template", "head", "nav", "footer", "form", "button", "svg"}
MAX_SPAN = 50       # guard against colspan="1000" in broken markup


def table_to_grid(table: Tag) -> list[list[str]]:
    """Expand rowspan/colspan into a rectangular grid of cell texts."""
    grid: dict[tuple[int, int], str] = {}
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    for r, tr in enumerate(rows):
        if len(grid) > limits.MAX_TABLE_CELLS:
            break       # the reader's table cap says so; spans must not build a bigger grid first
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            text = clean_cell(cell.get_text(" "))
            try:
                rs = min(max(int(str(cell.get("rowspan", "1"))), 1), MAX_SPAN)
                cs = min(max(int(str(cell.get("colspan", "1"))), 1), MAX_SPAN)
            except ValueError:
                rs = cs = 1
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text
            c += cs
    if not grid:
        return []
    n_rows = max(r for r, _ in grid) + 1
    n_cols = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(n_cols)] for r in range(n_rows)]


def html_to_blocks(soup: BeautifulSoup, too_deep: list[int] | None = None) -> list[Block]:
    """Blocks in document order. Elements nested deeper than MAX_HTML_DEPTH are read as plain
    text (one block each); the offset of each such block is added to `too_deep`."""
    blocks: list[Block] = []
    offset = 0

    def add(kind: BlockKind, text: str, **kw):
        nonlocal offset
        text = " ".join(text.split())     # source line breaks inside an element are spaces
        if not text:
            return
        blocks.append(Block(kind=kind, text=text, page=1, char_start=offset,
                            char_end=offset + len(text), **kw))
        offset += len(text) + 2

    def walk(node: Tag, loose_kind: BlockKind = "paragraph", depth: int = 0):
        """Blocks of a node's children; its own loose text becomes `loose_kind` (a list item's
        text before its nested list is the item)."""
        if depth > limits.MAX_HTML_DEPTH:
            if too_deep is not None:
                too_deep.append(offset)
            add(loose_kind, node.get_text(" "))
            return
        loose: list[str] = []

        def flush():
            if loose:
                add(loose_kind, " ".join(loose))
                loose.clear()

        for child in node.children:
            if isinstance(child, NavigableString):
                if child.strip() and type(child) is NavigableString:
                    loose.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in SKIP:
                continue
            name = child.name
            if name in HEADINGS:
                flush()
                add("heading", child.get_text(" "), level=HEADINGS[name])
            elif name == "table":
                flush()
                grid = table_to_grid(child)
                if grid:
                    t = Table(rows=grid, page=1, method="html", pages=[1])
                    add("table", "\n".join(" | ".join(c for c in r if c) for r in grid), table=t)
            elif name == "li":
                flush()
                if child.find(["ul", "ol", "table", "p", "div"]):
                    walk(child, "list_item", depth + 1)
                else:
                    add("list_item", child.get_text(" "))
            elif name in PARAGRAPHS:
                flush()
                add(loose_kind, child.get_text(" "))
            elif name in ("br",):
                flush()
            elif name in ("span", "a", "strong", "b", "em", "i", "u", "sup", "sub", "small", "font"):
                loose.append(child.get_text(" "))
            else:
                flush()
                walk(child, depth=depth + 1)
        flush()

    walk(soup.body or soup)
    return blocks


# A browser's "Save page as" marks the file with the address it came from.
SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
MAX_LINKS = 500          # links kept per page: enough to name a council's domain, bounded


def page_address(text: str, soup: BeautifulSoup) -> str | None:
    """The page's own address: a "saved from url=" mark, a canonical link, <base href>, og:url."""
    saved = SAVED_FROM.search(text[:4096])
    if saved:
        return saved.group(1)
    for tag, attr, key, want in (("link", "href", "rel", "canonical"), ("base", "href", None, None),
                                 ("meta", "content", "property", "og:url")):
        found = soup.find(tag, attrs={key: want} if key and want else {})
        value = found.get(attr) if isinstance(found, Tag) else None
        if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
            return value.strip()
    return None


def page_links(soup: BeautifulSoup, base: str | None) -> list[str]:
    """Absolute addresses of the page's links (at most MAX_LINKS, first seen first)."""
    out: dict[str, None] = {}
    for a in soup.find_all("a", href=True, limit=MAX_LINKS * 4):
        href = a.get("href")
        if not isinstance(href, str) or href.startswith(("#", "javascript:")):
            continue
        url = urljoin(base, href.strip()) if base else href.strip()
        if url.lower().startswith(("http://", "https://", "mailto:")):
            out.setdefault(url, None)
            if len(out) >= MAX_LINKS:
                break
    return list(out)


def read_html(data: bytes, source_path: str, sha256: str) -> Document:
    text, encoding = decode_text(data)
    if not text.strip():
        raise UnreadableDocument("the HTML file is empty; nothing to extract")
    text, cut = capped_text(text.replace("\x00", ""), source_path, limits.MAX_HTML_CHARS)
    soup = BeautifulSoup(text, "lxml")
    too_deep: list[int] = []
    blocks = html_to_blocks(soup, too_deep)
    if not blocks:
        raise UnreadableDocument("the HTML page has no visible text; nothing to extract")
    title = normalise_space(soup.title.get_text()) if soup.title else None
    doc = Document(source_path=source_path, sha256=sha256, format="html", title=title or None,
                   pages=[Page(number=1, n_chars=sum(len(b.text) for b in blocks))], blocks=blocks)
    doc.page_url = page_address(text, soup)
    doc.link_urls = page_links(soup, doc.page_url)
    if cut:
        doc.partial_reasons.append(cut)
    if too_deep:
        doc.partial_reasons.append(limits.exceeded(
            source_path, f"its elements are nested more than {limits.MAX_HTML_DEPTH} deep (the cap "
            "on nesting depth)", f"the text below that depth ({len(too_deep)} part(s)) was read as "
            "plain paragraphs, without its headings, lists or tables"))
    for i, t in enumerate(doc.tables):
        t.index = i
    return doc
