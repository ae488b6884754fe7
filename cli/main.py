"""council-etl: a thin command line over the library.

Each command lives in cli/commands/<name>.py and defines `register(subparsers)`; this module
only discovers them, so adding a command never touches this file.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import cli.commands as commands_pkg
from core.errors import PipelineError

EPILOG = """examples:
  council-etl run ../shared/corpus --db warehouse.duckdb
  council-etl sql "select authority, count(*) from metric_observations group by 1"
  council-etl status

Each command has its own help: council-etl COMMAND --help"""


def command_modules():
    for info in sorted(pkgutil.iter_modules(commands_pkg.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{commands_pkg.__name__}.{info.name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="council-etl",
        description="Council committee papers (PDF, HTML, text) into a DuckDB warehouse.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in command_modules():
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (PipelineError, FileNotFoundError) as e:
        print(f"council-etl {args.command}: {getattr(e, 'message', None) or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; everything loaded so far is kept", file=sys.stderr)
        return 130
    except BaseException as e:
        # A clean stop on SIGINT/SIGTERM (pipeline.signals.RunInterrupted): exit 130 or 143.
        code = getattr(e, "exit_code", None)
        if code is None:
            raise
        print(f"{e}; everything loaded so far is kept", file=sys.stderr)
        return int(code)


if __name__ == "__main__":
    sys.exit(main())
