"""Tables -> observations. Minimal version: every numeric cell, labelled by its row and column."""
from __future__ import annotations

import re

from pipeline.models import Document, Findings, Observation

NUMBER = re.compile(r"^\s*(£)?\s*(-?\d[\d,]*(?:\.\d+)?)\s*(%)?\s*$")


def extract(doc: Document) -> Findings:
    found = Findings()
    for bi, block in enumerate(doc.blocks):
        t = block.table
        if block.kind != "table" or t is None or len(t.rows) < 2:
            continue
        header = t.rows[0]
        for r, row in enumerate(t.rows[1:], start=1):
            label = row[0] if row else ""
            for c, cell in enumerate(row[1:], start=1):
                m = NUMBER.match(cell)
                if not m:
                    continue
                unit = "percent" if m.group(3) else "gbp" if m.group(1) else "count"
                col = header[c] if c < len(header) else ""
                found.observations.append(Observation(
                    value=float(m.group(2).replace(",", "")), unit=unit,
                    label_raw=f"{label} / {col}".strip(" /"), evidence=" | ".join(row),
                    page=block.page, extractor="table", section=block.section,
                    confidence=0.3, block_index=bi, table_index=t.index, row=r, col=c))
    return found
