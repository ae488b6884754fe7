"""Printing query results as an aligned table, CSV or JSON."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

FORMATS = ("table", "csv", "json")
MAX_CELL = 80


def _plain(v):
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    return v


def printable(text: str) -> str:
    """Text safe to print on one line of a log: control characters (a newline in a file name
    could forge a log line) are shown escaped, like \\n."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def format_rows(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps([{c: _plain(v) for c, v in zip(columns, r)} for r in rows],
                          indent=2, ensure_ascii=False, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[_plain(v) for v in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    def cell(v):
        s = "" if v is None else str(_plain(v))
        s = s.replace("\n", " ")
        return s if len(s) <= MAX_CELL else s[:MAX_CELL - 1] + "…"
    body = [[cell(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(columns)]

    def line(vals):
        return "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()
    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in body]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
