"""Shared fixtures. Sample papers live in ../shared beside the repo and are never copied in."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COUNCIL_ETL_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
REFERENCE = SHARED / "reference" / "dfe"

# Keep Prefect quiet, local and offline in every test process.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"sample data not found at {path}: these tests read ../shared beside the repo")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _need(CORPUS)


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return _need(REFERENCE)


def corpus_file(kind: str, stem: str) -> Path:
    """A corpus file by folder ('text', 'pdf', 'peer') and name; skips when ../shared is absent."""
    suffix = ".txt" if kind == "text" else ".pdf"
    path = CORPUS / kind / (stem if stem.endswith((".txt", ".pdf")) else stem + suffix)
    return _need(path)


def process_file(path: Path):
    """Read and extract one file exactly as the pipeline does (no warehouse)."""
    from pipeline.process import process_bytes
    data = path.read_bytes()
    return process_bytes(data, str(path), hashlib.sha256(data).hexdigest())


@pytest.fixture(scope="session")
def processed():
    """process_file with a per-session cache: each corpus paper is parsed once per test run."""
    cache: dict[Path, object] = {}

    def get(kind: str, stem: str):
        path = corpus_file(kind, stem)
        if path not in cache:
            cache[path] = process_file(path)
        return cache[path]
    return get


@pytest.fixture(scope="session")
def corpus_warehouse(corpus_dir, reference_dir, tmp_path_factory) -> Path:
    """The corpus text papers and the DfE reference files in one warehouse, built once a session."""
    from cli.main import main as cli
    from pipeline.config import Settings
    from pipeline.runner import discover, run_items
    db = tmp_path_factory.mktemp("corpus-warehouse") / "w.duckdb"
    run_items(discover([corpus_dir / "text"]), Settings(db=db), trigger="test")
    assert cli(["reference", "load", str(reference_dir), "--db", str(db)]) == 0
    return db
