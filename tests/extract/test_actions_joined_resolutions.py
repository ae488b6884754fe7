"""Resolutions on older committee systems and on pages whose lines were joined.

An item/description/decision table read as text joins an item's heading to its decision and the
next item's heading to the one after ("CPB 4/19 DATA AND PRIORITIES RESOLVED that the information be
noted. CPB 5/19 UPDATE RESOLVED that: ..."); such systems also record decisions as "AGREED - ..."
or "AGREED unanimously that ...". And a paper that records resolutions is a meeting's record,
whatever type it was given, so its "It was agreed that ..." is a decision too.
"""
from core.model import Block, Document
from extractors import actions


def extracted(*blocks: Block, doc_type: str = "minutes") -> list[tuple[str, str]]:
    doc = Document(source_path="x", sha256="x", format="text", blocks=list(blocks), doc_type=doc_type)
    return [(a.kind, a.text) for a in actions.extract(doc).actions]


def para(text: str, kind: str = "paragraph") -> Block:
    return Block(kind=kind, text=text, page=1)


def test_each_resolution_of_a_joined_paragraph_is_its_own_and_the_next_heading_is_dropped():
    got = extracted(
        para("CPB 4/19 DATA AND ANALYSIS AND PRIORITIES RESOLVED that the information and updated "
             "statistical baseline be noted. CPB 5/19 UPDATE FROM STRATEGIC OFFICER GROUP RESOLVED that:"),
        para("1. the report be noted and the Action Plan be presented to a future meeting.", "list_item"),
        para("2. consideration be given to children attending a future meeting of the Board. CPB 6/19 "
             "SUFFICIENCY STATEMENT - ACTION PLAN RESOLVED that the Strategy be endorsed. CPB 7/19 "
             "EVENTS (VERBAL UPDATE)", "list_item"))
    assert got == [
        ("resolution", "the information and updated statistical baseline be noted."),
        ("resolution", "the report be noted and the Action Plan be presented to a future meeting."),
        ("resolution", "consideration be given to children attending a future meeting of the Board."),
        ("resolution", "the Strategy be endorsed.")]


def test_agreed_opens_a_resolution_with_a_dash_or_that_but_not_an_ordinary_sentence():
    got = extracted(para("Agreed actions from the last meeting were reviewed by the Chair."),
                    para("AGREED unanimously that the item be considered as confidential."),
                    para("AGREED that the exclusion of the press and public be lifted."))
    assert got == [("resolution", "the item be considered as confidential."),
                   ("resolution", "the exclusion of the press and public be lifted.")]


def test_a_paper_that_records_a_resolution_reads_its_reported_decisions_whatever_its_type():
    blocks = (para("The Cabinet welcomed the new strategy. It was agreed that all Members had a role to "
                   "play as corporate parents and steps should be taken to involve all councillors."),
              para("Resolved – That the Corporate Parenting Strategy be approved."))
    got = extracted(*blocks, doc_type="strategy")
    assert ("resolution", "the Corporate Parenting Strategy be approved.") in got
    assert any(t.startswith("It was agreed that all Members") for _, t in got)
    # the same sentence in a strategy that records no meeting narrates how it was written
    assert extracted(blocks[0], doc_type="strategy") == []


def test_a_step_with_its_time_is_a_commitment_and_a_forecast_is_not():
    got = extracted(para("Recruitment is an issue nationally. Over the next few weeks, the service will be "
                         "launching a micro-site aimed at attracting social workers. The number of children "
                         "in care will rise over the next year."), doc_type="other")
    assert got == [("commitment", "Over the next few weeks, the service will be launching a micro-site "
                                  "aimed at attracting social workers.")]


def test_a_decisions_label_over_numbered_minutes_is_the_resolution_they_end_with():
    got = extracted(para("Decisions:", "heading"),
                    para("17.1 The Committee considered a report by the Director on the Panel's terms of reference."),
                    para("17.2 A query was raised about the quorum and it was noted that the wording would be adjusted."),
                    para("17.4 Resolved – That the revised terms of reference be endorsed for recommendation to the "
                         "County Council."),
                    para("Publication date: 07/10/2021"), doc_type="other")
    assert got == [("resolution", "the revised terms of reference be endorsed for recommendation to the "
                                  "County Council.")]


def test_a_question_put_to_the_meeting_is_not_a_commitment():
    got = extracted(para("The work programme was presented to members to consider whether any additional items "
                         "should be included, and for agreement."))
    assert got == []


def test_another_bodys_dated_decision_recalled_in_the_minutes_is_not_this_meetings():
    got = extracted(para("The Council received the Corporate Parenting Panel Annual Report. The Annual Report "
                         "2019-20 was endorsed by Cabinet on 14 October 2020."),
                    para("The report was noted."))
    assert got == [("resolution", "The report was noted.")]


def test_the_meeting_approving_the_last_minutes_and_endorsing_its_work_programme_decides():
    got = extracted(para("The Committee is asked to approve as a correct record the minutes of the last meeting."),
                    para("(i) The Committee approved the minutes of the last meeting held on 26 March 2018 as a "
                         "correct record.", "list_item"),
                    para("(i) The Committee endorsed the OSC provisional work programme.", "list_item"))
    assert got == [("resolution", "The Committee approved the minutes of the last meeting held on 26 March 2018 "
                                  "as a correct record."),
                   ("resolution", "The Committee endorsed the OSC provisional work programme.")]
