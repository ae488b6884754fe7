"""A trained check on prose figures before they can reach metric_values: precision first.

The rules in prose.py give a figure its metric, period and council; on papers of councils they
were never tuned on, about a third of the figures they dated were wrong (a part taken as the
total, a target read as an actual, England's figure credited to the council). The rules' own
confidence did not separate right from wrong. This gate is a small bag-of-words text classifier
(spaCy textcat) over what the rules decided and the sentence they decided it from, trained by
`make train` on the tune split of the real corpus (tools/train_gate.py; the test split is never
used), shipped as extractors/models/figure_gate.bin with its threshold and the cross-validated
curve it was chosen from in figure_gate.json.

It reviews only the kinds of document it was trained on (figure_gate.json `doc_types`: kinds
with at least 30 training figures, tools/train_gate.py). A figure the gate doubts keeps its value,
label, period and evidence in metric_observations, but loses its metric, with the reason and the
metric it was given in `flags`: it never competes in metric_values. Without the model file
nothing is gated.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from core.model import Document, Observation

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_FILE = MODEL_DIR / "figure_gate.bin"
META_FILE = MODEL_DIR / "figure_gate.json"
RIGHT, WRONG = "RIGHT", "WRONG"
# Small on purpose: a few thousand labelled sentences at most; hashed unigrams and bigrams.
TEXTCAT = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
           "no_output_layer": False, "length": 65536}
MAX_TEXT = 600     # characters of evidence scored: the sentence around the figure, bounded


@dataclass(frozen=True)
class Gate:
    nlp: Language
    threshold: float
    extractors: frozenset[str]
    # The document kinds it was trained on (enough figures of each): elsewhere its scores say
    # nothing (on fostering annual reports, a kind absent from its training, it doubted right
    # figures), so it leaves them alone. None: every kind.
    doc_types: frozenset[str] | None = None


def gate_text(o: Observation, doc_type: str | None) -> str:
    """What the classifier reads: the rules' decisions, then the label and the sentence."""
    decided = f"{o.metric} {o.value_kind} {o.period_type} {o.unit} {doc_type or 'unknown'}"
    return f"{decided} | {o.label_raw[:120]} | {o.evidence[:MAX_TEXT]}"


def reviewable(o: Observation, extractors: Iterable[str] = ("prose",)) -> bool:
    """Would this figure compete in metric_values (metric, resolved period, a council)?"""
    return (o.extractor in extractors and o.metric is not None and o.period_end is not None
            and o.period_type != "other" and bool(o.authority_code))


def blank_pipeline() -> Language:
    import spacy
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": dict(TEXTCAT)})
    textcat.add_label(RIGHT)  # type: ignore[attr-defined]  # a TextCategorizer
    textcat.add_label(WRONG)  # type: ignore[attr-defined]
    return nlp


def train(texts: Sequence[str], right: Sequence[bool], epochs: int = 20, seed: int = 0) -> Language:
    """A deterministic fit: fixed seed, fixed example order per epoch, one thread."""
    import random

    from spacy.training import Example
    from spacy.util import fix_random_seed
    fix_random_seed(seed)
    nlp = blank_pipeline()
    examples = [Example.from_dict(nlp.make_doc(t), {"cats": {RIGHT: float(r), WRONG: float(not r)}})
                for t, r in zip(texts, right)]
    optimizer = nlp.initialize(lambda: examples)
    order = random.Random(seed)
    for _ in range(epochs):
        order.shuffle(examples)
        for i in range(0, len(examples), 8):
            nlp.update(examples[i:i + 8], sgd=optimizer)
    return nlp


def scores(nlp: Language, texts: Sequence[str]) -> list[float]:
    return [d.cats[RIGHT] for d in nlp.pipe(texts, batch_size=256)]


def save(nlp: Language, meta: dict, model_dir: Path = MODEL_DIR) -> None:
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / MODEL_FILE.name).write_bytes(nlp.to_bytes())
    (model_dir / META_FILE.name).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n",
                                             encoding="utf-8")


def load(model_dir: Path = MODEL_DIR) -> Gate | None:
    model, meta_file = model_dir / MODEL_FILE.name, model_dir / META_FILE.name
    if not model.exists() or not meta_file.exists():
        return None
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    nlp = blank_pipeline().from_bytes(model.read_bytes())
    kinds = meta.get("doc_types")
    return Gate(nlp=nlp, threshold=float(meta["threshold"]),
                extractors=frozenset(meta.get("extractors", ["prose"])),
                doc_types=frozenset(kinds) if kinds is not None else None)


@lru_cache(maxsize=1)
def shipped_gate() -> Gate | None:
    # The package ships the model (a test checks it); a checkout without it gates nothing.
    return load()


def review(doc: Document, observations: list[Observation], gate: Gate | None = None) -> None:
    """Take the metric off every reviewable figure the gate scores below its threshold."""
    gate = gate if gate is not None else shipped_gate()
    if gate is None or (gate.doc_types is not None and doc.doc_type not in gate.doc_types):
        return
    todo = [o for o in observations if reviewable(o, gate.extractors)]
    if not todo:
        return
    for o, score in zip(todo, scores(gate.nlp, [gate_text(o, doc.doc_type) for o in todo])):
        if score < gate.threshold:
            doubt = (f"unsure: the figure gate scored {score:.2f} < {gate.threshold:.2f} for "
                     f"metric {o.metric}")
            o.flags = "; ".join(x for x in (o.flags, doubt) if x)
            o.metric = None
