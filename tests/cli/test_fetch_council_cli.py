"""`council-etl fetch --council NAME` end to end, with a registry entry pointed at a loopback
site serving live-shaped replies: papers, item minutes, meetings, items and resolutions in the
warehouse; a second fetch downloads nothing; a rebuilt warehouse is rebuilt without network."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cli.main import main
from tests.fake_moderngov import FakeModernGov, recorded_sefton, registry_csv
from tests.pdf_factory import text_pdf

CHILDREN = "Overview and Scrutiny Committee (Children's Services and Safeguarding)"
FETCH = ["fetch", "--council", "Sefton", "--committee-match", "children|corporate parenting|fostering",
         "--since", "2018-01-01"]


@pytest.fixture
def site(corpus_dir, tmp_path, monkeypatch):
    minutes = tmp_path / "printed-minutes.pdf"
    minutes.write_bytes(text_pdf([CHILDREN, "Minutes of the meeting held on 26 September 2018",
                                  "RESOLVED: That the report be noted."]))
    # A one-page pack keeps processing quick; fetch treats it like any other paper.
    pack = tmp_path / "pack.pdf"
    pack.write_bytes(text_pdf(["Public Document Pack", CHILDREN, "Wednesday, 26th September, 2018",
                               "AGENDA", "9. Fostering Service Fees & Charges 2018/19"]))
    with FakeModernGov([recorded_sefton(corpus_dir, minutes, pack=pack)]) as fake:
        registry = registry_csv(tmp_path / "councils.csv", fake.base_url("/sefton"))
        monkeypatch.setenv("COUNCIL_ETL_REGISTRY", str(registry))
        yield fake


def config(tmp_path: Path) -> list[str]:
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text('[warehouse]\ndb = "wh/warehouse.duckdb"\n\n[fetch]\n'
                   'user_agent = "council-etl-tests/1 (tests@example.org)"\n'
                   "delay_seconds = 0\nbackoff_seconds = 0\nretries = 0\n")
    return ["--config", str(cfg)]


def query(db: Path, sql: str):
    from warehouse.store import connect_read_only
    con = connect_read_only(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_fetch_council_fills_meetings_items_and_actions(tmp_path, site, capsys):
    assert main(FETCH + config(tmp_path)) == 0
    out = capsys.readouterr()
    assert "13 papers: 10 new, 0 changed, 0 unchanged, 3 restricted, 0 failed" in out.out
    assert "meeting 1 of 1 (26 Sep 2018)" in out.err                     # progress
    db = tmp_path / "wh" / "warehouse.duckdb"
    # Every fetched document's council is the registry's.
    assert query(db, "SELECT DISTINCT authority, authority_code FROM documents") == [
        ("Sefton", "E08000014")]
    # The meeting, one row per document that records it, never two in one document.
    rows = query(db, "SELECT document_id, committee FROM meetings WHERE meeting_date = '2018-09-26'")
    assert rows and all(c == CHILDREN for _, c in rows)
    assert len({d for d, _ in rows}) == len(rows)
    items = query(db, "SELECT DISTINCT item_number, title FROM agenda_items a JOIN document_sources s "
                      "USING (document_id) WHERE s.source_path LIKE '%mgAi.aspx%'")
    assert ("9", "Fostering Service Fees & Charges 2018/19") in items
    assert not any("&amp;" in t for _, t in items)
    actions = query(db, "SELECT meeting_date, agenda_item, owner FROM actions "
                        "WHERE kind = 'resolution' AND text LIKE '%fees & charges%'")
    assert actions and all(d == date(2018, 9, 26) and n == "9" for d, n, _ in actions)
    sources = query(db, "SELECT count(*) FROM document_sources")
    assert sources[0][0] == 10                             # the pack and frontsheet: one document

    capsys.readouterr()
    documents_before = site.count("/documents/") + site.count("mgConvert2PDF")
    assert main(FETCH + config(tmp_path)) == 0
    assert "fetched: 0 new or changed paper(s), 0 to process" in capsys.readouterr().out
    assert site.count("/documents/") + site.count("mgConvert2PDF") == documents_before + 6  # all 304

    # A rebuilt warehouse: the old one gone, the site gone; the raw store has every paper.
    expected = query(db, "SELECT count(*) FROM documents")[0][0]
    db.unlink()
    site.stop()
    capsys.readouterr()
    assert main(FETCH + config(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "re-processed from the raw store, not downloaded again" in out
    assert query(db, "SELECT count(*) FROM documents")[0][0] == expected
    assert query(db, "SELECT count(*) FROM document_sources")[0][0] == 10


def test_councils_lists_the_registry(tmp_path, site, capsys):
    assert main(["councils", "--cms", "moderngov"] + config(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "SFT" in out and "Sefton" in out and "E08000014" in out
    assert "1 of 1 councils" in out


def test_unknown_council_suggests_names(tmp_path, site, capsys):
    assert main(["fetch", "--council", "Sefon", "--committee-match", "x"] + config(tmp_path)) == 2
    assert "did you mean Sefton" in capsys.readouterr().err


def test_sources_entry_may_name_a_council(tmp_path, site, capsys):
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text('[warehouse]\ndb = "wh/warehouse.duckdb"\n\n[fetch]\ndelay_seconds = 0\n\n'
                   '[sources.sefton]\ncouncil = "Sefton"\ncommittee_match = "children"\n'
                   'start_date = 2018-01-01\n')
    assert main(["fetch", "--config", str(cfg), "--download-only"]) == 0
    assert "sefton:" in capsys.readouterr().out
    from pipeline.sources import pending_items
    items = pending_items(type("S", (), {"db": tmp_path / "wh" / "warehouse.duckdb"})())
    assert items and all(i.source.authority == "Sefton" for i in items)


def test_list_a_councils_committees_by_name(tmp_path, site, capsys):
    assert main(["fetch", "--council", "Sefton", "--list-committees"] + config(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "Sefton" in out and f"101  {CHILDREN}" in out and "138  Corporate Parenting Board" in out


def test_sigterm_stops_a_fetch_stuck_on_a_slow_site_and_keeps_what_came(tmp_path, site):
    import os
    import signal
    import subprocess
    import sys
    import time

    from pipeline.sources import pending_items
    from tests.conftest import REPO
    from tests.fake_moderngov import RECORDED_MINUTES
    site.trickle_headers["/sefton" + RECORDED_MINUTES] = 60.0
    args = FETCH + config(tmp_path) + ["--download-only"]
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", *args], cwd=REPO, env=os.environ.copy(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(600):                    # until the slow paper is being read
            if site.count("Printed minutes"):
                break
            time.sleep(0.05)
        assert site.count("Printed minutes")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 143, err
    assert b"interrupted by signal SIGTERM" in err
    # Papers downloaded before the signal wait for the next fetch.
    items = pending_items(type("S", (), {"db": tmp_path / "wh" / "warehouse.duckdb"})())
    assert any(i.source_key.endswith("/s3101/Fostering.pdf") for i in items)
