"""make bench: speed and memory figures measured side by side in one run.

Every figure is measured here, now, on the same files: the pipeline against bare pdfplumber text
extraction on the same pages; the pipeline with and without table extraction; the NLP stage's
share; layout's share of the parse; the cost of a no-op re-run; analyst queries on a synthetic
warehouse. Each measurement runs in a fresh subprocess so peak memory is its own.
Results are printed and written to bench/results/bench-<time>.json (not committed).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# Targets from the issues, checked and printed next to each figure.
TARGET_NOOP_SHARE = 0.20          # no-op re-run <= 20% of the first run
TARGET_PIPELINE_VS_BARE = 1.5     # whole pipeline within 1.5x of bare pdfplumber extract_text
TARGET_NLP_VS_PARSE = 1.0         # NLP adds no more than the PDF parse itself
TARGET_QUERY_MS = 200.0           # analyst queries on one million observations


def _child(code: str, *args: str) -> dict:
    """Run a measurement in a fresh interpreter; it prints one JSON line last."""
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


BARE = r"""
import json, resource, sys, time, glob, logging
import pdfplumber
logging.getLogger("pdfminer").setLevel(logging.ERROR)
files = json.loads(sys.argv[1])
t = time.perf_counter(); pages = 0
for f in files:
    with pdfplumber.open(f) as pdf:
        for page in pdf.pages:
            page.extract_text(); pages += 1; page.close()
