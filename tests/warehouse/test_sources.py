"""Where documents were found: unchanged inputs seen again are recorded in one statement, keep
what their source said, and a path that now holds other content retires the old document."""
from __future__ import annotations

from datetime import date, datetime

from core.model import InputItem, SourceInfo
from tests.warehouse.test_analyst_values import SEFTON, doc, make_warehouse
from warehouse.load import document_id_for, touch_sources
from warehouse.store import Writer, connect_read_only

OLD_SHA, NEW_SHA = "a" * 64, "b" * 64


def rows(db, sql):
    con = connect_read_only(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_unchanged_inputs_are_touched_together_keeping_their_provenance(tmp_path):
    db = make_warehouse(tmp_path / "w.duckdb")
    fetched = InputItem(path="/raw/x", source_key="https://council.example/p.pdf",
                        source=SourceInfo(source_name="sefton", committee="Scrutiny",
                                          committee_id="123", meeting_date=date(2024, 5, 1)))
    local = [InputItem(path=f"/papers/{n}.pdf", source_key=f"/papers/{n}.pdf") for n in range(50)]
    with Writer(db) as w:
        touch_sources(w.con, [(fetched, OLD_SHA)] + [(i, OLD_SHA) for i in local],
                      now=datetime(2024, 6, 1))
    with Writer(db) as w:      # seen again later, without provenance this time
        touch_sources(w.con, [(InputItem(path="/raw/x", source_key=fetched.source_key), OLD_SHA)],
                      now=datetime(2024, 7, 1))
    got = rows(db, "SELECT committee, committee_id, meeting_date, first_seen, last_seen "
                   "FROM document_sources WHERE source_path LIKE 'https:%'")
    assert got == [("Scrutiny", "123", date(2024, 5, 1), datetime(2024, 6, 1), datetime(2024, 7, 1))]
    assert rows(db, "SELECT count(*) FROM document_sources")[0][0] == 51


def test_a_path_holding_other_content_retires_the_old_document(tmp_path):
    old = document_id_for(OLD_SHA)
    db = make_warehouse(tmp_path / "w.duckdb", documents=[
        {**doc(old, SEFTON), "sha256": OLD_SHA, "source_path": "/papers/p.pdf"}])
    item = InputItem(path="/papers/p.pdf", source_key="/papers/p.pdf")
    with Writer(db) as w:
        touch_sources(w.con, [(item, OLD_SHA)])
        touch_sources(w.con, [(item, NEW_SHA)])
    status, error = rows(db, f"SELECT status, error FROM documents WHERE document_id = '{old}'")[0]
    assert status == "skipped" and error.startswith("superseded")
    assert rows(db, "SELECT document_id FROM document_sources") == [(document_id_for(NEW_SHA),)]
