"""Tables -> long-format observations: one per figure, with metric, period, value and unit.

A table is read as: a header axis (financial years, snapshot dates, months, a Total column) along
the top (or down the first column), label columns on the left (a stage/group label carries down
to the rows below it), and figure cells. Arithmetic a table offers (a Total column, a total row)
is checked and recorded, never corrected. One bad table never fails the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional, cast

from core.authorities import ENGLAND_CODE, find_authorities, match_authority
from core.catalogue import get_metric, match_metric, normalise_label
from core.lexicon import lexicon
from core.model import Document, Findings, Observation, Qualifier, Table, Unit, ValueKind
from core.periods import (
    Period,
    financial_year,
    financial_year_of,
    month_in_financial_year,
    month_number,
    parse_period,
    quarter_in_financial_year,
)
from core.values import cell_is_blank, cell_to_values
from extractors import table_kinds

HEADER_SCAN_ROWS = 3          # the period axis is in one of the first rows...
BARE_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*$")
TITLE_SCAN_ROWS = 8           # ...or lower, under title rows that hold no run of figures
TITLE_ROW_MAX_FIGURES = 1     # a title row may hold one number ('Indicator 124'), not a run
MIN_AXIS_CELLS = 2            # a header needs at least two period cells to be an axis
CAPTION_CHARS = 160          # an unlabelled row is labelled by its caption, cut short
CONTEXT_BLOCKS = 2            # text blocks above a table read as its caption/context
TOTAL_LABEL = re.compile(r"^(?:grand |overall )?totals?\b|\btotal$", re.I)
# A column header's words decide its value kind (core/lexicon/tables.toml), tried in this order.
VALUE_KIND_ENTRIES = (("target", "target_header"), ("forecast", "forecast_header"),
                      ("benchmark", "benchmark_header"))
BENCHMARK_LABEL_CHARS = 60
# A column of changes between periods is derived, never the metric's value for a period.
CHANGE_HEADER = re.compile(r"\b(?:change|difference|diff|variance|movement|increase|decrease|"
                           r"growth|trend)\b|[+]/-|\+/−", re.I)
# "£000s", "£'000", "(£k)", "£m": money in thousands / millions.
MONEY_SCALE = [(re.compile(r"£\s*['’]?000['’]?s?\b|£\s*k\b|£\s*thousands?\b", re.I), 1e3),
               (re.compile(r"£\s*(?:m|mn|millions?)\b", re.I), 1e6)]
SUBHEADER_WORDS = re.compile(r"\b(?:actual|target|forecast|projected|budget|outturn|plan|"
                             r"national|england|average|benchmark|number|no\.?|%|percent(?:age)?|"
                             r"rate)\b", re.I)
MAX_TAIL_WORDS = 8            # a label line under a table is short
PART_MAX_DAYS = 100
BARE_QUARTER = re.compile(r"^(?:q|qtr\.?\s*|quarter\s*)[1-4]$", re.I)           # a month or a quarter: parts a Total column adds up
FY_IN_TEXT = re.compile(r"\b((?:19|20)\d{2})\s*[/\-–—]\s*(?:(?:19|20)?\d{2})\b")
APRIL_YEAR = re.compile(r"\bapr(?:il)?\.?\s+((?:19|20)\d{2})\b", re.I)

# Confidence: mapped with a known period is the strongest reading; each doubt lowers it.
CONF_MAPPED, CONF_UNMAPPED = 0.9, 0.55
CONF_NO_PERIOD = 0.15
CONF_MISMATCH = 0.35
ARITH_TOLERANCE = 0.5         # totals of rounded figures may be off by rounding


# A bare year over a column ('2016') says which year but not which date: a stock is counted at
# 31 March (the statutory returns' snapshot, as the catalogue's official measures say), a flow's
# year could be the financial year ending or starting then, or the calendar year.
SNAPSHOT_MONTH, SNAPSHOT_DAY = 3, 31
OTHER_SNAPSHOT = re.compile(r"\b(?:as at|at|on)\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
                            r"(jan|feb|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
BARE_YEAR_FLOW = ("period_unsure: a bare year over a column does not say which year a flow "
                  "covers (financial year ending or starting then, or calendar year)")
BARE_YEAR_OTHER_DATE = ("period_unsure: the table names a snapshot date other than 31 March, "
                        "so a bare year is not its 31 March")


@dataclass
class Axis:
    """What each column (or row, when transposed) of a table means in time."""
    header_rows: int                                       # rows above the first figure row
    first_value_col: int
    periods: dict[int, Optional[Period]] = field(default_factory=dict)   # col -> period
    total_col: Optional[int] = None
    kinds: dict[int, str] = field(default_factory=dict)    # col -> value_kind
    headers: dict[int, str] = field(default_factory=dict)  # col -> header text
    bare_years: dict[int, int] = field(default_factory=dict)  # col -> year of a bare-year header


def extract(doc: Document) -> Findings:
    found = Findings()
    for bi, block in enumerate(doc.blocks):
        t = block.table
        if block.kind != "table" or t is None or len(t.rows) < 1:
            continue
        try:
            if table_kinds.classify_table(t) != table_kinds.METRICS:
                continue                    # action plans -> actions; thresholds are not figures
            found.observations.extend(table_to_observations(doc, bi))
        except Exception as e:  # contain: one odd table must not lose the others
            doc.partial_reasons.append(
                f"table {t.index} on page {t.page} could not be read ({type(e).__name__}: {e})")
    return found


# --- grid helpers -----------------------------------------------------------------------------

def square_rows(rows: list[list[str]]) -> list[list[str]]:
    """Pad ragged rows so every row has the same number of cells."""
    width = max((len(r) for r in rows), default=0)
    return [[(c or "").strip() for c in r] + [""] * (width - len(r)) for r in rows]


def _first_figure_row(rows: list[list[str]]) -> int:
    """The first row holding a run of figures (not years): where a table's data starts."""
    for r, row in enumerate(rows):
        if sum(1 for c in row if cell_to_values(c) and not BARE_YEAR.match(c)) >= MIN_AXIS_CELLS:
            return r
    return len(rows)


