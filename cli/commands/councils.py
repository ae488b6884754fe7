"""council-etl councils: the registry of councils' committee sites (which software, where)."""
from __future__ import annotations

import sys

from cli.commands import add_command, add_db_option
from pipeline.config import load_settings
from pipeline.sources.registry import councils, registry_path

DESCRIPTION = """List the councils in the registry (Democracy Club's register of councils'
committee sites, joined to GSS codes): code, name, GSS code, the software their committee site
runs (CMS) and its address. Councils on ModernGov can be fetched by name:
`council-etl fetch --council NAME --committee-match REGEX`. Abolished councils are left out
unless --all is given."""

EXAMPLE = "council-etl councils --cms moderngov --match sefton"


def register(sub) -> None:
    p = add_command(sub, "councils", help="list the registry of councils' committee sites",
                    example=EXAMPLE, description=DESCRIPTION)
    p.add_argument("--cms", metavar="NAME", help="only councils whose site runs this software "
                   "(e.g. moderngov, cmis; case-insensitive)")
    p.add_argument("--match", metavar="TEXT", help="only councils whose name contains TEXT")
    p.add_argument("--all", action="store_true", help="include abolished councils")
    add_db_option(p)
    p.set_defaults(func=main)


def main(args) -> int:
    settings = load_settings(config=args.config, db=args.db)
    rows = councils(settings)
    cms = (args.cms or "").replace(" ", "").lower()
    match = (args.match or "").lower()
    shown = [c for c in rows
             if (args.all or c.current)
             and (not cms or c.cms.replace(" ", "").lower() == cms)
             and (not match or match in c.name.lower() or match in c.official_name.lower())]
    out = sys.stdout
    for c in sorted(shown, key=lambda c: c.name.lower()):
        ended = f"  (abolished {c.end_date})" if c.end_date else ""
        print(f"{c.code:<5} {c.name:<40} {c.gss_code or '-':<10} {c.cms or '-':<12} "
              f"{c.base_url or '-'}{ended}", file=out)
    print(f"{len(shown)} of {len(rows)} councils (registry: {registry_path(settings)})", file=out)
    return 0
