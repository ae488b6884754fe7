"""council-etl reference load PATH : official DfE/ONS statistics into the warehouse."""
from __future__ import annotations

from cli.commands import add_command, add_db_option
from pipeline.config import load_settings
from warehouse.official import load_reference
from warehouse.store import Writer


def register(sub) -> None:
    p = add_command(
        sub, "reference", help="load official statistics (DfE/ONS CSVs) used to check and compare figures",
        example="council-etl reference load ../shared/reference/dfe --db warehouse.duckdb",
        description="Load the DfE/ONS files (children looked after, starts and ceases, rates per "
                    "10,000, 0-17 population, placement stability, statistical neighbours, the LA "
                    "lookup) into reference_values, reference_population, statistical_neighbours "
                    "and reference_la_lookup. Files are recognised by their columns; reloading a "
                    "file replaces what it loaded before. The data stays in the warehouse across runs.")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    load = actions.add_parser("load", help="load a folder of CSV files (or one file)")
    load.add_argument("path", help="folder of DfE/ONS CSV files, or one file")
    add_db_option(load)
    load.set_defaults(func=main)


def main(args) -> int:
    settings = load_settings(config=args.config, db=args.db)
    # Through the single writer: never blocks analysts, never seen half-loaded.
    with Writer(settings.db) as w:
        assert w.con is not None
        summary = load_reference(w.con, args.path)
    for name, kind in summary.files.items():
        print(f"loaded {name} ({kind})")
    for name, why in summary.skipped.items():
        print(f"skipped {name}: {why}")
    for table, n in summary.rows.items():
        print(f"{table}: {n} rows")
    if not summary.files:
        print("no recognised files: expected the DfE/ONS CSVs described in the README")
        return 1
    return 0
