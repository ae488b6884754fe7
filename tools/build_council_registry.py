"""Rebuild core/reference_data/councils.csv: Democracy Club's register of councils' committee sites
(../shared/reference/councils/democracy-sites.csv) joined to the gazetteer's GSS codes.

    python -m tools.build_council_registry [path/to/democracy-sites.csv]

Councils of England and Wales that the gazetteer does not know (those abolished before its
snapshot) keep an empty gss_code and are listed on stdout.
"""
from __future__ import annotations

import csv
import sys
from urllib.parse import urlsplit

from core.authorities import Authority, load_authorities, match_authority
from core.councils import REGISTRY_PATH

DEFAULT_SOURCE = "../shared/reference/councils/democracy-sites.csv"
LOCAL_KINDS_EXCLUDED = ("country", "region", "sub_region")


def gazetteer_match(row: dict[str, str], by_name: dict[str, list[Authority]]) -> Authority | None:
    """The gazetteer entry for a register row: same name (a current entry first), else a mention."""
    candidates = sorted(by_name.get(row["common_name"].lower(), []), key=lambda a: not a.current)
    found = candidates[0] if candidates else (match_authority(row["official_name"])
                                              or match_authority(row["common_name"]))
    return None if found is None or found.kind in LOCAL_KINDS_EXCLUDED else found


def build(source: str) -> tuple[list[dict[str, str]], list[str]]:
    by_name: dict[str, list[Authority]] = {}
    for a in load_authorities():
        if a.kind not in LOCAL_KINDS_EXCLUDED:
            by_name.setdefault(a.name.lower(), []).append(a)
    rows, unmatched = [], []
    with open(source, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            found = gazetteer_match(r, by_name) if r["territory"] in ("ENG", "WLS") else None
            if found is None and r["territory"] in ("ENG", "WLS"):
                unmatched.append(f"{r['code']} {r['common_name']} (ended {r['end_date'] or '-'})")
            rows.append({"code": r["code"], "name": found.name if found else r["common_name"],
                         "official_name": r["official_name"],
                         "gss_code": (found.gss_code or "") if found else "",
                         "subtype": r["subtype"], "territory": r["territory"],
                         "start_date": r["start_date"], "end_date": r["end_date"], "cms": r["cms"],
                         "base_url": r["base_url"].rstrip("/"),
                         "host": urlsplit(r["base_url"]).hostname or ""})
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
