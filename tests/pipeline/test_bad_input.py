"""Bad input gets a clear error, its bytes are kept, and the run goes on."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from pipeline.config import load_settings
from pipeline.rawstore import RawStore
from pipeline.runner import discover, run_items
from tests.pdf_factory import image_only_pdf, text_pdf

GOOD = "Fostering report\n\nThere were 120 foster carers at 31 March 2018.\n"


def _make_inputs(folder: Path) -> dict[str, Path]:
    good_pdf = text_pdf(["Fostering Service Annual Report", "There were 120 households."])
    files = {
        "empty.txt": b"",
        "random.pdf": os.urandom(4096).replace(b"%PDF", b"%PDX"),
        "truncated.pdf": good_pdf[: len(good_pdf) // 3],
        "encrypted.pdf": text_pdf(["Secret figures 42"], encrypt="s3cret"),
        "scanned.pdf": image_only_pdf(pages=2),
        "half-scanned.pdf": image_only_pdf(pages=3, text_on_page=1),
        "binary.txt": bytes(range(256)) * 20,
        "windows-1252.txt": "Fostering costs rose to £157,133 – a “rise”.\n".encode("cp1252"),
        "one-line.txt": ("figure " * 120_000).encode() + b"\n",
        "report.docx": b"PK\x03\x04" + os.urandom(2000),
        "good.txt": GOOD.encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    inputs = root / "inputs"
    inputs.mkdir()
    paths = _make_inputs(inputs)
    settings = load_settings(db=str(root / "w.duckdb"))
    summary = run_items(discover([inputs]), settings, trigger="test")
    con = duckdb.connect(str(settings.db), read_only=True)
    docs = {Path(r[0]).name: r[1:] for r in con.execute(
        "SELECT source_path, status, error, sha256 FROM documents").fetchall()}
    con.close()
    return summary, docs, settings, paths


def test_run_goes_on_and_reports_every_file(bad_run):
    summary, docs, _, paths = bad_run
    assert summary.n_processed == len(paths)
    assert docs["good.txt"][0] == "ok"
    assert set(docs) == set(paths)


@pytest.mark.parametrize("name,status,phrase", [
    ("empty.txt", "failed", "empty"),
    ("random.pdf", "skipped", "binary data"),
    ("truncated.pdf", "failed", "damaged or truncated"),
    ("encrypted.pdf", "failed", "encrypted; supply the password"),
    ("scanned.pdf", "partial", "needs OCR"),
    ("half-scanned.pdf", "partial", "page(s) 2-3 have no text layer"),
    ("binary.txt", "skipped", "binary data"),
    ("report.docx", "skipped", "ZIP container"),
])
def test_bad_input_gets_a_plain_english_error(bad_run, name, status, phrase):
    _, docs, _, _ = bad_run
    got_status, error, _ = docs[name]
    assert got_status == status
    assert phrase in error


def test_non_utf8_text_is_decoded_not_rejected(bad_run):
    _, docs, settings, _ = bad_run
    assert docs["windows-1252.txt"][0] == "ok"
    con = duckdb.connect(str(settings.db), read_only=True)
    text = con.execute("SELECT string_agg(text, ' ') FROM blocks b JOIN documents d USING (document_id) "
                       "WHERE d.source_path LIKE '%windows-1252.txt'").fetchone()[0]
    con.close()
    assert "£157,133" in text and "“rise”" in text


def test_a_single_huge_line_is_read(bad_run):
    """Read and stored; a sentence past the per-sentence cap makes it partial, saying so."""
    _, docs, settings, _ = bad_run
    status, error, _ = docs["one-line.txt"]
    assert status == "ok" or (status == "partial" and "longer than" in error), (status, error)
    con = duckdb.connect(str(settings.db), read_only=True)
    n_blocks = con.execute("SELECT count(*) FROM blocks b JOIN documents d USING (document_id) "
                           "WHERE d.source_path LIKE '%one-line.txt'").fetchone()[0]
    con.close()
    assert n_blocks >= 1


def test_raw_bytes_are_kept_for_every_input(bad_run):
    _, docs, settings, paths = bad_run
    store = RawStore(settings.raw_store_dir)
    for name, path in paths.items():
        sha = docs[name][2]
        assert store.read(sha) == path.read_bytes(), name


def test_the_run_row_lists_what_failed_and_why(bad_run):
    import json
    summary, docs, settings, _ = bad_run
    con = duckdb.connect(str(settings.db), read_only=True)
    n_failed, failures = con.execute("SELECT n_failed, failures FROM runs").fetchone()
    con.close()
    listed = {Path(f["source"]).name: f for f in json.loads(failures)}
    assert n_failed == sum(1 for s, _, _ in docs.values() if s == "failed")
    assert listed["encrypted.pdf"]["status"] == "failed"
    assert "encrypted" in listed["encrypted.pdf"]["error"]
    assert "good.txt" not in listed
