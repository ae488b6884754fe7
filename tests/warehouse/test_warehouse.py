"""The analyst contract and the nightly run's promises: no loss, no duplicates, skip unchanged."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.config import load_settings
from pipeline.runner import discover, run_items
from warehouse.store import Writer

# The contract from the foundation issue: table -> columns analysts may rely on, with types.
CONTRACT = {
    "documents": {
        "document_id": "VARCHAR", "sha256": "VARCHAR", "source_path": "VARCHAR", "title": "VARCHAR",
        "authority": "VARCHAR", "authority_code": "VARCHAR", "doc_type": "VARCHAR",
        "period_start": "DATE", "period_end": "DATE", "meeting_date": "DATE", "pages": "INTEGER",
        "status": "VARCHAR", "error": "VARCHAR", "extractor_version": "VARCHAR",
        "ingested_at": "TIMESTAMP", "authority_source": "VARCHAR", "authority_note": "VARCHAR"},
    "metric_observations": {
        "observation_id": "VARCHAR", "document_id": "VARCHAR", "authority": "VARCHAR",
        "authority_code": "VARCHAR", "metric": "VARCHAR", "label_raw": "VARCHAR",
        "value_kind": "VARCHAR", "period_type": "VARCHAR", "period_start": "DATE",
        "period_end": "DATE", "value": "DOUBLE", "unit": "VARCHAR", "qualifier": "VARCHAR",
        "page": "INTEGER", "section": "VARCHAR", "evidence": "VARCHAR", "extractor": "VARCHAR",
        "confidence": "DOUBLE"},
    "actions": {
        "action_id": "VARCHAR", "document_id": "VARCHAR", "authority": "VARCHAR", "kind": "VARCHAR",
        "ref": "VARCHAR", "text": "VARCHAR", "owner": "VARCHAR", "due_date": "DATE",
        "due_text": "VARCHAR", "status": "VARCHAR", "meeting_date": "DATE", "page": "INTEGER",
        "evidence": "VARCHAR"},
    "meetings": {"meeting_id": "VARCHAR", "document_id": "VARCHAR", "authority": "VARCHAR",
                 "committee": "VARCHAR", "meeting_date": "DATE", "start_time": "VARCHAR",
                 "venue": "VARCHAR", "kind": "VARCHAR"},
    "agenda_items": {"meeting_id": "VARCHAR", "item_number": "VARCHAR", "title": "VARCHAR",
                     "report_of": "VARCHAR", "key_decision": "BOOLEAN", "page_start": "INTEGER",
                     "page_end": "INTEGER"},
    "metrics": {"metric": "VARCHAR", "label": "VARCHAR", "definition": "VARCHAR", "unit": "VARCHAR",
                "period_kind": "VARCHAR"},
    "authorities": {"name": "VARCHAR", "gss_code": "VARCHAR", "old_la_code": "VARCHAR",
                    "region": "VARCHAR"},
    "runs": {"run_id": "VARCHAR", "started_at": "TIMESTAMP", "finished_at": "TIMESTAMP",
             "n_processed": "INTEGER", "n_failed": "INTEGER", "seconds": "DOUBLE"},
    "tables": {"document_id": "VARCHAR", "page": "INTEGER", "table_index": "INTEGER"},
    "table_cells": {"document_id": "VARCHAR", "table_index": "INTEGER", "row": "INTEGER",
                    "col": "INTEGER", "text": "VARCHAR"},
    "metric_values": {"authority_code": "VARCHAR", "metric": "VARCHAR", "period_start": "DATE",
                      "period_end": "DATE", "value_kind": "VARCHAR", "value": "DOUBLE",
                      "n_sources": "BIGINT", "has_conflict": "BOOLEAN"},
    "metric_conflicts": {"metric": "VARCHAR", "value": "DOUBLE"},
}
TEXTS = ["coventry-cabinet-member-fostering-annual-report-2017-18.txt",
         "southwark-fostering-annual-report-2016-17.txt"]
CONTENT_TABLES = ["documents", "metric_observations", "actions", "blocks", "tables",
                  "table_cells", "meetings", "agenda_items"]


@pytest.fixture()
def papers(corpus_dir, tmp_path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir()
    for name in TEXTS:
        shutil.copy(corpus_dir / "text" / name, folder / name)
    return folder


def _settings(tmp_path):
    return load_settings(db=str(tmp_path / "w.duckdb"))


def _snapshot(db) -> dict:
    """Every content row, minus run bookkeeping. (`DESCRIBE tables` would list tables: the
    table really named `tables` must be described through a SELECT.)"""
    con = duckdb.connect(str(db), read_only=True)
    out = {}
    for t in CONTENT_TABLES:
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM \"{t}\"").fetchall()
                if r[0] not in ("processed_at", "run_id", "ingested_at")]
        quoted = ", ".join(f'"{c}"' for c in cols)
        out[t] = sorted(con.execute(f'SELECT {quoted} FROM "{t}"').fetchall(), key=repr)
    con.close()
    return out


def test_contract_columns_and_types(papers, tmp_path):
    settings = _settings(tmp_path)
    run_items(discover([papers]), settings, trigger="test")
    con = duckdb.connect(str(settings.db), read_only=True)
    for table, columns in CONTRACT.items():
        got = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM \"{table}\"").fetchall()}
        for col, typ in columns.items():
            assert col in got, f"{table}.{col} missing"
            assert got[col] == typ, f"{table}.{col} is {got[col]}, contract says {typ}"
    con.close()


def test_rerun_is_idempotent_and_skips_unchanged(papers, tmp_path):
    settings = _settings(tmp_path)
    first = run_items(discover([papers]), settings, trigger="test")
    before = _snapshot(settings.db)
    second = run_items(discover([papers]), settings, trigger="test")
    assert first.n_processed == 2 and second.n_processed == 0 and second.n_unchanged == 2
    assert _snapshot(settings.db) == before
    con = duckdb.connect(str(settings.db), read_only=True)
    assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    con.close()


def test_bumping_extractor_version_reprocesses_without_duplicates(papers, tmp_path):
    settings = _settings(tmp_path)
    run_items(discover([papers]), settings, trigger="test", extractor_version="v1")
    before = _snapshot(settings.db)
    again = run_items(discover([papers]), settings, trigger="test", extractor_version="v2")
    assert again.n_processed == 2
    after = _snapshot(settings.db)
    for t in CONTENT_TABLES:
        assert len(after[t]) == len(before[t]), t
    con = duckdb.connect(str(settings.db), read_only=True)
    assert {r[0] for r in con.execute("SELECT extractor_version FROM documents").fetchall()} == {"v2"}
    con.close()


def test_changed_file_replaces_its_old_version(papers, tmp_path):
    settings = _settings(tmp_path)
    run_items(discover([papers]), settings, trigger="test")
    target = papers / TEXTS[0]
    target.write_text(target.read_text(encoding="utf-8") + "\nA late correction.\n", encoding="utf-8")
    run_items(discover([papers]), settings, trigger="test")
    con = duckdb.connect(str(settings.db), read_only=True)
    rows = con.execute("SELECT status, error FROM documents WHERE source_path LIKE ? ORDER BY "
                       "processed_at", [f"%{TEXTS[0]}"]).fetchall()
    live = con.execute("""SELECT count(DISTINCT o.document_id) FROM metric_observations o
                          JOIN documents d USING (document_id) WHERE d.status = 'skipped'""").fetchone()[0]
    sources = con.execute("SELECT count(*) FROM document_sources").fetchone()[0]
    con.close()
    assert [r[0] for r in rows] == ["skipped", "ok"]
    assert rows[0][1].startswith("superseded")
    assert live == 0 and sources == 2


def test_a_crash_mid_run_leaves_the_warehouse_as_it_was(papers, tmp_path):
    settings = _settings(tmp_path)
    run_items(discover([papers])[:1], settings, trigger="test")
    before = _snapshot(settings.db)
    with pytest.raises(RuntimeError):
        with Writer(settings.db) as w:
            w.con.execute("BEGIN TRANSACTION")     # a document's load, half done
            w.con.execute("INSERT INTO staged_deletions SELECT document_id FROM documents")
            w.con.execute("DELETE FROM documents")
            raise RuntimeError("killed mid-document")
    assert _snapshot(settings.db) == before      # the half-done document was rolled back
    after = run_items(discover([papers]), settings, trigger="test")
    assert after.n_processed == 1 and after.n_unchanged == 1   # the next run finishes the job


def test_a_second_writer_is_refused_with_a_retryable_error(tmp_path):
    from core.errors import WarehouseBusy
    db = tmp_path / "w.duckdb"
    with Writer(db):
        with pytest.raises(WarehouseBusy) as err:
            with Writer(db):
                pass
    assert not err.value.terminal


def test_a_run_that_stops_keeps_what_it_loaded_and_says_why(papers, tmp_path):
    from pipeline.runner import local_processor
    settings = _settings(tmp_path)

    def dies_after_one(jobs):
        for n, pair in enumerate(local_processor(str(settings.raw_store_dir))(jobs)):
            if n == 1:
                raise KeyboardInterrupt
            yield pair

    with pytest.raises(KeyboardInterrupt):
        run_items(discover([papers]), settings, trigger="test", processor=dies_after_one)
    con = duckdb.connect(str(settings.db), read_only=True)
    docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    status, error, processed = con.execute("SELECT status, error, n_processed FROM runs").fetchone()
    con.close()
    assert docs == 1 and processed == 1
    assert status == "failed" and error == "KeyboardInterrupt"
    again = run_items(discover([papers]), settings, trigger="test")
    assert again.n_processed == 1 and again.n_unchanged == 1     # the next run finishes the job


def test_worker_processes_give_the_same_warehouse(papers, tmp_path):
    one = load_settings(db=str(tmp_path / "one.duckdb"))
    two = load_settings(db=str(tmp_path / "two.duckdb"), workers=2)
    run_items(discover([papers]), one, trigger="test")
    run_items(discover([papers]), two, trigger="test")
    assert _snapshot(one.db) == _snapshot(two.db)


def test_a_version_bump_reprocesses_from_the_raw_store_even_when_the_file_is_gone(papers, tmp_path):
    settings = _settings(tmp_path)
    run_items(discover([papers]), settings, trigger="test", extractor_version="v1")
    gone = papers / TEXTS[0]
    gone.unlink()
    again = run_items(discover([papers]), settings, trigger="test", extractor_version="v2")
    assert again.n_processed == 2
    con = duckdb.connect(str(settings.db), read_only=True)
    rows = con.execute("SELECT source_path, extractor_version, status FROM documents "
                       "ORDER BY source_path").fetchall()
    con.close()
    assert [(Path(p).name, v, s) for p, v, s in rows] == [(TEXTS[0], "v2", "ok"), (TEXTS[1], "v2", "ok")]


def test_the_same_bytes_at_two_paths_are_extracted_once(papers, tmp_path):
    settings = _settings(tmp_path)
    shutil.copy(papers / TEXTS[0], papers / "copy.txt")
    summary = run_items(discover([papers]), settings, trigger="test")
    assert summary.n_processed == 2 and summary.n_unchanged == 1
    con = duckdb.connect(str(settings.db), read_only=True)
    docs, sources = con.execute("SELECT (SELECT count(*) FROM documents), "
                                "(SELECT count(*) FROM document_sources)").fetchone()
    n_obs = con.execute("SELECT count(*) FROM metric_observations").fetchone()[0]
    con.close()
    assert docs == 2 and sources == 3
    assert n_obs == summary.n_observations


def test_a_document_the_warehouse_refuses_is_recorded_as_failed(papers, tmp_path, monkeypatch):
    import warehouse.load as load
    settings = _settings(tmp_path)
    real = load.result_to_rows

    def refuses_coventry(result, document_id):
        rows = real(result, document_id)
        if "coventry" in result.document.source_path and rows["metric_observations"]:
            rows["metric_observations"][0]["value"] = "not a number"
        return rows
    monkeypatch.setattr(load, "result_to_rows", refuses_coventry)
    summary = run_items(discover([papers]), settings, trigger="test")
    assert summary.n_processed == 2
    con = duckdb.connect(str(settings.db), read_only=True)
    rows = dict(con.execute("SELECT status, error FROM documents WHERE source_path LIKE '%coventry%'").fetchall())
    ok = con.execute("SELECT status FROM documents WHERE source_path LIKE '%southwark%'").fetchone()[0]
    con.close()
    assert "failed" in rows and "could not be stored" in rows["failed"] and ok == "ok"
