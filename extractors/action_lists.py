"""Lists of recommendations under a heading -> one action per item.

A "Recommendations" heading (or "Recommendation(s): ...", or an inspection's "What needs to
improve?") opens a list whose items may be numbered ("1.", "102.", "2.1", "(3)", "R1."),
lettered or roman ("a)", "(ii)"), bulleted ("•", "◼", a Symbol-font dash) or plain "That ..."
paragraphs. The list runs across page breaks and short sub-headings until a heading that is
not a list heading, a table, or a paragraph of prose. Items whose text ends with a colon
("Improve the arrangements ... by:") take the deeper items after them as part of their text,
so one recommendation stays one action.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from core.model import Block

# The marker that opens a list item; which group matched is its class (its level in the list).
ITEM_MARK = re.compile(
    r"^\s*(?:[-•▪·]\s+(?=\(|\d|[a-h]\)|[ivx]+[.)]))?(?:"
    r"(?P<num>(?:R|Rec\.?\s*)?\d{1,3}(?:\.\d{1,2}){0,2}[.)](?=\s)|\(\d{1,3}\)"
    r"|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?(?=\s)|R\d{1,2}(?=\s))"
    r"|(?P<roman>\(?(?:i{1,3}|iv|vi{0,3}|ix|x)\)|(?:i{1,3}|iv|vi{0,3}|ix|x)\.(?=\s))"
    r"|(?P<letter>\(?[a-h]\)|[a-h]\.(?=\s))"
    r"|(?P<bullet>[•◼▪■●○◦‣∙·\-–—*\uf02d\uf06e\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8])"
    r")\s*")
SUBHEADING_CHARS = 80          # "Help and protection": a short unnumbered line inside the list
MAX_BLOCKS = 150               # a list never runs further than this from its heading
MAX_FIRST_CHARS = 600          # an unmarked first item longer than this is prose, not an item
# A numbered line that is a section heading ("3. Background", "4 Financial Implications"),
# which ends the list rather than adding to it.
SECTION_HEADING = re.compile(r"^(?:[A-Z][\w'’,&/-]*\s?){1,6}$")


# A saved committee page's field label ("Minutes:", "Reasons for decision:"): it ends whatever
# list or run of resolutions is before it.
PAGE_FIELD = re.compile(r"^\s*(?:Minutes|Additional documents|Reasons? for (?:the )?decision|"
                        r"Alternative options(?: considered)?|Supporting documents|Background papers|"
                        r"Report author|Lead (?:member|officer)|Contact officer)\b\s*(?:[:\-–—]|$)", re.I)


@dataclass
class Item:
    number: Optional[str]
    text: str
    block_index: int
    klass: str
    parts: list[str] = field(default_factory=list)


def item_mark(text: str) -> tuple[Optional[str], Optional[str], str]:
    """(class, number, rest): 'num'/'roman'/'letter'/'bullet:•', the number without its
    brackets, and the text after the marker; class None when the line has no marker."""
    m = ITEM_MARK.match(text)
    if not m:
        return None, None, text.strip()
    rest = text[m.end():].strip()
    if m.group("bullet"):
        return "bullet:" + m.group("bullet"), None, rest
    klass = next(k for k in ("num", "roman", "letter") if m.group(k))
    return klass, m.group(klass).strip("().").rstrip(")"), rest


def _numbered_heading(number: str, rest: str, after: Optional[Block]) -> bool:
    """'3. Background', or '6.1 Licensing Act 2003 – Issue of a Personal Licence' (a section's
    sub-number) followed by a paragraph of prose: a numbered section heading, not an item."""
    if len(rest) >= 60 or rest.endswith((".", ":", ";")):
        return False
    if SECTION_HEADING.match(rest):
        return True
    return "." in number and after is not None and after.kind == "paragraph" and item_mark(after.text)[0] is None \
        and len(after.text) > SUBHEADING_CHARS


LEAD_IN_END = re.compile(r":\s*-?\s*$")        # "That Cabinet:-", "The Committee is asked to:"


def _sentence_like(text: str) -> bool:
    return text.rstrip().endswith((".", ";")) or bool(LEAD_IN_END.search(text)) \
        or text.startswith("That ")


def collect_list(blocks: list[Block], start: int, is_list_heading,
                 inline: str = "", reads_as_item=None, ends_list=None) -> tuple[list[Item], int]:
    """The items of the list whose heading is blocks[start] (its inline text, if any, is the
    first item) and the index where the list ends. `reads_as_item(text)` says an unmarked line
    is an item ('Note the report', 'That Cabinet notes the report') even with no full stop, so
    read as a heading or a sub-heading: a saved committee page sets each item on its own line.
    `ends_list(text)` names lines that end the list whatever follows them (a page's next field,
    'Alternative options considered:')."""
    def unmarked_item(text: str) -> bool:
        return reads_as_item is not None and len(text) <= MAX_FIRST_CHARS and bool(reads_as_item(text))

    items: list[Item] = []
    top: Optional[str] = None
    if inline:
        klass, number, rest = item_mark(inline)
        top = klass or "plain"
        items.append(Item(number, rest, start, top))
    j = start + 1
    end = min(len(blocks), start + MAX_BLOCKS)
    bare: Optional[tuple[str, Optional[str]]] = None
    while j < end:
        b = blocks[j]
        text = " ".join(b.text.split())
        if b.kind == "table" or not text:
            if b.kind == "table":
                break
            j += 1
            continue
        if ends_list is not None and ends_list(text):
            break
        if is_list_heading(text) and not items:
            j += 1             # 'Priority and immediate action' under 'What needs to improve?'
            continue
        klass, number, rest = item_mark(text)
        if klass is not None and not klass.startswith("bullet") and not rest and bare is None:
            bare = (klass, number)     # 'a)' on a line of its own: the next line is its text
            j += 1
            continue
        if bare is not None:
            (klass, number), rest, bare = bare, text, None
        elif klass is None and b.kind == "list_item":
            klass = "list_item"
        line_item = klass is None and unmarked_item(text) and top in (None, "plain", "line") \
            and not LEAD_IN_END.search(text)         # 'That Cabinet:-' leads numbered items
        if b.kind == "heading" and not (klass == top and top is not None) and not line_item \
                and not (klass == "num" and unmarked_item(rest)):
            if is_list_heading(text):
                j += 1
                continue
            if not items and klass is None and LEAD_IN_END.search(text) and len(text) <= 200:
                top = "plain"                        # "That Cabinet:-" set as a heading
                items.append(Item(None, text, j, "plain"))
                j += 1
                continue
            break
        if klass is not None and rest:
            if klass == "num" and _numbered_heading(number or "", rest,
                                                    blocks[j + 1] if j + 1 < end else None):
                break          # "3. Background": the next section of the report
            if top == "plain" and len(items) == 1 and not items[0].parts \
                    and LEAD_IN_END.search(items[0].text):
                items[0].klass, top = "lead", None     # 'The Cabinet is asked to:' then (i), (ii)
            if top is None or klass == top:
                top = top or klass
                items.append(Item(number, rest, j, klass))
            else:
                # a deeper level ('- improving ...' under '1. Improve ... by:'): part of its item
                items[-1].parts.append(rest)
            j += 1
            continue
        # an unmarked paragraph
        if line_item and top != "plain" or line_item and not items[-1].parts and \
                LEAD_IN_END.search(items[-1].text) and len(items) == 1:
            if items and top == "plain":
                items[0].klass = "lead"           # 'The Committee is asked to:' then a line each
            top = "line"
            items.append(Item(None, text, j, "line"))
        elif items and text[:1].islower():
            target = items[-1]
            if target.parts:
                target.parts[-1] += " " + text
            else:
                target.text += " " + text           # the item went on over a page break
        elif not items and _sentence_like(text) and len(text) <= MAX_FIRST_CHARS:
            top = "plain"
            items.append(Item(None, text, j, "plain"))
        elif top == "plain" and text.startswith("That ") and len(text) <= MAX_FIRST_CHARS:
            items.append(Item(None, text, j, "plain"))
        elif len(text) <= SUBHEADING_CHARS and not text.endswith("."):
            pass                                     # a sub-heading or a running header
        else:
            break
        j += 1
    leads = [it.text for it in items if it.klass == "lead"]
    kept = [it for it in items if it.klass != "lead"]
    for it in kept:
        if leads:
            it.text = f"{leads[0]} {it.text}"         # the lead-in is each item's subject
    return kept, j


def item_text(item: Item) -> str:
    return " ".join([item.text] + [("- " + p) for p in item.parts]) if item.parts else item.text
