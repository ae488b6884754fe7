"""The registry of councils' committee sites: which software each council publishes its papers
with and where (`reference_data/councils.csv`, 435 UK councils, from Democracy Club's register of
May 2026, joined to the gazetteer's GSS codes by `tools/build_council_registry.py`), and the web
domains that identify a council in a paper's addresses.

`registry()` lists them; `council_by_name("Sefton")` and `council_for_host("modgov.sefton.gov.uk")`
look one up. A council that was abolished keeps its row with its dates, so a host shared by a
county and the unitary that replaced it is told apart by the paper's date.

A council's domains: its committee site's host, the main web domain derived from that host
(`web_domain`: democracy.durham.gov.uk -> durham.gov.uk, lbbd.moderngov.co.uk -> lbbd.gov.uk), and
the extra domains listed by hand in `reference_data/council_domains.csv` (centralbeds.gov.uk).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Optional

REFERENCE = Path(__file__).resolve().parent / "reference_data"
REGISTRY_PATH = REFERENCE / "councils.csv"
EXTRA_DOMAINS_PATH = REFERENCE / "council_domains.csv"
# Second-level zones under which a council's own name is the third label from the right.
PUBLIC_ZONES = ("gov.uk", "llyw.cymru", "gov.wales", "org.uk", "co.uk")
# Hosting companies' zones: the first label names the council (sefton.moderngov.co.uk).
HOSTED_ZONES = ("moderngov.co.uk", "cmis.uk.com")


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
    start_date: Optional[str] = None
    domains: tuple[str, ...] = field(default_factory=tuple)   # every domain that identifies it

    @property
    def current(self) -> bool:
        return not self.end_date

    @property
    def is_moderngov(self) -> bool:
        return self.cms.lower() == "moderngov"

    def existed_on(self, day: date) -> bool:
        start = date.fromisoformat(self.start_date) if self.start_date else date.min
        end = date.fromisoformat(self.end_date) if self.end_date else date.max
        return start <= day <= end


def web_domain(host: str) -> Optional[str]:
    """The council's main web domain from its committee site's host: democracy.durham.gov.uk ->
    durham.gov.uk, democracy.gwynedd.llyw.cymru -> gwynedd.llyw.cymru, lbbd.moderngov.co.uk ->
    lbbd.gov.uk; www.basildonmeetings.info -> basildonmeetings.info. None for no host."""
    host = host.lower().strip().rstrip(".")
    if not host:
        return None
    labels = host.split(".")
    for zone in HOSTED_ZONES:
        if host.endswith("." + zone) and len(labels) == zone.count(".") + 2:
            return f"{labels[0]}.gov.uk"
    for zone in PUBLIC_ZONES:
        if host.endswith("." + zone):
            return ".".join(labels[-(zone.count(".") + 2):])
    return host[4:] if host.startswith("www.") else host


@lru_cache(maxsize=1)
def _extra_domains(path: Path = EXTRA_DOMAINS_PATH) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    if path.exists():
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                out.setdefault(r["code"], []).append(r["domain"].lower().strip())
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def registry(path: Path = REGISTRY_PATH) -> tuple[Council, ...]:
    extras = _extra_domains()
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        host = r["host"].lower()
        domains = [d for d in (host, r.get("web_domain") or web_domain(host)) if d]
        domains += [d for d in extras.get(r["code"], ()) if d not in domains]
        out.append(Council(code=r["code"], name=r["name"], official_name=r["official_name"],
                           gss_code=r["gss_code"] or None, subtype=r["subtype"],
                           territory=r["territory"], cms=r["cms"], base_url=r["base_url"],
                           host=host, end_date=r["end_date"] or None,
                           start_date=r["start_date"] or None, domains=tuple(dict.fromkeys(domains))))
    return tuple(out)


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").split())


def council_by_name(name: str) -> Optional[Council]:
    """A council by its name, official name, code or GSS code; a current council wins over an
    abolished one of the same name."""
    key = _norm(name)
    found = [c for c in registry()
             if key in (_norm(c.name), _norm(c.official_name), c.code.lower(), (c.gss_code or "").lower())]
    return sorted(found, key=lambda c: not c.current)[0] if found else None


def _on_domain(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def councils_for_host(host: str) -> list[Council]:
    """Every council one of whose domains `host` is on (or is a sub-domain of), the most
    specific domain first: a committee site's own host beats a shared parent domain."""
    host = host.lower().strip().rstrip(".")
    if not host:
        return []
    found: list[tuple[int, Council]] = []
    for council in registry():
        best = max((len(d) for d in council.domains if _on_domain(host, d)), default=0)
        if best:
            found.append((best, council))
    if not found:
        return []
    longest = max(n for n, _ in found)
    return [c for n, c in found if n == longest]


def council_for_host(host: str, on: Optional[date] = None) -> Optional[Council]:
    """The council whose site or web domain `host` is on. When the host served more than one
    council (a county and the unitary that replaced it), `on` picks the one that existed that
    day; without a date, or when councils that still differ remain, None: never a guess."""
    found = councils_for_host(host)
    if on is not None and len(found) > 1:
        found = [c for c in found if c.existed_on(on)] or found
    codes = {c.gss_code or c.code for c in found}
    if len(codes) != 1:
        return None
    return sorted(found, key=lambda c: not c.current)[0]


# Words left out of an initialism: "London Borough of Tower Hamlets" is LBTH, not LBOTH.
ACRONYM_SKIP = frozenset({"and", "of", "the", "upon", "on", "in"})
# Three letters are other things too often (NYC, BFC, CIS: a Children's Information Service).
ACRONYM_MIN = 4


def initialism(official_name: str) -> str:
    """"East Sussex County Council" -> "ESCC"; "Royal Borough of Kensington and Chelsea" -> "RBKC"."""
    words = "".join(ch if ch.isalpha() else " " for ch in official_name).split()
    return "".join(w[0].upper() for w in words if w.lower() not in ACRONYM_SKIP)


@lru_cache(maxsize=1)
def council_initialisms() -> dict[str, str]:
    """Initialism -> GSS code, for initialisms exactly one council's official names give (ESCC,
    WSCC, LBTH, RBKC); shared ones (HCC: Hampshire, Hertfordshire, Hull) name nobody."""
    codes: dict[str, set[str]] = {}
    for c in registry():
        key = initialism(c.official_name)
        if len(key) >= ACRONYM_MIN:
            codes.setdefault(key, set()).add(c.gss_code or c.code)
    return {k: next(iter(v)) for k, v in codes.items() if len(v) == 1}
