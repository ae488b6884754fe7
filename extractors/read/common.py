"""Small text helpers shared by the readers."""
from __future__ import annotations

import html
import re

TAG = re.compile(r"</?[a-zA-Z][^<>]*?>")
SPACE = re.compile(r"[ \t\u00a0]+")
BULLET = re.compile(r"^\s*(?:[-•▪●◦·*]|\u2022|o(?=\s))\s+")
NUMBERED = re.compile(r"^\s*(?:\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))\s+")


def strip_markup(text: str) -> str:
    """Remove HTML tags that leaked into extracted text and unescape entities."""
    if "<" in text:
        text = TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def clean_cell(text: str | None) -> str:
    if not text:
        return ""
    return SPACE.sub(" ", strip_markup(text)).strip()


def normalise_space(text: str) -> str:
    return SPACE.sub(" ", text).strip()


def is_list_item(line: str) -> bool:
    return bool(BULLET.match(line) or NUMBERED.match(line))