def align_headers(rows: list[list[str]]) -> list[list[str]]:
    """Headers read one column off their figures (a centred header over right-aligned numbers,
    as a PDF's text alignment splits them): a column with header cells and nothing under them,
    beside a column of figures with no header, is one column. The header cells move onto the
    figures' column, so figures keep the positions they were read at. Only when the pairing is
    unambiguous: the figures' column has exactly one such header-only neighbour."""
    if not rows:
        return rows
    first = _first_figure_row(rows)
    if first == 0 or first >= len(rows):
        return rows
    width = len(rows[0])
    head = [any(rows[r][c] for r in range(first)) for c in range(width)]
    body = [any(rows[r][c] for r in range(first, len(rows))) for c in range(width)]
    header_only = [h and not b for h, b in zip(head, body)]
    out = [list(r) for r in rows]
    for c in range(width):
        if head[c] or not body[c] or not any(cell_to_values(rows[r][c])
                                               for r in range(first, len(rows))):
            continue
        partners = [k for k in (c - 1, c + 1) if 0 <= k < width and header_only[k]]
        if len(partners) != 1:
            continue
        k = partners[0]
        for r in range(first):
            out[r][c], out[r][k] = out[r][k], ""
        header_only[k] = False          # one header for one column
    return out


def transpose(rows: list[list[str]]) -> list[list[str]]:
    return [list(col) for col in zip(*rows)] if rows else []


def _is_total(text: str) -> bool:
    return bool(TOTAL_LABEL.search(normalise_label(text)))


# "201\n4-1\n5": a year range wrapped inside a narrow cell, digits and dashes only
WRAPPED_DIGITS = re.compile(r"^[\d/\-–—\u2212]+(?:\s+[\d/\-–—\u2212]+)+$")


def header_text(text: str) -> str:
    """A header cell's text on one line; digits wrapped inside a narrow cell rejoined
    ('201 4-1 5' -> '2014-15')."""
    s = " ".join(text.split())
    return s.replace(" ", "") if WRAPPED_DIGITS.match(s) and parse_period(s) is None else s


def header_cell_to_period(text: str, fy_start: Optional[int]) -> Optional[Period]:
    """A header cell -> its period: a year, date or month (a bare month needs the report's year)."""
    s = header_text(text)
    if not s:
        return None
    p = parse_period(s)
    if p is not None:
        return p
    if month_number(s) is not None and fy_start is not None:
        return month_in_financial_year(s, fy_start)
    if fy_start is not None:
        return quarter_in_financial_year(s, fy_start)
    return None


def _is_period_cell(text: str) -> bool:
    s = header_text(text)
    return bool(s) and (parse_period(s) is not None or month_number(s) is not None
                        or BARE_QUARTER.match(s) is not None)


def _value_kind(header: str) -> str:
    cues = lexicon("tables")
    for kind, entry in VALUE_KIND_ENTRIES:
        if cues.matcher(entry).search(header):
            return kind
    place = match_authority(header.strip()) if header.strip() else None
    if place is not None and not place.is_local:
        return "benchmark"          # a column headed by a region or country ("North West")
    return "actual"


def benchmark_authority(header: str) -> tuple[str, Optional[str]]:
    """Whose figure a benchmark column holds: the region, country or council its header names,
    England for 'national', else the comparator group itself (no GSS code, so it is never taken
    for the council's own figure)."""
    place = match_authority(header.strip()) or next(
        (a for _, _, a in find_authorities(header)), None)
    if place is not None:
        return place.name, place.gss_code
    if lexicon("tables").matcher("national_header").search(header):
        return "England", ENGLAND_CODE
    return " ".join(header.split())[:BENCHMARK_LABEL_CHARS] or "benchmark", None


