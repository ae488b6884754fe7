"""council-etl fetch: download new and changed papers from followed councils, then process them."""
from __future__ import annotations

import sys

from cli.commands import add_command, add_db_option
from pipeline.config import load_settings
from pipeline.signals import stop_on_signals
from pipeline.sources import (
    ConfigError,
    adhoc_source,
    fetch_sources,
    load_sources,
    mark_processed,
    parse_date,
    select_sources,
)
from pipeline.sources.config import host_settings
from pipeline.sources.hostlock import LOCK_DIR_NAME
from pipeline.sources.http import PoliteClient
from pipeline.sources.moderngov import ModernGovClient
from pipeline.sources.state import state_path

DESCRIPTION = """Fetch committee papers from councils' ModernGov sites, then process them into the
warehouse (unless --download-only). Only the configured hosts are contacted, one request at a
time per host with a pause between requests; unchanged papers are neither downloaded again
(conditional GET) nor re-processed (sha256). Restricted papers are skipped. Failures are printed
and kept in fetch-state.sqlite beside the warehouse; one failing council never stops the others.
Each meeting's papers are those its agenda items link, those its page links (agenda frontsheet,
public reports pack, printed minutes, supplements), and each item's minutes and agenda text as
documents of their own. Sources are [sources.<name>] tables in council-etl.toml (see
sources.example.toml), or one council named with --council (from the registry listed by
`council-etl councils`), or one site given with --moderngov."""

EXAMPLE = """council-etl fetch --source sefton --since 2024-01-01 --db warehouse.duckdb
  council-etl fetch --council Sefton --committee-match "children|corporate parenting|fostering" --since 2017-01-01
  council-etl fetch --download-only
  council-etl fetch --moderngov https://modgov.sefton.gov.uk --committee 123 --since 2024-01-01
  council-etl fetch --source sefton --list-committees
  council-etl fetch --council Sefton --list-committees"""


def register(sub) -> None:
    p = add_command(sub, "fetch", help="download new papers from followed councils (ModernGov) "
                    "and process them", example=EXAMPLE, description=DESCRIPTION)
    p.add_argument("--source", action="append", metavar="NAME",
                   help="a configured source to fetch (repeatable; default: all)")
    p.add_argument("--since", metavar="DATE", help="meetings from this date (YYYY-MM-DD); default: "
                   "the last good fetch less lookback_days, never before start_date")
    p.add_argument("--download-only", action="store_true",
                   help="download only; the papers stay pending for the next fetch or flow")
    p.add_argument("--sources", metavar="FILE", help="sources file instead of [sources] tables "
                   "in the settings file")
    p.add_argument("--council", metavar="NAME",
                   help="one-off: follow this council's ModernGov site, from the registry "
                   "(name, code or GSS code; see `council-etl councils`)")
    p.add_argument("--moderngov", metavar="BASE_URL",
                   help="one-off: follow this ModernGov site without a sources file")
    p.add_argument("--committee", action="append", metavar="ID",
                   help="with --council or --moderngov: committee id or title (repeatable)")
    p.add_argument("--committee-match", metavar="REGEX",
                   help="with --council or --moderngov: every committee whose title matches "
                   "(case-insensitive), e.g. \"children|fostering\"")
    p.add_argument("--list-committees", action="store_true",
                   help="print each source's committees (id and title) and stop")
    add_db_option(p)
    p.set_defaults(func=main)


def _sources(args, settings):
    if args.moderngov or args.council:
        defaults = host_settings(settings.raw.get("fetch", {}))
        # Listing a site's committees needs no choice of committees yet.
        match = args.committee_match or (".*" if args.list_committees and not args.committee
                                         else None)
        return [adhoc_source(args.moderngov, args.committee or [], defaults,
                             council=args.council, committee_match=match, settings=settings)]
    if args.committee or args.committee_match:
        print("council-etl fetch: --committee and --committee-match need --council NAME or "
              "--moderngov BASE_URL", file=sys.stderr)
        return None
    _, configured = load_sources(settings, args.sources)
    if not configured:
        raise ConfigError("no sources configured: add [sources.<name>] tables to the settings "
                          "file (see sources.example.toml), or use --moderngov URL --committee ID")
    return select_sources(configured, args.source)


def list_committees(sources, settings) -> int:
    # The same per-host locks as fetch: listing never hits a site faster than a fetch would.
    with PoliteClient(lock_dir=state_path(settings).parent / LOCK_DIR_NAME) as http:
        for src in sources:
            http.allow(src.base_url, src.host)
            who = f", {src.council.name}" if src.council else ""
            print(f"{src.name} ({src.base_url}{who}):")
            try:
                for c in ModernGovClient(src.base_url, http).committees():
                    print(f"  {c.id:>6}  {c.title}")
            except Exception as e:      # report and go on to the next council
                print(f"  could not list committees: {getattr(e, 'message', e)}", file=sys.stderr)
    return 0


def _progress(line: str) -> None:
    """One line per meeting on stderr, so a long first fetch shows where it is."""
    print(line.encode("unicode_escape").decode("ascii") if not line.isprintable() else line,
          file=sys.stderr, flush=True)


def main(args) -> int:
    settings = load_settings(config=args.config, db=args.db)
    sources = _sources(args, settings)
    if sources is None:
        return 2
    if args.list_committees:
        return list_committees(sources, settings)
    if not args.download_only:
        # Before any download: a second writer must fail at once, not after the whole fetch.
        from warehouse.store import check_no_writer
        check_no_writer(settings.db)
    # SIGTERM as well as Ctrl-C stops the downloads at once (exit 143 or 130): what was
    # downloaded stays pending in the fetch state for the next fetch, nothing is half written.
    with stop_on_signals():
        report = fetch_sources(settings, sources=sources, since=parse_date(args.since),
                               progress=_progress)
    for line in report.lines():
        print(line, file=sys.stderr if line.startswith("[") else sys.stdout)
    print(f"fetched: {report.downloaded} new or changed paper(s), {len(report.items)} to process, "
          f"{len(report.errors)} problem(s), {report.requests} request(s)")
    if args.download_only or not report.items:
        return 0
    from cli.commands.run import ProgressPrinter, print_summary
    from pipeline.runner import run_items
    summary = run_items(report.items, settings, trigger="fetch", progress=ProgressPrinter(sys.stderr),
                        inputs_label=", ".join(s.name for s in sources))
    mark_processed(settings, report.items)
    print_summary(summary.as_dict(), str(settings.db), out=sys.stdout)
    return 0
