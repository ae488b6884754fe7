"""metric_values and metric_conflicts are stored by the writer, one Parquet file per council
(warehouse/derived.py), and hold exactly the rows the preferred-value rule computes on read
(computed_metric_values / computed_metric_conflicts: the views analysts queried before)."""
from __future__ import annotations

from datetime import date, datetime
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
from warehouse.load import _supersede
from warehouse.store import Writer, connect_read_only

MARCH_2023 = date(2023, 3, 31)


def assert_stored_rows_are_the_rule(db: Path) -> None:
    con = connect_read_only(db)
    try:
        for stored, computed in DERIVED.items():
            sql = con.execute("SELECT sql FROM duckdb_views() WHERE view_name = ?",
                              [stored]).fetchone()[0]
            assert "read_parquet" in sql or sql.rstrip("; ").endswith("WHERE false"), sql
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


# --- a publish stores again only the keys (council, metric, period, value kind) it touched ------

METRICS = ("cla_count", "cla_started", "cla_ceased", "cin_count", "cp_plans")
YEARS = (date(2021, 3, 31), date(2022, 3, 31), date(2023, 3, 31))


def many_keys(path: Path) -> Path:
    """Sefton with five metrics over three years from two documents that disagree on some (so
    both tables hold many rows, derived rates included), and Coventry beside it."""
    observations = []
    for d, bump in (("dS", 0), ("dS2", 5)):
        for m in METRICS:
            for n, year in enumerate(YEARS):
                value = 600 + 10 * n + (bump if m != "cin_count" else 0)
                observations.append(obs(f"{d}-{m}-{n}", d, SEFTON, m, value, year,
                                        extractor="prose" if d == "dS2" else "table"))
    observations.append(obs("dC-o1", "dC", COVENTRY, "cla_count", 700, MARCH_2023))
    return make_warehouse(
        path, documents=[doc("dS", SEFTON, date(2023, 3, 31)), doc("dS2", SEFTON, date(2024, 3, 31)),
                         doc("dC", COVENTRY, MARCH_2023)],
        observations=observations,
        populations=[population(SEFTON, y, 55000) for y in (2020, 2021, 2022)]
        + [population(COVENTRY, 2022, 80000)])


def rows_by_key(db: Path, table: str, code: str = SEFTON) -> dict[tuple, list[tuple]]:
    out: dict[tuple, list[tuple]] = {}
    for r in q(db, f"SELECT * FROM {table} WHERE authority_code = ? ORDER BY ALL", [code]):
        key = (r["metric"], r["period_start"], r["period_end"], r["value_kind"])
        out.setdefault(key, []).append(tuple(r.values()))
    return out


def found_at(w: Writer, document_id: str) -> None:
    """The document's paper was found at /papers/<id>.pdf (so a new version there supersedes it)."""
    seen = datetime(2024, 1, 1)
    _insert(w.con, "document_sources", [dict(source_path=f"/papers/{document_id}.pdf",
                                              document_id=document_id, first_seen=seen,
                                              last_seen=seen)])


def stage_document(w: Writer, document: dict, observations: list[dict]) -> None:
    _insert(w.con, "documents", [document])
    _insert(w.con, "staged_metric_observations", observations)


def test_a_document_adding_one_key_leaves_the_councils_other_keys_as_they_were(tmp_path):
    db = many_keys(tmp_path / "w.duckdb")
    before = {t: rows_by_key(db, t) for t in DERIVED}
    assert len(before["metric_values"]) > 15 and len(before["metric_conflicts"]) > 5
    coventry = {t: rows_by_key(db, t, COVENTRY) for t in DERIVED}
    new_key = ("cla_count", date(2024, 3, 31), date(2024, 3, 31), "actual")
    with Writer(db) as w:
        stage_document(w, doc("dS3", SEFTON, date(2025, 3, 31)),
                       [obs("dS3-o1", "dS3", SEFTON, "cla_count", 640, date(2024, 3, 31))])
    after = {t: rows_by_key(db, t) for t in DERIVED}
    assert q(db, "SELECT value FROM metric_values WHERE authority_code = ? AND metric = ? "
                 "AND period_end = ?", [SEFTON, "cla_count", date(2024, 3, 31)]) == [{"value": 640}]
    for t in DERIVED:
        assert {k: v for k, v in after[t].items() if k != new_key} == before[t], t
        assert rows_by_key(db, t, COVENTRY) == coventry[t]
    assert_stored_rows_are_the_rule(db)


