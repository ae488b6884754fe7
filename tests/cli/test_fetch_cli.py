"""`council-etl fetch` end to end: fake ModernGov on 127.0.0.1 -> raw store -> DuckDB warehouse."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cli.main import main
from pipeline.sources import pending_items
from tests.fake_moderngov import FakeCouncil, FakeDoc, FakeItem, FakeMeeting, FakeModernGov

SCRUTINY = "Overview and Scrutiny Committee (Children's Services and Safeguarding)"


@pytest.fixture
def fake(corpus_dir):
    pdf = corpus_dir / "pdf"
    council = FakeCouncil(
        prefix="/sefton", committees={"101": SCRUTINY},
        meetings={"101": [FakeMeeting("2001", date(2017, 9, 26), items=[
            FakeItem("8", "Fostering Service Annual Report 2017/18", [
                FakeDoc("Fostering annual report", "/documents/s2001/Fostering.pdf",
                        pdf / "sefton-fostering-annual-report-2017-18.pdf")]),
            FakeItem("9", "Exempt: placement costs", [
                FakeDoc("Exempt appendix", "/documents/s2002/Exempt.pdf",
                        pdf / "southwark-fostering-annual-report-2016-17.pdf", restricted=True)]),
        ])]})
    with FakeModernGov([council]) as server:
        yield server


def write_config(tmp_path: Path, base_url: str) -> Path:
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text(f"""
[warehouse]
db = "wh/warehouse.duckdb"

[fetch]
user_agent = "council-etl-tests/1 (tests@example.org)"
delay_seconds = 0
backoff_seconds = 0

[sources.sefton]
base_url = "{base_url}"
committees = ["{SCRUTINY}"]
start_date = 2017-01-01
""")
    return cfg


def warehouse_rows(db: Path):
    from warehouse.store import connect_read_only
    con = connect_read_only(db)
    try:
        return con.execute("""
            SELECT s.url, s.source_name, s.committee, s.committee_id, s.meeting_id, s.meeting_date,
                   s.agenda_item_number, s.agenda_item_title, d.status
            FROM document_sources s JOIN documents d USING (document_id)""").fetchall()
    finally:
        con.close()


def test_fetch_processes_into_the_warehouse_and_a_rerun_fetches_nothing(tmp_path, fake, capsys):
    cfg = write_config(tmp_path, fake.base_url("/sefton"))
    assert main(["fetch", "--config", str(cfg), "--since", "2017-09-01"]) == 0
    db = tmp_path / "wh" / "warehouse.duckdb"
    (row,) = warehouse_rows(db)
    url, name, committee, cid, mid, mdate, number, title, status = row
    assert url.endswith("/sefton/documents/s2001/Fostering.pdf") and name == "sefton"
    assert (committee, cid, mid, mdate) == (SCRUTINY, "101", "2001", date(2017, 9, 26))
    assert (number, title) == ("8", "Fostering Service Annual Report 2017/18")
    assert status in ("ok", "partial")
    assert fake.count("Exempt.pdf") == 0
    assert pending_items(type("S", (), {"db": db})()) == []

    capsys.readouterr()
    assert main(["fetch", "--config", str(cfg), "--since", "2017-09-01"]) == 0
    out = capsys.readouterr().out
    assert "fetched: 0 new or changed paper(s), 0 to process" in out
    assert fake.requests["/sefton/documents/s2001/Fostering.pdf"] == 2   # second one answered 304


def test_download_only_leaves_papers_pending_for_the_next_fetch(tmp_path, fake, capsys):
    cfg = write_config(tmp_path, fake.base_url("/sefton"))
    db = tmp_path / "wh" / "warehouse.duckdb"
    assert main(["fetch", "--config", str(cfg), "--since", "2017-09-01", "--download-only"]) == 0
    assert not db.exists()
    settings = type("S", (), {"db": db})()
    (item,) = pending_items(settings)
    assert item.source.agenda_item_number == "8"
    assert main(["fetch", "--config", str(cfg), "--since", "2017-09-01"]) == 0
    assert len(warehouse_rows(db)) == 1 and pending_items(settings) == []
    assert fake.requests["/sefton/documents/s2001/Fostering.pdf"] == 2


def test_one_off_moderngov_without_sources(tmp_path, fake, capsys):
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text('[fetch]\ndelay_seconds = 0\n')
    db = tmp_path / "w.duckdb"
    assert main(["fetch", "--config", str(cfg), "--moderngov", fake.base_url("/sefton"),
                 "--committee", "101", "--since", "2017-09-01", "--db", str(db),
                 "--download-only"]) == 0
    assert "1 new or changed paper(s)" in capsys.readouterr().out
    (item,) = pending_items(type("S", (), {"db": db})())
    assert item.source.source_name == "127.0.0.1" and item.source.committee == SCRUTINY


def test_list_committees(tmp_path, fake, capsys):
    cfg = write_config(tmp_path, fake.base_url("/sefton"))
    assert main(["fetch", "--config", str(cfg), "--list-committees"]) == 0
    assert f"101  {SCRUTINY}" in capsys.readouterr().out


def test_no_sources_is_a_clear_error(tmp_path, capsys):
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text("")
    assert main(["fetch", "--config", str(cfg)]) == 2
    assert "no sources configured" in capsys.readouterr().err
