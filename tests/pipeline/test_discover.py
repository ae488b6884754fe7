"""Discovery reads only regular files inside the given folders, refuses the rest with a reason,
never hangs or crashes on links, pipes or devices, and gives local papers their council."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.errors import PipelineError
from pipeline.config import load_settings
from pipeline.discover import CouncilMap, discover_inputs, resolve_council


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "papers"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("There were 12 foster carers.\n")
    (folder / "sub" / "also.txt").write_text("There were 14 foster carers.\n")
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "sub" / "up").symlink_to(folder)                 # a folder loop
    (folder / "dangling").symlink_to(folder / "nowhere")
    (folder / "inside.txt").symlink_to(folder / "good.txt")    # same file twice
    os.mkfifo(folder / "pipe")
    (folder / "big.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    (folder / "new\nline.txt").write_text("Line breaks in names.\n")
    return folder


def names(paths) -> list[str]:
    return sorted(Path(p).name for p in paths)


def test_only_regular_files_inside_the_folder_are_taken(hostile):
    found = discover_inputs([hostile], max_bytes=1024 * 1024)
    assert names(i.path for i in found.items) == ["also.txt", "good.txt", "new\nline.txt"]
    reasons = {Path(r.path).name: r.reason for r in found.refused}
    assert "outside the folder" in reasons["passwd"] and "--follow-links" in reasons["passwd"]
    assert "outside the folder" in reasons["zero"]
    assert "link loop" in reasons["loop"]
    assert "named pipe" in reasons["pipe"]
    assert "No such file" in reasons["dangling"]
    assert "over the 1 MB limit" in reasons["big.pdf"] and "not read" in reasons["big.pdf"]


def test_following_links_is_an_opt_in_that_still_refuses_devices_and_loops(hostile):
    found = discover_inputs([hostile], follow_links=True, max_bytes=1024 * 1024)
    assert "passwd" in names(i.path for i in found.items)
    reasons = {Path(r.path).name: r.reason for r in found.refused}
    assert "a device" in reasons["zero"]
    assert "already walked" in reasons["up"]


def test_a_named_file_is_taken_and_a_missing_one_is_an_error(hostile):
    found = discover_inputs([hostile / "good.txt"])
    assert [i.source_key for i in found.items] == [str((hostile / "good.txt").resolve())]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        discover_inputs([hostile / "absent.txt"])
    assert "named pipe" in discover_inputs([hostile / "pipe"]).refused[0].reason


def test_a_run_reports_what_discovery_refused(hostile, tmp_path):
    from pipeline.runner import run_items
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text(f'[warehouse]\ndb = "{tmp_path / "w.duckdb"}"\n[run]\nmax_file_mb = 1\n')
    settings = load_settings(config=str(cfg))
    found = discover_inputs([hostile], max_bytes=settings.max_file_bytes)
    summary = run_items(found.items, settings, trigger="test", refused=found.refused)
    assert summary.n_processed == 3 and summary.statuses["ok"] == 3
    refused = {Path(source).name: (status, error) for source, status, error in summary.failures}
    assert refused["pipe"][0] == "skipped" and "named pipe" in refused["pipe"][1]
    assert refused["big.pdf"][0] == "skipped" and "max_file_mb" in refused["big.pdf"][1]
    assert not any(Path(p).name == "passwd" for p in _raw_sources(settings))


def _raw_sources(settings) -> list[str]:
    import duckdb
    con = duckdb.connect(str(settings.db), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT source_path FROM document_sources").fetchall()]
    finally:
        con.close()


def test_councils_by_name_or_code_and_unknown_names_refused():
    assert resolve_council("Sefton").code == "E08000014"
    assert resolve_council("sefton").name == "Sefton"
    assert resolve_council("E08000014").name == "Sefton"
    with pytest.raises(PipelineError, match="unknown council 'Narnia'"):
        resolve_council("Narnia")


def test_folder_mapping_sets_the_council_of_local_papers(tmp_path):
    for council in ("sefton", "southwark", "other"):
        (tmp_path / "papers" / council).mkdir(parents=True)
        (tmp_path / "papers" / council / "report.txt").write_text(f"{council} report\n")
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text('[run.authorities]\n"papers/sefton" = "Sefton"\n'
                   '"papers/southwark" = "Southwark"\n')
    settings = load_settings(config=str(cfg))
    found = discover_inputs([tmp_path / "papers"], councils=CouncilMap(settings.authorities))
    by_folder = {Path(i.path).parent.name: i.source for i in found.items}
    assert by_folder["sefton"].authority == "Sefton"
    assert by_folder["sefton"].authority_code == "E08000014"
    assert by_folder["southwark"].authority == "Southwark"
    assert by_folder["other"] is None
    everything = discover_inputs([tmp_path / "papers"],
                                 councils=CouncilMap(settings.authorities, "Coventry"))
    assert {i.source.authority for i in everything.items} == {"Coventry"}


def test_an_unknown_council_in_the_mapping_fails_before_any_work(tmp_path):
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text('[run.authorities]\n"papers" = "Atlantis"\n')
    with pytest.raises(PipelineError, match="unknown council 'Atlantis'"):
        CouncilMap(load_settings(config=str(cfg)).authorities)


def test_re_extraction_from_the_raw_store_keeps_the_folder_council(tmp_path, corpus_dir):
    from pipeline.runner import plan, run_items
    folder = tmp_path / "papers" / "coventry"
    folder.mkdir(parents=True)
    paper = folder / "report.txt"
    paper.write_bytes((corpus_dir / "text" /
                       "coventry-cabinet-member-fostering-annual-report-2017-18.txt").read_bytes())
    cfg = tmp_path / "council-etl.toml"
    cfg.write_text('[warehouse]\ndb = "w.duckdb"\n[run.authorities]\n"papers/coventry" = "Coventry"\n')
    settings = load_settings(config=str(cfg))
    found = discover_inputs([tmp_path / "papers"], councils=CouncilMap(settings.authorities))
    run_items(found.items, settings, trigger="test", extractor_version="v1")
    paper.unlink()                                  # gone: only the raw store has it now
    [job] = plan([], settings, extractor_version="v2").todo
    assert job.item.source_key == str(paper.resolve())
    assert job.item.source is not None and job.item.source.authority == "Coventry"
