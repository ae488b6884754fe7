"""Rebuild core/reference_data/councils.csv: Democracy Club's register of councils' committee sites
(../shared/reference/councils/democracy-sites.csv) joined to the gazetteer's GSS codes, with each
council's main web domain derived from its committee site's address.

    python -m tools.build_council_registry [path/to/democracy-sites.csv]

A register row is joined to the gazetteer entry of the same name and of the same kind (a county
council to the county, a unitary to the unitary), so an abolished county keeps its own code rather
than its successor's. Councils of England and Wales that the gazetteer does not know (districts
abolished before its snapshot) keep an empty gss_code and are listed on stdout.
"""
from __future__ import annotations

import csv
import sys
from urllib.parse import urlsplit

from core.authorities import Authority, find_authorities, load_authorities
from core.councils import REGISTRY_PATH, web_domain

DEFAULT_SOURCE = "../shared/reference/councils/democracy-sites.csv"
LOCAL_KINDS_EXCLUDED = ("country", "region", "sub_region")
# The register's subtype -> the gazetteer kinds it may join (a Welsh unitary is a principal area;
# the City of London 'CC' is filed with the London boroughs).
KINDS_OF_SUBTYPE = {"CTY": ("county",), "UA": ("unitary", "welsh_principal_area"),
                    "MD": ("metropolitan_district",), "LBO": ("london_borough",),
                    "CC": ("london_borough",), "NMD": ("district",)}


def whole_name(text: str) -> str | None:
    """The place a council's full name is made of ("London Borough of Hackney" -> "Hackney"),
    when the name is nothing but that place with council words around it."""
    found = find_authorities(text)
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(text.strip()):
        return found[0][2].name
    return None


def gazetteer_match(row: dict[str, str], by_name: dict[str, list[Authority]]) -> Authority | None:
    """The gazetteer entry for a register row: one whose name or alias is the row's common name
    and whose kind fits the row's subtype; when several fit, the one current or not as the row
    is. Never a different name that merely contains it ('East Dorset' is not 'Dorset')."""
    kinds = KINDS_OF_SUBTYPE.get(row["subtype"])
    names = [row["common_name"], row["official_name"]]
    names += [whole_name(n) or "" for n in names]   # "Bedford Borough Council" -> "Bedford"
    candidates = [a for n in names for a in by_name.get(n.lower(), [])
                  if kinds is None or a.kind in kinds]
    abolished = bool(row["end_date"])
    candidates.sort(key=lambda a: a.current == abolished)
    return candidates[0] if candidates else None


def build(source: str) -> tuple[list[dict[str, str]], list[str]]:
    by_name: dict[str, list[Authority]] = {}
    for a in load_authorities():
        if a.kind not in LOCAL_KINDS_EXCLUDED:
            for name in {a.name.lower(), *(x.lower() for x in a.aliases)}:
                by_name.setdefault(name, []).append(a)
    rows, unmatched = [], []
    with open(source, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            found = gazetteer_match(r, by_name) if r["territory"] in ("ENG", "WLS") else None
            if found is None and r["territory"] in ("ENG", "WLS"):
                unmatched.append(f"{r['code']} {r['common_name']} (ended {r['end_date'] or '-'})")
            host = (urlsplit(r["base_url"]).hostname or "").lower()
            rows.append({"code": r["code"], "name": found.name if found else r["common_name"],
                         "official_name": r["official_name"],
                         "gss_code": (found.gss_code or "") if found else "",
                         "subtype": r["subtype"], "territory": r["territory"],
                         "start_date": r["start_date"], "end_date": r["end_date"], "cms": r["cms"],
                         "base_url": r["base_url"].rstrip("/"), "host": host,
                         "web_domain": web_domain(host) or ""})
    return rows, unmatched


def main() -> int:
    rows, unmatched = build(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE)
    with open(REGISTRY_PATH, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} councils written to {REGISTRY_PATH}; {len(unmatched)} of England and "
          "Wales not in the gazetteer:")
    for line in unmatched:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
