"""A ModernGov meeting page (`ieListDocuments.aspx?CId=<committee>&MId=<meeting>`): the papers it
links. The agenda frontsheet, public reports pack, printed minutes and supplements live only
here (under `documents/g<MId>/`), not in the GetMeeting reply; item reports (`documents/s<id>/`)
appear in both and are fetched once.

Parsed with lxml's HTML parser. Links may be relative ("documents/g6439/Printed minutes
31st-Mar-2025.pdf"), absolute, or plain http; link text carries the size ("Agenda frontsheet
PDF 132 KB"). Restricted and exempt papers are listed without a usable link, or with words that
say so; they are counted, never requested.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit

import lxml.html
from lxml import etree

from pipeline.sources.errors import FetchError

DOCUMENT_LINK = re.compile(r"/documents/[gsb]\d+/|mgConvert2PDF\.aspx", re.I)
RESTRICTED_WORDS = re.compile(r"\b(?:restricted|exempt|confidential|not for publication)\b", re.I)
SIZE_SUFFIX = re.compile(r"\s*\(?\s*(?:PDF|DOCX?|XLSX?|PPTX?|HTML?|RTF)\s*,?\s*[\d.,]+\s*[KMG]B\s*\)?\s*$",
                         re.I)
# A page from a ModernGov install carries its mg* classes or links to its other pages.
MODERNGOV_MARKS = re.compile(r"class=\"mg|ieListDocuments|mgMeetingAttendance|mgCommitteeDetails|"
                             r"ieListMeetings|mgAi\.aspx", re.I)
MAX_LINKS = 2000                    # a meeting page with more links than this is not one


@dataclass
class PageDoc:
    title: str | None
    url: str                        # absolute
    meeting_level: bool             # under documents/g<MId>/: belongs to the meeting, not an item
    restricted: bool = False


def _title(anchor) -> str | None:
    text = " ".join(anchor.text_content().split())
    text = SIZE_SUFFIX.sub("", text).strip()
    return text or (anchor.get("title") or "").strip() or None


def parse_meeting_page(content: bytes, page_url: str, meeting_id: str) -> list[PageDoc]:
    """The papers a meeting page links, in page order, each once. FetchError naming the URL when
    the page is not a ModernGov meeting page (changed shape, an error page, a bot-blocker)."""
    if not content.strip():
        raise FetchError(f"the meeting page {page_url} was empty; its agenda pack and printed "
                         "minutes could not be listed", page_url)
    try:
        root = lxml.html.fromstring(content)
    except (etree.ParserError, ValueError) as e:
        raise FetchError(f"the meeting page {page_url} could not be parsed as HTML ({e})",
                         page_url) from None
    head = content[:200_000].decode("utf-8", "replace")
    anchors = root.xpath("//a[@href]")
    docs: list[PageDoc] = []
    seen: set[str] = set()
    for a in anchors[:MAX_LINKS]:
        href = (a.get("href") or "").strip()
        url = urljoin(page_url, href)
        if not DOCUMENT_LINK.search(urlsplit(url).path + "?" + urlsplit(url).query):
            continue
        key = url_key(url)
        if key in seen:
            continue
        seen.add(key)
        title = _title(a)
        around = " ".join(filter(None, [title, a.get("title")]))
        docs.append(PageDoc(title=title, url=url,
                            meeting_level=f"/documents/g{meeting_id}/" in unquote(url),
                            restricted=bool(RESTRICTED_WORDS.search(around))))
    if not docs and not MODERNGOV_MARKS.search(head):
        raise FetchError(f"the meeting page {page_url} does not look like a ModernGov meeting page "
                         "(no mg* markup and no document links): the site may have changed "
                         "shape or sent an error page; its agenda pack and printed minutes were "
                         "not fetched", page_url)
    return docs


CACHE_PARAMS = {"t", "ver"}          # ModernGov's document-type and version tags, not the paper


def url_key(url: str) -> str:
    """Two spellings of one paper's address compare equal: scheme, host case, %-encoding, the
    fragment and ModernGov's ?T=10 tag do not matter ('Public%20reports%20pack.pdf?T=10' is
    'Public reports pack.pdf')."""
    p = urlsplit(url)
    query = urlencode(sorted((k.lower(), v) for k, v in parse_qsl(p.query)
                             if k.lower() not in CACHE_PARAMS))
    return f"{(p.hostname or '').lower()}:{p.port or ''}{unquote(p.path)}?{query}"
