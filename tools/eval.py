"""Measure extraction on real papers against hand-written gold labels, per split.

    python -m tools.eval [--corpus tests/corpus/real] [--db FILE] [-v] [--json FILE]

Runs the product as a user would (`council-etl run <docs> --no-prefect`, no provenance: the
council must come from the document itself) into a scratch warehouse, then scores:
- figures: rows of `metric_values` whose preferred source is a corpus document, against the gold
  figures (authority, metric, period, value kind, value). Recall counts gold figures with a
  period; precision counts every row the warehouse offers.
- council: the document's `authority` against the manifest's council, over documents that name
  their council anywhere in the text (a wrong council counts against, NULL counts as a miss).
- actions: extracted actions against gold actions, matched by their words.

The `test` split holds councils whose labels were written before any tuning and must never be
used to tune a rule (tests/corpus/real/README.md); numbers are printed for both splits.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from core.authorities import comparator_group, find_authorities, group_body, match_authority

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "tests" / "corpus" / "real"
VALUE_TOLERANCE = 0.005          # relative; "53.8" against 53.8, "£6.7m" against 6,700,000
ACTION_MATCH = 0.6               # share of the gold action's first words found in the extracted one
ACTION_WORDS = 12


@dataclass
class Doc:
    slug: str
    file: str
    council: str
    gss_code: str
    doc_kind: str
    split: str
    gold: dict


@dataclass
class Tally:
    gold_figures: int = 0
    found_figures: int = 0
    offered: int = 0
    correct: int = 0
    council_docs: int = 0
    council_right: int = 0
    council_wrong: int = 0
    inspections: int = 0
    inspections_typed: int = 0
    gold_actions: int = 0
    found_actions: int = 0
    extracted_actions: int = 0
    matched_actions: int = 0
    misses: list[str] = field(default_factory=list)

    def ratio(self, a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    def summary(self) -> dict:
        return {"figures_recall": self.ratio(self.found_figures, self.gold_figures),
                "figures_precision": self.ratio(self.correct, self.offered),
                "gold_figures": self.gold_figures, "offered": self.offered,
                "council_right": self.ratio(self.council_right, self.council_docs),
                "inspections_typed": self.ratio(self.inspections_typed, self.inspections),
                "council_wrong": self.council_wrong, "council_docs": self.council_docs,
                "actions_recall": self.ratio(self.found_actions, self.gold_actions),
                "actions_precision": self.ratio(self.matched_actions, self.extracted_actions),
                "gold_actions": self.gold_actions, "extracted_actions": self.extracted_actions}


def load_corpus(corpus: Path) -> list[Doc]:
    docs = []
    for manifest in sorted(corpus.glob("manifest*.csv")):
        with open(manifest, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                gold_path = corpus / "gold" / f"{row['slug']}.json"
                if not gold_path.exists() or not (corpus / row["file"]).exists():
                    continue
                docs.append(Doc(slug=row["slug"], file=row["file"], council=row["council"],
                                gss_code=row["gss_code"], doc_kind=row["doc_kind"],
                                split=row["split"] or "tune",
                                gold=json.loads(gold_path.read_text(encoding="utf-8"))))
    return docs


def authority_key(name: str | None, code: str | None = None) -> str:
    """One key per body: its GSS code when the gazetteer knows it, else its lower-case name."""
    if code:
        return code
    found = match_authority(name or "")
    return found.gss_code if found and found.gss_code else (name or "").strip().lower()


def group_key(name: str, doc: Doc) -> str | None:
    """A comparator group named by the gold ('Statistical neighbours', 'comparator authorities')
    is the group of the paper's council: keyed as the warehouse keys it ('E10000032-SN')."""
    group = comparator_group(name)
    return group_body(group, doc.council, doc.gss_code)[1] if group and doc.gss_code else None


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= max(1e-9, VALUE_TOLERANCE * max(abs(a), abs(b)))


def figure_key(authority: str, metric: str, start, end, kind: str) -> tuple:
    return (authority, metric, str(start) if start else None, str(end) if end else None, kind)


