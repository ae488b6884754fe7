"""Every hostile file gets the status and the sentence its manifest says (tests/corpus/hostile)."""
from __future__ import annotations

import csv
import hashlib

import pytest

from pipeline.process import process_bytes
from tests.conftest import REPO
from tests.fuzz import hostile_files

HOSTILE = REPO / "tests" / "corpus" / "hostile"
MANIFEST = list(csv.DictReader((HOSTILE / "manifest.csv").open(encoding="utf-8")))


def file_bytes(entry: str) -> bytes:
    if entry.startswith("generated:"):
        return hostile_files.GENERATED[entry.split(":", 1)[1]]()
    return (HOSTILE / entry).read_bytes()


def test_manifest_lists_every_file_and_every_generator():
    listed = {row["file"] for row in MANIFEST}
    stored = {p.name for p in HOSTILE.iterdir() if p.name not in ("manifest.csv", "README.md")}
    assert stored == {f for f in listed if not f.startswith("generated:")}
    assert set(hostile_files.GENERATED) == {f.split(":", 1)[1] for f in listed
                                            if f.startswith("generated:")}


def test_stored_files_are_what_their_builders_make():
    for name, build in hostile_files.COMMITTED.items():
        assert (HOSTILE / name).read_bytes() == build(), name


@pytest.mark.parametrize("row", MANIFEST, ids=[row["file"] for row in MANIFEST])
def test_hostile_file_gets_its_status_and_reason(row):
    data = file_bytes(row["file"])
    name = row["file"].split(":", 1)[-1]
    result = process_bytes(data, f"/papers/{name}", hashlib.sha256(data).hexdigest())
    assert result.status == row["status"], result.error
    if row["message"]:
        assert row["message"] in (result.error or "")
    else:
        assert result.error is None
    if row["status"] in ("partial", "failed") and "cap" in row["message"]:
        assert name in (result.error or "")                 # a cap's sentence names the file
    for block in result.document.blocks:
        assert "\x00" not in block.text
