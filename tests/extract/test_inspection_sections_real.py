"""The Ofsted template extractor over the section as 106 real reports wrote it (tune-split councils
only; tests/corpus/ofsted-sections/README.md): how many sections each headline figure is read from.
A floor, not gold: the lines carry no labels, so a drop means a wording the forms no longer read."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from extractors.inspection_facts import Reading, block_parts, read_part

SECTIONS = Path(__file__).resolve().parents[1] / "corpus" / "ofsted-sections" / "sections.jsonl"
# Read on 2026-12-01 (of 106); the forms reach the rest only with glued bullets or cut sections.
# (Session 5 added 'unaccompanied and seeking asylum', 'children previously looked after became
# ...', 'ceased to be looked after of whom' with no comma.)
FLOORS = {"cla_count": 104, "cla_rate_per_10k": 101, "cla_fostered": 100, "cla_uasc": 98,
          "children_adopted": 99, "sgo_granted": 99, "cla_ceased": 99}


def sections() -> list[dict]:
    return [json.loads(line) for line in SECTIONS.read_text(encoding="utf-8").splitlines() if line]


def metrics_read(text: str) -> set[str]:
    reading = Reading()
    return {f.metric for part in block_parts(text) for f in read_part(part, reading)}


@lru_cache(maxsize=1)
def sections_reading() -> Counter:
    """metric -> how many sections it is read from."""
    return Counter(m for s in sections() for m in metrics_read(s["section"]))


def test_no_section_is_of_a_test_split_council():
    assert all(int(hashlib.sha1(s["gss_code"].encode()).hexdigest(), 16) % 3 != 0 for s in sections())


@pytest.mark.parametrize("metric, floor", sorted(FLOORS.items()))
def test_the_template_reads_each_headline_figure_from_nearly_every_section(metric, floor):
    read = sections_reading()[metric]
    assert read >= floor, f"{metric}: read from {read} sections of {len(sections())}, floor {floor}"


def test_every_dated_figure_is_a_day_or_a_financial_or_calendar_year_the_section_states():
    for s in sections():
        reading = Reading()
        for part in block_parts(s["section"]):
            for f in read_part(part, reading):
                assert (f.start is None) == (f.end is None), (s["council"], f)
                assert f.period_type in ("as_at", "financial_year", "calendar_year", "other"), (s["council"], f)
