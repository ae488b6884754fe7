"""Forward-plan key decisions -> 'decision' actions (decision maker as owner, expected date as due)."""
from datetime import date

import pytest

from core.model import Block, Document, Table
from extractors.actions import forward_plan


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_sefton_pack_forward_plan(processed, kind):
    r = processed(kind, "sefton-childrens-scrutiny-agenda-2017-09-26")
    decisions = {a.text: a for a in r.actions if a.kind == "decision"}
    expected = ["Purchasing of Fostering Placements for Children and Young People",
                "Approval of Legal Documentation for Academy Conversions",
                "Update on Regionalisation of Adoption - Adoption in Merseyside",
                "Children and Adolescent Mental Health Services Working Group"]
    for title in expected:
        a = decisions[title]
        assert a.owner == "Cabinet"
        assert a.due_date == date(2017, 10, 5)        # "Decision Expected 5 Oct 2017"
        assert a.page >= 1 and "Decision Maker" not in a.text and a.evidence
    # the CAMHS item's later history of re-scheduled dates does not move its expected date
    assert decisions[expected[3]].due_text.startswith("5 Oct 2017")


def _doc(blocks):
    return Document(source_path="x", sha256="0", format="text", blocks=blocks)


def test_other_councils_field_names_as_lines():
    lines = ["Title of decision: Fostering allowances 2022/23",
             "Decision maker: Cabinet Member for Children and Families",
             "Date of decision: 14 March 2022",
             "Key decision: Yes",
             "Contact officer: Jane Smith, Head of Fostering"]
    out = forward_plan(_doc([Block("paragraph", t, 3) for t in lines]))
    assert len(out) == 1
    a = out[0]
    assert (a.kind, a.text, a.owner, a.due_date) == (
        "decision", "Fostering allowances 2022/23", "Cabinet Member for Children and Families",
        date(2022, 3, 14))


def test_forward_plan_table_with_month_only_date():
    t = Table(method="tsv", page=5, rows=[["Details of the Decision", "Commissioning of residential placements. "
                             "The report seeks approval to tender a framework."],
                            ["Decision Maker", "Cabinet"],
                            ["Expected Date of Decision", "June 2023"],
                            ["Key Decision", "Yes"]])
    out = forward_plan(_doc([Block("table", "", 5, table=t)]))
    assert out[0].text.startswith("Commissioning of residential placements")
    assert out[0].owner == "Cabinet" and out[0].due_date == date(2023, 6, 30)


def test_report_cover_sheet_is_not_a_forward_plan():
    t = Table(method="tsv", page=1, rows=[["Subject:", "Work Programme 2017/18"],
                            ["Is this a Key Decision:", "No"], ["Included in Forward Plan:", "No"]])
    assert forward_plan(_doc([Block("table", "", 1, table=t)])) == []
