"""Resolutions that minutes record without a clean "RESOLVED" block of their own."""
from core.model import Block, Document
from extractors import actions


def extracted(*blocks):
    doc = Document(source_path="x", sha256="x", format="text", blocks=list(blocks))
    return actions.extract(doc).actions


def test_resolved_in_the_middle_of_a_joined_paragraph_opens_resolutions():
    found = extracted(
        Block(kind="paragraph", page=1, text="He introduced the report. He mentioned having written "
              "to Councillors. RESOLVED: (1) That the Committee supported the progress made."),
        Block(kind="list_item", page=1, text="(2) That the Committee approved the Terms of Reference."))
    assert [(a.kind, a.text) for a in found] == [
        ("resolution", "the Committee supported the progress made."),
        ("resolution", "the Committee approved the Terms of Reference.")]


def test_a_decision_heading_takes_its_text_from_the_next_paragraph():
    found = extracted(
        Block(kind="heading", page=1, text="Decision:"),
        Block(kind="paragraph", page=1, text="To accept and note the information in the report."),
        Block(kind="heading", page=1, text="Minutes:"))
    assert [(a.kind, a.text) for a in found] == [
        ("decision", "To accept and note the information in the report.")]


def test_a_lead_in_is_the_subject_of_numbered_resolutions_set_as_headings():
    found = extracted(
        Block(kind="paragraph", page=1, text="RESOLVED that the Cabinet Member for Children:-"),
        Block(kind="heading", page=1, text="1. Approves the Fostering Service Annual Report"),
        Block(kind="heading", page=1, text="2. Approves the updated Statement of Purpose"))
    assert [a.text for a in found] == [
        "the Cabinet Member for Children:- Approves the Fostering Service Annual Report",
        "the Cabinet Member for Children:- Approves the updated Statement of Purpose"]


def test_approving_the_last_minutes_is_a_resolution():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "The minutes of the meeting held on 5 December 2016 were agreed to be an accurate record "
        "and signed. There were no matters arising.")))
    assert [(a.kind, a.text) for a in found] == [
        ("resolution", "The minutes of the meeting held on 5 December 2016 were agreed to be an "
                       "accurate record and signed.")]


def test_the_meeting_deciding_in_a_sentence_is_a_resolution_but_an_earlier_decision_is_not():
    found = extracted(
        Block(kind="paragraph", page=1, text="Members discussed the plan. It was agreed that the "
              "following amendments be made to minute 41:"),
        Block(kind="list_item", page=1, text="· Bullet point 2 be amended to say 101 children."),
        Block(kind="paragraph", page=1, text="At the last meeting the Committee agreed to include "
              "the item in its work programme."),
        Block(kind="paragraph", page=1, text="Having considered all of the information, cabinet "
              "noted the report and endorsed the plan."))
    assert [a.text for a in found] == [
        "It was agreed that the following amendments be made to minute 41: · Bullet point 2 be "
        "amended to say 101 children.",
        "Having considered all of the information, cabinet noted the report and endorsed the plan."]


def test_lettered_that_items_are_resolutions_but_a_list_of_conditions_is_not():
    found = extracted(
        Block(kind="list_item", page=1, text="(a) That the proposed actions be endorsed;"),
        Block(kind="list_item", page=1, text="(i) That the information was noted."),
        Block(kind="list_item", page=1, text="(b) That they possess an accredited qualification;"))
    assert [(a.ref, a.text) for a in found] == [("a", "That the proposed actions be endorsed;"),
                                                ("i", "That the information was noted.")]


def test_minutes_discussion_is_not_a_resolution():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "Members noted that the number of foster carers had risen. The Committee asked whether "
        "the service would recruit more carers next year.")))
    assert found == []


def test_a_decision_label_followed_by_resolved_is_not_an_empty_decision():
    found = extracted(
        Block(kind="paragraph", page=1, text="Decision:"),
        Block(kind="paragraph", page=1, text="RESOLVED: That Cabinet supported the work of the service."))
    assert found and all(a.text for a in found)
    assert [a.text for a in found if a.kind == "resolution"] == [
        "Cabinet supported the work of the service."]


def test_an_action_point_is_a_commitment_with_its_owner_and_date():
    found = extracted(
        Block(kind="paragraph", page=1, text=(
            "The Board discussed respite for carers. ACTION: Fostering Manager to share the respite "
            "guidance with the Board by 14 March 2025. The Chair thanked officers.")),
        Block(kind="paragraph", page=1, text="Action: SP to book a visit to the assessment centre"),
        Block(kind="paragraph", page=1, text="Action: none"),
        Block(kind="paragraph", page=1, text="Actions taken since the inspection were described."))
    assert [(a.kind, a.owner, str(a.due_date), a.text) for a in found] == [
        ("commitment", "Fostering Manager", "2025-03-14",
         "Fostering Manager to share the respite guidance with the Board by 14 March 2025."),
        ("commitment", "SP", "None", "SP to book a visit to the assessment centre")]


def test_a_paper_agreed_in_the_passive_is_a_decision_only_in_a_meetings_record():
    said = Block(kind="paragraph", page=1, text=(
        "The recommendations set out in the report were agreed. The Panel noted the presentation "
        "on adopter recruitment."))
    in_minutes = Document(source_path="x", sha256="x", format="text", blocks=[said], doc_type="minutes")
    assert [a.text for a in actions.extract(in_minutes).actions] == [
        "The recommendations set out in the report were agreed.",
        "The Panel noted the presentation on adopter recruitment."]
    in_report = Document(source_path="x", sha256="x", format="text", doc_type="committee_report",
                         blocks=[Block(kind="paragraph", page=1, text=(
                             "The strategy was approved by Cabinet in 2019. A new strategy is being developed."))])
    assert [a.kind for a in actions.extract(in_report).actions] == ["commitment"]
