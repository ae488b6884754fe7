"""council-etl compare --metric cla_count --authorities Sefton,Southwark,Coventry"""
from __future__ import annotations

from cli.commands import add_command, add_db_option
from cli.output import FORMATS, format_rows
from pipeline.config import load_settings
from warehouse.compare import compare_rows
from warehouse.store import connect_read_only


def register(sub) -> None:
    p = add_command(
        sub, "compare", help="one metric for several authorities side by side, with provenance",
        example="council-etl compare --metric cla_count --authorities Sefton,Southwark,Coventry "
                "--england --format csv",
        description="Preferred values from the papers (source 'report', with document, page and "
                    "quote) next to official DfE figures (source 'official'), ordered by period. "
                    "Rates per 10,000 derived from counts and the 0-17 population have value_kind "
                    "'derived'.")
    p.add_argument("--metric", required=True, help="catalogue metric id, e.g. cla_count")
    p.add_argument("--authorities", required=True,
                   help="comma-separated council names or GSS codes")
    p.add_argument("--neighbours", action="store_true",
                   help="add each authority's ten DfE statistical neighbours")
    p.add_argument("--england", action="store_true", help="add the England figure")
    p.add_argument("--no-official", action="store_true",
                   help="only figures from the papers, not the official statistics")
    add_db_option(p)
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.set_defaults(func=main)


def main(args) -> int:
    settings = load_settings(config=args.config, db=args.db)
    names = [a for a in (s.strip() for s in args.authorities.split(",")) if a]
    con = connect_read_only(settings.db)
    try:
        columns, rows = compare_rows(con, args.metric, names, neighbours=args.neighbours,
                                     england=args.england, official=not args.no_official)
    finally:
        con.close()
    print(format_rows(columns, rows, args.format))
    return 0
