"""Random text into the number grammar, period parsing and time references, and random tables
into the table extractor: never an exception, never longer than the deadline, and the answers
keep their own invariants (spans inside the text, left to right, at most the cap)."""
from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.model import Block, Document, Table
from core.periods import parse_date, parse_period
from extractors import tables, timeref
from extractors.numbers import MAX_NUMBERS_PER_TEXT, has_figure, text_to_quantities

BUDGET = timedelta(seconds=20)
FUZZ = settings(derandomize=True, max_examples=120, deadline=BUDGET, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces council papers are made of, so random text hits the grammar rather than missing it.
WORDS = ["12", "1,234", "0.5", "45%", "per cent", "£3.2m", "£", "7", "2017", "2016/17", "2017-18",
         "31 March 2018", "March", "Q3", "per 10,000", "eight", "twenty-one", "between", "and",
         "-", "–", "(", ")", ",", ".", "aged", "16", "years", "days", "average of", "over",
         "approximately", "children", "carers", "Regulation", "page", "www.x.gov.uk", "@",
         "this year", "last year", "the previous year", "nationally", "\t", "\n", " ", "   "]
council_text = st.lists(st.sampled_from(WORDS), max_size=200).map(" ".join)
any_text = st.one_of(council_text, st.text(max_size=400))


@FUZZ
@given(any_text)
def test_numbers_in_any_text(text):
    found = text_to_quantities(text)
    assert len(found) <= MAX_NUMBERS_PER_TEXT
    starts = [q.start for q in found]
    assert starts == sorted(starts)
    for q in found:
        assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start                      # figures never overlap
    assert has_figure(text) == bool(found)


@FUZZ
@given(st.lists(st.sampled_from(["7", "7 ", "1,", "000,", "1.", "a1", "45%", "£1 "]),
                min_size=1, max_size=40), st.integers(1, 400))
def test_numbers_in_long_repetitive_lines(pieces, repeat):
    text = "".join(pieces) * repeat
    assert len(text_to_quantities(text)) <= MAX_NUMBERS_PER_TEXT


@FUZZ
@given(any_text)
def test_periods_and_dates(text):
    period = parse_period(text)
    if period is not None and period.start and period.end:
        assert period.start <= period.end
    parse_date(text)


@FUZZ
@given(any_text)
def test_time_references(text):
    mentions = timeref.text_to_mentions(text)
    spans = [(q.start, q.end) for q in text_to_quantities(text)]
    timeref.frame_of(text, mentions, spans)
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(text)


cell = st.one_of(st.sampled_from(WORDS + ["", "Total", "2017/18", "424 (77%)", "n/a", "*"]),
                 st.text(max_size=20))
grid = st.lists(st.lists(cell, min_size=0, max_size=8), min_size=0, max_size=12)


@FUZZ
@given(grid, st.sampled_from(["lines", "text", "tsv", "html"]), council_text)
def test_random_tables_into_the_table_extractor(rows, method, caption):
    table = Table(rows=rows, page=1, method=method, pages=[1], index=0)
    doc = Document(source_path="fuzz.txt", sha256="0" * 64, format="text", blocks=[
        Block(kind="paragraph", text=caption or "Figures", page=1),
        Block(kind="table", text="table", page=1, table=table)])
    for o in tables.table_to_observations(doc, 1):
        assert o.value is not None