def _is_part(p: Optional[Period]) -> bool:
    """A month or a quarter: a part of the year a Total column adds up."""
    return p is not None and p.period_type in ("month", "quarter") and \
        (p.end - p.start).days <= PART_MAX_DAYS


def header_texts(rows: list[list[str]], r: int) -> list[str]:
    """Row r's cells as period headers. When the row above names no period, a cell may be the
    second line of a two-line header ('31st March' over '2014'): the two are read together."""
    row = rows[r]
    if r == 0 or any(_is_period_cell(c) for c in rows[r - 1]):
        return row
    above = rows[r - 1]
    out = []
    for c, text in enumerate(row):
        merged = f"{above[c]} {text}".strip() if c < len(above) else text
        out.append(merged if text and above[c:c + 1] and above[c] and _is_period_cell(merged)
                   else text)
    return out


def _has_value(row: list[str], cols) -> bool:
    return any(cell_to_values(row[c]) for c in cols if c < len(row))


def _is_subheader(row: list[str], period_row: list[str], cols: list[int]) -> bool:
    """A row under the period row that qualifies its columns ('Actual', 'Target' under a
    '2019/20' spanning both) rather than holding figures."""
    filled = [c for c in cols if row[c]]
    if len(filled) < MIN_AXIS_CELLS or _has_value(row, cols) or \
            any(_is_period_cell(row[c]) for c in filled):
        return False
    return any(not period_row[c] for c in filled) or all(SUBHEADER_WORDS.search(row[c])
                                                         for c in filled)


def bare_year_cols(row: list[str]) -> dict[int, int]:
    """A header row of bare years ('2014 | 2015 | 2016'): col -> year, when every figure in the
    row is a year and they run upwards; else empty (a row of figures that happen to be years
    is not a header)."""
    years: dict[int, int] = {}
    for c, text in enumerate(row):
        s = header_text(text)
        if BARE_YEAR.match(s):
            years[c] = int(s)
        elif cell_to_values(s):
            return {}
    ordered = [years[c] for c in sorted(years)]
    if len(ordered) < MIN_AXIS_CELLS or any(b <= a for a, b in zip(ordered, ordered[1:])):
        return {}
    return years


def _axis_cells(texts: list[str]) -> int:
    """How many cells of a row name a period (bare years only in a row of ascending years)."""
    n = sum(1 for c in texts if _is_period_cell(c) and not cell_to_values(c))
    return max(n, len(bare_year_cols(texts)))


def _scan_rows(rows: list[list[str]]) -> int:
    """How many rows may hold the period axis: the first few, or more when the rows above are
    titles (an indicator's name, a code row) holding no run of figures."""
    limit = min(HEADER_SCAN_ROWS, len(rows))
    for r in range(min(TITLE_SCAN_ROWS, len(rows))):
        figures = sum(1 for c in rows[r] if cell_to_values(c) and not BARE_YEAR.match(c))
        if figures > TITLE_ROW_MAX_FIGURES:
            break
        limit = max(limit, r + 1)
    return limit


def find_axis(rows: list[list[str]], fy_start: Optional[int]) -> Optional[Axis]:
    """The header row holding the period axis, if any, and what each column means."""
    best: Optional[int] = None
    best_n, best_header = 0, []
    for r in range(_scan_rows(rows)):
        texts = header_texts(rows, r)
        n = _axis_cells(texts)
        if n > best_n:
            best, best_n, best_header = r, n, texts
    if best is None or best_n < MIN_AXIS_CELLS:
        return None
    header = best_header
    years = bare_year_cols(header)
    cols = [c for c, text in enumerate(header)
            if _is_period_cell(text) or _is_total(text) or c in years]
    axis = Axis(header_rows=best + 1, first_value_col=min(cols))
    value_cols = list(range(axis.first_value_col, len(header)))
    # Sub-header rows ('Actual' / 'Target') under a period spanning several columns.
    while axis.header_rows < len(rows) - 1 and \
            _is_subheader(rows[axis.header_rows], header, value_cols):
        axis.header_rows += 1
    sub = rows[best + 1:axis.header_rows]
    parts: list[Period] = []
    carried: Optional[Period] = None
    for c in value_cols:
        text = " ".join(x for x in [r[c] for r in rows[:best]] + [header[c]] +
                        [r[c] for r in sub] if x)
        axis.headers[c] = text
        axis.kinds[c] = _value_kind(text)
        if CHANGE_HEADER.search(text) and not _is_total(header[c]):
            axis.kinds[c] = "derived"       # '% change', 'difference': not a period's value
            axis.periods[c] = None
            carried = None
            continue
        if _is_total(header[c]):
            axis.total_col = c
            carried = None
            continue
        if c in years:
            # which date a bare year means depends on the row's metric (a stock or a flow)
            axis.bare_years[c] = years[c]
            axis.periods[c] = None
            carried = None
            continue
        p = header_cell_to_period(header[c], fy_start)
        if p is None and not header[c] and sub and any(r[c] for r in sub):
            p = carried                     # a merged header cell spans this column too
        axis.periods[c] = p
        carried = p
        if p is not None and _is_part(p):
            parts.append(p)
    if axis.total_col is not None and parts:
        # A Total beside months or quarters covers their financial year.
        axis.periods[axis.total_col] = financial_year(financial_year_of(parts[0].start))
    elif axis.total_col is not None:
        axis.periods[axis.total_col] = None
    return axis


