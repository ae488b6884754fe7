"""Corpus-level acceptance: the real pipeline on the sample papers' text versions, the real DfE
files, and the analyst layer end to end. Each council is expected exactly where its paper states
the figure (the Coventry note gives no approvals nor mainstream household count; Southwark's
report gives households only in total).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.warehouse.test_analyst_values import COVENTRY, SEFTON, SOUTHWARK, q

COUNCILS = {SEFTON: "Sefton", SOUTHWARK: "Southwark", COVENTRY: "Coventry"}
STATED_IN_THE_PAPERS = {
    "cla_count": {SEFTON, SOUTHWARK, COVENTRY},
    "fostering_households_mainstream": {SEFTON},
    "foster_carer_approvals": {SEFTON, SOUTHWARK},
}


@pytest.fixture(scope="module")
def corpus_db(corpus_warehouse) -> Path:
    return corpus_warehouse


@pytest.mark.parametrize("metric", sorted(STATED_IN_THE_PAPERS))
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
    for r in rows:       # every figure shown is traceable
        assert r["source"] == "report" and r["document_title"] and r["page"] and r["evidence"]
    assert {r["authority_code"] for r in rows} == STATED_IN_THE_PAPERS[metric]


def test_reconciliation_sefton_620_against_official_611(corpus_db):
    rows = q(corpus_db, """SELECT * FROM metric_reconciliation WHERE authority_code = ?
                           AND metric = 'cla_count' AND extracted_value = 620""", [SEFTON])
    assert rows, "Sefton's 620 children in care at 2 October 2023 was not extracted"
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
