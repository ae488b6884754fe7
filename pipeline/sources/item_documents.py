"""An agenda item's minutes or agenda text, carried inside a GetMeeting reply, as an HTML document
of its own: the meeting's resolutions are in the minutes, and they reach `actions` only as a
document. The page is built from the service's facts alone (committee, date, published item
number and title) plus the council's own HTML, so the same reply always gives the same bytes and
an unchanged item is never re-processed.
"""
from __future__ import annotations

import html
from datetime import date
from typing import Literal

from pipeline.sources.moderngov import AgendaItem

ItemPart = Literal["minutes", "agenda text"]


def _long_date(d: date | None) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}" if d else "(date not given)"


def item_document(part: ItemPart, committee: str | None, meeting_date: date | None,
                  item: AgendaItem, body_html: str) -> bytes:
    who = html.escape(committee or "Committee")
    number = html.escape(item.number or "")
    title = html.escape(item.title or "")
    heading = f"{number}. {title}" if number else title
    when = _long_date(meeting_date)
    lead = (f"Minutes of the meeting of {who} held on {when}" if part == "minutes"
            else f"Agenda of the meeting of {who} on {when}")
    page_title = f"{who}, {when}: item {number} {title} ({part})"
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{page_title}</title></head>\n<body>\n<h1>{who}</h1>\n<p>{lead}</p>\n"
            f"<h2>{heading}</h2>\n{body_html}\n</body></html>\n").encode("utf-8")
