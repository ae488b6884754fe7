"""The registry of councils' committee sites: which software each council publishes its papers
with and where (`reference_data/councils.csv`, 435 UK councils, from Democracy Club's register of
May 2026, joined to the gazetteer's GSS codes by `tools/build_council_registry.py`).

`registry()` lists them; `council_by_name("Sefton")` and `council_for_host("modgov.sefton.gov.uk")`
look one up. A council that was abolished keeps its row with its end date.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

REGISTRY_PATH = Path(__file__).resolve().parent / "reference_data" / "councils.csv"


@dataclass(frozen=True)
class Council:
    code: str                   # Democracy Club / EveryElection id, e.g. 'SFT'
    name: str                   # the gazetteer's name when joined, else the common name
    official_name: str
    gss_code: Optional[str]
    subtype: str                # MD, LBO, UA, CTY, NMD, CA (Scotland), ...
    territory: str              # ENG, WLS, SCT, NIR
    cms: str                    # 'ModernGov', 'CMIS', 'Custom HTML', ...
    base_url: str               # the committee site's root (ModernGov: {base_url}/mgWebService.asmx)
    host: str
    end_date: Optional[str] = None

    @property
    def current(self) -> bool:
        return not self.end_date

    @property
    def is_moderngov(self) -> bool:
        return self.cms.lower() == "moderngov"


@lru_cache(maxsize=1)
def registry(path: Path = REGISTRY_PATH) -> tuple[Council, ...]:
    with open(path, encoding="utf-8", newline="") as f:
        return tuple(Council(code=r["code"], name=r["name"], official_name=r["official_name"],
                             gss_code=r["gss_code"] or None, subtype=r["subtype"],
                             territory=r["territory"], cms=r["cms"], base_url=r["base_url"],
                             host=r["host"].lower(), end_date=r["end_date"] or None)
                     for r in csv.DictReader(f))


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").split())


def council_by_name(name: str) -> Optional[Council]:
    """A council by its name, official name, code or GSS code; a current council wins over an
    abolished one of the same name."""
    key = _norm(name)
    found = [c for c in registry()
             if key in (_norm(c.name), _norm(c.official_name), c.code.lower(), (c.gss_code or "").lower())]
    return sorted(found, key=lambda c: not c.current)[0] if found else None


def council_for_host(host: str) -> Optional[Council]:
    """The council whose committee site is on `host` (or a sub-domain of it)."""
    host = host.lower().rstrip(".")
    for council in registry():
        if council.host and (host == council.host or host.endswith("." + council.host)):
            return council
    return None
