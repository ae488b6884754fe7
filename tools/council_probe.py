"""How often the publishing council is decided right on pages of councils the rules were never
written on: a probe whose labels cost nothing.

    python -m tools.council_probe [--half a|b|c|all] [-v]
    python -m tools.council_probe add [--to-half c] < pages.txt

The probe (tests/corpus/council-probe/probe.jsonl) holds excerpts of real council committee pages,
each with the address it was published at. The address names the publishing council
(`core.councils.council_for_host`), so the label needs no reading. Each excerpt is read the way a
saved .txt page is read, WITHOUT its address (the detector sees only the text), and the product's
council decision (`extractors.understand.council`, through document understanding) is scored:

- right: the council of the address;
- wrong: another council (worse than unknown);
- unknown: no council, with the verdict's note.

`named` counts excerpts that name their council anywhere, the way tools/eval.py decides it (a
gazetteer name of that council in the text): the eval's denominator for "council right".

The probe is split by council into two halves (`half_of`: sha1 of the GSS code, even -> a, odd -> b).
Rules are tuned on half a only; half b shows whether they generalise. A later collection can be
kept apart as a half of its own (`add --to-half c`, stored in the row as "half"): collected and
scored once before any rule is changed, it stays held out while a and b are tuned on.

`add` reads pages from stdin, each opening with a line `=== <address>` followed by the excerpt's
text, and appends those that are kept: the host must be one council's, that council must not be in
the real corpus's test split (tests/corpus/real/README.md: sha1(gss) % 3 == 0), and the address and
text must be new (nor already in the real corpus).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional
from urllib.parse import urlsplit

from core.authorities import authority_by_code, find_authorities
from core.councils import council_for_host

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "tests" / "corpus" / "council-probe" / "probe.jsonl"
REAL = ROOT / "tests" / "corpus" / "real"


@dataclass(frozen=True)
class Page:
    url: str
    gss_code: str
    council: str
    text: str
    collection: Optional[str] = None    # a later, held-out collection's own half ("c")

    @property
    def half(self) -> str:
        return self.collection or half_of(self.gss_code)


@dataclass(frozen=True)
class Outcome:
    page: Page
    code: Optional[str]
    authority: Optional[str]
    source: Optional[str]
    note: Optional[str]
    named: bool

    @property
    def verdict(self) -> str:
        if self.code == self.page.gss_code:
            return "right"
        return "wrong" if self.code else "unknown"


def half_of(gss_code: str) -> str:
    return "a" if int(hashlib.sha1(gss_code.encode()).hexdigest(), 16) % 2 == 0 else "b"


def in_test_split(gss_code: str) -> bool:
    """The real corpus's split rule: such a council's pages are never kept."""
    return int(hashlib.sha1(gss_code.encode()).hexdigest(), 16) % 3 == 0


def load(path: Path = PROBE) -> list[Page]:
    with open(path, encoding="utf-8") as f:
        return [Page(r["url"], r["gss_code"], r["council"], r["text"], r.get("half"))
                for r in map(json.loads, f) if r]


def council_of_address(url: str) -> Optional[tuple[str, str]]:
    """(GSS code, name) of the one council whose site the address is on, or None."""
    c = council_for_host(urlsplit(url).hostname or "")
    if c is None or not c.gss_code:
        return None
    a = authority_by_code(c.gss_code)
    return c.gss_code, (a.name if a else c.name)


def names_council(text: str, gss_code: str) -> bool:
    """As tools/eval.py decides it: the council's name, as the gazetteer knows it, in the text."""
    return any(a.gss_code == gss_code for _, _, a in find_authorities(text))


def judge(page: Page) -> Outcome:
    """The product's council decision on the excerpt as a saved .txt page with no address."""
    from extractors.read import read_document
    from extractors.understand.structure import annotate

    data = page.text.encode("utf-8")
    doc = annotate(read_document(data, "text", "page.txt", hashlib.sha256(data).hexdigest()))
    text = "\n".join([doc.title or ""] + [b.text for b in doc.blocks])
    return Outcome(page, doc.authority_code, doc.authority, doc.authority_source, doc.authority_note,
                   names_council(text, page.gss_code))


# ---------------------------------------------------------------- adding pages

