"""Commitments worded in reported speech, and priority lists under a priority heading."""
from core.model import Block, Document
from extractors import actions


def extracted(*blocks, doc_type="other"):
    doc = Document(source_path="x", sha256="x", format="text", blocks=list(blocks),
                   doc_type=doc_type)
    return [(a.kind, a.text) for a in actions.extract(doc).actions]


def test_a_future_step_in_reported_speech_is_a_commitment():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "Members asked about placements out of county. A report on this would be presented to "
        "cabinet in due course. A guidance pack was to be produced for carers.")))
    assert found == [("commitment", "A report on this would be presented to cabinet in due course."),
                     ("commitment", "A guidance pack was to be produced for carers.")]


def test_an_inspector_describing_the_councils_plans_is_not_a_commitment():
    block = Block(kind="paragraph", page=3, text="A new management information system is due to "
                  "be implemented to assist with analysis.")
    assert extracted(block, doc_type="inspection_report") == []
    assert extracted(block) == [("commitment", block.text)]


def test_should_counts_in_minutes_only_and_questions_never():
    block = Block(kind="paragraph", page=1, text="All staff should attend the Total Respect "
                  "training. What could be done to reduce the risk?")
    assert extracted(block, doc_type="minutes") == [
        ("commitment", "All staff should attend the Total Respect training.")]
    assert extracted(block, doc_type="strategy") == []


def test_priority_heading_keeps_the_imperative_items_only():
    found = extracted(
        Block(kind="heading", page=1, text="Key issues for commissioners"),
        Block(kind="list_item", page=1, text="• Promote the mental wellbeing of children."),
        Block(kind="list_item", page=1, text="• Evidence that LAC have poorer health outcomes."),
        Block(kind="list_item", page=1, text="• Improve the quality of support to care leavers."),
        Block(kind="heading", page=2, text="Who is at risk and why?"))
    assert found == [("priority", "Promote the mental wellbeing of children."),
                     ("priority", "Improve the quality of support to care leavers.")]


def test_a_sentence_introducing_the_recommendations_opens_the_list():
    found = extracted(
        Block(kind="paragraph", page=19, text="The five key recommendations are:"),
        Block(kind="list_item", page=19, text="1. Effective investment in psychological support"),
        Block(kind="list_item", page=19, text="2. Improve LAC data quality"),
        Block(kind="paragraph", page=20, text="Research suggests that the following recommendations "
              "can create better outcomes for LAC:"),
        Block(kind="list_item", page=20, text="• Establishing standardised drug education."))
    assert found == [("recommendation", "Effective investment in psychological support"),
                     ("recommendation", "Improve LAC data quality")]


def test_a_commitment_in_the_same_paragraph_as_a_decision_is_still_read():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "Having considered the report, cabinet noted the report and supported the service. "
        "Members heard that a new marketing campaign would be launched in the new year.")))
    assert [k for k, _ in found] == ["resolution", "commitment"]


def test_a_that_paragraph_in_minutes_is_a_resolution_and_procedure_is_not_a_commitment():
    found = extracted(
        Block(kind="paragraph", page=1, text="That Councillor Middleton provide a written response "
              "to the public question."),
        Block(kind="paragraph", page=1, text="The Chair reminded Members that if they had an "
              "interest to declare in any items, they should do so."),
        Block(kind="paragraph", page=1, text="That said, the service has grown."),
        doc_type="minutes")
    assert found == [("resolution", "That Councillor Middleton provide a written response to the "
                                    "public question.")]


def test_a_commitment_after_resolved_in_the_same_joined_paragraph_is_read_once():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "He stated that the details could be brought to the next meeting. RESOLVED: (1) That "
        "the Committee supported the progress made.")), doc_type="minutes")
    assert found == [("resolution", "the Committee supported the progress made."),
                     ("commitment", "He stated that the details could be brought to the next meeting.")]


def test_a_duty_is_a_commitment_only_with_its_date():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "The Council was required to submit an improvement plan to Ofsted by 15th July. "
        "The Council was required to produce annual reports on corporate parenting.")))
    assert found == [("commitment", "The Council was required to submit an improvement plan to "
                                    "Ofsted by 15th July.")]


def test_a_suggestion_recorded_in_minutes_is_a_commitment():
    block = Block(kind="paragraph", page=1, text="It was suggested that it could be timely to "
                  "review the Care Pledge.")
    assert extracted(block, doc_type="minutes") == [("commitment", block.text)]
    assert extracted(block, doc_type="strategy") == []


def test_a_dated_future_step_and_work_under_way_are_commitments():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "Yates Close will convert to a 2 bed supported accommodation provision in August 2020. "
        "A new Access to Resources panel is currently being trialled. "
        "Children will be supported by their social workers.")))
    assert [t for _, t in found] == [
        "Yates Close will convert to a 2 bed supported accommodation provision in August 2020.",
        "A new Access to Resources panel is currently being trialled."]


