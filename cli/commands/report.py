"""council-etl report --authorities Sefton,Southwark,Coventry --out report.html"""
from __future__ import annotations

from cli.commands import add_command, add_db_option
from pipeline.config import load_settings
from warehouse.report import write_report
from warehouse.store import connect_read_only


def register(sub) -> None:
    p = add_command(
        sub, "report", help="write a self-contained HTML report comparing authorities by theme",
        example="council-etl report --authorities Sefton,Southwark,Coventry --out report.html",
        description="One HTML file (no network: inline CSS and SVG charts) with, per theme, "
                    "side-by-side tables and a time-series chart per metric, official DfE figures "
                    "as reference lines, conflicts and differences from official statistics called "
                    "out, and every figure linked to its document, page and quote.")
    p.add_argument("--authorities", default=None,
                   help="comma-separated council names or GSS codes (default: every authority "
                        "with figures)")
    p.add_argument("--out", default="report.html", help="where to write the HTML file")
    add_db_option(p)
    p.set_defaults(func=main)


def main(args) -> int:
    settings = load_settings(config=args.config, db=args.db)
    names = [a.strip() for a in args.authorities.split(",") if a.strip()] if args.authorities else None
    con = connect_read_only(settings.db)
    try:
        out = write_report(con, args.out, names)
    finally:
        con.close()
    print(f"wrote {out}")
    return 0
