"""Tables that reach us as lines of text (extractors/line_tables.py): a header line of periods,
then labels each followed by one figure per period, or label and figures on one line. Built here
as text; figures must land on the right metric and period, and runs that do not fit stay out."""
from __future__ import annotations

from datetime import date

from core.model import Document
from extractors import line_tables
from extractors.read import read_document
from extractors.understand import structure


def text_doc(text: str) -> Document:
    doc = read_document(text.encode(), "text", "x.txt", "x")
    return structure.annotate(doc) or doc


def facts(doc: Document) -> set[tuple]:
    return {(o.metric, o.period_end, o.value, o.unit)
            for o in line_tables.extract(doc).observations if o.metric}


MAR31 = lambda y: date(y, 3, 31)       # noqa: E731

ONE_FIGURE_PER_LINE = """Local context

Summary of our children in care 31 March 2018 31 March 2019 31 March 2020

Number of children in Care

473

513

492

Number and % of children in care living with foster families

316

67%

342

67%

350

71%

What needs to improve

In 2019 there were 12 complaints.
"""


def test_a_table_saved_as_one_figure_per_line_is_read_by_period():
    got = facts(text_doc(ONE_FIGURE_PER_LINE))
    assert got == {("cla_count", MAR31(2018), 473, "count"), ("cla_count", MAR31(2019), 513, "count"),
                   ("cla_count", MAR31(2020), 492, "count"),
                   ("cla_fostered", MAR31(2018), 316, "count"),
                   ("cla_fostered", MAR31(2019), 342, "count"),
                   ("cla_fostered", MAR31(2020), 350, "count"),
                   ("cla_fostered_pct", MAR31(2018), 67, "percent"),
                   ("cla_fostered_pct", MAR31(2019), 67, "percent"),
                   ("cla_fostered_pct", MAR31(2020), 71, "percent")}


def test_label_and_figures_on_one_line_are_a_row():
    doc = text_doc("Children in care 2017/18 2018/19\n\nNumber of children in care 410 425\n\n"
                   "Children starting to be looked after 120 131\n\nThe end.\n")
    got = {(o.metric, o.period_type, o.period_start, o.value)
           for o in line_tables.extract(doc).observations if o.metric}
    assert ("cla_started", "financial_year", date(2018, 4, 1), 131) in got
    # a stock under a financial year is its 31 March snapshot; a flow keeps the year
    assert ("cla_count", "as_at", date(2018, 3, 31), 410) in got


def test_a_row_with_more_figures_than_periods_ends_the_table():
    doc = text_doc("Figures 31 March 2019 31 March 2020\n\nNumber of children in care\n\n400\n\n"
                   "410\n\n2\n\nNumber of care leavers\n\n50\n\n60\n")
    assert not line_tables.find_line_tables(doc)


def test_prose_ending_in_years_is_not_a_header():
    assert line_tables.header_periods("We compared the figures for 2018 and 2019") is None
    assert line_tables.header_periods("Needs at 31 March 2018 31 March 2019") == (
        "Needs at", ["31 March 2018", "31 March 2019"], "")


def test_a_rate_base_stays_in_its_label():
    assert line_tables.segment_rows("Rate of children in care per 10,000 39.2 41.7", 2) == [
        ["Rate of children in care per 10,000", "39.2", "41.7"]]
    assert line_tables.segment_rows("Children in care 12 473 513", 2) is None


def test_rows_run_into_one_paragraph_are_split_by_the_number_of_periods():
    # a PDF table the table finder missed: its lines joined into one paragraph
    doc = text_doc("Children in care 31 March 2019 31 March 2020 Number of children in care 410 "
                   "425 Children in foster care 300 (73%) 310 (73%)\n\nEnd.\n")
    assert facts(doc) == {("cla_count", MAR31(2019), 410, "count"),
                          ("cla_count", MAR31(2020), 425, "count"),
                          ("cla_fostered", MAR31(2019), 300, "count"),
                          ("cla_fostered", MAR31(2020), 310, "count"),
                          ("cla_fostered_pct", MAR31(2019), 73, "percent"),
                          ("cla_fostered_pct", MAR31(2020), 73, "percent")}


def test_a_sentence_with_years_and_figures_is_not_a_table():
    doc = text_doc("Between 2018/19 2019/20 the service approved 12 new carers and 4 left.\n")
    assert not line_tables.find_line_tables(doc)


def test_a_bare_year_over_a_flow_leaves_its_period_unknown_with_the_reason():
    doc = text_doc("Activity 2019 2020\n\nChildren starting to be looked after 120 131\n\n"
                   "Number of children in care 410 425\n\nEnd.\n")
    obs = [o for o in line_tables.extract(doc).observations if o.metric]
    flow = [o for o in obs if o.metric == "cla_started"]
    stock = {(o.period_type, o.period_end, o.value) for o in obs if o.metric == "cla_count"}
    assert flow and all(o.period_end is None and "period_unsure" in (o.flags or "") for o in flow)
    assert stock == {("as_at", MAR31(2019), 410), ("as_at", MAR31(2020), 425)}
