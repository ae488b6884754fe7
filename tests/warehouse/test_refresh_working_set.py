"""A publish computes the touched keys' preferred values from a working set read once: the
candidates and their documents in temporary tables that stand in front of the warehouse's for the
writer's connection only (warehouse/derived.py), and the catalogue forgets retired files' documents
in one statement (warehouse/parts.py). Neither may leak into what the writer or readers see."""
from __future__ import annotations

from datetime import date

from tests.warehouse.test_analyst_values import COVENTRY, SEFTON, q
from tests.warehouse.test_preferred_values_kept import (
    MARCH_2023,
    assert_stored_rows_are_the_rule,
    two_councils,
)
from tests.warehouse.test_publishing import replace_document
from warehouse.store import Writer

NEW_VALUE = [dict(observation_id="dS2-o1", document_id="dS2", authority_code=SEFTON,
                  metric="cla_count", period_end=MARCH_2023, value=600.0)]


def test_after_a_refresh_the_writer_sees_every_document_and_no_stand_in(tmp_path):
    db = two_councils(tmp_path / "w.duckdb")
    with Writer(db) as w:
        replace_document(w, "dS2", NEW_VALUE)
        w.publish()
        assert w.con is not None
        assert w.con.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
        temporary = w.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE temporary "
            "UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal"
        ).fetchall()
        assert not {name for (name,) in temporary} & {
            "documents", "located_observations", "touched_candidates",
            "touched_candidate_documents"}
        # The rule on read still sees every council's figures through the published view.
        councils = w.con.execute("SELECT DISTINCT part FROM located_observations ORDER BY 1")
        assert [r[0] for r in councils.fetchall()] == sorted([SEFTON, COVENTRY])
    assert_stored_rows_are_the_rule(db)


def test_the_refreshed_key_takes_its_new_value_and_the_other_council_keeps_its_own(tmp_path):
    db = two_councils(tmp_path / "w.duckdb")
    with Writer(db) as w:
        replace_document(w, "dS2", NEW_VALUE)
    rows = q(db, "SELECT authority_code, value, n_sources, has_conflict FROM metric_values "
                 "WHERE metric = 'cla_count' AND value_kind = 'actual' ORDER BY 1")
    got = {r["authority_code"]: (r["value"], r["n_sources"], r["has_conflict"]) for r in rows}
    assert got == {SEFTON: (600, 2, False), COVENTRY: (700, 2, True)}
    assert_stored_rows_are_the_rule(db)


def test_a_retired_file_leaves_no_row_in_the_list_of_documents_by_file(tmp_path):
    db = two_councils(tmp_path / "w.duckdb")
    before = {r["path"] for r in q(db, "SELECT path FROM parquet_documents")}
    with Writer(db) as w:
        replace_document(w, "dS2", [dict(NEW_VALUE[0], period_end=date(2024, 3, 31))])
    retired = {r["path"] for r in q(db, "SELECT path FROM retired_files")}
    assert retired & before                                  # the replaced document's file
    stale = q(db, "SELECT DISTINCT path FROM parquet_documents "
                  "WHERE path NOT IN (SELECT path FROM parquet_files)")
    assert stale == []
    assert {r["document_id"] for r in q(db, "SELECT document_id FROM parquet_documents")} == {
        "dS", "dS2", "dC", "dC2"}


def test_files_written_before_a_column_was_added_are_rewritten_with_it(tmp_path):
    """What a migration adding a column to a table causes: at the next publish, every file of
    that table, in every council, is rewritten with the new column (NULL), and no other table's."""
    db = two_councils(tmp_path / "w.duckdb")
    others = {r["path"] for r in q(db, "SELECT path FROM parquet_files "
                                       "WHERE table_name <> 'metric_observations'")}
    with Writer(db) as w:
        assert w.con is not None
        w.con.execute("ALTER TABLE staged_metric_observations ADD COLUMN reviewer VARCHAR")
    files = q(db, "SELECT part, columns FROM parquet_files WHERE table_name = 'metric_observations'")
    assert {f["part"] for f in files} == {SEFTON, COVENTRY}
    assert all(f["columns"].endswith(",reviewer") for f in files)
    rows = q(db, "SELECT count(*) AS n, count(reviewer) AS named FROM metric_observations")
    assert rows == [{"n": 4, "named": 0}]
    still = {r["path"] for r in q(db, "SELECT path FROM parquet_files "
                                      "WHERE table_name <> 'metric_observations'")}
    assert others <= still
    assert_stored_rows_are_the_rule(db)
