"""Table cell text -> numbers with units. Pure; a cell that is not wholly a figure gives nothing.

  "1,575" -> 1575 count        "424 (77%)" -> 424 count + 77 percent (role 'share')
  "10*"   -> 10 count, footnote "£157,133" -> 157133 gbp   "£6.7m" -> 6700000 gbp
  "In progress", "-", "n/a", "", "Page 70", "65-79", "27/04/2007" -> nothing
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
QUALIFIER = {"<": "less_than", "less than": "less_than", ">": "more_than", "more than": "more_than",
             "over": "more_than", "c.": "approx", "c": "approx", "approx.": "approx",
             "approx": "approx", "approximately": "approx", "around": "approx", "~": "approx"}
# The whole cell must be one figure: optional qualifier, sign, £, number, scale, %, footnote marks,
# and optionally a bracketed percentage "(77%)".
CELL = re.compile(
    r"^(?P<qual>less than|more than|over|approx(?:imately|\.)?|around|c\.?|[<>~])?\s*"
    r"(?P<sign>[-\u2212])?\s*(?P<gbp>£)?\s*(?P<num>" + NUM + r")\s*"
    r"(?P<scale>k|m|mn|million|bn|billion)?\b\s*(?P<pct>%)?\s*(?P<foot>[*†‡¹²³]+)?\s*"
    r"(?:\(\s*(?P<share>" + NUM + r")\s*%\s*\))?\s*(?P<foot2>[*†‡¹²³]+)?$", re.I)
EMPTY_MARKS = {"", "-", "–", "—", "n/a", "na", "n.a.", "nil return", "tbc", "tbd", "*", "..", "x"}


@dataclass(frozen=True)
class CellValue:
    value: float
    unit: str                               # 'count' | 'percent' | 'gbp'
    role: str = "main"                      # 'main' | 'share' (the "(77%)" beside a count)
    flags: Optional[str] = None             # 'footnote'
    qualifier: Optional[str] = None         # 'approx' | 'more_than' | 'less_than'


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def cell_to_values(text: str) -> list[CellValue]:
    """Every figure a cell states, or [] when it is blank, a dash, words, a range or a date."""
    s = " ".join((text or "").split())
    if s.lower() in EMPTY_MARKS:
        return []
    m = CELL.match(s)
    if not m:
        return []
    value = _number(m.group("num"))
    if m.group("sign"):
        value = -value
    scale = (m.group("scale") or "").lower()
    if scale and not m.group("gbp"):
        return []                           # "7 m" without £ is too ambiguous (metres? months?)
    value *= SCALE.get(scale, 1)
    unit = "percent" if m.group("pct") else "gbp" if m.group("gbp") else "count"
    flags = "footnote" if (m.group("foot") or m.group("foot2")) else None
    qual = QUALIFIER.get((m.group("qual") or "").lower())
    out = [CellValue(value, unit, "main", flags, qual)]
    if m.group("share") is not None:
        out.append(CellValue(_number(m.group("share")), "percent", "share", flags))
    return out


def cell_is_blank(text: str) -> bool:
    return " ".join((text or "").split()).lower() in EMPTY_MARKS


def cell_is_number(text: str) -> bool:
    return bool(cell_to_values(text))
