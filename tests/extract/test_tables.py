"""Tables -> observations on the sample papers, values read from the papers by hand."""
from collections import defaultdict
from datetime import date

import pytest

from core.model import Block, Document, Table
from core.values import cell_to_values
from extractors import tables as table_extractor
from extractors.read.pdf_tables import rejoin_wrapped
from extractors.table_kinds import ACTION_PLAN, METRICS, TEXT, THRESHOLDS, classify_table

SEFTON = "sefton-fostering-annual-report-2017-18"
SOUTHWARK = "southwark-fostering-annual-report-2016-17"
PACK = "sefton-childrens-scrutiny-agenda-2017-09-26"
SEFTON_VARIANTS = [("text", SEFTON), ("pdf", SEFTON), ("pdf", SEFTON + ".borderless")]


def table_obs(result, metric=None):
    return [o for o in result.observations if o.extractor == "table"
            and (metric is None or o.metric == metric)]


def by_period(obs, unit="count"):
    return {(o.period_type, o.period_start): o for o in obs if o.unit == unit}


@pytest.mark.parametrize("kind,stem", SEFTON_VARIANTS)
def test_sefton_enquiry_funnel(processed, kind, stem):
    res = processed(kind, stem)
    enq = by_period(table_obs(res, "fostering_enquiries"))
    assert enq[("month", date(2017, 4, 1))].value == 33
    assert enq[("month", date(2017, 4, 1))].period_end == date(2017, 4, 30)
    assert enq[("month", date(2018, 1, 1))].value == 40
    assert enq[("month", date(2018, 3, 1))].value == 7
    total = enq[("financial_year", date(2017, 4, 1))]
    assert (total.value, total.period_end, total.checks) == (302, date(2018, 3, 31), "total_ok")
    assert all(o.checks == "total_ok" for o in enq.values())
    roi = by_period(table_obs(res, "fostering_applications"))
    assert roi[("month", date(2017, 5, 1))].value == 8
    assert roi[("financial_year", date(2017, 4, 1))].value == 53
    assert ("month", date(2018, 3, 1)) not in roi          # blank cell: no observation
    assert "Stage 1 / ROI" in {o.label_raw for o in roi.values()}
    iv = by_period(table_obs(res, "fostering_initial_visits"))
    assert iv[("financial_year", date(2017, 4, 1))].value == 34
    assert iv[("month", date(2017, 4, 1))].label_raw == "Stage 1 / IV"
    ass = by_period(table_obs(res, "fostering_assessments"))
    assert ass[("financial_year", date(2017, 4, 1))].value == 11
    appr = by_period(table_obs(res, "foster_carer_approvals"))
    assert {p[1].month: o.value for p, o in appr.items() if p[0] == "month"} == {4: 2, 5: 0, 6: 2}


@pytest.mark.parametrize("kind,stem", SEFTON_VARIANTS)
def test_sefton_panel_activity(processed, kind, stem):
    res = processed(kind, stem)
    expected = {
        "panel_assessments_total": [44, 57, 61, 22],
        "panel_connected_person_assessments": [30, 45, 47, 21],
        "panel_mainstream_assessments": [14, 12, 14, 10],
        "panel_annual_reviews": [23, 23, 23, 26],
        "panel_deregistrations": [25, 28, 12, 9],
        "panel_other_reports": [21, 34, 25, 12],
    }
    for metric, values in expected.items():
        got = by_period(table_obs(res, metric))
        assert [got[("financial_year", date(y, 4, 1))].value for y in range(2014, 2018)] == values, metric
        assert all(o.period_end.month == 3 for o in got.values())


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_southwark_activity_overview(processed, kind):
    res = processed(kind, SOUTHWARK)
    cla = by_period(table_obs(res, "cla_count"))
    assert [cla[("as_at", date(y, 3, 31))].value for y in (2014, 2015, 2016, 2017)] == [550, 500, 475, 498]
    fostered = by_period(table_obs(res, "cla_fostered"))
    assert fostered[("as_at", date(2014, 3, 31))].value == 424
    assert fostered[("as_at", date(2017, 3, 31))].period_end == date(2017, 3, 31)
    pct = by_period(table_obs(res, "cla_fostered_pct"), unit="percent")
    assert [pct[("as_at", date(y, 3, 31))].value for y in (2014, 2015, 2016, 2017)] == [77, 78, 78, 77]
    inhouse = by_period(table_obs(res, "cla_fostered_inhouse"))
    assert inhouse[("as_at", date(2017, 3, 31))].value == 231
    assert by_period(table_obs(res, "cla_fostered_ifa"))[("as_at", date(2016, 3, 31))].value == 96
    assert by_period(table_obs(res, "cla_fostered_connected"))[("as_at", date(2017, 3, 31))].value == 41
    appr = by_period(table_obs(res, "foster_carer_approvals"))
    first = appr[("financial_year", date(2016, 4, 1))]
    assert (first.value, first.flags) == (10, "footnote")
    assert appr[("financial_year", date(2014, 4, 1))].value == 14
    ceased = by_period(table_obs(res, "foster_carer_deregistrations"))
    assert ceased[("financial_year", date(2015, 4, 1))].value == 4
    assert by_period(table_obs(res, "connected_carer_approvals"))[
        ("financial_year", date(2016, 4, 1))].value == 7


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_agenda_pack_fostering_report_tables(processed, kind):
    res = processed(kind, PACK)
    enq = by_period(table_obs(res, "fostering_enquiries"))
    months = {p[1]: o.value for p, o in enq.items() if p[0] == "month"}
    # "There were 211 fostering enquiries ... from April 2016/ March 2017": months Apr 2016..Mar 2017
    assert months[date(2016, 4, 1)] == 14 and months[date(2016, 9, 1)] == 34
    assert months[date(2017, 3, 1)] == 29 and len(months) == 12
    assert sum(months.values()) == 211
    panel = by_period(table_obs(res, "panel_assessments_total"))
    assert [panel[("financial_year", date(y, 4, 1))].value for y in range(2013, 2017)] == [50, 44, 57, 61]
    dereg = by_period(table_obs(res, "panel_deregistrations"))
    assert dereg[("financial_year", date(2013, 4, 1))].value == 35
    conn = by_period(table_obs(res, "panel_connected_person_assessments"))
    assert conn[("financial_year", date(2016, 4, 1))].value == 47
    # Threshold and action-plan tables give no observations.
    assert not [o for o in table_obs(res) if o.evidence.startswith("Percentage of re-referrals")]


