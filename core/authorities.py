"""Reference table of English and Welsh authorities, and finding them in text.

The table (warehouse/reference_data/authorities.csv) is product data derived from the DfE/ONS
files in ../shared/reference/dfe. Regenerate it with:

    .venv/bin/python -m core.authorities ../shared/reference/dfe

Rows: the countries (England, Wales), the English regions and the Inner/Outer London sub-regions,
every upper-tier authority with its DfE three-digit LA number, and every lower-tier district
(England) and principal area (Wales) from the April 2023 lookup. Authorities that have since been
reorganised (Dorset pre-2019, North Yorkshire pre-2023, Northamptonshire, Cumbria ...) are kept
with current=false so older papers still match.
"""
from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

CSV_PATH = Path(__file__).resolve().parent / "reference_data" / "authorities.csv"
COLUMNS = ["gss_code", "name", "kind", "old_la_code", "region_code", "region", "country",
           "upper_gss_code", "current", "aliases"]

ENGLAND_CODE = "E92000001"
COUNTRIES = {ENGLAND_CODE: "England", "W92000004": "Wales"}
KIND_BY_PREFIX = {"E92": "country", "W92": "country", "E12": "region", "E13": "sub_region",
                  "E10": "county", "E06": "unitary", "E08": "metropolitan_district",
                  "E09": "london_borough", "E07": "district", "W06": "welsh_principal_area"}
LOCAL_KINDS = ("county", "unitary", "metropolitan_district", "london_borough", "district",
               "welsh_principal_area", "local_authority")
PRE_REORG = re.compile(r"\s*\(Pre LG\)\s*$", re.I)
# Place names that are also ordinary English words: only matched next to "Council" and the like.
AMBIGUOUS = {"reading", "bury", "eden", "rugby", "wealden", "halton", "wales", "darlington",
             "hart", "gwynedd", "north west", "south east", "south west", "north east",
             "east midlands", "west midlands", "london", "inner london", "outer london",
             "east of england"}


@dataclass(frozen=True)
class Authority:
    name: str
    gss_code: Optional[str]
    old_la_code: Optional[str] = None
    region: Optional[str] = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    kind: str = "local_authority"
    country: Optional[str] = None
    current: bool = True
    upper_gss_code: Optional[str] = None    # a district's county (the council running its children's services)

    @property
    def is_local(self) -> bool:
        return self.kind in LOCAL_KINDS


# ---------------------------------------------------------------- building the table from DfE files

def name_to_aliases(name: str) -> list[str]:
    """Other ways papers write a name: 'Bristol, City of' -> 'City of Bristol', 'Bristol'."""
    out = [name]
    m = re.match(r"^(.*), (City|County|County Borough) of$", name)
    if m:
        out += [f"{m.group(2)} of {m.group(1)}", m.group(1)]
        if m.group(1).startswith("Kingston upon Hull"):
            out.append("Hull")
    if name == "County Durham":
        out.append("Durham")
    # Short forms councils use of themselves.
    out += {"Newcastle upon Tyne": ["Newcastle"], "Rhondda Cynon Taf": ["Rhondda Cynon Taff"],
            "Blackburn with Darwen": ["Blackburn"], "Southend-on-Sea": ["Southend"]}.get(name, [])
    if name.startswith("St. "):
        out.append("St " + name[4:])
    if " and " in name:
        out += [a.replace(" and ", " & ") for a in list(out)]
    if " & " in name:
        out += [a.replace(" & ", " and ") for a in list(out)]
    if name == "Bournemouth, Christchurch and Poole":
        out += ["BCP"]
    if name == "Bath and North East Somerset":
        out += ["B&NES", "BaNES"]
    seen, uniq = set(), []
    for a in out:
        if a.lower() not in seen:
            seen.add(a.lower())
            uniq.append(a)
    return uniq


