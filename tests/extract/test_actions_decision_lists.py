"""Decisions a committee site sets out as a numbered or lettered list with no heading of its own.

Decision pages ("Issue - decisions", "Decision details") and many minutes drop the "RESOLVED" label
or never had one: the list itself is the decision. A run of items that mostly open as decisions
('(i) To approve ...', 'a) APPROVE ...', '(a) the report be noted', '2. That it be agreed ...') is
one resolution per item; a numbered list of facts or a bulleted list of duties is not.
"""
from core.model import Block, Document
from extractors import actions
from extractors.read.text import read_text


def page(*lines: str) -> list[tuple[str, str]]:
    doc = read_text(("\n\n".join(lines) + "\n").encode(), "page.txt", "x")
    return [(a.kind, a.text) for a in actions.extract(doc).actions]


def found(*blocks: Block, doc_type: str = "other") -> list:
    doc = Document(source_path="x", sha256="x", format="text", blocks=list(blocks), doc_type=doc_type)
    return actions.extract(doc).actions


def para(text: str, kind: str = "paragraph") -> Block:
    return Block(kind=kind, text=text, page=1)


def test_numbered_to_items_with_no_heading_are_decisions_and_delegation_names_the_owner():
    acts = found(para("Issue - decisions", "heading"), para("17/03/2020 - Local Placement Plan"),
                 para("(i) To approve the Local Placement Plan business case (appendix 1).", "list_item"),
                 para("(ii) To delegate authority to Executive Director Children & Families, following "
                      "consultation with the Cabinet Member, to take the steps required.", "list_item"))
    assert [(a.kind, a.ref) for a in acts] == [("resolution", "i"), ("resolution", "ii")]
    assert acts[0].text == "To approve the Local Placement Plan business case (appendix 1)."
    assert acts[1].owner == "Executive Director Children & Families"


def test_capitalised_decision_verbs_take_their_deeper_items_with_them():
    got = page("Issue - decisions", "As Cabinet Member for Specialist Children's Services I",
               "a) APPROVE the proposed changes to rates payable for Children's Services in 2016-17",
               "b) NOTE the changes to the rates that are dictated by external agencies",
               "c) DELEGATE authority to the Corporate Director of Social Care, Health and Wellbeing to:",
               "i) adopt the Foster Care Maintenance Rates for 2016/17 when confirmed; and",
               "ii) adopt the Therapeutic Fostering Supplement when confirmed.")
    assert [k for k, _ in got] == ["resolution"] * 3
    assert got[0][1].startswith("APPROVE the proposed changes")
    assert "adopt the Therapeutic Fostering Supplement" in got[2][1]


def test_lettered_items_in_the_subjunctive_are_resolutions_and_a_list_of_duties_is_not():
    acts = found(para("The Act places a duty on councils to have regard to these principles:"),
                 para("· to act in the best interests of those children and young people", "list_item"),
                 para("· to encourage those children to express their views", "list_item"),
                 para("(a) the progress of the corporate parenting strategy be considered; and", "list_item"),
                 para("(b) the executive's response to the scrutiny committee's recommendation be approved.",
                      "list_item"),
                 para("Alternative options considered:"),
                 para("1. The cabinet could decide not to receive an update on the strategy.", "list_item"),
                 doc_type="strategy")
    assert [a.ref for a in acts] == ["a", "b"]
    assert acts[1].text.endswith("be approved.")


def test_an_item_that_only_reports_is_kept_when_the_list_around_it_decides():
    acts = found(para("1. The report contents were considered and changes advised before cabinet.", "list_item"),
                 para("2. That it be agreed for any recommendations to cabinet to be set out in a cover report.",
                      "list_item"),
                 para("3. That members submit any further comments no later than 14 December 2023.", "list_item"),
                 doc_type="minutes")
    assert [a.ref for a in acts] == ["1", "2", "3"]


def test_a_numbered_list_of_facts_is_not_a_list_of_decisions():
    assert found(para("1. The service approved 20 new fostering households in the year.", "list_item"),
                 para("2. Fifteen children were adopted, three more than last year.", "list_item"),
                 para("3. The number of enquiries rose to 205.", "list_item")) == []


def test_a_lead_in_the_items_continue_is_their_subject_and_not_a_decision_of_its_own():
    got = page("Cabinet Members spoke in full support of the uplift proposals.", "Cabinet resolved to:",
               "(i) Agree the increase of foster carer rates as detailed in Appendix 4, effective from 1 April 2022;",
               "(ii) Agree the increase of foster children's holiday and birthday allowances as in Appendix 5;")
    assert got == [
        ("resolution", "Cabinet resolved to: Agree the increase of foster carer rates as detailed in "
                       "Appendix 4, effective from 1 April 2022;"),
        ("resolution", "Cabinet resolved to: Agree the increase of foster children's holiday and birthday "
                       "allowances as in Appendix 5;")]


def test_a_lead_in_that_decides_makes_its_items_decisions_whatever_they_open_with():
    got = page("Decision Maker: Acting Strategic Director, Children and Young People's Service",
               "That approval be given to make the following changes to improve the financial offer for Foster Carers:",
               "1. To change the service model to a financial package based on the needs of the child",
               "2. To make the following changes to the fees and allowances that foster carers receive:",
               "a) 100% of skills payment to be paid for all children placed",
               "b) Increase to foster carer mileage rate from 40p per mile",
               "Reasons for the Decision:", "The Government set a National Minimum Allowance.")
    assert [k for k, _ in got] == ["resolution", "resolution"]
    assert got[0][1].startswith("To change the service model")
    assert "Increase to foster carer mileage rate" in got[1][1]