def test_bullets_under_our_key_targets_are_priorities_but_an_indicator_list_is_not():
    found = extracted(
        Block(kind="paragraph", page=1, text="There are two key targets which underpin this work:"),
        Block(kind="list_item", page=1, text="- reducing the number of children in care per 10,000"),
        Block(kind="list_item", page=1, text="- (2) reducing placements out of area"),
        Block(kind="paragraph", page=2, text="The national targets are:"),
        Block(kind="list_item", page=2, text="- NI 51 - Effectiveness of CAMHS"))
    assert found == [("priority", "reducing the number of children in care per 10,000"),
                     ("priority", "reducing placements out of area")]


def test_reported_speech_in_a_services_own_report_narrates_its_method():
    narrative = Block(kind="paragraph", page=1, text=(
        "It was agreed that interviews would be held with a sample of foster carers. "
        "Any access needs would be considered when arranging them. "
        "The carer survey will be reviewed in the spring of 2025."))
    assert extracted(narrative, doc_type="strategy") == [
        ("commitment", "The carer survey will be reviewed in the spring of 2025.")]
    assert [k for k, _ in extracted(narrative, doc_type="minutes")] == [
        "resolution", "commitment", "commitment"]


def test_a_national_bodys_step_is_not_the_councils_commitment():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "A kinship support scheme is currently being piloted nationally by the department. "
        "The Department for Education guidance is due to be revised next year. "
        "A carers' forum is currently being established by the fostering team.")))
    assert found == [("commitment", "A carers' forum is currently being established by the fostering team.")]


def test_an_event_to_be_held_at_a_stated_time_is_a_commitment():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "She mentioned a training day for panel members to be held the following month. "
        "There were currently 40 approved carers.")), doc_type="minutes")
    assert found == [("commitment", "She mentioned a training day for panel members to be held the "
                                    "following month.")]


def test_attending_previously_is_not_recalling_an_earlier_decision():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "It was suggested that the same councillors should visit each time so that they can see "
        "the young people who attended previously.")), doc_type="minutes")
    assert [k for k, _ in found] == ["commitment"]


def test_work_in_progress_and_continuing_work_are_commitments_in_any_paper():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "The review of short breaks is currently in progress. "
        "We are in the process of registering the new children's home with Ofsted. "
        "We continue to support families so that children can stay at home. "
        "We continue to see high numbers of referrals.")), doc_type="annual_report")
    assert [t for _, t in found] == [
        "The review of short breaks is currently in progress.",
        "We are in the process of registering the new children's home with Ofsted.",
        "We continue to support families so that children can stay at home."]


def test_a_focus_and_a_need_recorded_in_minutes_are_commitments():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "He said there would be a focus on recruiting carers for sibling groups. "
        "The Council needed to ensure that referrals were made in good time. "
        "The discussion focused on the budget.")), doc_type="minutes")
    assert [t for _, t in found] == [
        "He said there would be a focus on recruiting carers for sibling groups.",
        "The Council needed to ensure that referrals were made in good time."]


def test_each_item_of_a_lettered_list_joined_into_a_paragraph_is_a_sentence():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "The Cabinet Member introduced the item: a) The report set out the pressures on placements; "
        "b) The edge of care programme was focusing on supporting families to stay together, and had "
        "worked with 40 families in the year, with a further 20 referrals expected over the coming "
        "months, many of them from the early help teams and the schools in the east of the city, "
        "where demand had grown fastest, and where the service had seen the largest rise in "
        "referrals from health visitors, GPs and the police over the last three years; c) There were "
        "300 children in care.")), doc_type="minutes")
    assert [t[:60] for _, t in found] == ["b) The edge of care programme was focusing on supporting fam"]


def test_what_someone_in_the_meeting_undertook_is_a_commitment():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "The Head of Fostering said she would circulate the recruitment figures after the meeting. "
        "The Director undertook to raise the matter with health colleagues. "
        "It was requested that the Board receive the audit findings in the autumn. "
        "A breakdown by age to be circulated to Members. "
        "She said the service would welcome more applicants.")), doc_type="minutes")
    assert [t[:40] for _, t in found] == [
        "The Head of Fostering said she would cir",
        "The Director undertook to raise the matt",
        "It was requested that the Board receive ",
        "A breakdown by age to be circulated to M"]


def test_a_committee_site_page_reports_the_meetings_speech_whatever_its_type():
    page = [Block(kind="heading", page=1, text="Agenda item"),
            Block(kind="heading", page=1, text="Fostering Strategy 2024-27"),
            Block(kind="paragraph", page=1, text=(
                "The Head of Service said a carers' survey would be circulated to the Panel in May."))]
    assert [k for k, _ in extracted(*page, doc_type="strategy")] == ["commitment"]
    assert extracted(*page[1:], doc_type="strategy") == []


def test_a_sentence_may_open_with_a_footnote_mark():
    found = extracted(Block(kind="paragraph", page=1, text=(
        "Placement moves fell over the year. 14 Two new carers are being recruited through the campaign.")))
    assert found == [("commitment", "14 Two new carers are being recruited through the campaign.")]
