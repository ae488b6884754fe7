"""council-etl export --format parquet|csv --out DIR"""
from __future__ import annotations

from cli.commands import add_command, add_db_option
from pipeline.config import load_settings
from warehouse.export import FORMATS, export
from warehouse.store import connect_read_only


def register(sub) -> None:
    p = add_command(
        sub, "export", help="export every analyst table as Parquet or CSV, with a data dictionary",
        example="council-etl export --format parquet --out export/",
        description="Writes every analyst table and view (Parquet partitioned by authority, or one "
                    "CSV per table) plus data_dictionary.md and data_dictionary.json generated from "
                    "the schema and the metric catalogue. Reads a snapshot: safe while a run writes.")
    p.add_argument("--format", choices=FORMATS, default="parquet", help="file format")
    p.add_argument("--out", required=True, help="folder to write (created if missing)")
    add_db_option(p)
    p.set_defaults(func=main)


def main(args) -> int:
    settings = load_settings(config=args.config, db=args.db)
    con = connect_read_only(settings.db)
    try:
        summary = export(con, args.out, args.format)
    finally:
        con.close()
    for table, n in summary.tables.items():
        print(f"{table}: {n} rows")
    print(f"wrote {len(summary.tables)} tables and data_dictionary.md/.json to {summary.out}")
    return 0
