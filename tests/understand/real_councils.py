"""Which council document understanding gives each real paper of the tune split, against the
manifest's council (tests/corpus/real/). Test-split councils are never read here: a document is
opened only after its council's split is known to be `tune`.

    .venv/bin/python -m tests.understand.real_councils [--all]

prints one line per tune document (assigned council, manifest council, how it was known, type,
title) and the score: right / documents that name their council anywhere, and wrong (a council
given that is not the manifest's; NULL is not wrong).
"""
from __future__ import annotations

import csv
import hashlib
import os
import pickle
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from core.authorities import find_authorities, load_authorities
from core.councils import council_for_host
from core.model import Document

REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"
HOST = re.compile(r"(?:https?://|www\.|@)([a-z0-9.-]+\.[a-z]{2,})", re.I)


@dataclass
class Paper:
    slug: str
    path: Path
    council: str            # the manifest's (or, for a document not yet in a manifest, its slug's)
    gss_code: str
    doc_kind: str
    split: str


def split_of(gss_code: str) -> str:
    """The corpus README's rule: a council is `test` when sha1(gss) % 3 == 0."""
    return "test" if int(hashlib.sha1(gss_code.encode()).hexdigest(), 16) % 3 == 0 else "tune"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "and")).strip("-")


def _council_of_slug(slug: str) -> Optional[tuple[str, str]]:
    """A document not yet in a manifest: its council from the slug's leading words."""
    best: Optional[tuple[str, str]] = None
    best_len = 0
    for a in load_authorities():
        if not a.is_local or not a.gss_code or not a.current:
            continue
        for alias in (a.name,) + a.aliases:
            s = _slug(alias)
            if slug.startswith(s + "-") and len(s) > best_len:
                best, best_len = (a.name, a.gss_code), len(s)
    return best


def papers(root: Path = REAL) -> list[Paper]:
    out: dict[str, Paper] = {}
    for manifest in sorted(root.glob("manifest*.csv")):
        with open(manifest, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                out[r["slug"]] = Paper(r["slug"], root / r["file"], r["council"], r["gss_code"],
                                       r["doc_kind"], r["split"] or split_of(r["gss_code"]))
    for path in sorted((root / "docs").glob("*")):
        slug = path.stem
        if slug in out:
            continue
        found = _council_of_slug(slug)
        if found:
            kind = "inspection_report" if "-inspection-report" in slug else "unknown"
            out[slug] = Paper(slug, path, found[0], found[1], kind, split_of(found[1]))
    return list(out.values())


def tune_papers(root: Path = REAL) -> list[Paper]:
    return [p for p in papers(root) if p.split == "tune" and p.path.exists()]


def understand(path: Path) -> Document:
    from extractors.read import read_document
    from extractors.read.sniff import sniff_format
    from extractors.understand.structure import annotate

    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    cache = Path(os.environ["REAL_COUNCILS_CACHE"]) / f"{sha}.pkl" if os.environ.get(
        "REAL_COUNCILS_CACHE") else None     # while tuning: skip re-reading unchanged PDFs
    if cache is not None and cache.exists():
        doc = pickle.loads(cache.read_bytes())
    else:
        doc = read_document(data, sniff_format(data) or "text", str(path), sha)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_bytes(pickle.dumps(doc))
    return annotate(doc)


def names_council(doc: Document, gss_code: str) -> bool:
    """Does the document name its council anywhere: in words the gazetteer knows, or an address
    on one of the council's sites?"""
    text = "\n".join([doc.title or ""] + [b.text for b in doc.blocks])
    if any(a.gss_code == gss_code for _, _, a in find_authorities(text)):
        return True
    for host in HOST.findall(text):
        c = council_for_host(host)
        if c is not None and c.gss_code == gss_code:
            return True
    return False


# The manifest's document kinds -> the types classification may rightly give them (kinds with no
# one type, such as agenda-item pages, are not scored).
TYPES_OF_KIND = {"inspection_report": ("inspection_report",), "performance_scorecard": ("performance_report",),
                 "sufficiency_statement": ("strategy",), "fostering_annual_report": ("annual_report",),
                 "adoption_annual_report": ("annual_report",), "minutes": ("minutes", "agenda_pack"),
                 "committee_report": ("committee_report",), "agenda_pack": ("agenda_pack",)}


def type_agreement(rows: list[tuple[Paper, Document]]) -> dict[str, tuple[int, int]]:
    """kind -> (typed as expected, documents of that kind)."""
    out: dict[str, tuple[int, int]] = {}
    for p, doc in rows:
        if p.doc_kind in TYPES_OF_KIND:
            ok, n = out.get(p.doc_kind, (0, 0))
            out[p.doc_kind] = (ok + (doc.doc_type in TYPES_OF_KIND[p.doc_kind]), n + 1)
    return out


@dataclass
class Score:
    named: int = 0
    right_named: int = 0
    right: int = 0
    wrong: int = 0
    total: int = 0

    @property
    def recall(self) -> float:
        return self.right_named / self.named if self.named else 1.0


def score(rows: list[tuple[Paper, Document]]) -> Score:
    s = Score()
    for p, doc in rows:
        s.total += 1
        named = names_council(doc, p.gss_code)
        ok = doc.authority_code == p.gss_code
        s.named += named
        s.right_named += named and ok
        s.right += ok
        s.wrong += doc.authority_code is not None and not ok
    return s


def main(argv: list[str]) -> int:
    rows = [(p, understand(p.path)) for p in tune_papers()]
    for p, doc in rows:
        ok = doc.authority_code == p.gss_code
        mark = "ok " if ok else ("-- " if doc.authority_code is None else "XX ")
        print(f"{mark}{p.slug[:46]:46} {str(doc.authority)[:20]:20} {p.council[:20]:20} "
              f"{str(doc.authority_source):10} {doc.doc_type:18} {str(doc.title)[:50]!r}"
              + ("" if ok or doc.authority_code else f"  [{doc.authority_note}]"
                 if "--all" in argv else ""))
    s = score(rows)
    print(f"\n{s.total} tune documents; {s.named} name their council; right on {s.right_named} of "
          f"those ({s.recall:.2f}); right overall {s.right}; wrong {s.wrong}")
    print("types: " + ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in sorted(type_agreement(rows).items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
