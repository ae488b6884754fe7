"""metric_values and metric_conflicts are stored by the writer, one Parquet file per council
(warehouse/derived.py), and hold exactly the rows the preferred-value rule computes on read
(computed_metric_values / computed_metric_conflicts: the views analysts queried before)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.warehouse.test_analyst_values import (
    COVENTRY,
    SEFTON,
    _insert,
    doc,
    make_warehouse,
    obs,
    population,
    q,
)
from tests.warehouse.test_publishing import files_on_disk, replace_document
from warehouse.derived import DERIVED
from warehouse.store import Writer, connect_read_only

MARCH_2023 = date(2023, 3, 31)


def assert_stored_rows_are_the_rule(db: Path) -> None:
    con = connect_read_only(db)
    try:
        for stored, computed in DERIVED.items():
            assert "read_parquet" in con.execute(
                "SELECT sql FROM duckdb_views() WHERE view_name = ?", [stored]).fetchone()[0]
            assert (con.execute(f"DESCRIBE SELECT * FROM {stored}").fetchall()
                    == con.execute(f"DESCRIBE SELECT * FROM {computed}").fetchall())
            for a, b in ((stored, computed), (computed, stored)):
                extra = con.execute(f"SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b}").fetchall()
                assert extra == [], f"{a} has rows {b} has not: {extra[:3]}"
    finally:
        con.close()


def stored_files(db: Path) -> set[str]:
    """The stored files this snapshot reads (replaced ones stay on disk for a while)."""
    names = [r["path"] for r in q(db, "SELECT path FROM parquet_files WHERE table_name IN "
                                      "('metric_values', 'metric_conflicts')")]
    assert set(names) <= set(files_on_disk(db, tuple(DERIVED)))
    return set(names)


def two_councils(path: Path) -> Path:
    return make_warehouse(
        path, documents=[doc("dS", SEFTON, MARCH_2023), doc("dS2", SEFTON, date(2024, 3, 31)),
                         doc("dC", COVENTRY, MARCH_2023), doc("dC2", COVENTRY, date(2024, 3, 31))],
        observations=[obs("dS-o1", "dS", SEFTON, "cla_count", 600, MARCH_2023),
                      obs("dS2-o1", "dS2", SEFTON, "cla_count", 610, MARCH_2023,
                          extractor="prose"),
                      obs("dC-o1", "dC", COVENTRY, "cla_count", 700, MARCH_2023),
                      obs("dC2-o1", "dC2", COVENTRY, "cla_count", 710, MARCH_2023)])


def test_stored_values_and_conflicts_equal_the_rule_on_the_sample_corpus(corpus_warehouse):
    assert q(corpus_warehouse, "SELECT count(*) AS n FROM metric_values")[0]["n"] > 0
    assert_stored_rows_are_the_rule(corpus_warehouse)


def test_a_publish_rewrites_only_the_councils_whose_figures_changed(tmp_path):
    db = two_councils(tmp_path / "w.duckdb")
    assert {Path(f).parent.name for f in stored_files(db)} == {f"part={SEFTON}", f"part={COVENTRY}"}
    assert [r["value"] for r in q(db, "SELECT value FROM metric_conflicts ORDER BY value")] == [
        600, 610, 700, 710]
    before = stored_files(db)
    with Writer(db) as w:
        replace_document(w, "dS2", [dict(observation_id="dS2-o1", document_id="dS2",
                                         authority_code=SEFTON, metric="cla_count",
                                         period_end=MARCH_2023, value=600.0)])
    after = stored_files(db)
    coventry = {f for f in before if f"part={COVENTRY}" in f}
    assert coventry and coventry <= after                       # untouched
    assert not {f for f in before if f"part={SEFTON}" in f} & after    # rewritten
    assert {r["authority_code"] for r in q(db, "SELECT * FROM metric_conflicts")} == {COVENTRY}
    [sefton] = q(db, "SELECT n_sources, has_conflict FROM metric_values WHERE authority_code = ?",
                 [SEFTON])
    assert sefton == {"n_sources": 2, "has_conflict": False}
    assert_stored_rows_are_the_rule(db)


def test_a_run_that_changes_no_figure_rewrites_no_stored_file(tmp_path):
    db = two_councils(tmp_path / "w.duckdb")
    before = stored_files(db)
    with Writer(db) as w:
        w.con.execute("INSERT INTO runs (run_id, started_at, status) VALUES ('r', now(), 'ok')")
    assert stored_files(db) == before


def test_new_population_figures_refresh_every_councils_derived_rates(tmp_path):
    db = two_councils(tmp_path / "w.duckdb")
    assert q(db, "SELECT * FROM metric_values WHERE value_kind = 'derived'") == []
    with Writer(db) as w:
        _insert(w.con, "reference_population",
                [population(SEFTON, 2022, 60000), population(COVENTRY, 2022, 80000)])
    rates = {r["authority_code"]: r["value"] for r in q(
        db, "SELECT authority_code, value FROM metric_values WHERE value_kind = 'derived'")}
    assert rates == {SEFTON: 100.0, COVENTRY: 87.5}
    assert_stored_rows_are_the_rule(db)


def test_one_councils_conflicts_open_only_its_file(tmp_path):
    db = two_councils(tmp_path / "w.duckdb")
    con = connect_read_only(db)
    try:
        plan = "\n".join(r[1] for r in con.execute(
            f"EXPLAIN ANALYZE SELECT * FROM metric_conflicts WHERE authority_code = '{SEFTON}'"
        ).fetchall())
    finally:
        con.close()
    assert "Scanning Files: 1/2" in plan
