"""A breakdown table's Total row counts the population its caption names ('Ethnicity of looked
after children': the Total is the number of children looked after), when it adds up the rows
above it; percentages and totals that do not add up are left unmapped."""
from __future__ import annotations

from datetime import date

from core.model import Block, Document, Table
from extractors import tables as table_extractor


def doc_with(rows, caption):
    t = Table(rows=rows, page=1, method="text", pages=[1], index=0)
    return Document(source_path="x", sha256="x", format="pdf",
                    blocks=[Block(kind="paragraph", text=caption, page=1),
                            Block(kind="table", text="", page=1, table=t)])


def mapped(doc):
    return {(o.metric, o.period_end, o.value) for o in table_extractor.extract(doc).observations
            if o.metric}


def test_the_total_of_a_breakdown_of_looked_after_children_is_their_number():
    doc = doc_with([["Ethnicity", "31 March 2007", "31 March 2008"], ["White", "652", "680"],
                    ["Mixed", "21", "19"], ["Other", "59", "70"], ["TOTAL", "732", "769"]],
                   "Table 9.2 Ethnicity of West Sussex looked after children")
    assert mapped(doc) == {("cla_count", date(2007, 3, 31), 732), ("cla_count", date(2008, 3, 31), 769)}


def test_a_total_under_a_financial_year_counts_the_population_at_its_31_march():
    # children looked after are a stock: under '2007/08' they are counted at 31 March 2008
    doc = doc_with([["Ethnicity", "2006/07", "2007/08"], ["White", "652", "680"],
                    ["Mixed", "21", "19"], ["TOTAL", "673", "699"]],
                   "Table 9.2 Ethnicity of looked after children")
    assert mapped(doc) == {("cla_count", date(2007, 3, 31), 673), ("cla_count", date(2008, 3, 31), 699)}
    assert {o.period_type for o in table_extractor.extract(doc).observations if o.metric} == {"as_at"}


def test_a_total_under_a_financial_year_counted_at_another_date_is_not_given_the_population():
    # 'as at 30 September' under '2007/08': not a 31 March snapshot, and a stock is no year's figure
    doc = doc_with([["Ethnicity", "2006/07", "2007/08"], ["White", "652", "680"],
                    ["Mixed", "21", "19"], ["TOTAL", "673", "699"]],
                   "Table 9.2 Ethnicity of looked after children")
    doc.blocks.insert(0, Block(kind="paragraph", text="Children are counted as at 30 September.",
                               page=1))
    assert table_extractor.population_metric("Table 9.2 Ethnicity of looked after children",
                                             "") == "cla_count"
    assert mapped(doc) == set()


def test_a_total_that_does_not_add_up_or_adds_up_percentages_stays_unmapped():
    wrong = doc_with([["Ethnicity", "2006/07"], ["White", "652"], ["Mixed", "21"], ["TOTAL", "700"]],
                     "Table 2 Ethnicity of looked after children")
    shares = doc_with([["Category of need", "2006/07"], ["Abuse or neglect", "58"], ["Other", "42"],
                       ["TOTAL", "100"]], "Table 3 Category of need of looked after children")
    assert mapped(wrong) == set() and mapped(shares) == set()


def test_a_caption_naming_no_population_maps_no_total():
    doc = doc_with([["Team", "2006/07"], ["North", "10"], ["South", "12"], ["Total", "22"]],
                   "Referrals by team")
    assert mapped(doc) == set()


def test_a_flow_named_by_a_row_of_a_breakdown_of_children_looked_after_is_not_that_flow():
    doc = doc_with([["Legal status", "2007", "2008"], ["Care orders", "292", "272"],
                    ["Placement order", "18", "30"], ["Voluntary agreements", "289", "331"],
                    ["TOTAL", "599", "633"]], "Table 9.3 Legal status of looked after children")
    obs = table_extractor.extract(doc).observations
    assert not any(o.metric == "placement_orders_granted" for o in obs)
    assert all("metric_unsure" in (o.flags or "") for o in obs if o.value in (18, 30))
    assert {o.metric for o in obs if o.value in (599, 633)} == {"cla_count"}


def test_headers_read_one_column_off_their_figures_are_put_back_over_them():
    # centred headers over right-aligned numbers: pdfplumber's text strategy splits them apart
    rows = [["Ethnicity", "", "2006/07", "", "", "2007/08"],
            ["White", "652", "", "", "680", ""],
            ["Mixed", "21", "", "", "19", ""],
            ["TOTAL", "673", "", "", "699", ""]]
    assert table_extractor.align_headers(rows)[0] == ["Ethnicity", "2006/07", "", "", "2007/08", ""]
    doc = doc_with([[c.replace("2006/07", "2007").replace("2007/08", "2008") for c in r] for r in rows],
                   "Table 9.2: Ethnicity of looked after children")
    assert mapped(doc) == {("cla_count", date(2007, 3, 31), 673), ("cla_count", date(2008, 3, 31), 699)}


def test_a_figure_column_between_two_header_only_columns_is_left_as_read():
    rows = [["Measure", "2018/19", "", "2019/20"], ["Children in care", "", "410", ""],
            ["Care leavers", "", "50", ""]]
    assert table_extractor.align_headers(rows) == rows


def test_a_section_heading_naming_a_population_is_not_a_tables_caption():
    doc = doc_with([["Recruitment", "2016/17", "2017/18"], ["Enquiries", "120", "130"],
                    ["Approvals", "10", "12"], ["Total", "130", "142"]], "Recruitment of foster carers")
    obs = table_extractor.extract(doc).observations
    assert {o.metric for o in obs if o.value in (10, 12)} == {"foster_carer_approvals"}
    assert not any(o.metric for o in obs if o.value in (130, 142) and o.label_raw == "Total")