def test_a_new_figure_for_a_known_key_updates_that_key_and_its_derived_rate(tmp_path):
    db = many_keys(tmp_path / "w.duckdb")
    before = {t: rows_by_key(db, t) for t in DERIVED}
    march_22 = date(2022, 3, 31)
    touched = {("cla_count", march_22, march_22, "actual"),
               ("cla_rate_per_10k", march_22, march_22, "derived")}
    with Writer(db) as w:
        stage_document(w, doc("dS3", SEFTON, march_22),       # its own period: preferred
                       [obs("dS3-o1", "dS3", SEFTON, "cla_count", 999, march_22)])
    values = {(r["metric"], r["value_kind"]): r for r in q(
        db, "SELECT * FROM metric_values WHERE authority_code = ? AND period_end = ?",
        [SEFTON, march_22])}
    assert values[("cla_count", "actual")]["value"] == 999
    assert values[("cla_count", "actual")]["n_sources"] == 3
    assert values[("cla_rate_per_10k", "derived")]["document_id"] == "dS3"
    for t in DERIVED:
        after = rows_by_key(db, t)
        assert {k: v for k, v in after.items() if k not in touched} == {
            k: v for k, v in before[t].items() if k not in touched}, t
    assert_stored_rows_are_the_rule(db)


def test_superseding_a_document_removes_the_rows_of_keys_only_it_gave(tmp_path):
    db = many_keys(tmp_path / "w.duckdb")
    with Writer(db) as w:               # dS2 alone gives cp_plans 2024; then dS2 is replaced
        stage_document(w, doc("dS4", SEFTON, date(2024, 3, 31)),
                       [obs("dS4-o1", "dS4", SEFTON, "cp_plans", 77, date(2024, 3, 31))])
    assert ("cp_plans", date(2024, 3, 31), date(2024, 3, 31), "actual") in rows_by_key(
        db, "metric_values")
    with Writer(db) as w:
        found_at(w, "dS4")
        stage_document(w, doc("dS5", SEFTON, date(2024, 3, 31)),
                       [obs("dS5-o1", "dS5", SEFTON, "cin_count", 1, date(2019, 3, 31))])
        _supersede(w.con, "/papers/dS4.pdf", "dS5", datetime(2024, 6, 1))
    values = rows_by_key(db, "metric_values")
    assert ("cp_plans", date(2024, 3, 31), date(2024, 3, 31), "actual") not in values
    assert ("cin_count", date(2019, 3, 31), date(2019, 3, 31), "actual") in values
    assert q(db, "SELECT count(*) AS n FROM metric_values WHERE document_id = 'dS4'") == [{"n": 0}]
    assert_stored_rows_are_the_rule(db)


def test_removing_one_of_two_disagreeing_documents_clears_their_conflicts(tmp_path):
    db = many_keys(tmp_path / "w.duckdb")
    assert q(db, "SELECT count(*) AS n FROM metric_conflicts WHERE authority_code = ?",
             [SEFTON])[0]["n"] > 0
    with Writer(db) as w:
        found_at(w, "dS2")
        stage_document(w, doc("dS6", COVENTRY), [])
        _supersede(w.con, "/papers/dS2.pdf", "dS6", datetime(2024, 6, 1))
    assert q(db, "SELECT count(*) AS n FROM metric_conflicts WHERE authority_code = ?",
             [SEFTON]) == [{"n": 0}]
    assert {r["n_sources"] for r in q(
        db, "SELECT n_sources FROM metric_values WHERE authority_code = ?", [SEFTON])} == {1}
    assert_stored_rows_are_the_rule(db)
