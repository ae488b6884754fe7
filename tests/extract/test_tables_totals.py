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
    doc = doc_with([["Ethnicity", "2006/07", "2007/08"], ["White", "652", "680"],
                    ["Mixed", "21", "19"], ["Other", "59", "70"], ["TOTAL", "732", "769"]],
                   "Table 9.2 Ethnicity of West Sussex looked after children")
    assert mapped(doc) == {("cla_count", date(2007, 3, 31), 732), ("cla_count", date(2008, 3, 31), 769)}


def test_a_total_that_does_not_add_up_or_adds_up_percentages_stays_unmapped():
    wrong = doc_with([["Ethnicity", "2006/07"], ["White", "652"], ["Mixed", "21"], ["TOTAL", "700"]],
                     "Ethnicity of looked after children")
    shares = doc_with([["Category of need", "2006/07"], ["Abuse or neglect", "58"], ["Other", "42"],
                       ["TOTAL", "100"]], "Category of need of looked after children")
    assert mapped(wrong) == set() and mapped(shares) == set()


def test_a_caption_naming_no_population_maps_no_total():
    doc = doc_with([["Team", "2006/07"], ["North", "10"], ["South", "12"], ["Total", "22"]],
                   "Referrals by team")
    assert mapped(doc) == set()
