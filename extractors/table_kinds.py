"""What kind of table is this: figures about the authority, an action plan, thresholds, or text.

`classify_table` and the kind constants are used by the actions extractor too: keep them stable.
"""
from __future__ import annotations

import re

from core.model import Table

METRICS, ACTION_PLAN, THRESHOLDS, TEXT = "metrics", "action_plan", "thresholds", "text"
# What an action-plan header cell says, by role; the actions extractor reads rows with these too.
HEADER_ROLES = [("ref", re.compile(r"^\s*(?:ref|no\.?|#|number)\b", re.I)),
                ("action", re.compile(r"\baction|what we will do|activity|task", re.I)),
                ("due", re.compile(r"date|by when|timescale|deadline|due|review", re.I)),
                ("lead", re.compile(r"\blead|owner|responsib|who", re.I)),
                ("commentary", re.compile(r"update|commentary|comment|progress|status|rag", re.I))]
HEADER_ROWS = 3
HEADER_CELL_MAX = 40
# Ofsted grades: a threshold table names at least two of them in its header.
GRADE = re.compile(r"\b(outstanding|requires improvement|inadequate|good)\b", re.I)
MIN_GRADES = 2
# Contents pages: "Introduction ..... | 1", or a "Page No." column of ascending small numbers.
CONTENTS_HEADER = re.compile(r"\b(contents|page no\.?|page number)\b", re.I)
LEADER_DOTS = re.compile(r"\.{3,}|…")
PAGE_NUMBER = re.compile(r"^\d{1,3}$")
CONTENTS_SHARE = 0.6          # share of rows that look like contents lines
HEAD_ROWS = 2


def _is_contents(table: Table) -> bool:
    rows = [r for r in table.rows if any(c.strip() for c in r)]
    if not rows:
        return False
    if any(CONTENTS_HEADER.search(c) for r in rows[:HEAD_ROWS] for c in r):
        return True
    dotted = sum(1 for r in rows if any(LEADER_DOTS.search(c) for c in r))
    if dotted >= CONTENTS_SHARE * len(rows):
        return True
    # Page numbers in the last column that never decrease, beside text labels.
    last = [r[-1].strip() for r in rows if r]
    nums = [int(x) for x in last if PAGE_NUMBER.match(x)]
    return (len(rows) >= 4 and len(nums) >= CONTENTS_SHARE * len(rows) and nums == sorted(nums)
            and max(len(r) for r in rows) <= 3)


def header_to_columns(header: list[str]) -> dict[str, int]:
    """Role -> column index for a header row ('Ref', 'Action', 'Lead officer', 'By when'...)."""
    cols: dict[str, int] = {}
    for ci, cell in enumerate(header):
        if len(cell or "") > HEADER_CELL_MAX:
            continue            # a sentence that mentions "action" or "review" is not a header
        for role, rx in HEADER_ROLES:
            if role not in cols and rx.search(cell or ""):
                cols[role] = ci
                break
    return cols


def is_action_header(row: list[str]) -> bool:
    """An action plan's header: an action column and who leads it, or an action column with a
    date and a ref or progress column. ('Date | Activity' is a log of what was done, not a plan.)"""
    roles = header_to_columns(row)
    return "action" in roles and ("lead" in roles or (
        "due" in roles and ("ref" in roles or "commentary" in roles)))


def action_plan_header(table: Table) -> int | None:
    """Index of the action-plan header row among the first rows, if there is one."""
    return next((k for k, row in enumerate(table.rows[:HEADER_ROWS]) if is_action_header(row)),
                None)


def classify_table(table: Table) -> str:
    head = " ".join(" ".join(r) for r in table.rows[:HEAD_ROWS])
    if action_plan_header(table) is not None:
        return ACTION_PLAN
    if len({g.lower() for g in GRADE.findall(head)}) >= MIN_GRADES:
        return THRESHOLDS
    if _is_contents(table):
        return TEXT
    return METRICS
