"""One document, bytes in, ExtractionResult out: sniff -> read -> understand -> provenance -> extract.

Pure with respect to the warehouse: nothing here writes anywhere, so it can run in a worker
process and the single writer loads the result in one transaction.
"""
from __future__ import annotations

import time
from typing import Callable, cast

from core.errors import UnreadableDocument
from core.model import Document, ExtractionResult, Findings, Format, Observation, SourceInfo, Status
from extractors import actions, figure_gate, inspection_facts, line_tables, prose, tables
from extractors.read import read_document
from extractors.read.sniff import describe_binary, sniff_format
from extractors.understand import structure
from pipeline import provenance

# The stages in the order a document meets them. Document understanding first (layout
# clean-up, classification, segments, meetings), each Document -> Document; then the
# extractors, each Document -> Findings. (spaCy is imported lazily by extractors.nlp, so
# importing the stages here keeps the command line quick.)
ANNOTATORS: list[tuple[str, Callable[[Document], Document | None]]] = [
    ("structure", structure.annotate),
    ("provenance", provenance.apply_source),
]
EXTRACTORS: list[tuple[str, Callable[[Document], Findings]]] = [
    ("tables", tables.extract),
    ("line_tables", line_tables.extract),      # tables that reach us as lines of text
    ("prose", prose.extract),
    ("inspection_facts", inspection_facts.extract),   # Ofsted's 'children looked after' template
    ("actions", actions.extract),
]


def unreadable_result(path: str, sha256: str, fmt: Format | None, message: str,
                      status: Status = "failed", source: SourceInfo | None = None) -> ExtractionResult:
    doc = Document(source_path=path, sha256=sha256, format=fmt or "unknown", source=source)
    return ExtractionResult(document=doc, status=status, error=message)


def unsupported_message(data: bytes) -> str:
    what = describe_binary(data)
    if what:
        return (f"unsupported file type: the bytes are {what}; convert it to PDF, HTML or "
                "plain text")
    return ("unsupported file type: the bytes are binary data, not PDF, HTML or text; "
            "check that the file is a council paper")


def process_bytes(data: bytes, path: str, sha256: str,
                  source: SourceInfo | None = None, review: bool = True) -> ExtractionResult:
    timings: dict[str, float] = {}
    t = time.perf_counter()
    if not data:
        return unreadable_result(path, sha256, None, "the file is empty (0 bytes); nothing to extract",
                                 source=source)
    fmt = sniff_format(data)
    if fmt is None:
        return unreadable_result(path, sha256, None, unsupported_message(data), status="skipped",
                                 source=source)
    try:
        doc = read_document(data, fmt, path, sha256)
    except UnreadableDocument as e:
        return unreadable_result(path, sha256, cast(Format, fmt), e.message,
                                 cast(Status, e.status), source=source)
    doc.source = source
    timings["parse"] = time.perf_counter() - t
    return extract_document(doc, timings, review)


def process_contained(data: bytes, path: str, sha256: str,
                      source: SourceInfo | None = None) -> ExtractionResult:
    """process_bytes, but a bug in a reader or extractor becomes a failed document, never an
    exception that stops the run. MemoryError is let through: the caller's memory budget
    reports it."""
    try:
        return process_bytes(data, path, sha256, source)
    except MemoryError:
        raise
    except Exception as e:
        return unreadable_result(path, sha256, None,
                                 f"internal error while processing ({type(e).__name__}: {e}); "
                                 "please report it with this file", source=source)


def extract_document(doc: Document, timings: dict[str, float] | None = None,
                     review: bool = True) -> ExtractionResult:
    """Run annotators, extractors, then the figure gate (`review=False` skips it: the gate's own
    training reads the rules' unreviewed output); a failing stage makes the document partial."""
    timings = timings if timings is not None else {}
    result = ExtractionResult(document=doc, timings=timings)
    problems: list[str] = []       # stages that failed outright
    for name, annotate in ANNOTATORS:
        t = time.perf_counter()
        try:
            doc = annotate(doc) or doc
        except Exception as e:  # contain: the document keeps what earlier stages produced
            problems.append(f"{name} stage failed ({type(e).__name__}: {e})")
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t
    result.document = doc
    for name, extract in EXTRACTORS:
        t = time.perf_counter()
        try:
            found = extract(doc)
            result.observations.extend(found.observations)
            result.actions.extend(found.actions)
        except Exception as e:
            problems.append(f"{name} extraction failed ({type(e).__name__}: {e})")
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t
    finish(result)
    if review:
        t = time.perf_counter()
        try:
            figure_gate.review(doc, result.observations)
        except Exception as e:
            problems.append(f"figure gate failed ({type(e).__name__}: {e})")
        timings["figure_gate"] = time.perf_counter() - t
    # The template's "last 12 months" is a financial year only by inference: the paper's own
    # figures for that year (any extractor's, the gate's doubts set aside) can contradict it.
    try:
        inspection_facts.undate_contradicted_twelve_months(result.observations)
    except Exception as e:
        problems.append(f"twelve-months check failed ({type(e).__name__}: {e})")
    # What the reader and the stages could not read (a scanned page, one odd table) is added to
    # doc.partial_reasons as they go; a whole stage failing is a problem of its own.
    problems = doc.partial_reasons + problems
    if problems:
        result.status = "partial"
        result.error = "; ".join(problems)
    return result


def template_readings(observations: list[Observation]) -> set[tuple]:
    """(block, value, unit) of every figure the inspection template extractor read."""
    return {(o.block_index, o.value, o.unit) for o in observations
            if o.extractor == inspection_facts.EXTRACTOR and o.block_index is not None}


def finish(result: ExtractionResult) -> None:
    """Fill defaults every row needs (authority, agenda item) and drop repeats: exact ones, and
    the prose reading of a figure the inspection template extractor read (the same sentence read
    twice would store the figure twice, once perhaps with the wrong metric or no period)."""
    doc = result.document
    seen = set()
    kept = []
    templated = template_readings(result.observations)
    for o in result.observations:
        if o.extractor == prose.EXTRACTOR and (o.block_index, o.value, o.unit) in templated:
            continue
        if o.authority is None:
            o.authority, o.authority_code = doc.authority, doc.authority_code
        if o.block_index is not None and o.agenda_item is None:
            o.agenda_item = doc.segment_of(o.block_index).agenda_item
        # Two equal cells of one table row are two facts: the cell position is part of the key.
        key = (o.metric, o.label_raw, o.value, o.unit, o.period_start, o.period_end,
               o.value_kind, o.page, o.evidence, o.authority, o.table_index, o.row, o.col)
        if key in seen:
            continue
        seen.add(key)
        kept.append(o)
    result.observations = kept
    for a in result.actions:
        if a.block_index is not None and a.agenda_item is None:
            a.agenda_item = doc.segment_of(a.block_index).agenda_item
