"""Table layouts the sample papers do not have, built here as text (TSV), HTML and reportlab PDF:
years as rows, '% change' columns, quarters, '£000s', periods in a merged cell above, headers
over two lines, label lines that continue a row, ragged rows. None may raise; periods and values
must be right (issue 3)."""
from __future__ import annotations

import io
from datetime import date

import pytest

from core.model import Block, Document, Table
from extractors import tables as table_extractor
from extractors.read import read_document
from pipeline.process import extract_document


def _obs(doc):
    found = table_extractor.extract(doc)
    assert not doc.warnings, doc.warnings
    return found.observations


def tsv_doc(text: str) -> Document:
    return read_document(text.encode(), "text", "x.txt", "x")


def html_doc(html: str) -> Document:
    return read_document(html.encode(), "html", "x.html", "x")


def pdf_doc(caption: str, data: list[list[str]], grid=True) -> Document:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable
    buf = io.BytesIO()
    t = RLTable(data)
    style = [("FONTSIZE", (0, 0), (-1, -1), 8)]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, "black"))
    t.setStyle(TableStyle(style))
    SimpleDocTemplate(buf, pagesize=A4).build(
        [Paragraph(caption, getSampleStyleSheet()["Heading2"]), t])
    return read_document(buf.getvalue(), "pdf", "x.pdf", "x")


def facts(obs, metric=None):
    """{(metric, period_type, start, end): (value, unit)} of the observations with a metric."""
    return {(o.metric, o.period_type, o.period_start, o.period_end): (o.value, o.unit)
            for o in obs if o.metric and (metric is None or o.metric == metric)}


FY = lambda y: ("financial_year", date(y, 4, 1), date(y + 1, 3, 31))      # noqa: E731
MAR31 = lambda y: ("as_at", date(y, 3, 31), date(y, 3, 31))                # noqa: E731


# --- years as rows, metrics as columns -----------------------------------------------------------

YEARS_AS_ROWS = [["Year", "Children looked after", "Foster carer households", "Enquiries"],
                 ["2018/19", "410", "120", "250"],
                 ["2019/20", "425", "118", "231"],
                 ["2020-21", "440", "121", "260"]]


def _check_years_as_rows(obs):
    got = facts(obs)
    # stocks under a financial year are its 31 March snapshot; a flow (enquiries) keeps the year
    assert got[("cla_count",) + MAR31(2020)] == (425, "count")
    assert got[("fostering_households",) + MAR31(2021)] == (121, "count")
    assert got[("fostering_enquiries",) + FY(2018)] == (250, "count")
    assert len([o for o in obs if o.metric]) == 9


def test_years_as_rows_tsv():
    _check_years_as_rows(_obs(tsv_doc("Key figures\n\n" + "\n".join(
        "\t".join(r) for r in YEARS_AS_ROWS) + "\n")))


def test_years_as_rows_html():
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in YEARS_AS_ROWS)
    _check_years_as_rows(_obs(html_doc(f"<html><body><p>Key figures</p><table>{rows}</table>"
                                       "</body></html>")))


def test_years_as_rows_pdf():
    _check_years_as_rows(_obs(pdf_doc("Key figures", YEARS_AS_ROWS)))


# --- '% change' is not a period ------------------------------------------------------------------

CHANGE = [["Measure", "2019/20", "2020-21", "% change"],
          ["Number of children looked after", "500", "550", "10%"],
          ["Mainstream foster carers", "80", "76", "-5%"]]