# --- context: caption, reporting year ---------------------------------------------------------

def table_context(doc: Document, bi: int) -> str:
    """Caption and section: the text blocks just above the table, nearest last."""
    t = doc.blocks[bi].table
    parts: list[str] = []
    section = doc.blocks[bi].section
    if section:
        parts.append(section)
    if t is not None and t.caption:
        parts.append(t.caption)
    else:
        above = []
        for b in reversed(doc.blocks[max(0, bi - 6):bi]):
            if b.kind == "table":
                break
            above.append(b.text)
            if len(above) >= CONTEXT_BLOCKS:
                break
        parts.extend(reversed(above))
    return " \n".join(parts)


def table_caption(doc: Document, bi: int) -> str:
    """The table's caption, or the text block just above it."""
    t = doc.blocks[bi].table
    if t is not None and t.caption:
        return t.caption
    prev = doc.blocks[bi - 1] if bi > 0 else None
    return prev.text if prev is not None and prev.kind != "table" else ""


def text_to_fy_start(text: str) -> Optional[int]:
    """'Fostering Enquiries 2017 - 2018', 'April 2016/ March 2017' -> the financial year's start."""
    for m in FY_IN_TEXT.finditer(text or ""):
        p = parse_period(m.group(0))
        if p is not None and p.period_type == "financial_year":
            return p.start.year
    april = APRIL_YEAR.search(text or "")
    return int(april.group(1)) if april else None


def report_fy_start(doc: Document, bi: int, context: str) -> Optional[int]:
    """The financial year that bare month headings belong to: the caption just above the table
    first, then the reporting period governing the block, then wider context, then the title."""
    near = [b.text for b in doc.blocks[max(0, bi - 1):bi] if b.kind != "table"]
    fy = text_to_fy_start(near[0]) if near else None
    if fy is not None:
        return fy
    start, end = doc.period_for(bi)
    if start is not None:
        return financial_year_of(start)
    if end is not None:
        return financial_year_of(end)
    return text_to_fy_start(context) or text_to_fy_start(doc.title or "")


# --- rows -> observations ---------------------------------------------------------------------

def row_labels(rows: list[list[str]], first_row: int, label_cols: int) -> list[tuple[str, str]]:
    """(group label, row label) per row; a group label ("Stage 1") carries down to the rows
    below it until the next one."""
    out = []
    group = ""
    for row in rows[first_row:]:
        cells = [c for c in row[:label_cols]]
        if label_cols >= 2:
            if cells[0]:
                group = cells[0]
            label = " ".join(c for c in cells[1:] if c)
            out.append((group, label))
        else:
            out.append(("", cells[0] if cells else ""))
    return out


def money_scale(text: str) -> Optional[float]:
    """'£000s' -> 1000, '£m' -> 1e6: a header or label saying its figures are in £ thousands."""
    for rx, scale in MONEY_SCALE:
        if rx.search(text or ""):
            return scale
    return None


def _continues_label(text: str) -> bool:
    """A line that carries on the label above it: starts in lower case, holds no figure."""
    s = text.strip()
    return bool(s) and s[0].islower() and not any(ch.isdigit() for ch in s)


def continue_labels(rows: list[list[str]], first_row: int, label_cols: int,
                    value_cols: list[int]) -> list[list[str]]:
    """A row with only a lower-case label and no cells ('foster carers' under 'Children placed
    with friends and family') finishes the label of the row above: join them. Row positions
    are kept (the joined row is left empty) so cells stay where they were read."""
    rows = [list(r) for r in rows]
    for r in range(first_row + 1, len(rows)):
        row, prev = rows[r], rows[r - 1]
        filled = [c for c, x in enumerate(row) if x]
        if len(filled) != 1 or filled[0] >= label_cols or \
                not _continues_label(row[filled[0]]) or not _has_value(prev, value_cols):
            continue
        c = filled[0]
        target = c if prev[c] else max((k for k in range(label_cols) if prev[k]), default=c)
        prev[target] = f"{prev[target]} {row[c]}".strip()
        row[c] = ""
    return rows


def trailing_label_line(doc: Document, bi: int) -> Optional[str]:
    """The line straight after a text table (no blank line between) that carries on its last
    row's label, or None."""
    if bi + 1 >= len(doc.blocks):
        return None
    b, nxt = doc.blocks[bi], doc.blocks[bi + 1]
    if nxt.kind == "table" or b.char_end is None or nxt.char_start is None:
        return None
    if nxt.char_start - b.char_end > 1 or len(nxt.text.split()) > MAX_TAIL_WORDS:
        return None
    return nxt.text.strip() if _continues_label(nxt.text) and not nxt.text.rstrip().endswith(".") \
        else None