def test_doctored_total_is_flagged(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable

    from tests.conftest import process_file
    path = tmp_path / "doctored.pdf"
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    data = [["Stages", "Month"] + months + ["Total"],
            ["Pre Stage", "Enquiries"] + [str(x) for x in range(1, 13)] + ["99"],   # sums to 78
            ["Stage 1", "ROI"] + ["1"] * 12 + ["12"]]
    t = RLTable(data)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTSIZE", (0, 0), (-1, -1), 7)]))
    styles = getSampleStyleSheet()
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph("Fostering Enquiries 2019 - 2020", styles["Heading2"]), t])
    res = process_file(path)
    enq = by_period(table_obs(res, "fostering_enquiries"))
    total = enq[("financial_year", date(2019, 4, 1))]
    assert total.value == 99 and total.checks == "total_mismatch"
    assert total.confidence < 0.7
    assert enq[("month", date(2020, 1, 1))].value == 10
    roi = by_period(table_obs(res, "fostering_applications"))
    assert roi[("financial_year", date(2019, 4, 1))].checks == "total_ok"


def test_nics_columns_sum_to_twice_totals(processed):
    res = processed("peer", "nics-background-checks-2015-11")
    assert res.status == "ok", res.error
    obs = table_obs(res)
    sums, totals = defaultdict(float), {}
    for o in obs:
        sums[o.col] += o.value
        if o.label_raw.startswith("Totals"):
            totals[o.col] = o.value
    assert len(totals) >= 20
    for col, total in totals.items():
        assert sums[col] == pytest.approx(2 * total), col
    assert totals[max(totals)] == 2236457


@pytest.mark.parametrize("stem", ["cupertino_usd_4-6-16", "federal-register-2020-17221",
                                  "nics-background-checks-2015-11"])
def test_peer_fixtures_process(processed, stem):
    res = processed("peer", stem)
    assert res.status in ("ok", "partial")
    assert "tables" not in (res.error or "")


def _doc_with(rows, caption="Some figures"):
    t = Table(rows=rows, page=1, method="tsv", pages=[1], index=0)
    return Document(source_path="x", sha256="x", format="text",
                    blocks=[Block(kind="paragraph", text=caption, page=1),
                            Block(kind="table", text="", page=1, table=t)])


def test_malformed_table_gives_unmapped_observations_not_exceptions():
    doc = _doc_with([["Thing", "Colour"], ["a", "3", "7", "x"], [], ["b"], ["Page 70", "12"],
                     ["c", "In progress", "n/a", "-"]])
    found = table_extractor.extract(doc)
    assert {o.value for o in found.observations} == {3, 7, 12}
    assert all(o.metric is None for o in found.observations)
    assert not doc.warnings


def test_label_value_table_without_periods_maps_metric():
    doc = _doc_with([["Measure", "Number"], ["Staying Put", "12"], ["Total", "12"]])
    obs = table_extractor.extract(doc).observations
    assert [(o.metric, o.value) for o in obs][0] == ("staying_put_count", 12)