def _pages_in(stream: Iterable[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, list[str]]] = []
    for line in stream:
        if line.startswith("=== "):
            out.append((line[4:].strip(), []))
        elif out:
            out[-1][1].append(line)
    return [(url, "".join(lines).strip()) for url, lines in out]


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{(parts.hostname or '').removeprefix('www.')}{parts.path.rstrip('/')}?{parts.query}".lower()


def _real_corpus_urls() -> set[str]:
    """The real corpus's addresses: a page already there measures nothing new."""
    out = set()
    for manifest in REAL.glob("manifest*.csv"):
        with open(manifest, encoding="utf-8", newline="") as f:
            out |= {_url_key(r["source_url"]) for r in csv.DictReader(f) if r.get("source_url")}
    return out


def add(stream: Iterable[str], path: Path = PROBE, half: Optional[str] = None) -> Counter:
    have = load(path) if path.exists() else []
    urls = {_url_key(p.url) for p in have} | _real_corpus_urls()
    texts = {" ".join(p.text.split()) for p in have}
    counts: Counter = Counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        for url, text in _pages_in(stream):
            council = council_of_address(url)
            if council is None:
                counts["dropped: host not one council's"] += 1
                continue
            if in_test_split(council[0]):
                counts["dropped: test-split council"] += 1
                continue
            flat = " ".join(text.split())
            if _url_key(url) in urls or flat in texts or len(flat) < 200:
                counts["dropped: duplicate or too short"] += 1
                continue
            urls.add(_url_key(url))
            texts.add(flat)
            row = {"url": url, "gss_code": council[0], "council": council[1], "text": text}
            f.write(json.dumps(row | ({"half": half} if half else {}), ensure_ascii=False) + "\n")
            counts["kept"] += 1
    return counts


# ---------------------------------------------------------------- report

@dataclass
class HalfScore:
    pages: int = 0
    right: int = 0
    wrong: int = 0
    unknown: int = 0
    named: int = 0
    right_named: int = 0

    @property
    def recall(self) -> float:
        """Right on the pages that name their council (the eval's 'council right')."""
        return self.right_named / self.named if self.named else 1.0


def score(outcomes: Iterable[Outcome]) -> dict[str, HalfScore]:
    halves: dict[str, HalfScore] = {}
    for o in outcomes:
        s = halves.setdefault(o.page.half, HalfScore())
        s.pages += 1
        setattr(s, o.verdict, getattr(s, o.verdict) + 1)
        s.named += o.named
        s.right_named += o.named and o.verdict == "right"
    return dict(sorted(halves.items()))


def report(outcomes: list[Outcome], verbose: bool) -> str:
    lines = []
    for half, s in score(outcomes).items():
        councils = len({o.page.gss_code for o in outcomes if o.page.half == half})
        lines.append(f"half {half}: {s.pages} pages, {councils} councils: right {s.right}, wrong {s.wrong}, "
                     f"unknown {s.unknown}; {s.named} name their council, right on {s.right_named} of "
                     f"those ({s.recall:.3f})")
    for o in outcomes:
        if o.verdict == "right" and not verbose:
            continue
        mark = "named" if o.named else "not named"
        said = f"{o.authority} ({o.source})" if o.code else "NULL"
        lines.append(f"  {o.verdict:7} {o.page.half} {o.page.council:28.28} -> {said:34.34} [{mark}] "
                     f"{o.page.url}" + (f"\n          {o.note}" if o.note and o.verdict != "right" else ""))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", nargs="?", default="run", choices=("run", "add"))
    ap.add_argument("--probe", type=Path, default=PROBE)
    ap.add_argument("--half", choices=("a", "b", "c", "all"), default="all")
    ap.add_argument("--to-half", choices=("c",), help="add: keep the pages as a held-out half of their own")
    ap.add_argument("-v", "--verbose", action="store_true", help="list right verdicts too")
    args = ap.parse_args(argv)
    if args.command == "add":
        print(dict(add(sys.stdin, args.probe, args.to_half)))
        return 0
    if not args.probe.exists():
        raise SystemExit(f"no probe at {args.probe}: collect pages with `python -m tools.council_probe add`")
    pages = [p for p in load(args.probe) if args.half in ("all", p.half)]
    print(report([judge(p) for p in pages], args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