def label_to_metric(group: str, label: str, context: str) -> Optional[str]:
    """Row label first, then with its group label ("Stage 1 / ROI"), then the group alone."""
    for candidate in (label, f"{group} {label}".strip(), group):
        if candidate:
            metric = match_metric(candidate, context)
            if metric:
                return metric
    return None


def _row_numbers(row: list[str], cols: list[int]) -> Optional[list[float]]:
    """Main values of the given cells (blank -> 0), or None when any cell is words."""
    out = []
    for c in cols:
        text = row[c]
        if cell_is_blank(text):
            out.append(0.0)
            continue
        vals = cell_to_values(text)
        if not vals:
            return None
        out.append(vals[0].value)
    return out


def total_column_check(row: list[str], axis: Axis) -> Optional[bool]:
    """Does the Total cell equal the sum of the month cells? None when it cannot be checked."""
    if axis.total_col is None:
        return None
    month_cols = [c for c, p in axis.periods.items() if _is_part(p) and c != axis.total_col]
    if not month_cols or not cell_to_values(row[axis.total_col]):
        return None
    parts = _row_numbers(row, month_cols)
    if parts is None:
        return None
    return abs(sum(parts) - cell_to_values(row[axis.total_col])[0].value) <= ARITH_TOLERANCE


def total_row_checks(rows: list[list[str]], first_row: int, labels: list[tuple[str, str]],
                     value_cols: list[int]) -> dict[tuple[int, int], bool]:
    """For a 'Total' row: does each of its cells equal the sum of the rows above it (back to
    the previous total)? Returns {(row, col): ok} for the cells checked."""
    results: dict[tuple[int, int], bool] = {}
    start = first_row
    for i, (group, label) in enumerate(labels):
        r = first_row + i
        if not (_is_total(label) or (not label and _is_total(group))):
            continue
        # Rows with no figure at all (a header repeated mid-table) are not parts.
        parts_rows = [p for p in range(start, r)
                      if any(cell_to_values(rows[p][c]) for c in value_cols)]
        for c in value_cols:
            total = cell_to_values(rows[r][c])
            if not total or total[0].unit == "percent":
                continue
            numbers = [_row_numbers(rows[p], [c]) for p in parts_rows]
            parts = [n for n in numbers if n is not None]
            if not parts or len(parts) < len(numbers):
                continue
            ok = abs(sum(p[0] for p in parts) - total[0].value) <= ARITH_TOLERANCE
            results[(r, c)] = ok
            for p in parts_rows:
                results.setdefault((p, c), ok)
        start = r + 1
    return results


def percent_metric_of(metric_id: Optional[str]) -> Optional[str]:
    """Where a percentage beside a count of `metric_id` goes ("424 (77%)")."""
    m = get_metric(metric_id) if metric_id else None
    return m.percent_metric if m else None


def unit_of(metric_id: str) -> Optional[str]:
    m = get_metric(metric_id)
    return m.unit if m else None


def _unit_for(cell_unit: str, metric_id: Optional[str]) -> str:
    """A plain number takes its metric's unit (days, rate, percent); £ and % say it themselves."""
    if cell_unit == "count" and metric_id:
        m = get_metric(metric_id)
        if m is not None:
            return m.unit
    return cell_unit


def bare_year_period(metric_id: Optional[str], year: int,
                     context: str) -> tuple[Optional[Period], Optional[str]]:
    """A bare-year column's period for a figure of `metric_id`: a stock's 31 March of that year;
    otherwise unknown, with the reason (None when there is no metric to decide by)."""
    m = get_metric(metric_id) if metric_id else None
    if m is None:
        return None, None
    if m.period_kind != "stock":
        return None, BARE_YEAR_FLOW
    if OTHER_SNAPSHOT.search(context or ""):
        return None, BARE_YEAR_OTHER_DATE
    day = date(year, SNAPSHOT_MONTH, SNAPSHOT_DAY)
    return Period("as_at", day, day, str(year)), None


def stock_year_end(metric_id: Optional[str], period: Optional[Period],
                   context: str) -> Optional[Period]:
    """A stock under a financial-year header ('2019/20') is its snapshot at 31 March at the end of
    that year, as the statutory returns count it; a flow keeps the year. A table that names
    another snapshot date keeps the year (its date is not 31 March)."""
    m = get_metric(metric_id) if metric_id else None
    if period is None or period.period_type != "financial_year" or m is None or \
            m.period_kind != "stock" or OTHER_SNAPSHOT.search(context or ""):
        return period
    return Period("as_at", period.end, period.end, period.label)


def _period_fields(p: Optional[Period]):
    """An unresolved period stays unknown (as in prose): the report's own dates would be a guess
    that makes a figure look comparable when it is not."""
    if p is not None:
        return p.period_type, p.start, p.end
    return "other", None, None


