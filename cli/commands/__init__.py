"""One module per CLI command; each defines register(subparsers). See pipeline/cli.py."""
from __future__ import annotations

import argparse


def add_command(subparsers, name: str, help: str, example: str, description: str | None = None):
    """A subcommand whose --help always ends with a runnable example."""
    return subparsers.add_parser(
        name, help=help, description=description or help,
        epilog=f"example:\n  {example}", formatter_class=argparse.RawDescriptionHelpFormatter)


def add_db_option(parser) -> None:
    parser.add_argument("--db", default=None,
                        help="warehouse file (default: from council-etl.toml, else warehouse.duckdb)")
    parser.add_argument("--config", default=None,
                        help="settings file (default: $COUNCIL_ETL_CONFIG or ./council-etl.toml)")
