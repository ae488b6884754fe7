"""Corpus-level acceptance checks (LENIENT about which values the extractors produce).

These run the real pipeline on the sample papers' text versions, load the real DfE files, and check
the analyst layer end to end. Extraction quality is the extractors' job: where a council's figure
for a metric has not been extracted yet the test xfails with a message naming what is missing,
and passes once extraction lands. What is strict: whatever is shown carries provenance.
"""
from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import CORPUS, REFERENCE
from tests.test_analyst_values import COVENTRY, SEFTON, SOUTHWARK, q

ACCEPTANCE_METRICS = ("cla_count", "fostering_households_mainstream", "foster_carer_approvals")
COUNCILS = {SEFTON: "Sefton", SOUTHWARK: "Southwark", COVENTRY: "Coventry"}


@lru_cache(maxsize=1)
def build_corpus_warehouse() -> Path:
    """The corpus text papers + DfE reference files in one warehouse, built once per test process."""
    from pipeline.cli import main as cli
    from pipeline.config import Settings
    from pipeline.runner import discover, run_items
    db = Path(tempfile.mkdtemp(prefix="analyst-corpus-")) / "w.duckdb"
    run_items(discover([CORPUS / "text"]), Settings(db=db), trigger="test")
    assert cli(["reference", "load", str(REFERENCE), "--db", str(db)]) == 0
    return db


@pytest.fixture(scope="module")
def corpus_db(corpus_dir, reference_dir) -> Path:
    return build_corpus_warehouse()


@pytest.mark.parametrize("metric", ACCEPTANCE_METRICS)
def test_compare_three_councils_with_provenance(corpus_db, metric):
    from warehouse.compare import compare_rows
    from warehouse.store import connect_read_only
    con = connect_read_only(corpus_db)
    try:
        cols, rows = compare_rows(con, metric, list(COUNCILS.values()), official=False,
                                  columns=("authority_code", "value", "document_title", "page",
                                           "evidence", "source"))
    finally:
        con.close()
    rows = [dict(zip(cols, r)) for r in rows]
    for r in rows:       # strict: every figure shown is traceable
        assert r["source"] == "report" and r["document_title"] and r["page"] and r["evidence"]
    found = {r["authority_code"] for r in rows}
    assert found <= set(COUNCILS)
    missing = [COUNCILS[c] for c in COUNCILS if c not in found]
    if missing:
        pytest.xfail(f"LENIENT: extractors have not yet produced {metric} for {', '.join(missing)}")


def test_reconciliation_sefton_620_against_official_611(corpus_db):
    rows = q(corpus_db, """SELECT * FROM metric_reconciliation WHERE authority_code = ?
                           AND metric = 'cla_count' AND extracted_value = 620""", [SEFTON])
    if not rows:
        pytest.xfail("LENIENT: the extractors have not produced Sefton's 620 (2 Oct 2023) yet; "
                     "the rule itself is tested in test_analyst_compare.py")
    r = rows[0]
    assert str(r["official_date"]) == "2023-03-31" and r["official_value"] == 611
    assert r["same_date"] is False and r["difference"] == 9
    assert q(corpus_db, """SELECT * FROM metric_conflicts WHERE authority_code = ? AND metric = 'cla_count'
                           AND value IN (611, 620) AND period_end = DATE '2023-03-31'""", [SEFTON]) == []


def test_every_preferred_value_is_traceable(corpus_db):
    bad = q(corpus_db, """SELECT * FROM metric_values WHERE document_id IS NULL OR evidence IS NULL
                          OR observation_id IS NULL""")
    assert bad == []
    dupes = q(corpus_db, """SELECT authority_code, metric, period_start, period_end, value_kind, count(*) n
                            FROM metric_values GROUP BY ALL HAVING count(*) > 1""")
    assert dupes == []