def gold_figures(doc: Doc) -> list[dict]:
    out = []
    for f in doc.gold.get("figures", []):
        if f.get("metric") is None or f.get("value") is None:
            continue
        start = f.get("period_start") or (f.get("period_end") if f.get("period_type") == "as_at" else None)
        # The publishing council is keyed by the manifest's code: its name alone can be ambiguous
        # in the gazetteer (North Yorkshire the county, E10000023, and the unitary, E06000065).
        own = not f.get("authority") or f["authority"] == doc.council
        body = authority_key(doc.council, doc.gss_code) if own else \
            group_key(f["authority"], doc) or authority_key(f["authority"])
        out.append({**f, "key": figure_key(body,
                                           f["metric"], start, f.get("period_end"),
                                           f.get("value_kind") or "actual")})
    return out


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", (text or "").lower())


def action_matches(gold_text: str, extracted: str) -> bool:
    want = words(gold_text)[:ACTION_WORDS]
    have = set(words(extracted))
    return bool(want) and sum(w in have for w in want) / len(want) >= ACTION_MATCH


def names_council(text: str, doc: Doc) -> bool:
    """Does the document name its council anywhere (the bar for 'council right')?"""
    return any(a.gss_code == doc.gss_code for _, _, a in find_authorities(text))


def run_pipeline(docs_dir: Path, db: Path, only: list[str] | None = None) -> None:
    """Run council-etl on the corpus documents (all of them, or only the files named in `only`)."""
    with tempfile.TemporaryDirectory() as tmp:
        if only is not None:
            # A split's own papers in a folder of their own: iterating on the tune split never
            # processes (so never shows) a test-split paper.
            subset = Path(tmp) / "docs"
            subset.mkdir()
            for name in only:
                shutil.copy2(docs_dir / name, subset / name)
            docs_dir = subset
        _run_cli(docs_dir, db)


def _run_cli(docs_dir: Path, db: Path) -> None:
    # Two worker processes: the same results as one (tested), in about half the time on two cores.
    cmd = [sys.executable, "-m", "cli.main", "run", str(docs_dir), "--db", str(db), "--no-prefect",
           "--workers", "2"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"council-etl run failed ({done.returncode}):\n{done.stderr[-3000:]}")