LA_CODE = re.compile(r"^\s*(?:\d{3}|[EWSN]\d{8})\s+")     # "803 South Gloucestershire"
# A breakdown table's caption: '... of <the population its Total counts>'.
POPULATION_OF = re.compile(r"\b(?:of|for)\s+(?:all\s+|the\s+)?(?P<pop>[^.;:()]{3,80}?)\s*$", re.I)
MAX_CAPTION_WORDS = 15
NUMBERED_CAPTION = re.compile(r"^(?:table|figure|chart)\s+[a-z]?\d+(?:\.\d+)*[a-z]?\b", re.I)
PERCENT_TOTAL = 100.0           # a Total of 100 adds up percentages, whatever the header says
PERCENT_HEADER = re.compile(r"%|\bper\s*cent|\bpercentage|\bproportion|\brate\b", re.I)
MIN_TITLE_WORDS = 3            # a header cell naming the metric is a phrase, not 'LA' or '2016'
MIN_COUNCIL_ROWS = 2            # a table with rows for two bodies or more is a comparison


def row_body(label: str) -> Optional[tuple[str, Optional[str]]]:
    """The body a row is for, when its label names only a council, region or country ('803
    South Gloucestershire', 'England') or a comparator group ('Statistical neighbours average'):
    (name, GSS code or None)."""
    text = " ".join(LA_CODE.sub("", label).split())
    if not text or len(text) > BENCHMARK_LABEL_CHARS:
        return None
    place = match_authority(text)
    if place is not None and len(text) <= len(place.name) + len(" Council"):
        return place.name, place.gss_code
    if lexicon("tables").matcher("benchmark_header").search(text):
        return benchmark_authority(text)
    return None


def row_bodies(labels: list[tuple[str, str]]) -> dict[int, tuple[str, Optional[str]]]:
    """Row index -> the body it is for, in a table with one row per council (a comparison of
    councils, statistical neighbours, England): every row goes to its own body, the publishing
    council's row included. Empty for ordinary tables."""
    bodies = {i: b for i, (group, label) in enumerate(labels)
              if (b := row_body(label or group)) is not None}
    councils = [b for b in bodies.values() if b[1] is not None]
    if len(councils) < MIN_COUNCIL_ROWS:
        return {}
    return bodies


def comparison_metric(caption: str, header_rows: list[list[str]], context: str) -> Optional[str]:
    """The one metric a table with one row per council reports: named by its caption, else by a
    title cell in its header rows ('Children looked after rate, per 10,000 children aged under
    18' over the years), else, when it has no caption, by the text above it."""
    head = header_rows[:TITLE_SCAN_ROWS]
    # a title cell, or a title row as a whole when narrow columns cut the title into cells
    titles = [c for row in head for c in row if len(c.split()) >= MIN_TITLE_WORDS] + \
        [" ".join(c for c in row if c) for row in head]
    # the text above names it only when the table has no caption of its own (as before)
    for text in [caption, *titles, "" if caption else context]:
        metric = match_metric(text, None) if text else None
        if metric:
            return metric
    return None


def population_metric(caption: str, context: str) -> Optional[str]:
    """The count a breakdown table's Total adds up, named by its numbered caption: 'Table 9.2
    Ethnicity of Looked After Children', 'Table 3: Placement of West Sussex looked after children'
    -> cla_count. Only a short 'Table N' line ending 'of <population>', council names taken out
    (a section heading such as 'Recruitment of foster carers' is not a table's caption)."""
    for line in [caption, *(context or "").splitlines()]:
        line = " ".join((line or "").split())
        if not line or len(line.split()) > MAX_CAPTION_WORDS or not NUMBERED_CAPTION.match(line):
            continue
        m = POPULATION_OF.search(line)
        if m is None:
            continue
        pop = m.group("pop")
        for start, end, _ in sorted(find_authorities(pop), reverse=True):
            pop = pop[:start] + pop[end:]
        metric = match_metric(" ".join(pop.split()), None)
        if metric and unit_of(metric) == "count":
            return metric
    return None


def _is_financial_year(p: Optional[Period]) -> bool:
    return p is not None and p.period_type == "financial_year"


def is_flow(metric_id: str) -> bool:
    m = get_metric(metric_id)
    return m is not None and m.period_kind == "flow"


def body_kind(code: Optional[str]) -> str:
    """A council's own row is its actual figure; England, a region (E12...) or a comparator
    group (no code) is a benchmark."""
    return "actual" if code is not None and code != ENGLAND_CODE and not code.startswith("E12") \
        else "benchmark"