def build_rows(dfe_dir: Path) -> list[dict]:
    """All authorities from the DfE/ONS files, one dict per row in COLUMNS order."""
    import pandas as pd

    def read(name):
        return pd.read_csv(dfe_dir / name, dtype=str, encoding="utf-8-sig").fillna("")

    rows: dict[str, dict] = {}

    def put(code, name, **kw):
        key = code or f"LA{kw.get('old_la_code')}"
        row = rows.setdefault(key, {c: "" for c in COLUMNS})
        row["gss_code"] = code
        row["name"] = row["name"] or name
        row["kind"] = row["kind"] or KIND_BY_PREFIX.get(code[:3], "local_authority")
        for k, v in kw.items():
            if v and not row.get(k):
                row[k] = v
        return row

    for code, name in COUNTRIES.items():
        put(code, name, country=name, current="true")
    # Upper tier with LA numbers and regions: latest year wins for the "current" flag.
    frames = [read("ons_mid-year_population_estimates_2012_to_2024.csv"),
              read("cla_number_and_rate_per_10k_children.csv")]
    latest = max(int(f.time_period.max()) for f in frames)
    for f in frames:
        for r in f[f.geographic_level == "Regional"].itertuples():
            put(r.region_code, r.region_name, country="England", current="true")
        la = f[f.geographic_level == "Local authority"]
        last = la.groupby("new_la_code").time_period.max()
        for r in la.drop_duplicates("new_la_code").itertuples():
            put(r.new_la_code, r.la_name, old_la_code=r.old_la_code, region_code=r.region_code,
                region=r.region_name, country="England",
                current="true" if int(last[r.new_la_code]) >= latest - 1 else "false")
    # Lower tier (England districts, Welsh principal areas) and their upper tier.
    lookup = read("LTLA-UTLA_Apr23_Lookup_England-Wales.csv")
    for r in lookup.itertuples():
        country = "Wales" if r.LTLA23CD.startswith("W") else "England"
        upper = put(r.UTLA23CD, r.UTLA23NM, country=country, current="true")
        low = put(r.LTLA23CD, r.LTLA23NM, country=country, current="true",
                  upper_gss_code=r.UTLA23CD if r.UTLA23CD != r.LTLA23CD else "")
        low["region_code"] = low["region_code"] or upper["region_code"]
        low["region"] = low["region"] or upper["region"]
        if r.LTLA23NMW and r.LTLA23NMW != r.LTLA23NM:
            low["aliases"] = r.LTLA23NMW
    # LA numbers known only to the statistical-neighbour file (reorganised authorities).
    known = {r["old_la_code"] for r in rows.values() if r["old_la_code"]}
    sn = read("New_Statistical_Neighbour_Groupings_April_2021.csv")
    for r in sn.itertuples():
        num = str(r[1]).strip()
        if num and num not in known:
            put("", PRE_REORG.sub("", r[2]), old_la_code=num, region=r.GOReg, country="England",
                current="false")
    region_codes = {r["region"]: r["gss_code"] for r in rows.values() if r["kind"] == "region"}
    for row in rows.values():
        if row["region_code"].startswith("E13"):  # Inner/Outer London are sub-regions of London
            row["region_code"], row["region"] = "E12000007", "London"
        if row["region"] and not row["region_code"]:
            row["region_code"] = region_codes.get(row["region"], "")
        extra = [a for a in row["aliases"].split(";") if a]
        row["aliases"] = ";".join(a for a in name_to_aliases(row["name"]) + extra
                                  if a != row["name"])
        row["current"] = row["current"] or "false"
    order = {"country": 0, "region": 1, "sub_region": 2}
    return sorted(rows.values(), key=lambda r: (order.get(r["kind"], 3), r["gss_code"] or "Z",
                                                r["old_la_code"]))


