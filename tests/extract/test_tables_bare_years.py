"""Bare-year column headers ('2015 | 2016') and period axes under title rows, as statistical-
neighbour exports (LAIT-style) lay them out: a stock is read at 31 March of the year, a flow's
period stays unknown with the reason, and each council's row goes to that council."""
from __future__ import annotations

from datetime import date

from core.model import Block, Document, Table
from extractors import tables as table_extractor


def doc_with(rows, caption="Some figures"):
    t = Table(rows=rows, page=1, method="text", pages=[1], index=0)
    doc = Document(source_path="x", sha256="x", format="pdf",
                   blocks=[Block(kind="heading", text=caption, page=1),
                           Block(kind="table", text="", page=1, table=t)])
    doc.authority, doc.authority_code = "West Sussex", "E10000032"
    return doc


# The grid as pdfplumber's text strategy reads a statistical-neighbour view: an indicator row,
# the indicator's name, a row of codes, then the years, then one row per council.
NEIGHBOUR_VIEW = [
    ["", "Change Authority", "", "", "Topic", "Indicator", "124", "", ""],
    ["", "", "", "Children looked after rate, per 10,000 children aged under 18", "", "", "", "", ""],
    ["", "", "", "", "LAC1", "LAC2", "LAC3", "", ""],
    ["", "Statistical Neighbours", "", "", "", "", "", "Change from", ""],
    ["", "", "", "", "2014", "2015", "2016", "previous year", ""],
    ["LA", "", "803", "South Gloucestershire", "30.00", "30.00", "29.00", "", "-1.00"],
    ["", "", "938", "West Sussex", "36.00", "38.00", "37.00", "", "-1.00"],
    ["", "", "", "Statistical Neighbours", "43.30", "44.70", "46.40", "", "1.70"],
    ["", "", "970", "England", "60.00", "60.00", "60.00", "", "0.00"],
]


def test_a_neighbour_view_gives_each_council_its_rate_at_31_march():
    obs = table_extractor.extract(doc_with(NEIGHBOUR_VIEW, "Statistical Neighbour View")).observations
    dated = {(o.authority, o.value_kind, o.period_end, o.value) for o in obs
             if o.metric == "cla_rate_per_10k" and o.period_end is not None}
    assert ("South Gloucestershire", "actual", date(2014, 3, 31), 30) in dated
    assert ("West Sussex", "actual", date(2016, 3, 31), 37) in dated
    assert ("England", "benchmark", date(2015, 3, 31), 60) in dated
    assert ("Statistical Neighbours", "benchmark", date(2016, 3, 31), 46.4) in dated
    assert len(dated) == 12
    # the change column has no year: never dated, so it never reaches metric_values
    assert all(o.period_end is None for o in obs if o.value in (-1, 1.7))
    assert not any(o.value in (803, 938, 970, 124) for o in obs if o.metric)


def test_bare_years_over_a_flow_leave_the_period_unknown_with_the_reason():
    obs = table_extractor.extract(doc_with([["", "2015", "2016"],
                                            ["Children starting to be looked after", "120", "131"],
                                            ["Number of children in care", "410", "425"]])).observations
    flows = [o for o in obs if o.metric == "cla_started"]
    assert len(flows) == 2 and all(o.period_end is None for o in flows)
    assert all(o.flags and o.flags.startswith("period_unsure") for o in flows)
    assert {(o.period_end, o.value) for o in obs if o.metric == "cla_count"} == {
        (date(2015, 3, 31), 410), (date(2016, 3, 31), 425)}


def test_a_snapshot_named_at_another_date_keeps_bare_years_undated():
    obs = table_extractor.extract(doc_with([["", "2015", "2016"],
                                            ["Number of children in care", "410", "425"]],
                                           caption="Children in care as at 31 December")).observations
    assert all(o.period_end is None for o in obs)


def test_a_row_of_figures_that_are_not_ascending_years_is_not_a_header():
    assert table_extractor.bare_year_cols(["Total", "2016", "2015"]) == {}
    assert table_extractor.bare_year_cols(["Cost", "2016", "£400"]) == {}
    assert table_extractor.bare_year_cols(["", "2015", "2016"]) == {1: 2015, 2: 2016}


def test_a_header_naming_another_snapshot_date_keeps_bare_years_undated():
    obs = table_extractor.extract(doc_with([["", "As at 31 December", ""], ["", "2015", "2016"],
                                            ["Number of children in care", "410", "425"]])).observations
    assert {o.value for o in obs} == {410, 425}
    assert all(o.period_end is None for o in obs)


def test_a_title_cut_into_cells_by_narrow_columns_still_names_the_metric():
    rows = [list(r) for r in NEIGHBOUR_VIEW]
    rows[1] = ["", "", "Children", "looked after", "rate, per 10,000 children", "aged under", "18", "", ""]
    obs = table_extractor.extract(doc_with(rows, "Statistical Neighbour View")).observations
    assert {o.metric for o in obs if o.period_end is not None} == {"cla_rate_per_10k"}