def table_to_observations(doc: Document, bi: int, table: Optional[Table] = None
                          ) -> list[Observation]:
    """The figures of the table at block `bi`, or of `table` read from the lines from block `bi`
    on (extractors/line_tables.py): that block places it for its context and page."""
    block = doc.blocks[bi]
    t = table if table is not None else block.table
    assert t is not None        # extract() passes table blocks only
    rows = align_headers(square_rows(t.rows))
    if not rows or not rows[0]:
        return []
    context = table_context(doc, bi)
    caption = t.caption if table is not None and t.caption else table_caption(doc, bi)
    fy = report_fy_start(doc, bi, context)
    axis = find_axis(rows, fy)
    transposed = False
    if axis is None:
        flipped = transpose(rows)
        axis_t = find_axis(flipped, fy)
        if axis_t is not None and axis_t.first_value_col >= 1:
            rows, axis, transposed = flipped, axis_t, True
    if axis is None:
        return no_axis_observations(doc, bi, rows, context, t)
    context_for_metric = context + " \n" + " ".join(rows[0][:axis.first_value_col])
    value_cols = [c for c in range(axis.first_value_col, len(rows[0]))]
    rows = continue_labels(rows, axis.header_rows, axis.first_value_col, value_cols)
    if not transposed and table is None:
        tail = trailing_label_line(doc, bi)
        if tail and _has_value(rows[-1], value_cols):
            lc = max((c for c in range(axis.first_value_col) if rows[-1][c]), default=None)
            if lc is not None:
                rows[-1] = rows[-1][:lc] + [f"{rows[-1][lc]} {tail}"] + rows[-1][lc + 1:]
    labels = row_labels(rows, axis.header_rows, axis.first_value_col)
    table_scale = money_scale(" ".join(rows[0][:axis.first_value_col]) + " " +
                              caption)
    col_scale = {c: money_scale(h) for c, h in axis.headers.items()}
    single_row = len(labels) == 1
    row_checks = total_row_checks(rows, axis.header_rows, labels, value_cols)
    bodies = row_bodies(labels)
    # one row per council: the caption, or a title row above the axis, names the one metric
    table_metric = comparison_metric(caption, rows[:axis.header_rows],
                                     context) if bodies else None
    population = population_metric(caption, context)
    obs: list[Observation] = []
    for i, (group, label) in enumerate(labels):
        r = axis.header_rows + i
        row = rows[r]
        body = bodies.get(i)
        metric = table_metric if body else label_to_metric(group, label, context_for_metric)
        row_flag = None
        if metric and not body and population and is_flow(metric):
            # a row of a breakdown of children looked after ('Placement order' under 'Legal
            # status of looked after children') counts children in that state, not the flow
            row_flag = f"metric_unsure: a row of a breakdown of {population}, not the flow {metric}"
            metric = None
        # a Total row that adds up the rows above counts the population the caption names
        total_metric = population if metric is None and not body and \
            (_is_total(label) or (not label and _is_total(group))) else None
        label_raw = " / ".join(x for x in (group, label) if x)
        if not label_raw and single_row:
            # An unlabelled single row ("Apr .. Mar" then figures): the caption names it.
            metric = match_metric(caption, None) if caption else None
            label_raw = " ".join(caption.split())[:CAPTION_CHARS]
        col_check = total_column_check(row, axis)
        evidence = " | ".join(c for c in row if c)
        for c in value_cols:
            values = cell_to_values(row[c])
            if not values:
                continue
            checks = []
            if col_check is not None and (c == axis.total_col or _is_part(axis.periods.get(c))):
                checks.append("total_ok" if col_check else "total_mismatch")
            if (r, c) in row_checks:
                checks.append("total_ok" if row_checks[(r, c)] else "total_mismatch")
            period = axis.periods.get(c)
            ptype, pstart, pend = _period_fields(period)
            derived = axis.kinds.get(c) == "derived"
            cell_metric = metric
            # (under a financial year a stock population is read at the year's 31 March; a
            # header naming another snapshot date leaves it a year's figure, so no metric)
            # (a Total column summing months is a year's sum, never a snapshot)
            date_context = f"{context} {caption} {axis.headers.get(c, '')}"
            snapshot = period if c == axis.total_col else \
                stock_year_end(total_metric, period, date_context)
            if total_metric and row_checks.get((r, c)) and values[0].unit == "count" and \
                    not (_is_financial_year(snapshot) and not is_flow(total_metric)) and \
                    values[0].value != PERCENT_TOTAL and not PERCENT_HEADER.search(
                        axis.headers.get(c, "")):
                cell_metric = total_metric
            for v in values:
                vmetric = None if derived else cell_metric
                if derived:
                    pass
                elif v.role == "share":
                    vmetric = percent_metric_of(metric)
                elif metric and v.unit == "percent" and unit_of(metric) != "percent":
                    vmetric = percent_metric_of(metric)
                unit = _unit_for(v.unit, vmetric)
                value = v.value
                flags = "; ".join(x for x in (v.flags, row_flag) if x) or None
                if c != axis.total_col:
                    period = stock_year_end(vmetric, axis.periods.get(c), date_context)
                    ptype, pstart, pend = _period_fields(period)
                if c in axis.bare_years:
                    period, unsure = bare_year_period(vmetric, axis.bare_years[c], date_context)
                    ptype, pstart, pend = _period_fields(period)
                    flags = "; ".join(x for x in (flags, unsure) if x) or None
                scale = None if derived or v.unit != "count" else (
                    money_scale(label_raw) or col_scale.get(c) or (
                        table_scale if vmetric is None or unit == "gbp" else None))
                if scale:
                    value, unit = value * scale, "gbp"
                conf = CONF_MAPPED if vmetric else CONF_UNMAPPED
                if period is None:
                    conf -= CONF_NO_PERIOD
                if "total_mismatch" in checks:
                    conf -= CONF_MISMATCH
                kind = axis.kinds.get(c, "actual")
                authority, code = (benchmark_authority(axis.headers.get(c, ""))
                                   if kind == "benchmark" else (None, None))
                if body is not None:
                    # a council's own row is its actual figure; England, a region or a
                    # comparator group is a benchmark
                    authority, code = body
                    kind = body_kind(code)
                obs.append(Observation(
                    value=value, unit=cast(Unit, unit), authority=authority, authority_code=code,
                    label_raw=f"{label_raw} / {axis.headers.get(c, '')}" if derived else label_raw,
                    evidence=evidence, page=block.page, extractor="table", metric=vmetric,
                    value_kind=cast(ValueKind, kind), period_type=ptype,
                    period_start=pstart, period_end=pend,
                    qualifier=cast(Optional[Qualifier], v.qualifier),
                    section=block.section, confidence=round(max(conf, 0.05), 2),
                    block_index=bi, table_index=t.index,
                    row=c if transposed else r, col=r if transposed else c,
                    checks=",".join(dict.fromkeys(checks)) or None, flags=flags))
    return obs


