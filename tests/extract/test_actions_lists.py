"""Recommendation lists under a heading: one action per item, whatever the item's marker."""
from core.model import Block, Document
from extractors import actions
from extractors.action_lists import item_mark


def recommendations(blocks):
    doc = Document(source_path="x", sha256="x", format="pdf", blocks=blocks)
    return [a for a in actions.extract(doc).actions if a.kind == "recommendation"]


def test_bulleted_improvement_list_gives_one_recommendation_per_bullet():
    recs = recommendations([
        Block(kind="heading", text="What needs to improve?", page=2),
        Block(kind="paragraph", text="◼ The effectiveness of the response to domestic abuse.", page=2),
        Block(kind="paragraph", text="◼ Consistency of written plans.", page=2),
        Block(kind="heading", text="The experiences and progress of children: good", page=2),
        Block(kind="list_item", text="1. Since the last inspection, leaders have acted.", page=2)])
    assert [a.text for a in recs] == ["The effectiveness of the response to domestic abuse.",
                                      "Consistency of written plans."]


def test_three_digit_paragraph_numbers_and_sub_bullets_stay_with_their_item():
    recs = recommendations([
        Block(kind="heading", text="Recommendations", page=8),
        Block(kind="list_item", text="1. Improve the arrangements for missing children by:", page=8),
        Block(kind="paragraph", text="\uf02d improving information sharing", page=8),
        Block(kind="paragraph", text="\uf02d ensuring risk assessments are good", page=8),
        Block(kind="paragraph", text="147. Monitor partner agencies' contribution to early help.", page=9),
        Block(kind="paragraph", text="148. Ensure that high quality performance data is", page=9),
        Block(kind="paragraph", text="available to the Board.", page=10),
        Block(kind="heading", text="Inspection findings – the Local Safeguarding Children Board", page=10),
        Block(kind="paragraph", text="149. The board has made progress.", page=10)])
    assert [a.ref for a in recs] == ["1", "147", "148"]
    assert "ensuring risk assessments are good" in recs[0].text
    assert recs[2].text == "Ensure that high quality performance data is available to the Board."
    assert recs[2].page == 9


def test_a_lead_in_with_a_colon_is_the_subject_of_each_item_not_an_item():
    recs = recommendations([
        Block(kind="heading", text="Recommendation(s):", page=1),
        Block(kind="paragraph", text="Overview and Scrutiny Committee are asked to:", page=1),
        Block(kind="list_item", text="- (1) Comment on the draft strategic vision", page=1),
        Block(kind="list_item", text="- (2) Note the consultation", page=1),
        Block(kind="heading", text="Reasons for the Recommendation(s):", page=1)])
    lead = "Overview and Scrutiny Committee are asked to:"
    assert [(a.ref, a.text) for a in recs] == [("1", f"{lead} Comment on the draft strategic vision"),
                                               ("2", f"{lead} Note the consultation")]


def test_a_lead_in_set_as_a_heading_still_leads_the_list():
    recs = recommendations([
        Block(kind="heading", text="Recommendations", page=1),
        Block(kind="heading", text="That Cabinet:-", page=1),
        Block(kind="list_item", text="1. Endorse the Fostering Plan 2023-2028.", page=1),
        Block(kind="list_item", text="2. Endorse the Working Group's recommendations.", page=1),
        Block(kind="heading", text="List of Appendices", page=1)])
    assert [a.text for a in recs] == ["That Cabinet:- Endorse the Fostering Plan 2023-2028.",
                                      "That Cabinet:- Endorse the Working Group's recommendations."]


def test_a_contents_page_entry_is_not_a_recommendation():
    recs = recommendations([
        Block(kind="paragraph", text="Recommendations", page=4),
        Block(kind="paragraph", text="Summary for children and young people", page=4),
        Block(kind="paragraph", text="Leadership, management and governance", page=4),
        Block(kind="heading", text="Information about this inspection", page=4)])
    assert recs == []


def test_a_numbered_section_heading_ends_the_list():
    recs = recommendations([
        Block(kind="paragraph", text="2. Recommendations", page=1),
        Block(kind="paragraph", text="2.1 That Cabinet notes the annual report.", page=1),
        Block(kind="paragraph", text="3. Background", page=1),
        Block(kind="paragraph", text="3.1 The service has grown this year.", page=1)])
    assert [a.text for a in recs] == ["That Cabinet notes the annual report."]


def test_item_marks():
    assert item_mark("R1. Explore ways of sustaining") == ("num", "R1", "Explore ways of sustaining")
    assert item_mark("(ii) Note the report")[:2] == ("roman", "ii")
    assert item_mark("- b) A fit and proper persons test")[:2] == ("letter", "b")
    assert item_mark("The report")[0] is None


def test_capitalised_recommendations_on_a_cover_sheet_read_as_one_paragraph():
    recs = recommendations([Block(kind="paragraph", page=1, text=(
        "REPORT OF THE LEAD MEMBER TITLE : Response to the Scrutiny Commission RECOMMENDATIONS : "
        "That the attached response is adopted by Cabinet EXECUTIVE SUMMARY : The Commission "
        "was established in 2004."))])
    assert [a.text for a in recs] == ["That the attached response is adopted by Cabinet"]


def test_numbered_recommendations_inside_a_joined_response_table_are_read():
    recs = recommendations([Block(kind="paragraph", page=1, text=(
        "DETAILS: the response to the review panel, item by item. Recommendation Response Action "
        "The Council and its partners should: Placements "
        "R1. Review the use of residential placements for children under twelve. Accepted "
        "The service has begun a review. R2. Develop a kinship carers' support group. "
        "Accepted in part R3 relates to 2019 figures."))])
    assert [(a.ref, a.text) for a in recs] == [
        ("R1", "Review the use of residential placements for children under twelve."),
        ("R2", "Develop a kinship carers' support group.")]


def test_a_dotted_section_number_after_priorities_is_not_a_priority():
    doc = Document(source_path="x", sha256="x", format="pdf", blocks=[
        Block(kind="paragraph", page=1, text="The partnership's priorities for 2024 are:"),
        Block(kind="list_item", page=1, text="1. Reduce the number of placement moves."),
        Block(kind="paragraph", page=1, text="4.12 Virtual school"),
        Block(kind="paragraph", page=1, text="The virtual school supports children in care.")])
    found = [a.text for a in actions.extract(doc).actions if a.kind == "priority"]
    assert found == ["Reduce the number of placement moves."]
