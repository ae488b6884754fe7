"""council-etl run PATH... : process papers into the warehouse."""
from __future__ import annotations

import sys

from cli.commands import add_command, add_db_option
from cli.output import printable
from pipeline.config import load_settings
from warehouse.store import check_no_writer, connect_read_only


def register(sub) -> None:
    p = add_command(
        sub, "run", help="process papers (files or folders, recursively) into the warehouse",
        example="council-etl run ../shared/corpus --db warehouse.duckdb --workers 2",
        description="Process papers into the warehouse. Unchanged papers (same bytes, same "
                    "extractor version) are skipped; bad files are recorded with a reason and the "
                    "run goes on. Exits 0 when the run completed, whatever individual files did; "
                    "130 or 143 when stopped by Ctrl-C or SIGTERM (what was loaded is kept).")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders of papers")
    p.add_argument("--fetched", action="store_true",
                   help="also process papers downloaded by `fetch --download-only` and not yet processed")
    add_db_option(p)
    p.add_argument("--workers", type=int, default=None, help="parallel worker processes (default 2, or 1 on a one-core machine)")
    p.add_argument("--no-prefect", action="store_true",
                   help="process without Prefect (same results, no orchestration)")
    p.add_argument("--dask", metavar="ADDRESS", default=None,
                   help="run extraction on a Dask cluster, e.g. tcp://host:8786 "
                        "(default: [run] dask_address)")
    p.add_argument("--authority", metavar="NAME", default=None,
                   help="the council every local paper belongs to, e.g. Sefton "
                        "(default: [run.authorities] folder mapping, else read from the paper)")
    p.add_argument("--follow-links", action="store_true",
                   help="follow symbolic links that lead outside the given folders")
    p.set_defaults(func=main)


class ProgressPrinter:
    """A live line on a terminal; plain lines in logs and cron (control characters in file
    names escaped, so a name cannot forge a log line)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()

    def __call__(self, done: int, total: int, current: str, failures: int) -> None:
        current = printable(current)
        if self.tty:
            name = current.rsplit("/", 1)[-1][:50]
            self.stream.write(f"\r\033[K[{done}/{total}] failures: {failures}  {name}")
            if done == total:
                self.stream.write("\n")
            self.stream.flush()
        elif current:
            self.stream.write(f"processed {done}/{total}: {current} (failures so far: {failures})\n")
            self.stream.flush()


def print_summary(summary: dict, db: str, out=None) -> None:
    out = out or sys.stdout
    st = summary["statuses"]
    print(f"run {summary['run_id']}: {summary['n_found']} file(s) found, "
          f"{summary['n_processed']} processed, {summary['n_unchanged']} unchanged (skipped) "
          f"in {summary['seconds']:.1f}s", file=out)
    if summary["n_processed"]:
        print("  status: " + ", ".join(f"{k} {v}" for k, v in sorted(st.items())), file=out)
        print(f"  extracted: {summary['n_observations']} observations, "
              f"{summary['n_actions']} actions", file=out)
    try:
        con = connect_read_only(db)
        row = con.execute("""
            SELECT (SELECT count(*) FROM documents),
                   (SELECT count(*) FROM metric_observations),
                   (SELECT count(*) FROM actions),
                   (SELECT count(*) FROM documents WHERE status IN ('failed', 'partial'))""").fetchone()
        con.close()
        assert row is not None
        docs, obs, acts, bad = row
        print(f"  warehouse: {docs} documents, {obs} observations, {acts} actions, "
              f"{bad} failed or partial", file=out)
    except Exception as e:  # the summary must never turn a good run into an error
        print(f"  (warehouse totals unavailable: {e})", file=out)
    for source, status, error in summary["failures"]:
        print(f"  {status}: {printable(source)}: {printable(error)}", file=out)
    print(f"warehouse: {db}", file=out)


def main(args) -> int:
    # Imported here: the runner pulls in the warehouse and workers, which `--help` never needs.
    from pipeline.discover import CouncilMap, discover_inputs
    from pipeline.runner import feed_processor, plan, run_items, started_feed
    settings = load_settings(config=args.config, db=args.db, workers=args.workers)
    if not args.paths and not args.fetched:
        print("council-etl run: give at least one PATH (a file or folder of papers), or --fetched",
              file=sys.stderr)
        return 2
    settings.follow_links = settings.follow_links or args.follow_links
    settings.dask_address = args.dask or settings.dask_address
    councils = CouncilMap(settings.authorities, args.authority)
    found = discover_inputs(args.paths, follow_links=settings.follow_links,
                            max_bytes=settings.max_file_bytes, councils=councils)
    items = found.items
    fetched = []
    if args.fetched:
        from pipeline.sources import pending_items
        fetched = pending_items(settings)       # with their SourceInfo (committee, meeting...)
        seen = {i.source_key for i in items}
        items += [i for i in fetched if i.source_key not in seen]
    label = ", ".join(list(args.paths) + (["fetched papers"] if args.fetched else []))
    progress = ProgressPrinter()
    work = plan(items, settings)        # hashes only: cheap; the run uses this plan
    if work.todo:
        check_no_writer(settings.db)    # before any worker starts: another run is writing
    if args.no_prefect or not work.todo:
        # Nothing to extract (or asked not to orchestrate): record the run without starting
        # Prefect's server, which alone costs more than a no-op run. The workers start on the
        # documents now, while the warehouse is opened.
        with started_feed(settings, work.todo) as feed:
            summary = run_items(items, settings, progress=progress, inputs_label=label,
                                refused=found.refused, work=work,
                                processor=feed_processor(feed) if feed else None).as_dict()
    else:
        from flows.launch import run_with_prefect
        summary = run_with_prefect(items, settings, inputs_label=label, refused=found.refused,
                                   progress=progress, work=work)
    if fetched:
        from pipeline.sources import mark_processed
        mark_processed(settings, fetched)
    print_summary(summary, str(settings.db))
    return 0
