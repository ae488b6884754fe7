"""Scale benchmark: the warehouse at 1,000 and 10,000 documents (about 5 million observations).

    .venv/bin/python -m bench.scale [--corpus ../shared/corpus] [--sizes 1000,10000]

The synthetic warehouse is built from the corpus's own extraction results: the corpus is run once
into bench/cache/corpus.duckdb, then its documents are copied with other councils (150 English
upper-tier authorities, every one at each size) and other years (2015-2024), each copy's
observations three times over different years, loaded through the writer's real staging and
publishing in batches of 1,000 documents. Built warehouses are cached in bench/cache/ (git-ignored); building 10,000 documents
takes minutes the first time.

Then, on a hard-linked copy of each warehouse (Parquet files are immutable, so a link is a copy):
a no-op run over the corpus (already loaded), a run adding one new document (its own extraction
time is subtracted: the target is the warehouse's share), and the analyst queries for one council
(compare, metric_values, metric_conflicts; median of 9 after a warm-up, and the first query of a
fresh connection), beside the same council's rows computed on read by the preferred-value rule
(computed_metric_values / computed_metric_conflicts, what every query cost before the writer kept
them). The no-op run is done five times (median); the run adding one document nine times
(median and minimum, each run's figure, the load average before and after, and the median time of
each publishing step, so that what grows shows). Each size runs in its own process, so the
writer's peak memory is its own, and the sizes take turns run by run, so that a change in the
machine's load over the minutes of a measurement falls on both sizes alike (the queries of each
size run while the other waits).
Targets (issue 14): no-op < 2 s; adding one document <= 2 s above its extraction; one council's
queries < 200 ms; none growing more than 20% from 1,000 to 10,000 documents.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Callable

from bench.analyst import median_ms

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE_ROOT = HERE / "cache"
BATCH = 1000
# Bumped when _copy_batch changes which council or year a synthetic document gets. 2: every
# council at both sizes (1: councils filled one after another, so 1,000 documents held 71 of the
# 150 councils and the 1,000 -> 10,000 comparison also doubled the councils).
LAYOUT = 2
N_COUNCILS = 150
FIRST_YEAR, N_YEARS = 2015, 10
OBSERVATION_COPIES = 3          # 14 corpus documents give ~170 observations each: ~500 per copy
REPEATS = 9                     # timed runs of each query after a warm-up (the median)
RUNS = 5                        # no-op runs (the median)
ADD_RUNS = 9                    # runs adding one document (the median and the minimum)
TARGETS = {"noop_s": 2.0, "add_one_over_extraction_s": 2.0, "query_ms": 200.0, "growth": 0.20}
DOCUMENT_TABLES = ("blocks", "tables", "table_cells", "actions", "meetings", "agenda_items")


def cache() -> Path:
    """One cache per extractor version: a newer extractor would re-extract the cached corpus
    documents, and the no-op run would not be one."""
    from pipeline.config import EXTRACTOR_VERSION
    return CACHE_ROOT / EXTRACTOR_VERSION


def warehouse_path(size: int) -> Path:
    return cache() / f"scale-{size}-layout{LAYOUT}" / "warehouse.duckdb"


def corpus_warehouse(corpus: Path) -> Path:
    """The corpus run once through the real pipeline (the templates of every synthetic copy)."""
    from pipeline.config import load_settings
    from pipeline.runner import discover, run_items
    db = cache() / "corpus" / "corpus.duckdb"
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        run_items(discover([corpus]), load_settings(db=str(db)), trigger="bench")
    return db


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


def _copy_batch(con, first: int, last: int) -> None:
    """Synthetic documents first..last (inclusive) into the staged tables: document i is for
    council i % 150 (so both sizes hold every council, and a council's share grows with the
    warehouse, as a backfill of more years does), a copy of corpus document (i // 150) % n,
    shifted by a year count that varies with i."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE copies AS
        WITH t AS (SELECT *, row_number() OVER (ORDER BY document_id) - 1 AS t FROM tmpl.documents),
             n AS (SELECT count(*) AS n FROM t),
             c AS (SELECT *, row_number() OVER (ORDER BY gss_code) - 1 AS c FROM councils)
        SELECT i, t.document_id AS src, t.authority_code AS src_code,
               'd' || substr(sha256('bench-' || i), 1, 16) AS document_id,
               c.gss_code AS code, c.name AS name, (i // 7) % {N_YEARS} AS shift
        FROM range({first}, {last + 1}) r(i), n
        JOIN c ON c.c = i % {N_COUNCILS}
        JOIN t ON t.t = (i // {N_COUNCILS}) % n.n""")
    con.execute("""
        INSERT INTO documents BY NAME
        SELECT k.document_id, sha256('bench-' || k.i) AS sha256,
               '/bench/synthetic/' || k.code || '/' || k.i || '.pdf' AS source_path, d.format,
               d.title, k.name AS authority, k.code AS authority_code, d.doc_type,
               CAST(d.period_start + to_years(k.shift) AS DATE) AS period_start,
               CAST(d.period_end + to_years(k.shift) AS DATE) AS period_end,
               CAST(d.meeting_date + to_years(k.shift) AS DATE) AS meeting_date, d.pages, d.status,
               d.extractor_version, now() AS ingested_at, now() AS processed_at, 'bench' AS run_id,
               d.n_bytes
        FROM copies k JOIN tmpl.documents d ON d.document_id = k.src""")
    con.execute("""
        INSERT INTO document_sources (source_path, document_id, first_seen, last_seen)
        SELECT '/bench/synthetic/' || code || '/' || i || '.pdf', document_id, now(), now()
        FROM copies""")
    con.execute(f"""
        INSERT INTO staged_metric_observations BY NAME
        SELECT o.* REPLACE (
                   k.document_id || '-c' || r || substr(o.observation_id, 18) AS observation_id,
                   k.document_id AS document_id,
                   CASE WHEN o.authority_code IS NOT DISTINCT FROM k.src_code THEN k.name
                        ELSE o.authority END AS authority,
                   CASE WHEN o.authority_code IS NOT DISTINCT FROM k.src_code THEN k.code
                        ELSE o.authority_code END AS authority_code,
                   CAST(o.period_start + to_years(k.shift + r) AS DATE) AS period_start,
                   CAST(o.period_end + to_years(k.shift + r) AS DATE) AS period_end,
                   o.value + (k.i % 5) AS value)
        FROM copies k JOIN tmpl.metric_observations o ON o.document_id = k.src,
             range({OBSERVATION_COPIES}) c(r)""")
    for table in DOCUMENT_TABLES:
        replace = ["k.document_id AS document_id"]
        if table in ("meetings", "agenda_items"):
            replace.append("k.document_id || substr(x.meeting_id, 18) AS meeting_id")
        if table == "actions":
            replace.append("k.document_id || substr(x.action_id, 18) AS action_id")
        con.execute(f"""
            INSERT INTO staged_{table} BY NAME
            SELECT x.* REPLACE ({', '.join(replace)})
            FROM copies k JOIN tmpl.{table} x ON x.document_id = k.src""")


def build(corpus_db: Path, size: int, smaller: int = 0) -> Path:
    """The corpus warehouse plus `size` synthetic documents, cached; continues from the cached
    warehouse of `smaller` documents when there is one (its documents are the first ones)."""
    from warehouse.store import Writer
    db = warehouse_path(size)
    if db.exists():
        with Writer(db):
            pass            # re-points the views if the cache folder was moved
        return db
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    start = warehouse_path(smaller)
    if not (smaller and start.exists()):
        start, smaller = corpus_db, 0
    linked_copy(start, db)
    with Writer(db) as w:           # re-points the copied views at the copied files
        pass
    started = time.perf_counter()
    with Writer(db) as w:
        for first in range(smaller, size, BATCH):
            assert w.con is not None     # a publish reconnects: attach the templates again
            w.con.execute(f"ATTACH '{_sql_path(corpus_db)}' AS tmpl (READ_ONLY)")
            w.con.execute(f"""CREATE OR REPLACE TEMP TABLE councils AS
                              SELECT gss_code, name FROM authorities
                              WHERE regexp_matches(gss_code, '^E(06|08|09|10)')
                              ORDER BY gss_code LIMIT {N_COUNCILS}""")
            _copy_batch(w.con, first, min(first + BATCH, size) - 1)
            w.con.execute("DETACH tmpl")
            w.publish()
            print(f"  built {min(first + BATCH, size)} of {size} documents "
                  f"({time.perf_counter() - started:.0f}s)", file=sys.stderr, flush=True)
    return db


def linked_copy(db: Path, target: Path) -> Path:
    """A copy to run on: the catalogue copied, the immutable Parquet files hard-linked."""
    from warehouse.parts import parts_root
    shutil.copyfile(db, target)
    shutil.copytree(parts_root(db), parts_root(target), copy_function=os.link)
    return target


def _row(con, sql: str, params: list | None = None) -> tuple:
    row = con.execute(sql, params or []).fetchone()
    assert row is not None, sql
    return row


def _timed_in_process(raw_root: str, spent: list[float]):
    from pipeline.runner import process_job

    def run(jobs):
        for job in jobs:
            t = time.perf_counter()
            result = process_job(job, raw_root)
            spent.append(time.perf_counter() - t)
            yield job, result
    return run


# The steps of a run adding one document, timed by wrapping these functions while it runs:
# (module, attribute, label). Nested steps are shown within their parent (indented labels).
STEPS = (("pipeline.runner", "plan", "plan (which inputs are new)"),
         ("warehouse.store", "Writer.__enter__", "open the writer (copy catalogue, migrate)"),
         ("pipeline.runner", "load_or_record_failure", "load the document (staged rows)"),
         ("warehouse.store", "Writer._swap_in", "publish"),
         ("warehouse.parts", "flush", "  flush to Parquet"),
         ("warehouse.parts", "note_changed_observations", "    note changed observations"),
         ("warehouse.parts", "_drop_deleted", "    drop replaced rows"),
         ("warehouse.parts", "_write_staged", "    write staged rows"),
         ("warehouse.parts", "_compact", "    merge small files"),
         ("warehouse.derived", "refresh", "    refresh metric_values/conflicts"),
         ("warehouse.derived", "fingerprint", "      fingerprint of the rule's inputs"),
         ("warehouse.derived", "_note_touched_keys", "      note touched keys"),
         ("warehouse.parts", "write_located_view", "      located_observations view"),
         ("warehouse.derived", "_merge_keys", "      merge touched keys into councils' files"),
         ("warehouse.derived", "write_views", "      metric_values/conflicts views"),
         ("warehouse.parts", "write_views", "    write the views"))


class StepTimer:
    """Seconds spent in each of STEPS during one run, for a breakdown of where a run goes."""

    def __init__(self) -> None:
        import importlib
        self.spent: dict[str, float] = {}
        self._undo: list = []
        for module, attr, label in STEPS:
            owner = importlib.import_module(module)
            if "." in attr:
                cls, attr = attr.split(".")
                owner = getattr(owner, cls)
            if attr in owner.__dict__:      # (a step an older version lacks is left out)
                self._wrap(owner, attr, label)

    def _wrap(self, owner, attr: str, label: str) -> None:
        original = owner.__dict__[attr]
        spent = self.spent

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - t
        setattr(owner, attr, timed)
        self._undo.append((owner, attr, original))

    def close(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)


def measure(db: Path, corpus: Path, wait_turn: Callable[[], None] = lambda: None) -> dict:
    """In this process: no-op run, run adding one document, one council's queries. wait_turn is
    called before each run and before the queries (see _measure_interleaved)."""
    from pipeline.config import load_settings
    from pipeline.runner import discover, run_items
    from warehouse.compare import compare_rows
    from warehouse.store import Writer, connect_read_only
    out: dict = {}
    con = connect_read_only(db)
    # Observations counted from the catalogue: a scan of every file here would count a reader's
    # memory as the writer's peak.
    out["documents"], out["observations"] = _row(
        con, """SELECT (SELECT count(*) FROM documents),
                       (SELECT sum(n_rows) FROM parquet_files
                        WHERE table_name = 'metric_observations')""")
    code, name = _row(con, """SELECT authority_code, any_value(authority) FROM documents
                               WHERE run_id = 'bench' GROUP BY 1 ORDER BY count(*) DESC, 1
                               LIMIT 1""")
    out["files"] = _row(con, "SELECT count(*) FROM parquet_files")[0]
    con.close()
    out["catalogue_mb"] = round(db.stat().st_size / 1e6, 1)
    with tempfile.TemporaryDirectory() as tmp:
        work = linked_copy(db, Path(tmp) / db.name)
        settings = load_settings(db=str(work))
        with Writer(work):
            pass        # a copy's one-off: newer migrations, views re-pointed at the copied files
        noops = []
        for _ in range(RUNS):
            wait_turn()
            t = time.perf_counter()
            noop = run_items(discover([corpus]), settings, trigger="bench")
            noops.append(time.perf_counter() - t)
            assert noop.n_processed == 0, "the corpus should already be loaded"
        out["noop_s"] = round(statistics.median(noops), 3)
        source = sorted((corpus / "text").glob("*.txt"))[0]
        # Extraction in this process, timed: the target is the warehouse's share of adding a
        # document. The extractors and spaCy model are loaded first (a one-off cost of any
        # process that extracts; starting the runner's worker processes is not measured here).
        from pipeline.process import process_bytes
        process_bytes(source.read_bytes(), str(source), "0" * 64, None)
        totals, extractions, steps = [], [], []
        load_before = os.getloadavg()[0]
        for n in range(ADD_RUNS):          # each run adds another new document
            wait_turn()
            new = Path(tmp) / f"new-paper-{n}.txt"
            new.write_text(source.read_text(encoding="utf-8") + f"\nLate correction {n}.\n",
                           encoding="utf-8")
            spent: list[float] = []
            timer = StepTimer()
            t = time.perf_counter()
            try:
                added = run_items([*discover([corpus]), *discover([new])], settings,
                                  trigger="bench",
                                  processor=_timed_in_process(str(settings.raw_store_dir), spent))
            finally:
                timer.close()
            totals.append(time.perf_counter() - t)
            extractions.append(sum(spent))
            steps.append(timer.spent)
            assert added.n_processed == 1
        over = [t - e for t, e in zip(totals, extractions)]
        out["add_one_s"] = round(statistics.median(totals), 3)
        out["add_one_extraction_s"] = round(statistics.median(extractions), 3)
        out["add_one_over_extraction_s"] = round(statistics.median(over), 3)
        out["add_one_over_extraction_min_s"] = round(min(over), 3)
        out["add_one_over_extraction_runs_s"] = [round(x, 3) for x in over]
        out["add_one_load_average"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
        # Median seconds of each step over the runs (a step a run did not reach counts as 0).
        out["add_one_steps_s"] = {label: round(statistics.median(s.get(label, 0.0) for s in steps), 3)
                                  for _, _, label in STEPS}
        out["writer_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        wait_turn()
        t = time.perf_counter()
        con = connect_read_only(work)
        first = _row(con, "SELECT count(*) FROM metric_values WHERE authority_code = ?", [code])
        out["first_query_ms"] = round((time.perf_counter() - t) * 1000, 1)
        queries = {
            "compare": lambda: compare_rows(con, "cla_count", [code], england=True),
            "metric_values": lambda: con.execute(
                "SELECT * FROM metric_values WHERE authority_code = ?", [code]).fetchall(),
            "metric_conflicts": lambda: con.execute(
                "SELECT * FROM metric_conflicts WHERE authority_code = ?", [code]).fetchall(),
        }
        out["council"] = f"{name} ({code}), {first[0]} values"
        out["query_ms"] = {k: median_ms(fn, REPEATS) for k, fn in queries.items()}
        # Beside them, the same rows computed on read from the observations (as every query did
        # before the writer kept them: migration 0010); no target.
        out["computed_on_read_ms"] = {k: median_ms(lambda k=k: con.execute(
            f"SELECT * FROM computed_{k} WHERE authority_code = ?", [code]).fetchall(), REPEATS)
            for k in ("metric_values", "metric_conflicts")}
        con.close()
    return out


def _verdicts(results: dict[int, dict]) -> dict:
    sizes = sorted(results)
    big = results[sizes[-1]]
    verdict = {
        "noop_under_2s": big["noop_s"] < TARGETS["noop_s"],
        "add_one_within_2s_of_extraction":
            big["add_one_over_extraction_s"] <= TARGETS["add_one_over_extraction_s"],
        "queries_under_200ms": all(ms < TARGETS["query_ms"] for ms in big["query_ms"].values()),
    }
    if len(sizes) > 1:
        small = results[sizes[0]]
        pairs = {"noop_s": (small["noop_s"], big["noop_s"]),
                 "add_one_over_extraction_s": (small["add_one_over_extraction_s"],
                                               big["add_one_over_extraction_s"])}
        pairs.update({f"query_ms.{k}": (small["query_ms"][k], v)
                      for k, v in big["query_ms"].items()})
        growth = {k: round(b / a - 1, 3) if a > 0 else None for k, (a, b) in pairs.items()}
        verdict["growth"] = growth
        verdict["growth_under_20pct"] = all(g is None or g < TARGETS["growth"]
                                            for g in growth.values())
    return verdict


def _take_turns() -> None:
    """In a measuring child: say it is ready for its next step and wait to be told to go."""
    print("turn", flush=True)
    if not sys.stdin.readline():
        raise SystemExit("bench.scale: the parent stopped")


def _measure_interleaved(dbs: dict[int, Path], corpus: Path) -> dict[int, dict]:
    """Each size measured in its own process (its own peak memory), the runs taken in turns, one
    size then the other: the machine's load drifts over minutes, and the 1,000 -> 10,000
    comparison must not measure the drift. Each child's queries run while the others wait."""
    children: dict[int, tuple[subprocess.Popen, IO[str]]] = {}
    for size, db in dbs.items():
        err: IO[str] = tempfile.TemporaryFile(mode="w+")
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.scale", "--corpus", str(corpus), "--measure", str(db),
             "--take-turns"], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=err, text=True)
        children[size] = (child, err)
        _next_turn(child, err)              # set up: now waiting
    results = {}
    steps = RUNS + ADD_RUNS + 1             # no-op runs, runs adding a document, the queries
    for step in range(steps):
        for size, (child, err) in children.items():
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
            if step < steps - 1:
                _next_turn(child, err)
            else:
                assert child.stdout is not None
                lines = child.stdout.read().splitlines()
                if child.wait() or not lines:
                    raise RuntimeError(_child_error(err))
                results[size] = json.loads(lines[-1])
    return results


def _next_turn(child: subprocess.Popen, err: IO[str]) -> None:
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "turn":
        child.kill()
        raise RuntimeError(_child_error(err))


def _child_error(err: IO[str]) -> str:
    err.seek(0)
    return "bench.scale: measuring failed:\n" + err.read()[-4000:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--measure", help=argparse.SUPPRESS)     # child: measure this warehouse
    parser.add_argument("--take-turns", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if args.measure:
        wait = _take_turns if args.take_turns else (lambda: None)
        print(json.dumps(measure(Path(args.measure), corpus, wait)))
        return 0
    if not corpus.is_dir():
        print(f"bench.scale: no corpus at {corpus}; pass --corpus", file=sys.stderr)
        return 2
    template = corpus_warehouse(corpus)
    dbs: dict[int, Path] = {}
    smaller = 0
    for size in sorted(int(s) for s in args.sizes.split(",")):
        dbs[size] = build(template, size, smaller)
        smaller = size
    try:
        results = _measure_interleaved(dbs, corpus)
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 1
    for size in sorted(results):
        print(json.dumps({size: results[size]}, indent=2), flush=True)
    print(json.dumps({"targets": TARGETS, "verdict": _verdicts(results)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