def column_headers(header_rows: list[list[str]], width: int) -> list[str]:
    """One label per column from the header rows; blank or repeated ones get the column number
    so every cell of a row stays distinguishable."""
    heads = [" ".join(r[c] for r in header_rows if c < len(r) and r[c]) for c in range(width)]
    seen: dict[str, int] = {}
    for h in heads:
        seen[h] = seen.get(h, 0) + 1
    return [h if h and seen[h] == 1 else f"{h} [col {c}]".strip() for c, h in enumerate(heads)]


def no_axis_observations(doc: Document, bi: int, rows: list[list[str]],
                         context: str, t: Table) -> list[Observation]:
    """A table with no period header: every figure, labelled by row and column, unmapped unless
    it is a plain label/value list (then the row label names the metric)."""
    block = doc.blocks[bi]
    # Header rows: everything above the first row holding a figure (a row of bare years is a
    # header: '2014 | 2015 | 2016' are columns, not values).
    first = next((r for r, row in enumerate(rows) if any(cell_to_values(c) for c in row[1:])
                  and not all(BARE_YEAR.match(c) for c in row[1:] if c)), len(rows))
    header = column_headers(rows[:first], len(rows[0]))
    numeric_cols = sorted({c for row in rows[first:] for c in range(1, len(row))
                           if cell_to_values(row[c])})
    labels = [(row[0], "") for row in rows[first:]]
    checks = total_row_checks(rows, first, [("", lab) for lab, _ in labels], numeric_cols)
    bodies = row_bodies(labels)
    table_metric = comparison_metric(t.caption or table_caption(doc, bi), rows[:first], context) \
        if bodies else None
    obs = []
    for r in range(first, len(rows)):
        row = rows[r]
        label = row[0]
        body = bodies.get(r - first)
        metric = table_metric if body else \
            match_metric(label, context) if len(numeric_cols) == 1 else None
        evidence = " | ".join(c for c in row if c)
        for c in range(1, len(row)):
            for v in cell_to_values(row[c]):
                vmetric = metric if v.role == "main" else percent_metric_of(metric)
                check = checks.get((r, c))
                conf = (CONF_MAPPED if vmetric else CONF_UNMAPPED) - CONF_NO_PERIOD
                if check is False:
                    conf -= CONF_MISMATCH
                kind = _value_kind(header[c])
                authority, code = (benchmark_authority(header[c]) if kind == "benchmark"
                                   else (None, None))
                if body is not None:
                    authority, code = body
                    kind = body_kind(code)
                obs.append(Observation(
                    value=v.value, unit=cast(Unit, _unit_for(v.unit, vmetric)), authority=authority,
                    authority_code=code, label_raw=" / ".join(x for x in (label, header[c]) if x),
                    evidence=evidence, page=block.page, extractor="table", metric=vmetric,
                    value_kind=cast(ValueKind, kind), period_type="other",
                    qualifier=cast(Optional[Qualifier], v.qualifier),
                    section=block.section, confidence=round(max(conf, 0.05), 2),
                    block_index=bi, table_index=t.index, row=r, col=c,
                    checks=None if check is None else ("total_ok" if check else "total_mismatch"),
                    flags=v.flags))
    return obs
