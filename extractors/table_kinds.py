"""What kind of table is this: figures about the authority, an action plan, thresholds, or text.

`classify_table` and the kind constants are used by the actions extractor too: keep them stable.
"""
from __future__ import annotations

import re

from pipeline.models import Table

METRICS, ACTION_PLAN, THRESHOLDS, TEXT = "metrics", "action_plan", "thresholds", "text"
ACTION_HEADER = re.compile(r"\b(action|lead|owner|responsib|review date|progress|due)\b", re.I)
THRESHOLD_CELL = re.compile(r"\b(outstanding|requires improvement|inadequate|good)\b", re.I)
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


def classify_table(table: Table) -> str:
    head = " ".join(" ".join(r) for r in table.rows[:HEAD_ROWS])
    if len(ACTION_HEADER.findall(head)) >= 2:
        return ACTION_PLAN
    if THRESHOLD_CELL.search(head):
        return THRESHOLDS
    if _is_contents(table):
        return TEXT
    return METRICS
