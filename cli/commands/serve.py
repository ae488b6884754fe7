"""council-etl serve: run the nightly flow on a cron (Prefect `serve`), or once with --once."""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import warnings
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cli.commands import add_command, add_db_option
from core.errors import PipelineError
from flows import prefect_env
from pipeline.config import load_settings

DESCRIPTION = """Run the nightly schedule: every night (default 02:00 local time) process the
folders in [run] folders of council-etl.toml, plus new papers from [sources.*] when configured,
into the warehouse. Unchanged papers are skipped, so a quiet night costs little.

Prefect's temporary server cannot schedule, so this uses the Prefect server at PREFECT_API_URL
when set, or starts a local one (127.0.0.1, its database in .prefect/ beside the warehouse) and
stops it on exit. Runs until Ctrl-C. With --once it runs the flow one time now and exits, for
people who prefer their own cron (no server needed)."""

EXAMPLE = """council-etl serve --config council-etl.toml
  council-etl serve --cron "30 1 * * 1-5" --timezone Europe/London
  council-etl serve --once          # e.g. from crontab: 0 2 * * * cd /srv/etl && council-etl serve --once"""


def register(sub) -> None:
    p = add_command(sub, "serve", help="run the nightly schedule (Prefect serve with a cron)",
                    example=EXAMPLE, description=DESCRIPTION)
    add_db_option(p)
    p.add_argument("--cron", default=None,
                   help='when to run, cron syntax (default: [schedule] cron, else "0 2 * * *")')
    p.add_argument("--timezone", default=None,
                   help="time zone of the cron (default: [schedule] timezone, else Europe/London)")
    p.add_argument("--once", action="store_true", help="run the nightly flow now, once, and exit")
    p.set_defaults(func=main)


def validate_schedule(cron: str, timezone: str) -> None:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PipelineError(f"unknown time zone {timezone!r}; use a name like Europe/London")
    from prefect.client.schemas.schedules import CronSchedule
    try:
        CronSchedule(cron=cron, timezone=timezone)
    except ValueError:
        raise PipelineError(f'invalid cron {cron!r}; five fields: minute hour day month weekday, '
                            'e.g. "0 2 * * *" for 02:00 every day')


def print_result(result: dict) -> None:
    from cli.commands.run import print_summary
    print_summary(result, result["db"])
    for folder in result.get("missing_folders") or []:
        print(f"  missing folder (skipped): {folder}", file=sys.stderr)
    fetch = result.get("fetch")
    if fetch is not None:
        print(f"  fetch: {fetch['downloaded']} new or changed paper(s), "
              f"{len(fetch['errors'])} problem(s)")
        for problem in fetch["errors"]:
            print(f"  fetch problem: {problem}", file=sys.stderr)


@contextlib.contextmanager
def prefect_api(settings):
    """The API of PREFECT_API_URL (env or profile), else of a local server we start and stop."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    from flows.prefect_server import is_healthy, local_prefect_server
    url = get_current_settings().api.url
    if url:
        if not is_healthy(url):
            raise PipelineError(f"no Prefect server answers at PREFECT_API_URL={url}; start it "
                                "or unset PREFECT_API_URL to let serve run its own")
        yield url
        return
    print(f"starting a local Prefect server (database in {settings.prefect_home}) ...",
          file=sys.stderr)
    with local_prefect_server(settings.prefect_home) as url:
        # Our clients read the settings context; the runner's flow-run processes read the env.
        os.environ["PREFECT_API_URL"] = url
        try:
            with temporary_settings(updates={PREFECT_API_URL: url}):
                yield url
        finally:
            os.environ.pop("PREFECT_API_URL", None)


@contextlib.contextmanager
def sigterm_as_ctrl_c():
    """`kill`, systemd and docker stop send SIGTERM: shut down as for Ctrl-C, so the local
    server is stopped too instead of being orphaned."""
    def handler(signum, frame):
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_once(nightly_mod, settings, config: str | None) -> dict:
    """The nightly flow now, once: on PREFECT_API_URL or a temporary server tied to this
    process; SIGINT/SIGTERM stop it cleanly (RunInterrupted: exit 130/143)."""
    from flows.prefect_server import prefect_api_for_run
    from flows.run_flow import raise_if_cancelled
    from pipeline.signals import stop_on_signals
    with stop_on_signals(), prefect_api_for_run(settings.prefect_home) as server:
        if server is not None:
            server.wait_ready()
        state = nightly_mod.nightly(config=config, db=str(settings.db), return_state=True)
        return raise_if_cancelled(state)


def main(args) -> int:
    settings = load_settings(config=args.config, db=args.db)
    cron = args.cron or settings.cron
    timezone = args.timezone or settings.timezone
    prefect_env.configure(settings.prefect_home)
    from flows import nightly as nightly_mod
    nightly_mod.check_inputs(settings)
    config = str(settings.config_path.resolve()) if settings.config_path else None
    if args.once:
        print_result(run_once(nightly_mod, settings, config))
        return 0
    validate_schedule(cron, timezone)
    from prefect import serve
    # Prefect 3.8.8's runner SIGTERM handler calls its async stop() without awaiting it: harmless
    # (we stop everything on the way out) but it prints a RuntimeWarning.
    warnings.filterwarnings("ignore", message="coroutine 'Runner.astop' was never awaited")
    try:
        with sigterm_as_ctrl_c(), prefect_api(settings) as url:
            deployment = nightly_mod.nightly_deployment(settings, cron, timezone)
            print(f"serving {nightly_mod.FLOW_NAME}/{deployment.name}: cron {cron!r} "
                  f"({timezone}), Prefect API {url}; Ctrl-C to stop", flush=True)
            # One run at a time: the warehouse has a single writer.
            serve(deployment, print_starting_message=False, limit=1)
    except KeyboardInterrupt:   # Ctrl-C or SIGTERM outside serve()'s own handling: same ending
        pass
    except SystemExit as e:     # Prefect's runner answers SIGTERM with sys.exit(0)
        if e.code not in (0, None):
            raise
    print("stopped", file=sys.stderr)
    return 0
