"""The intermediate document model and the extraction results.

Every reader (PDF, plain text, HTML) produces a `Document`; every extractor reads a `Document`
and returns `Observation`s and `Action`s. Nothing downstream looks at the original bytes.
All classes are plain dataclasses so results pickle across worker processes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Optional, get_args

# The vocabularies. The fields below are typed with them, mypy checks every assignment, and the
# warehouse's CHECK-free columns rely on that. `vocabulary(Unit)` gives the values at run time.
BlockKind = Literal["heading", "paragraph", "list_item", "table"]
DocType = Literal["annual_report", "agenda_pack", "minutes", "committee_report", "decision_notice",
                  "forward_plan", "strategy", "inspection_report", "performance_report", "other"]
ValueKind = Literal["actual", "target", "forecast", "benchmark", "derived"]
PeriodType = Literal["as_at", "financial_year", "quarter", "month", "calendar_year", "other"]
Unit = Literal["count", "percent", "gbp", "days", "rate_per_10k", "ratio"]
Qualifier = Literal["approx", "more_than", "less_than"]
ActionKind = Literal["resolution", "recommendation", "decision", "action_plan_item", "commitment",
                     "priority"]
Status = Literal["ok", "partial", "failed", "skipped"]
Extractor = Literal["table", "prose", "template"]    # template: a fixed form such as Ofsted's
Format = Literal["pdf", "text", "html", "unknown"]
MeetingKind = Literal["agenda", "minutes"]


def vocabulary(alias: object) -> tuple[str, ...]:
    """The values of a Literal vocabulary: vocabulary(Unit) -> ('count', 'percent', ...)."""
    return tuple(get_args(alias))


@dataclass
class Table:
    """A table as read: a rectangular grid of cell texts, header rows included."""
    rows: list[list[str]]
    page: int                               # 1-based page where the table starts
    method: str                             # 'lines' | 'text' | 'tsv' | 'html'
    bbox: Optional[tuple[float, float, float, float]] = None  # (x0, top, x1, bottom) on `page`
    pages: list[int] = field(default_factory=list)            # every page it spans
    index: int = -1                         # position among the document's tables (set by reader)
    caption: Optional[str] = None           # nearest heading/paragraph above, when known
    open_top: bool = False                  # no border above its first row: it may continue a row cut by a page break

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Block:
    """One unit of reading order: a heading, paragraph, list item or table."""
    kind: BlockKind
    text: str
    page: int                               # 1-based
    bbox: Optional[tuple[float, float, float, float]] = None  # PDF: (x0, top, x1, bottom)
    char_start: Optional[int] = None        # text/HTML: offsets into the decoded text
    char_end: Optional[int] = None
    level: Optional[int] = None             # heading level, 1 = top
    section: Optional[str] = None           # heading path, e.g. "Recruitment > Enquiries"
    table: Optional[Table] = None           # set when kind == 'table'
    segment: int = 0                        # index into Document.segments
    font_size: Optional[float] = None
    bold: bool = False


@dataclass
class Page:
    number: int                             # 1-based physical page
    width: float = 0.0
    height: float = 0.0
    n_chars: int = 0                        # characters in the text layer (0 => needs OCR)
    printed_number: Optional[str] = None    # the "Page 70" furniture, kept as metadata
    agenda_item: Optional[str] = None       # from an "Agenda Item 7" running header
    n_columns: int = 1


@dataclass
class Segment:
    """A part of a document with its own context: the whole paper, or in an agenda pack a front
    sheet, a set of minutes, or one report with its own reporting period."""
    kind: str = "document"                  # document | front_sheet | agenda | minutes | report | appendix | forward_plan
    title: Optional[str] = None
    first_block: int = 0
    last_block: int = -1                    # inclusive; -1 => to the end
    page_start: Optional[int] = None
    page_end: Optional[int] = None
    period_start: Optional[date] = None
    period_end: Optional[date] = None
    meeting_date: Optional[date] = None
    meeting_key: Optional[str] = None       # Meeting.key this segment belongs to
    agenda_item: Optional[str] = None       # item number in the pack, e.g. "8"


@dataclass
class Document:
    source_path: str
    sha256: str
    format: Format
    pages: list[Page] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    title: Optional[str] = None
    authority: Optional[str] = None         # publishing council, canonical name
    authority_code: Optional[str] = None    # GSS code
    authority_source: Optional[str] = None  # how the council was known: 'provenance', 'address', 'letterhead', 'text'
    authority_note: Optional[str] = None    # why no council was given, when none was
    doc_type: DocType = "other"
    period_start: Optional[date] = None     # reporting period (reports)
    period_end: Optional[date] = None
    meeting_date: Optional[date] = None     # agendas and minutes
    segments: list[Segment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)          # informational notes (e.g. encoding)
    partial_reasons: list[str] = field(default_factory=list)   # what was not read; makes status 'partial'
    source: Optional["SourceInfo"] = None
    page_url: Optional[str] = None          # a saved web page's own address ("saved from url=", canonical link)
    link_urls: list[str] = field(default_factory=list)   # addresses the document links to (bounded by the reader)
    meetings: list["Meeting"] = field(default_factory=list)         # filled by document understanding
    agenda_items: list["AgendaItem"] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b.table for b in self.blocks if b.kind == "table" and b.table is not None]

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks if b.kind != "table")

    def segment_of(self, block_index: int) -> Segment:
        """The innermost segment holding a block; the whole document when none was found."""
        best = None
        for seg in self.segments:
            last = seg.last_block if seg.last_block >= 0 else len(self.blocks) - 1
            if seg.first_block <= block_index <= last:
                if best is None or (last - seg.first_block) <= (
                        (best.last_block if best.last_block >= 0 else len(self.blocks) - 1) - best.first_block):
                    best = seg
        return best or Segment(period_start=self.period_start, period_end=self.period_end,
                               meeting_date=self.meeting_date)

    def period_for(self, block_index: int) -> tuple[Optional[date], Optional[date]]:
        """Reporting period that governs a block: its report's own period beats the pack's."""
        seg = self.segment_of(block_index)
        if seg.period_start or seg.period_end:
            return seg.period_start, seg.period_end
        return self.period_start, self.period_end


@dataclass
class SourceInfo:
    """Where a document came from when it was fetched rather than found on disk."""
    source_name: Optional[str] = None       # configured source, e.g. 'sefton'
    url: Optional[str] = None
    committee: Optional[str] = None
    committee_id: Optional[str] = None
    meeting_id: Optional[str] = None
    meeting_date: Optional[date] = None
    agenda_item_number: Optional[str] = None
    agenda_item_title: Optional[str] = None
    document_title: Optional[str] = None
    authority: Optional[str] = None         # the council the source belongs to, when provenance says
    authority_code: Optional[str] = None    # (a fetched council's registry entry, run --authority, a folder mapping)


@dataclass
class Observation:
    """One numeric fact as stated in a paper."""
    value: float
    unit: Unit
    label_raw: str
    evidence: str
    page: int
    extractor: Extractor
    metric: Optional[str] = None            # catalogue id, None when unmapped
    value_kind: ValueKind = "actual"
    period_type: PeriodType = "other"
    period_start: Optional[date] = None
    period_end: Optional[date] = None
    qualifier: Optional[Qualifier] = None
    section: Optional[str] = None
    confidence: float = 0.5
    authority: Optional[str] = None         # None => the document's authority
    authority_code: Optional[str] = None
    block_index: Optional[int] = None
    table_index: Optional[int] = None
    row: Optional[int] = None
    col: Optional[int] = None
    checks: Optional[str] = None            # arithmetic checks, e.g. 'total_ok' | 'total_mismatch'
    flags: Optional[str] = None             # e.g. 'footnote'
    agenda_item: Optional[str] = None


@dataclass
class Action:
    """A commitment: a resolution, recommendation, decision, action-plan row, priority."""
    kind: ActionKind
    text: str
    page: int
    evidence: str
    ref: Optional[str] = None
    owner: Optional[str] = None
    due_date: Optional[date] = None
    due_text: Optional[str] = None
    status: Optional[str] = None
    meeting_date: Optional[date] = None
    section: Optional[str] = None
    block_index: Optional[int] = None
    agenda_item: Optional[str] = None
    parent_ref: Optional[str] = None        # the minute number a resolution sits under
    parent_title: Optional[str] = None


@dataclass
class Meeting:
    key: str                                # unique within the document, e.g. 'm1'
    committee: Optional[str] = None
    meeting_date: Optional[date] = None
    start_time: Optional[str] = None
    venue: Optional[str] = None
    kind: MeetingKind = "agenda"
    authority: Optional[str] = None
    attendance: Optional[str] = None
    apologies: Optional[str] = None


@dataclass
class AgendaItem:
    meeting_key: str
    item_number: str
    title: str
    report_of: Optional[str] = None
    key_decision: Optional[bool] = None
    page_start: Optional[int] = None        # physical pages of the document
    page_end: Optional[int] = None
    printed_pages: Optional[str] = None     # as the agenda prints them, "(Pages 123 - 138)"
    first_block: Optional[int] = None
    last_block: Optional[int] = None


@dataclass
class Findings:
    """What one extractor found in a document."""
    observations: list[Observation] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass
class ExtractionResult:
    """Everything the writer loads for one document, in one transaction."""
    document: Document
    observations: list[Observation] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    status: Status = "ok"
    error: Optional[str] = None
    timings: dict[str, float] = field(default_factory=dict)   # stage -> seconds


@dataclass
class InputItem:
    """One thing to process: bytes at `path`, shown in the warehouse as `source_key`
    (the file path for local files, the URL for fetched papers)."""
    path: str
    source_key: str
    source: Optional[SourceInfo] = None
