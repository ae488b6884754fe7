"""Train the figure gate (extractors/figure_gate.py) on the tune split of the real corpus.

    python -m tools.train_gate [--corpus tests/corpus/real] [--out extractors/models] [--folds 5]

1. Runs the extractors (without the gate) on every tune-split paper, in-process, no provenance.
2. Labels each figure that would compete in metric_values: right when a gold figure of the corpus
   has the same council, metric, period, value kind and value (tools/eval.py's matching).
3. Picks the threshold by cross-validation grouped by council (a fold's councils are never seen
   by the model that scores them): the lowest threshold whose held-out precision reaches
   TARGET_PRECISION, else the one with the best held-out precision.
4. Trains on all tune figures and writes figure_gate.bin and figure_gate.json (threshold, curve,
   counts) under --out.

The test split is never read: its papers are not processed and its gold is not loaded.
Deterministic: fixed seeds and example order, papers in slug order.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from extractors import figure_gate
from pipeline.config import EXTRACTOR_VERSION
from tools.eval import DEFAULT_CORPUS, Doc, authority_key, figure_key, gold_figures, load_corpus, same_value

TARGET_PRECISION = 0.97
MIN_FIGURES_PER_KIND = 30     # the gate reviews a kind of document only if trained on this many
# (20 let it review minutes on 21 figures: it then doubted right figures of a sample paper typed
# minutes, a Coventry cabinet member report, that it had never seen the like of)
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 20)]      # 0.10 .. 0.95


def figures_of(path: str) -> list[tuple[str, dict]]:
    """(gate text, the figure's key and value) for each reviewable figure of one paper."""
    from pipeline.process import process_bytes
    data = Path(path).read_bytes()
    result = process_bytes(data, path, hashlib.sha256(data).hexdigest(), review=False)
    out = []
    for o in result.observations:
        if figure_gate.reviewable(o):
            key = figure_key(authority_key(o.authority, o.authority_code), o.metric or "", o.period_start,
                             o.period_end, o.value_kind)
            out.append((figure_gate.gate_text(o, result.document.doc_type),
                        {"key": key, "value": o.value, "doc_type": result.document.doc_type}))
    return out


def label(doc: Doc, figures: list[tuple[str, dict]]) -> list[tuple[str, bool, str]]:
    gold = gold_figures(doc)
    return [(text, any(g["key"] == f["key"] and same_value(f["value"], float(g["value"]))
                       for g in gold), doc.council)
            for text, f in figures]


def curve(scored: list[tuple[float, bool]]) -> list[dict]:
    right = sum(r for _, r in scored)
    rows = []
    for thr in THRESHOLDS:
        kept = [r for s, r in scored if s >= thr]
        rows.append({"threshold": thr, "kept": len(kept), "right_kept": sum(kept), "right": right,
                     "precision": round(sum(kept) / len(kept), 3) if kept else None})
    return rows


def choose(rows: list[dict]) -> float:
    good = [r for r in rows if r["precision"] is not None and r["precision"] >= TARGET_PRECISION]
    if good:
        return min(r["threshold"] for r in good)
    best = max(rows, key=lambda r: (r["precision"] or 0.0, -r["threshold"]))
    return float(best["threshold"])


def cross_validate(items: list[tuple[str, bool, str]], folds: int) -> list[tuple[float, bool]]:
    councils = sorted({c for _, _, c in items})
    scored = []
    for k in range(folds):
        held = set(councils[k::folds])
        nlp = figure_gate.train([t for t, _, c in items if c not in held],
                                [r for _, r, c in items if c not in held])
        tests = [(t, r) for t, r, c in items if c in held]
        scored += list(zip(figure_gate.scores(nlp, [t for t, _ in tests]), [r for _, r in tests]))
    return scored


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--out", type=Path, default=figure_gate.MODEL_DIR)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    docs = sorted((d for d in load_corpus(args.corpus) if d.split == "tune"), key=lambda d: d.slug)
    if not docs:
        print(f"no tune-split papers under {args.corpus}", file=sys.stderr)
        return 2
    with ProcessPoolExecutor(args.workers) as pool:
        found = list(pool.map(figures_of, [str(args.corpus / d.file) for d in docs]))
    items = [item for d, figures in zip(docs, found) for item in label(d, figures)]
    per_kind = Counter(f["doc_type"] for figures in found for _, f in figures)
    kinds = sorted(k for k, n in per_kind.items() if k and n >= MIN_FIGURES_PER_KIND)
    print(f"{len(docs)} tune papers, {len(items)} figures that would reach metric_values, "
          f"{sum(r for _, r, _ in items)} right")
    rows = curve(cross_validate(items, args.folds))
    threshold = choose(rows)
    for r in rows:
        mark = "  <- chosen" if r["threshold"] == threshold else ""
        print(f"  threshold {r['threshold']:.2f}: keeps {r['kept']:4} held-out figures, "
              f"{r['right_kept']}/{r['right']} of the right ones, precision {r['precision']}{mark}")
    nlp = figure_gate.train([t for t, _, _ in items], [r for _, r, _ in items])
    figure_gate.save(nlp, {
        "threshold": threshold, "target_precision": TARGET_PRECISION, "extractors": ["prose"],
        "doc_types": kinds, "figures_per_doc_type": dict(sorted((k or "unknown", n) for k, n in per_kind.items())),
        "trained_on": {"split": "tune", "papers": len(docs), "councils": len({d.council for d in docs}),
                       "figures": len(items), "right": sum(r for _, r, _ in items)},
        "extractor_version_at_training": EXTRACTOR_VERSION,
        "cross_validation": {"folds": args.folds, "grouped_by": "council", "curve": rows},
    }, args.out)
    print(f"wrote {args.out / figure_gate.MODEL_FILE.name} (threshold {threshold}; reviews {kinds})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
