"""Publishing a document the warehouse has never known does not look for its rows in the files
(there are none): the look-up reads every file's list of documents, a cost that grew with the
warehouse. A document loaded again still has its old rows replaced."""
from __future__ import annotations

from datetime import date, datetime

from core.model import Document, ExtractionResult, InputItem, Observation
from tests.warehouse.test_analyst_values import q
from warehouse import parts
from warehouse.load import load_result
from warehouse.store import Writer


def paper(value: float) -> ExtractionResult:
    document = Document(source_path="/p/s.pdf", sha256="ef" * 32, format="pdf",
                        authority="Sefton", authority_code="E08000014")
    return ExtractionResult(document=document, observations=[Observation(
        value=value, unit="count", label_raw="children looked after", evidence=f"{value}",
        page=1, extractor="table", metric="cla_count", period_type="as_at",
        period_start=date(2023, 3, 31), period_end=date(2023, 3, 31))])


def load(w: Writer, value: float) -> None:
    load_result(w.con, paper(value), InputItem(path="/p/s.pdf", source_key="/p/s.pdf"),
                run_id="r", extractor_version="t", raw_path=None, n_bytes=1,
                now=datetime(2024, 1, 1))


def test_a_new_document_asks_for_no_deletion_and_a_reloaded_one_replaces_its_rows(tmp_path,
                                                                                   monkeypatch):
    db = tmp_path / "w.duckdb"
    looked: list[bool] = []
    real = parts._any_deletion
    monkeypatch.setattr(parts, "_any_deletion", lambda con: looked.append(real(con)) or looked[-1])
    with Writer(db) as w:
        load(w, 600)
        assert w.con.execute("SELECT count(*) FROM staged_deletions").fetchone()[0] == 0
    assert looked and not any(looked)
    with Writer(db) as w:
        load(w, 610)
        assert w.con.execute("SELECT count(*) FROM staged_deletions").fetchone()[0] == 1
    assert [r["value"] for r in q(db, "SELECT value FROM metric_observations")] == [610]
    assert [r["value"] for r in q(db, "SELECT value FROM metric_values")] == [610]