def write_csv(rows: list[dict], path: Path = CSV_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


# ---------------------------------------------------------------- loading and matching

@lru_cache(maxsize=1)
def load_authorities(path: Path = CSV_PATH) -> tuple[Authority, ...]:
    with open(path, encoding="utf-8") as f:
        return tuple(
            Authority(name=r["name"], gss_code=r["gss_code"] or None,
                      old_la_code=r["old_la_code"] or None, region=r["region"] or None,
                      aliases=tuple(a for a in r["aliases"].split(";") if a), kind=r["kind"],
                      country=r["country"] or None, current=r["current"] == "true",
                      upper_gss_code=r.get("upper_gss_code") or None)
            for r in csv.DictReader(f))


# "London Borough of X", "Royal Borough of X", "City of X Council", "X Metropolitan Borough
# Council", "X M.B.C", "X MBC", "X City Council", "X Council" ...
# Welsh councils in Welsh: "Cyngor Gwynedd", "Cyngor Bwrdeistref Sirol Conwy", "Cyngor Sir y Fflint".
PREFIX = (r"(?:(?:the\s+)?(?:London\s+Borough\s+of|Royal\s+Borough\s+of|Metropolitan\s+Borough\s+of|Borough\s+of"
          r"|City\s+and\s+County\s+of|County\s+of|City\s+of|Council\s+of\s+the\s+City\s+of"
          r"|Cyngor(?:\s+Bwrdeistref\s+Sirol|\s+Dinas\s+a\s+Sir|\s+Dinas)?)\s+)")
SUFFIX = (r"(?:\s+(?:Metropolitan\s+)?(?:Borough\s+|City\s+|County\s+(?:Borough\s+)?|District\s+)?Council"
          r"|\s+M\.\s?B\.\s?C\b\.?|\s+MBC\b|\s+C\.C\.|\s+(?:City|County|Borough)\b(?!\s+of))")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip().lower()


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Authority], re.Pattern[str]]:
    """alias (lower case) -> authority, preferring current rows, and one regex for all aliases."""
    by_alias: dict[str, Authority] = {}
    for a in load_authorities():
        for alias in (a.name,) + a.aliases:
            key = _norm(alias)
            old = by_alias.get(key)
            # Prefer current authorities, then those with a code, then upper tier (LA number).
            rank = (a.current, a.gss_code is not None, a.old_la_code is not None)
            if old is None or rank > (old.current, old.gss_code is not None, old.old_la_code is not None):
                by_alias[key] = a
    names = sorted(by_alias, key=len, reverse=True)
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    pattern = re.compile(rf"(?<![\w-])(?P<pre>{PREFIX})?(?P<name>{alt})(?![\w-])(?P<suf>{SUFFIX})?",
                         re.I)
    return by_alias, pattern


def _is_proper(text: str) -> bool:
    """Case check: place names are written with capitals ('Sefton', 'Kingston upon Thames')."""
    words = text.split()
    return bool(words) and all(w[0].isupper() or w.lower() in ("upon", "on", "of", "and", "the", "in", "&",
                                                               "with", "under", "y", "ar")
                               or not w[0].isalpha() for w in words)


NOT_A_PLACE_BEFORE = re.compile(r"\bNew\s+$")
NOT_A_PLACE_AFTER = re.compile(
    r"\s+(?:Blvd|Boulevard|Road|Rd|Street|Avenue|Ave|Lane|Drive|Way|Place|Square|Abbey|Bridge|"
    r"Hall|House|Palace|Cathedral|University|College|FC|Airport|"
    # a court case named after a council ("the Southwark Judgement") is law, not that council
    r"(?i:judge?ments?|ruling))\b\.?")


def find_authorities(text: str) -> list[tuple[int, int, Authority]]:
    """Every mention of an authority, country or region: (start, end, Authority), in order.
    The span covers council prefixes and suffixes ("London Borough of Southwark", "Sefton M.B.C")."""
    by_alias, pattern = _index()
    out = []
    for m in pattern.finditer(text):
        name = m.group("name")
        if not _is_proper(name):
            continue
        qualified = bool(m.group("pre") or m.group("suf"))
        if _norm(name) in AMBIGUOUS and not qualified:
            # Bare "London", "North West": only in a comparative context ("the London average").
            if not re.match(r"\s+(?:average|rate|figure|region|authorities|LAs?|councils)\b",
                            text[m.end():m.end() + 20], re.I):
                continue
        if not qualified and (NOT_A_PLACE_BEFORE.search(text[max(0, m.start("name") - 6):m.start("name")])
                              or NOT_A_PLACE_AFTER.match(text[m.end():m.end() + 16])):
            continue    # "New Hampshire", "2600 Westminster Blvd.": a name, not the council
        a = by_alias[_norm(name)]
        start = m.start() if m.group("pre") else m.start("name")
        out.append((start, m.end(), a))
    return out


