"""The small tables (tables, actions, meetings, agenda_items) are one partition, not one per
council: no view filters them by council, and a view that names every council's files costs more
to write and bind as councils are added. Observations, blocks and table cells stay by council."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.warehouse.test_analyst_values import COVENTRY, SEFTON, doc, make_warehouse, obs, q
from tests.warehouse.test_publishing import files_on_disk
from warehouse import parts
from warehouse.load import _delete_children
from warehouse.store import Writer

MARCH_2023 = date(2023, 3, 31)


def action(document_id: str, n: int, text: str) -> dict:
    return dict(action_id=f"{document_id}-a{n}", document_id=document_id, kind="resolution",
                text=text, page=1)


def block(document_id: str, n: int, text: str) -> dict:
    return dict(document_id=document_id, block_index=n, kind="paragraph", page=1, text=text)


def stage(db: Path, table: str, rows: list[dict]) -> None:
    with Writer(db) as w:
        for r in rows:
            cols = ", ".join(r)
            w.con.execute(f"INSERT INTO staged_{table} ({cols}) VALUES "
                          f"({', '.join('?' for _ in r)})", list(r.values()))


def two_councils(path: Path) -> Path:
    db = make_warehouse(path, documents=[doc("dS", SEFTON, MARCH_2023),
                                         doc("dC", COVENTRY, MARCH_2023)],
                        observations=[obs("dS-o1", "dS", SEFTON, "cla_count", 600, MARCH_2023),
                                      obs("dC-o1", "dC", COVENTRY, "cla_count", 700, MARCH_2023)])
    stage(db, "actions", [action("dS", 1, "Sefton agreed"), action("dC", 1, "Coventry agreed")])
    stage(db, "blocks", [block("dS", 0, "Sefton"), block("dC", 0, "Coventry")])
    return db


def partitions(db: Path, table: str) -> set[str]:
    return {Path(f).parent.name for f in files_on_disk(db, (table,))}


def test_small_tables_are_one_partition_and_large_ones_stay_by_council(tmp_path):
    db = two_councils(tmp_path / "w.duckdb")
    assert partitions(db, "actions") == {f"part={parts.WHOLE}"}
    assert partitions(db, "blocks") == {f"part={SEFTON}", f"part={COVENTRY}"}
    assert partitions(db, "metric_observations") == {f"part={SEFTON}", f"part={COVENTRY}"}
    assert [r["text"] for r in q(db, "SELECT text FROM actions ORDER BY text")] == [
        "Coventry agreed", "Sefton agreed"]


def test_a_replaced_documents_actions_leave_the_shared_partition(tmp_path):
    db = two_councils(tmp_path / "w.duckdb")
    with Writer(db) as w:
        _delete_children(w.con, "dS")
    assert [r["text"] for r in q(db, "SELECT text FROM actions")] == ["Coventry agreed"]
    assert [r["text"] for r in q(db, "SELECT text FROM blocks")] == ["Coventry"]


def test_an_older_writers_council_partitions_are_merged_once_rows_unchanged(tmp_path, monkeypatch):
    # an older writer filed every table by council
    monkeypatch.setattr(parts, "PARTITIONED", tuple(parts.TABLES))
    db = two_councils(tmp_path / "w.duckdb")
    assert partitions(db, "actions") == {f"part={SEFTON}", f"part={COVENTRY}"}
    before = q(db, "SELECT * FROM actions ORDER BY action_id")
    monkeypatch.undo()
    with Writer(db):
        pass                                    # the first publish after the upgrade
    named = q(db, "SELECT DISTINCT part FROM parquet_files WHERE table_name = 'actions'")
    assert named == [dict(part=parts.WHOLE)]
    assert q(db, "SELECT * FROM actions ORDER BY action_id") == before
    assert partitions(db, "blocks") == {f"part={SEFTON}", f"part={COVENTRY}"}


def test_files_of_the_one_partition_stop_growing_at_the_cap(tmp_path, monkeypatch):
    # a replaced document's rows leave by a rewrite of the file holding them: that file must not
    # become most of the table
    monkeypatch.setattr(parts, "WHOLE_MAX_TIER", 1)       # files up to 15 rows
    db = make_warehouse(tmp_path / "w.duckdb", documents=[doc("dS", SEFTON, MARCH_2023)])
    for n in range(20):
        stage(db, "actions", [action("dS", 10 * n + i, f"item {n}.{i}") for i in range(4)])
    sizes = [r["n_rows"] for r in q(db, "SELECT n_rows FROM parquet_files "
                                        "WHERE table_name = 'actions'")]
    assert sum(sizes) == 80 and max(sizes) <= 15 and len(sizes) > 4


def test_a_file_above_the_cap_is_split_when_a_document_leaves_it(tmp_path, monkeypatch):
    db = make_warehouse(tmp_path / "w.duckdb", documents=[doc("dS", SEFTON, MARCH_2023),
                                                          doc("dC", COVENTRY, MARCH_2023)])
    stage(db, "actions", [action("dS", n, f"Sefton {n}") for n in range(20)]
          + [action("dC", n, f"Coventry {n}") for n in range(20)])
    assert [r["n_rows"] for r in q(db, "SELECT n_rows FROM parquet_files "
                                       "WHERE table_name = 'actions'")] == [40]
    monkeypatch.setattr(parts, "WHOLE_MAX_TIER", 1)       # chunks of 8 rows
    with Writer(db) as w:
        _delete_children(w.con, "dS")
    sizes = sorted(r["n_rows"] for r in q(db, "SELECT n_rows FROM parquet_files "
                                              "WHERE table_name = 'actions'"))
    assert sizes == [4, 8, 8]
    assert len(q(db, "SELECT * FROM actions WHERE document_id = 'dC'")) == 20
    assert q(db, "SELECT count(*) AS n FROM actions")[0]["n"] == 20