@pytest.mark.parametrize("make", ["tsv", "html", "pdf", "pdf-borderless"])
def test_percent_change_column_is_not_a_period(make):
    if make == "tsv":
        doc = tsv_doc("\n".join("\t".join(r) for r in CHANGE) + "\n")
    elif make == "html":
        doc = html_doc("<table>" + "".join(
            "<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in CHANGE) + "</table>")
    else:
        doc = pdf_doc("Activity", CHANGE, grid=(make == "pdf"))
    obs = _obs(doc)
    got = facts(obs)
    assert got[("cla_count",) + MAR31(2020)] == (500, "count")      # '2019/20': at 31 March 2020
    assert got[("cla_count",) + MAR31(2021)] == (550, "count")
    assert got[("fostering_households_mainstream",) + MAR31(2021)] == (76, "count")
    change = [o for o in obs if o.value in (10, -5) and o.unit == "percent"]
    assert len(change) == 2
    assert all(o.metric is None and o.value_kind == "derived" for o in change)
    assert "% change" in change[0].label_raw


# --- quarters --------------------------------------------------------------------------------

def test_quarterly_table():
    doc = tsv_doc("Quarterly activity\n\n"
                  "Measure\tQ1 2019/20\tQ2 2019/20\tQ3 2019/20\tQ4 2019/20\tTotal\n"
                  "Initial enquiries\t20\t25\t30\t15\t90\n"
                  "Initial home visits\t5\t6\t7\t8\t26\n")
    obs = _obs(doc)
    enq = {(o.period_start, o.period_end): o for o in obs if o.metric == "fostering_enquiries"}
    assert enq[(date(2019, 4, 1), date(2019, 6, 30))].value == 20
    assert enq[(date(2019, 4, 1), date(2019, 6, 30))].period_type == "quarter"
    assert enq[(date(2020, 1, 1), date(2020, 3, 31))].value == 15
    total = enq[(date(2019, 4, 1), date(2020, 3, 31))]
    assert (total.value, total.period_type, total.checks) == (90, "financial_year", "total_ok")
    visits = {(o.period_start, o.period_end): o for o in obs if o.metric == "fostering_initial_visits"}
    assert visits[(date(2019, 7, 1), date(2019, 9, 30))].value == 6
    assert visits[(date(2019, 4, 1), date(2020, 3, 31))].checks == "total_ok"


# --- money -------------------------------------------------------------------------------------

def test_money_columns_in_thousands():
    doc = tsv_doc("Spend on placements\n\n"
                  "Cost (£000s)\t2018/19\t2019/20\n"
                  "Inter-agency placement costs\t1,250\t980.5\n"
                  "Children looked after\t400\t410\n")
    obs = _obs(doc)
    cost = facts(obs, "interagency_placement_cost")
    assert cost[("interagency_placement_cost",) + FY(2018)] == (1_250_000, "gbp")
    assert cost[("interagency_placement_cost",) + FY(2019)] == (980_500, "gbp")


def test_money_column_header_in_thousands():
    doc = tsv_doc("Measure\t2019/20 £000s\t2020/21 £000s\n"
                  "Inter-agency placement costs\t150\t175\n")
    cost = facts(_obs(doc), "interagency_placement_cost")
    assert cost[("interagency_placement_cost",) + FY(2020)] == (175_000, "gbp")


# --- periods in a merged cell above ------------------------------------------------------------

MERGED = [["", "2019/20", "", "2020/21", ""],
          ["Measure", "Actual", "Target", "Actual", "Target"],
          ["Foster carer approvals", "12", "15", "14", "15"]]


def _check_merged(obs):
    appr = {(o.period_start, o.value_kind): o.value for o in obs
            if o.metric == "foster_carer_approvals"}
    assert appr == {(date(2019, 4, 1), "actual"): 12, (date(2019, 4, 1), "target"): 15,
                    (date(2020, 4, 1), "actual"): 14, (date(2020, 4, 1), "target"): 15}


def test_periods_in_merged_cell_above_tsv():
    _check_merged(_obs(tsv_doc("\n".join("\t".join(r) for r in MERGED) + "\n")))


def test_periods_in_merged_cell_above_html():
    html = ("<table><tr><th></th><th colspan='2'>2019/20</th><th colspan='2'>2020/21</th></tr>"
            "<tr><th>Measure</th><th>Actual</th><th>Target</th><th>Actual</th><th>Target</th></tr>"
            "<tr><td>Foster carer approvals</td><td>12</td><td>15</td><td>14</td><td>15</td></tr>"
            "</table>")
    _check_merged(_obs(html_doc(html)))


def test_periods_in_merged_cell_above_pdf():
    _check_merged(_obs(pdf_doc("Approvals", MERGED)))


# --- headers over two lines; label lines that continue a row -----------------------------------

def test_snapshot_header_over_two_lines():
    doc = tsv_doc("Activity overview\n\n"
                  "Children\t31st March\t31st March\t31st March\n"
                  "\t2014\t2015\t2016\n"
                  "Children looked after\t550\t500\t475\n")
    got = facts(_obs(doc), "cla_count")
    assert got == {("cla_count",) + MAR31(2014): (550, "count"),
                   ("cla_count",) + MAR31(2015): (500, "count"),
                   ("cla_count",) + MAR31(2016): (475, "count")}


def test_stages_month_header_over_two_lines():
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    doc = tsv_doc("Fostering Enquiries 2019 - 2020\n\n"
                  "Stages\n" if False else
                  "Fostering Enquiries 2019 - 2020\n\n"
                  "Stages\t\t" + "\t" * 12 + "\n"
                  "\tMonth\t" + "\t".join(months) + "\tTotal\n"
                  "Pre Stage\tEnquiries\t" + "\t".join(["2"] * 12) + "\t24\n"
                  "Stage 1\tROI\t" + "\t".join(["1"] * 12) + "\t12\n")
    obs = _obs(doc)
    enq = {(o.period_type, o.period_start): o for o in obs if o.metric == "fostering_enquiries"}
    assert enq[("month", date(2020, 2, 1))].value == 2
    assert enq[("financial_year", date(2019, 4, 1))].checks == "total_ok"
    assert {o.label_raw for o in obs if o.metric == "fostering_applications"} == {"Stage 1 / ROI"}


def test_label_line_under_last_row_continues_its_label():
    doc = tsv_doc("Carers\n\n"
                  "Measure\t2019/20\t2020/21\n"
                  "Children placed with friends and family\t30\t35\n"
                  "foster carers\n\nNext paragraph.\n")
    obs = _obs(doc)
    got = {o.period_start: o for o in obs if o.metric == "cla_fostered_connected"}
    # a stock: '2020/21' is the snapshot at 31 March 2021
    assert got[date(2021, 3, 31)].value == 35
    assert got[date(2021, 3, 31)].label_raw == "Children placed with friends and family foster carers"


def test_label_row_inside_table_continues_label_above():
    doc = tsv_doc("Measure\t2019/20\t2020/21\n"
                  "Children placed with friends and family\t30\t35\n"
                  "foster carers\t\t\n"
                  "Staying Put\t5\t6\n")
    obs = _obs(doc)
    assert {o.metric for o in obs} == {"cla_fostered_connected", "staying_put_count"}


# --- ragged rows, odd input: no exception ---------------------------------------------------------

@pytest.mark.parametrize("rows", [
    [["Measure", "2019/20", "2020/21"], ["Children looked after", "400"],
     ["Staying Put", "5", "6", "7", "8"], [], ["", "", ""]],
    [["2019/20"], ["400"]],
    [["", "", ""], ["", "", ""]],
    [["Year", "Children looked after"], ["2019/20"], ["2020/21", "410", "extra"]],
    [["Measure", "Q1 2019/20", "Q5 2019/20", "% change", "£000s"], ["Staying Put", "1", "2", "3%", "£4"]],
])
def test_ragged_and_odd_tables_do_not_raise(rows):
    t = Table(rows=rows, page=1, method="tsv", pages=[1], index=0)
    doc = Document(source_path="x", sha256="x", format="text",
                   blocks=[Block(kind="paragraph", text="Figures", page=1),
                           Block(kind="table", text="", page=1, table=t)])
    table_extractor.extract(doc)
    assert not doc.warnings, doc.warnings


def test_ragged_years_as_rows_reads_what_is_there():
    doc = tsv_doc("Year\tChildren looked after\tStaying Put\n2019/20\t400\n2020/21\t410\t12\n")
    got = facts(_obs(doc))
    assert got[("cla_count",) + MAR31(2020)] == (400, "count")      # stocks: the year's 31 March
    assert got[("staying_put_count",) + MAR31(2021)] == (12, "count")


def test_whole_pipeline_on_an_odd_table_is_ok():
    doc = tsv_doc("Measure\t2019/20\t\n\t\t\n\tQ1\t\n")
    res = extract_document(doc)
    assert res.status == "ok", res.error


def test_benchmark_columns_are_the_benchmarks_figures_not_the_councils():
    doc = tsv_doc("Children in care at 31 March 2023\n\n"
                  "Measure\tSefton\tNorth West\tEngland\tStatistical neighbours\n"
                  "Rate per 10,000 children\t110\t97\t70\t105\n")
    got = {(o.authority, o.authority_code, o.value_kind): o.value for o in _obs(doc)}
    assert got[("North West", "E12000002", "benchmark")] == 97
    assert got[("England", "E92000001", "benchmark")] == 70
    assert got[("Statistical neighbours", None, "benchmark")] == 105
    assert got[(None, None, "actual")] == 110          # the paper's own council, filled in later