def match_authority(text: str) -> Optional[Authority]:
    """The authority a short text names ("Sefton M.B.C", "Bristol, City of"); for longer text the
    first council-qualified local authority, else the first local authority mentioned."""
    if not text or not text.strip():
        return None
    by_alias, _ = _index()
    exact = by_alias.get(_norm(text))
    if exact:
        return exact
    found = find_authorities(text)
    if not found:
        return None
    local = [(s, e, a) for s, e, a in found if a.is_local]
    qualified = [(s, e, a) for s, e, a in local
                 if re.search(r"council|borough|m\.?\s?b\.?\s?c|city of|county|cyngor", text[s:e], re.I)]
    for group in (qualified, local, found):
        if group:
            return group[0][2]
    return None


def authority_by_code(code: str) -> Optional[Authority]:
    for a in load_authorities():
        if a.gss_code == code or a.old_la_code == code:
            return a
    return None


# ---------------------------------------------------------------- comparator groups

@dataclass(frozen=True)
class ComparatorGroup:
    """A group of councils defined relative to the council that names it ('our statistical
    neighbours', 'the comparator authority average'): West Sussex's statistical neighbours and
    Derby's are different bodies. A group's figure is keyed `<council code>-<suffix>`."""
    suffix: str                     # 'SN': E10000032-SN is West Sussex's statistical neighbours
    name: str                       # one normalised name per kind of group
    phrases: tuple[str, ...]        # how papers name it (lower case, matched on word boundaries)


COMPARATOR_GROUPS = (
    ComparatorGroup("SN", "statistical neighbours", (
        "statistical neighbour", "statistical neighbours", "statistical neighbor",
        "statistical neighbors", "stat neighbour", "stat neighbours",
        "sn", "sns", "similar authorities", "similar local authorities", "similar councils",
        "comparable authority", "comparable authorities", "comparable local authorities")),
    ComparatorGroup("CA", "comparator authorities", (
        "comparator", "comparators", "comparator authority", "comparator authorities",
        "comparator councils", "comparator group", "comparator average")),
    ComparatorGroup("NA", "neighbouring authorities", (
        "neighbouring authority", "neighbouring authorities", "neighbouring councils",
        "neighbouring local authorities")),
)
# A group's key: a plain council code, a hyphen and the group's suffix (never a GSS code itself).
GROUP_CODE = re.compile(r"[A-Za-z0-9]+-(?:" + "|".join(g.suffix for g in COMPARATOR_GROUPS) + ")")


@lru_cache(maxsize=1)
def _group_patterns() -> tuple[tuple[ComparatorGroup, re.Pattern[str]], ...]:
    return tuple((g, re.compile("|".join(
        r"\b" + r"\s+".join(re.escape(w) for w in p.split()) + r"(?!\w)"
        for p in sorted(g.phrases, key=len, reverse=True)), re.I)) for g in COMPARATOR_GROUPS)


def comparator_group(body: str) -> Optional[ComparatorGroup]:
    """The kind of group a body's name says ('Statistical Neighbours', 'SN average', 'comparator
    authorities'), or None: when it names no group, names a place ('North West comparators'), or
    could be two kinds of group (then nobody can say whose figure it is)."""
    if not body:
        return None
    found = {(g, pattern) for g, pattern in _group_patterns() if pattern.search(body)}
    if len(found) != 1:
        return None
    group, pattern = found.pop()
    rest = pattern.sub(" ", body)
    # a place beside the group's name ('North West comparators') makes it another body
    if find_authorities(body) or match_authority(rest):
        return None
    return group


def group_body(group: ComparatorGroup, council: Optional[str], council_code: str) -> tuple[str, str]:
    """(name, code) of a council's comparator group: ('West Sussex statistical neighbours',
    'E10000032-SN')."""
    name = f"{council} {group.name}" if council else group.name
    return name, f"{council_code}-{group.suffix}"


def is_group_code(code: Optional[str]) -> bool:
    return bool(code) and GROUP_CODE.fullmatch(code or "") is not None


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "reference" / "dfe"
    built = build_rows(src)
    write_csv(built)
    print(f"wrote {len(built)} authorities to {CSV_PATH}")