@pytest.mark.parametrize("text,expected", [
    ("424 (77%)", [(424, "count"), (77, "percent")]), ("10*", [(10, "count")]),
    ("£157,133", [(157133, "gbp")]), ("£6.7m", [(6_700_000, "gbp")]), ("7.9", [(7.9, "count")]),
    ("1,575", [(1575, "count")]), ("In progress", []), ("-", []), ("n/a", []), ("", []),
    ("Page 70", []), ("65-79", []), ("90+", []), ("27/04/2007", []),
])
def test_cell_values(text, expected):
    assert [(v.value, v.unit) for v in cell_to_values(text)] == expected


@pytest.mark.parametrize("raw,expected", [
    ("Stag\nes", "Stages"), ("Tot\nal", "Total"), ("Ye\ns", "Yes"), ("31st March\n2014", "31st March 2014"),
    ("Community\nImpact", "Community Impact"), ("Children\nin care", "Children in care"),
    ("approval changes,\ntermination", "approval changes, termination"),
])
def test_rejoin_wrapped(raw, expected):
    assert rejoin_wrapped(raw) == expected


def test_table_kinds():
    def t(rows):
        return Table(rows=rows, page=1, method="tsv")
    assert classify_table(t([["Ref", "Action", "Progress / Review Date", "Lead"], ["1", "x", "y", "z"]])) == ACTION_PLAN
    assert classify_table(t([["Measure", "Thresholds", "", ""], ["", "Requires Improvement", "Good", "Outstanding"]])) == THRESHOLDS
    assert classify_table(t([["Introduction", "1"], ["Recruitment.....", "1"], ["Panel.....", "7"], ["Training.....", "8"]])) == TEXT
    assert classify_table(t([["", "2016/17"], ["Children in care", "498"]])) == METRICS


def test_table_kinds_agree_with_the_actions_extractor():
    """Whatever classify_table calls an action plan, the actions extractor reads, and a figures
    table with one column headed 'Good' is still figures."""
    from extractors.actions import table_to_actions
    from extractors.table_kinds import ACTION_PLAN, METRICS, THRESHOLDS, classify_table
    plan = Table(rows=[["Action", "Lead officer", "Notes"],
                       ["Recruit more carers", "Jane Smith, Team Manager", "on track"]],
                 page=1, method="tsv")
    assert classify_table(plan) == ACTION_PLAN
    [action] = table_to_actions(plan, 0, None)
    assert action.text == "Recruit more carers" and action.owner.startswith("Jane Smith")
    figures = Table(rows=[["Measure", "2016/17", "Good"], ["Enquiries", "120", "100"]],
                    page=1, method="tsv")
    assert classify_table(figures) == METRICS
    grades = Table(rows=[["Measure", "Requires Improvement", "Good", "Outstanding"],
                         ["Visits on time", "65-79", "80-89", "90+"]], page=1, method="tsv")
    assert classify_table(grades) == THRESHOLDS


def test_a_table_that_cannot_be_read_makes_its_document_partial(monkeypatch):
    from pipeline.process import extract_document
    doc = Document(source_path="x", sha256="0" * 64, format="text", blocks=[
        Block(kind="table", text="", page=3,
              table=Table(rows=[["Measure", "2016/17"], ["Enquiries", "120"]], page=3,
                          method="tsv", index=0))])

    def breaks(doc, bi):
        raise ValueError("odd grid")
    monkeypatch.setattr(table_extractor, "table_to_observations", breaks)
    result = extract_document(doc)
    assert result.status == "partial"
    assert "table 0 on page 3 could not be read (ValueError: odd grid)" in result.error


def test_a_table_with_one_row_per_council_gives_each_row_to_its_council():
    doc = _doc_with([["Local authority", "2014", "2015"], ["803 South Gloucestershire", "30", "31"],
                     ["938 West Sussex", "40", "41"], ["Statistical neighbours average", "35", "36"],
                     ["England", "60", "61"]],
                    caption="Children looked after rate, per 10,000 children aged under 18")
    doc.authority = "West Sussex"
    got = {(o.authority, o.value_kind, o.value) for o in table_extractor.extract(doc).observations}
    assert got == {("South Gloucestershire", "actual", 30), ("South Gloucestershire", "actual", 31),
                   ("West Sussex", "actual", 40), ("West Sussex", "actual", 41),
                   ("Statistical neighbours average", "benchmark", 35),
                   ("Statistical neighbours average", "benchmark", 36),
                   ("England", "benchmark", 60), ("England", "benchmark", 61)}
    assert {o.metric for o in table_extractor.extract(doc).observations} == {"cla_rate_per_10k"}


def test_a_year_range_wrapped_inside_a_narrow_header_cell_is_read():
    doc = _doc_with([["Measure", "201\n4-1\n5", "201\n5-1\n6"], ["Staying Put", "12", "14"]])
    got = {(o.period_start, o.period_end, o.value) for o in table_extractor.extract(doc).observations}
    # 2014-15 and 2015-16; Staying Put is a stock, so each is the snapshot at the year's 31 March
    assert got == {(date(2015, 3, 31), date(2015, 3, 31), 12), (date(2016, 3, 31), date(2016, 3, 31), 14)}
