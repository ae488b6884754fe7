"""Resolutions with owners, priorities and action-plan rows from the corpus papers."""
from datetime import date

import pytest


def of_kind(result, kind):
    return [a for a in result.actions if a.kind == kind]


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_sefton_minutes_resolutions(processed, kind):
    r = processed(kind, "sefton-childrens-scrutiny-agenda-2017-09-26")
    res = {a.ref: a for a in of_kind(r, "resolution")}
    assert res["5(2)"].owner == "Director of Social Care and Health"
    assert res["5(2)"].due_date == date(2017, 9, 26)
    assert res["5(4)"].owner == "Head of Children's Social Care"
    assert res["5(1)"].parent_title == "CSC IMPROVEMENT PLAN UPDATE AND SCORECARD"
    assert res["5(1)"].meeting_date == date(2017, 6, 21)
    assert res["12(3)"].owner == "Head of Schools and Families"
    # "prior to the submission ... the Director ... be requested to": no comma before the subject
    assert res["12(2)"].owner == "Director of Social Care and Health"
    assert res["12(3)"].meeting_date == date(2017, 6, 30)
    assert {f"12({n})" for n in range(1, 6)} <= set(res)


def test_sefton_improvement_plan_rows(processed):
    r = processed("text", "sefton-childrens-scrutiny-agenda-2017-09-26")
    rows = {a.ref: a for a in of_kind(r, "action_plan_item")}
    assert rows["1.1.1"].owner == "Vicky Buchanan, Head of Service"
    assert rows["1.1.1"].due_date == date(2017, 10, 31)
    assert rows["1.1.6"].due_date == date(2017, 12, 31)          # "Dec 202017"
    assert rows["1.1.2"].owner == "Sarah Hodgson, Quality Assurance Manager"  # ref cell was "Page 70"
    assert "1.1.17" in rows and "1.2.5" in rows                 # damaged refs put back in sequence
    assert rows["1.1.12"].status == "ongoing"
    assert len(rows) >= 45


def test_coventry_priorities_and_resolution(processed):
    r = processed("text", "coventry-cabinet-member-fostering-annual-report-2017-18")
    pri = of_kind(r, "priority")
    assert [p.ref for p in pri] == [str(n) for n in range(1, 12)]
    assert pri[2].text.startswith("Develop the in house specialist fostering scheme")
    assert len(of_kind(r, "resolution")) == 1


def test_every_action_is_traceable(processed):
    r = processed("text", "sefton-childrens-scrutiny-agenda-2017-09-26")
    assert all(a.page >= 1 and a.evidence and a.block_index is not None for a in r.actions)


def test_owner_is_the_subject_of_the_request():
    from extractors.actions import text_to_owner
    cases = {
        "prior to the submission of the statement the Director of Social Care and Health be "
        "requested to circulate a copy": "Director of Social Care and Health",
        "That Sefton's Members of Parliament be requested to lobby the Home Secretary":
            "Sefton's Members of Parliament",
        "In order to raise awareness with parents the Head of Schools and Families be asked to "
        "promote the tool": "Head of Schools and Families",
        "subject to the comments above, the Chief Executive be authorised to sign": "Chief Executive",
        "the Executive Director to submit a further report in March 2018": "Executive Director",
        "the Cabinet Member for Children, Schools and Safeguarding be asked to consider the matter":
            "Cabinet Member for Children, Schools and Safeguarding",
    }
    for text, owner in cases.items():
        assert text_to_owner(text) == owner, text
    assert text_to_owner("the report be noted") is None
    assert text_to_owner("A Special Meeting of the Committee be held on 30 June 2017") is None


def _refs(*refs):
    from core.model import Action
    return [Action(kind="action_plan_item", text="x", page=1, evidence="x", ref=r) for r in refs]


def test_repair_refs_mends_only_damaged_refs():
    from extractors.actions import repair_refs
    damaged = _refs("1.1.1", "1.1.2", "82", "1.1.4", "1.1.2017", "1.2.1")
    repair_refs(damaged)
    assert [a.ref for a in damaged] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.2.1"]
    levels = _refs("1.1", "1.2", "2", "2.1", "A1.1", "3")
    repair_refs(levels)
    assert [a.ref for a in levels] == ["1.1", "1.2", "2", "2.1", "A1.1", "3"]


def test_inspection_improvement_lists_are_recommendations_across_pages_and_subheadings():
    from core.model import Block, Document
    from extractors import actions
    blocks = [Block(kind="heading", text="What does the local authority need to improve?", page=4),
              Block(kind="heading", text="Priority and immediate action", page=4),
              Block(kind="list_item", text="1. Ensure that plans reduce delay for children.", page=4),
              Block(kind="heading", text="Areas for improvement", page=4),
              Block(kind="paragraph", text="Help and protection", page=4),
              Block(kind="list_item", text="2. Improve the quality of assessments.", page=4),
              Block(kind="paragraph", text="3. Ensure that care leavers have pathway plans.", page=5),
              Block(kind="heading", text="The local authority's strengths", page=5),
              Block(kind="list_item", text="4. Senior managers have taken concerted action.", page=5)]
    doc = Document(source_path="x", sha256="x", format="pdf", blocks=blocks)
    recs = [a for a in actions.extract(doc).actions if a.kind == "recommendation"]
    assert [(a.ref, a.page) for a in recs] == [("1", 4), ("2", 4), ("3", 5)]
    assert recs[2].text == "Ensure that care leavers have pathway plans."
