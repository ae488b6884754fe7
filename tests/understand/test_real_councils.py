"""Floors on the real corpus's tune split (tests/corpus/real): the council is right on at least 95%
of the papers that name it anywhere, and never wrong (unknown beats wrong); inspection reports are
typed as such. Test-split councils are never opened here (the lead measures them)."""
from __future__ import annotations

import pytest

from tests.understand import real_councils as rc

RECALL_FLOOR = 0.95


def _tune(suffixes: tuple[str, ...]) -> list[rc.Paper]:
    if not rc.REAL.exists():
        pytest.skip(f"real corpus not found at {rc.REAL}")
    found = [p for p in rc.tune_papers() if p.path.suffix in suffixes]
    if not found:
        pytest.skip("no tune-split papers of this format in the real corpus yet")
    return found


def _check(papers: list[rc.Paper]) -> None:
    rows = [(p, rc.understand(p.path)) for p in papers]
    s = rc.score(rows)
    wrong = [f"{p.slug}: {d.authority} (manifest {p.council})" for p, d in rows
             if d.authority_code is not None and d.authority_code != p.gss_code]
    missed = [f"{p.slug}: {d.authority_note}" for p, d in rows
              if d.authority_code != p.gss_code and rc.names_council(d, p.gss_code)]
    assert not wrong, "wrong council:\n" + "\n".join(wrong)
    assert s.recall >= RECALL_FLOOR, f"council right on {s.recall:.2f} of papers naming it; missed:\n" + \
        "\n".join(missed)
    unnamed = [d for p, d in rows if d.authority is None]
    assert all(d.authority_note for d in unnamed), "a paper with no council must say why"
    inspections = [(p, d) for p, d in rows if p.doc_kind == "inspection_report"]
    mistyped = [p.slug for p, d in inspections if d.doc_type != "inspection_report"]
    assert not mistyped, f"inspection reports typed otherwise: {mistyped}"


def test_council_of_real_pages_on_the_tune_split():
    _check(_tune((".txt", ".html", ".htm")))

# The real PDFs (inspection reports) are scored on both splits by tests/test_eval_floors.py, which
# runs the whole product over them once; understanding them again here would double the cost.