def score(docs: list[Doc], db: Path, verbose: bool) -> dict[str, dict[str, Tally]]:
    con = duckdb.connect(str(db), read_only=True)
    by_path = {Path(p).stem: (d, a, code) for d, p, a, code in con.execute(
        "select document_id, source_path, authority, authority_code from documents").fetchall()}
    doc_type = dict(con.execute("select document_id, doc_type from documents").fetchall())
    text_of = dict(con.execute(
        "select document_id, string_agg(text, ' ') from blocks group by document_id").fetchall())
    values = con.execute("""select document_id, authority, authority_code, metric, period_start,
                                   period_end, value_kind, value, evidence from metric_values""").fetchall()
    actions = con.execute("select document_id, kind, text from actions").fetchall()
    con.close()

    doc_by_id = {by_path[d.slug][0]: d for d in docs if d.slug in by_path}
    gold_by_key: dict[tuple, list[tuple[Doc, dict]]] = defaultdict(list)
    for d in docs:
        for g in gold_figures(d):
            gold_by_key[g["key"][:2]].append((d, g))
    tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))

    def both(d: Doc) -> list[Tally]:
        return [tallies[d.split]["all"], tallies[d.split][d.doc_kind]]

    offered_by_doc: dict[str, list[tuple]] = defaultdict(list)
    for row in values:
        if row[0] in doc_by_id:
            offered_by_doc[row[0]].append(row)
    for d in docs:
        if d.slug not in by_path:
            for t in both(d):
                t.misses.append(f"{d.split} {d.slug}: not processed")
            continue
        doc_id, authority, code = by_path[d.slug]
        rows = offered_by_doc.get(doc_id, [])
        # figures: recall over dated gold figures, precision over every offered row
        for g in gold_figures(d):
            if g["key"][3] is None:
                continue
            hit = any(figure_key(authority_key(r[1], r[2]), r[3], r[4], r[5], r[6]) == g["key"]
                      and same_value(r[7], float(g["value"])) for r in values)
            for t in both(d):
                t.gold_figures += 1
                t.found_figures += hit
                if not hit:
                    t.misses.append(f"{d.split} {d.slug}: missed {g['metric']} {g['value']} "
                                    f"{g['key'][0]} {g['key'][3]} ({g.get('evidence', '')[:80]})")
        for r in rows:
            key = figure_key(authority_key(r[1], r[2]), r[3], r[4], r[5], r[6])
            ok = any(g["key"] == key and same_value(r[7], float(g["value"]))
                     for _, g in gold_by_key.get(key[:2], []))
            for t in both(d):
                t.offered += 1
                t.correct += ok
                if not ok:
                    t.misses.append(f"{d.split} {d.slug}: wrong {r[3]} {r[7]} {r[1]} "
                                    f"{r[4]}..{r[5]} {r[6]} ({(r[8] or '')[:80]})")
        # council
        if names_council(text_of.get(doc_id) or "", d):
            right = code == d.gss_code
            for t in both(d):
                t.council_docs += 1
                t.council_right += right
                t.council_wrong += bool(code) and not right
                if not right:
                    t.misses.append(f"{d.split} {d.slug}: council {authority or 'NULL'}, "
                                    f"expected {d.council}")
        if d.doc_kind == "inspection_report":
            for t in both(d):
                t.inspections += 1
                t.inspections_typed += doc_type.get(doc_id) == "inspection_report"
        # actions
        extracted = [a for a in actions if a[0] == doc_id]
        gold_actions = [a for a in d.gold.get("actions", []) if a.get("text")]
        for g in gold_actions:
            hit = any(action_matches(g["text"], a[2]) for a in extracted)
            for t in both(d):
                t.gold_actions += 1
                t.found_actions += hit
                if not hit:
                    t.misses.append(f"{d.split} {d.slug}: missed action {g['text'][:80]}")
        for a in extracted:
            ok = any(action_matches(g["text"], a[2]) for g in gold_actions)
            for t in both(d):
                t.extracted_actions += 1
                t.matched_actions += ok
                if not ok and verbose:
                    t.misses.append(f"{d.split} {d.slug}: extra action {a[1]} {a[2][:80]}")
    return tallies


def print_report(tallies: dict[str, dict[str, Tally]], verbose: bool, splits: list[str]) -> None:
    cols = ["figures_recall", "figures_precision", "gold_figures", "offered", "council_right",
            "council_wrong", "actions_recall", "actions_precision", "gold_actions"]
    print(f"{'split / kind':34} " + " ".join(f"{c[:17]:>17}" for c in cols))
    for split in splits:
        for kind, tally in sorted(tallies[split].items(), key=lambda kv: (kv[0] != "all", kv[0])):
            s = tally.summary()
            print(f"{split + ' / ' + kind:34} " + " ".join(f"{str(s[c]):>17}" for c in cols))
    if verbose:
        for split in splits:
            for line in tallies[split]["all"].misses:
                print("  " + line)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--db", type=Path, default=None, help="keep the warehouse here (built when missing, reused when present)")
    p.add_argument("--split", choices=["tune", "test"], action="append",
                   help="process and print only this split's papers (default both)")
    p.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    p.add_argument("--json", type=Path, default=None, help="also write the summary as JSON")
    args = p.parse_args(argv)
    docs = load_corpus(args.corpus)
    if not docs:
        print(f"no labelled documents under {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "eval.duckdb"
        splits = args.split or ["tune", "test"]
        docs = [d for d in docs if d.split in splits]
        if not db.exists():
            only = None if args.split is None else [Path(d.file).name for d in docs]
            run_pipeline(args.corpus / "docs", db, only)
        tallies = score(docs, db, args.verbose)
    print(f"{len(docs)} labelled documents, {len({d.council for d in docs})} councils "
          f"({date.today()})")
    print_report(tallies, args.verbose, splits)
    if args.json:
        args.json.write_text(json.dumps({s: {k: t.summary() for k, t in tallies[s].items()}
                                         for s in splits}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
