"""What kind of table is this: figures about the authority, an action plan, or thresholds."""
from __future__ import annotations

import re

from pipeline.models import Table

METRICS, ACTION_PLAN, THRESHOLDS, TEXT = "metrics", "action_plan", "thresholds", "text"
ACTION_HEADER = re.compile(r"\b(action|lead|owner|responsib|review date|progress|due)\b", re.I)
THRESHOLD_CELL = re.compile(r"\b(outstanding|requires improvement|inadequate|good)\b", re.I)


def classify_table(table: Table) -> str:
    head = " ".join(" ".join(r) for r in table.rows[:2])
    if len(ACTION_HEADER.findall(head)) >= 2:
        return ACTION_PLAN
    if THRESHOLD_CELL.search(head):
        return THRESHOLDS
    return METRICS