print(json.dumps({"seconds": time.perf_counter() - t, "pages": pages,
                  "cpu_seconds": time.process_time(),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PIPELINE = r"""
import hashlib, json, resource, sys, time
from pathlib import Path
import pdfminer.pdfinterp as interp
from extractors.read import pdf_layout as layout
import extractors.read.pdf_tables as pdf_tables
from pipeline import process
files, variant = json.loads(sys.argv[1]), sys.argv[2]

interpreted = {"pages": 0}
_process_page = interp.PDFPageInterpreter.process_page
def counting(self, page):
    interpreted["pages"] += 1
    return _process_page(self, page)
interp.PDFPageInterpreter.process_page = counting

layout_seconds = {"s": 0.0}
for name in ("words_to_blocks", "merge_in_reading_order"):
    fn = getattr(layout, name)
    def timed(*a, _fn=fn, **k):
        t = time.perf_counter()
        try:
            return _fn(*a, **k)
        finally:
            layout_seconds["s"] += time.perf_counter() - t
    setattr(layout, name, timed)

if variant == "no-tables":
    pdf_tables.find_tables = lambda page, number, words=None, notes=None: []
    process.EXTRACTORS = [e for e in process.EXTRACTORS if e[0] != "tables"]

t = time.perf_counter(); pages = 0; stages = {}; chars = 0; statuses = {}
for f in files:
    data = Path(f).read_bytes()
    r = process.process_bytes(data, f, hashlib.sha256(data).hexdigest())
    pages += len(r.document.pages)
    chars += sum(len(b.text) for b in r.document.blocks if b.kind != "table")
    statuses[r.status] = statuses.get(r.status, 0) + 1
    for k, v in r.timings.items():
        stages[k] = stages.get(k, 0.0) + v
print(json.dumps({"seconds": time.perf_counter() - t, "pages": pages, "stages": stages,
                  "chars": chars, "interpreted_pages": interpreted["pages"],
                  "layout_seconds": layout_seconds["s"], "statuses": statuses,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

RUN = r"""
import json, resource, sys, time
from pipeline.config import load_settings
from pipeline.runner import discover, needs_processing, run_items
corpus, db = sys.argv[1], sys.argv[2]
t = time.perf_counter()
settings = load_settings(db=db)
items = discover([corpus])
# The same decision the CLI makes: with nothing to process, no orchestrator is started.
needs_processing(items, settings)
summary = run_items(items, settings, trigger="bench")
print(json.dumps({"seconds": time.perf_counter() - t, "processed": summary.n_processed,
                  "unchanged": summary.n_unchanged, "stages": summary.stage_seconds,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def cli_run(pdf_dir: str, db: Path, *flags: str) -> dict:
    """`council-etl run` as a user runs it, into a fresh warehouse (Prefect's home is shared, as
    it is between a user's nightly runs): its wall-clock seconds, and the CPU seconds of every
    process it started (Prefect's server, the workers' fork server and the workers, which are
    not all children it waits for: this process adopts them as a child subreaper and reaps
    them). CPU time says what the run costs whatever else the machine is doing."""
    env = {**os.environ, "PREFECT_HOME": str(db.parent / ".prefect")}
    env.pop("PREFECT_API_URL", None)
    adopting = _become_subreaper()
    before = _children_cpu()
    ours = _child_pids()
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli.main", "run", pdf_dir, "--db", str(db), *flags],
                   cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    if not adopting:
        return dict(seconds=wall, cpu_seconds=None)
    for pid in _child_pids() - ours:        # adopted: left running when the CLI exited
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    return dict(seconds=wall, cpu_seconds=_children_cpu() - before)


def _become_subreaper() -> bool:
    """Linux: orphaned descendants are re-parented to this process (so their CPU is counted)."""
    try:
        import ctypes
        PR_SET_CHILD_SUBREAPER = 36
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1) == 0
    except (OSError, AttributeError):
        return False


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child_pids() -> set[int]:
    pids: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):
            pids.update(int(p) for p in (task / "children").read_text().split())
    return pids


# Every variant but the default names its worker count: the default is two workers on a machine
# with two cores (pipeline.config.default_workers), so a variant without --workers is not one.
RUN_VARIANTS = [("default run (Prefect, defaults)", "default", ()),
                ("Prefect, 1 worker", "prefect_1", ("--workers", "1")),
                ("--no-prefect, 1 worker", "no_prefect_1", ("--no-prefect", "--workers", "1")),
                ("--no-prefect, 2 workers", "no_prefect_2", ("--no-prefect", "--workers", "2")),
                ("Dask LocalCluster, 2 workers", "dask_2", ("--dask",))]


def run_paths(pdf_dir: str, pdfs: list[str], only: set[str] | None = None,
              ) -> tuple[dict, list[str]]:
    """Each way to run against bare pdfplumber on the same pages, the bare measurement taken
    just before it (a shared machine's load drifts; adjacent pairs keep the ratio honest).
    `only`: the variants' keys to measure (all when None)."""
    variants = [v for v in RUN_VARIANTS if only is None or v[1] in only]
    figures: dict = {}
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # Creates Prefect's home and database, as a user's first run does.
        figures["prefect_first_use"] = cli_run(pdf_dir, root / "warm.duckdb")["seconds"]
        cluster = _local_cluster() if any(v[1] == "dask_2" for v in variants) else None
        try:
            for _, key, flags in variants:
                if key == "dask_2":
                    if cluster is None:
                        continue
                    flags = ("--dask", cluster.scheduler_address)
                bare = _child(BARE, json.dumps(pdfs))
                pages = bare["pages"]
                figures[key] = dict(**cli_run(pdf_dir, root / f"{key}.duckdb", *flags),
                                    bare_seconds=bare["seconds"],
                                    bare_cpu_seconds=bare["cpu_seconds"])
        finally:
            if cluster is not None:
                cluster.close()
    lines = [f"Runs as a user runs them (`council-etl run`, fresh warehouse, {pages} PDF pages; "
             "each beside a bare pdfplumber extract_text run made just before it; CPU: every "
             "process of the run against the bare run's process):"]
    for label, key, _ in variants:
        got = figures.get(key)
        if got is None:
            lines.append(f"  {label:<30}: not measured (distributed not installed)")
            continue
        ratio = got["seconds"] / got["bare_seconds"]
        target = (f"; target <= {TARGET_PIPELINE_VS_BARE}x: "
                  f"{verdict(ratio <= TARGET_PIPELINE_VS_BARE)}" if key == "default" else "")
        cpu = (f"; CPU {got['cpu_seconds']:.1f}s = "
               f"{got['cpu_seconds'] / got['bare_cpu_seconds']:.2f}x bare's"
               if got.get("cpu_seconds") is not None else "")
        lines.append(f"  {label:<30}: {rate(pages, got['seconds']):6.2f} pages/s "
                     f"({got['seconds']:.1f}s) vs bare "
                     f"{rate(pages, got['bare_seconds']):6.2f} pages/s = {ratio:.2f}x bare"
                     f"{target}{cpu}")
    lines.append(f"  (first Prefect run in a new folder, creating Prefect's database: "
                 f"{figures['prefect_first_use']:.1f}s)")
    return figures, lines


def _local_cluster():
    """A Dask cluster of two worker processes on this machine, quiet like the CLI's Prefect."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return None
    sys.path.insert(0, str(REPO))
    from flows import prefect_env
    prefect_env.configure()         # the workers inherit the quiet, offline Prefect settings
    return LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                        dashboard_address=None, silence_logs=40)


def rate(pages: int, seconds: float) -> float:
    return pages / seconds if seconds else float("nan")


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    ap.add_argument("--skip-analyst", action="store_true", help="skip the 1M-row query benchmark")
    ap.add_argument("--skip-runs", action="store_true",
                    help="skip the CLI runs (Prefect, workers, Dask) on the PDF folder")
    ap.add_argument("--runs-only", metavar="KEYS", default=None,
                    help="only the CLI runs, these ones (comma-separated: "
                         + ", ".join(v[1] for v in RUN_VARIANTS) + ")")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}: pass --corpus or make bench CORPUS=...", file=sys.stderr)
        return 2
    # The council papers as PDFs (corpus/pdf when the corpus has that folder, as the issues'
    # measurements do), else every PDF under the corpus.
    pdf_root = corpus / "pdf" if (corpus / "pdf").is_dir() else corpus
    pdfs = sorted(str(p) for p in pdf_root.rglob("*.pdf"))
    figures: dict = {"when": datetime.now().isoformat(timespec="seconds"), "corpus": str(corpus),
                     "pdf_files": len(pdfs)}
    lines: list[str] = []
    pdf_dirs = sorted({str(Path(p).parent) for p in pdfs})
    if args.runs_only:
        if len(pdf_dirs) != 1:
            print("--runs-only needs the corpus PDFs in one folder", file=sys.stderr)
            return 2
        runs, lines = run_paths(pdf_dirs[0], pdfs, set(args.runs_only.split(",")))
        figures["runs"] = runs
        return _report(figures, lines)

    bare = _child(BARE, json.dumps(pdfs))
    full = _child(PIPELINE, json.dumps(pdfs), "full")
    no_tables = _child(PIPELINE, json.dumps(pdfs), "no-tables")
    figures.update(bare=bare, pipeline=full, pipeline_without_tables=no_tables)
    ratio = full["seconds"] / bare["seconds"]
    lines += [
        f"PDF corpus: {bare['pages']} pages in {len(pdfs)} files",
        f"  bare pdfplumber extract_text : {rate(bare['pages'], bare['seconds']):6.2f} pages/s "
        f"({bare['seconds']:.1f}s, peak {bare['peak_mb']:.0f} MB)",
        f"  pipeline, all stages         : {rate(full['pages'], full['seconds']):6.2f} pages/s "
        f"({full['seconds']:.1f}s, peak {full['peak_mb']:.0f} MB)  = {ratio:.2f}x bare; "
        f"target <= {TARGET_PIPELINE_VS_BARE}x: {verdict(ratio <= TARGET_PIPELINE_VS_BARE)}",
        f"  pipeline, no table extraction: {rate(no_tables['pages'], no_tables['seconds']):6.2f} pages/s "
        f"({no_tables['seconds']:.1f}s) = {no_tables['seconds'] / bare['seconds']:.2f}x bare "
        f"(table text is then read as prose: " + ", ".join(
            f"{k} {v:.1f}s" for k, v in no_tables["stages"].items()) + ")",
        f"  pages interpreted by pdfminer: {full['interpreted_pages']} for {full['pages']} pages "
        f"({'each page parsed once' if full['interpreted_pages'] == full['pages'] else 'SOME PAGES PARSED TWICE'})",
    ]
    if len(pdf_dirs) == 1 and not args.skip_runs:
        runs, run_lines = run_paths(pdf_dirs[0], pdfs)
        figures["runs"] = runs
        lines += run_lines
    stages = full["stages"]
    parse = stages.get("parse", 0.0)
    nlp = stages.get("prose", 0.0) + stages.get("actions", 0.0)
    lines.append("  time per stage: " + ", ".join(f"{k} {v:.2f}s" for k, v in stages.items()))
    lines.append(f"  layout analysis: {1000 * full['layout_seconds'] / max(full['pages'], 1):.1f} ms/page, "
                 f"{100 * full['layout_seconds'] / parse if parse else 0:.0f}% of the parse")
    lines.append(f"  NLP (prose + actions): {full['chars'] / nlp if nlp else 0:,.0f} chars/s, "
                 f"{100 * nlp / full['seconds']:.0f}% of pipeline time, {nlp / parse if parse else 0:.2f}x the "
                 f"parse; target <= {TARGET_NLP_VS_PARSE}x: {verdict(nlp <= TARGET_NLP_VS_PARSE * parse)}")

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.duckdb")
        first = _child(RUN, str(corpus), db)
        noop = _child(RUN, str(corpus), db)
        share = noop["seconds"] / first["seconds"]
        figures.update(first_run=first, noop_run=noop, noop_share=share)
        lines += [
            f"Whole corpus ({first['processed']} files, text and PDF) into a fresh warehouse:",
            f"  first run {first['seconds']:.1f}s (peak {first['peak_mb']:.0f} MB); no-op re-run "
            f"{noop['seconds']:.2f}s ({noop['unchanged']} unchanged) = {100 * share:.1f}% of the first; "
            f"target <= {100 * TARGET_NOOP_SHARE:.0f}%: {verdict(share <= TARGET_NOOP_SHARE)}",
        ]
        if not args.skip_analyst:
            try:
                from bench.analyst import run_analyst_bench
            except ImportError:
                lines.append("Analyst queries: bench/analyst.py not available")
            else:
                analyst = run_analyst_bench(Path(tmp))
                figures["analyst"] = analyst
                lines.append("Analyst queries on a synthetic warehouse:")
                for name, ms in analyst.get("queries_ms", {}).items():
                    lines.append(f"  {name:<16} {ms:8.1f} ms  target < {TARGET_QUERY_MS:.0f} ms: "
                                 f"{verdict(ms < TARGET_QUERY_MS)}")
                for k, v in analyst.items():
                    if k != "queries_ms":
                        lines.append(f"  {k}: {v}")

    return _report(figures, lines)


def _report(figures: dict, lines: list[str]) -> int:
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(figures, indent=2, default=str))
    print("\n".join(lines))
    print(f"figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
