"""Saved committee-site pages (ModernGov mgAi / ieIssueDetails / "Agenda and minutes" pages):
read line by line into their fields, and typed as the minutes they record."""
from __future__ import annotations

from extractors.read.text import lines_are_paragraphs, read_text, text_to_blocks
from extractors.understand.classify import text_to_doc_type
from extractors.understand.structure import annotate

LONG = ("The Head of Fostering presented the report, which set out the work of the service over the "
        "year and the number of households approved, and answered questions from the members present.")

ISSUE_PAGE = (
    "Issue - meetings\n"
    "Fostering Annual Report\n"
    "Meeting: 12/03/2019 - Corporate Parenting Panel (Item 7)\n"
    "7 Fostering Annual Report PDF 300 KB\n"
    "Lead member: Cabinet Member for Children\n"
    "Contact: A Clerk, Democratic Services\n"
    "Decision:\n"
    "That the annual report be noted.\n"
    "Minutes:\n"
    f"{LONG}\n"
    "Members asked about recruitment. The officer said a campaign would run in the spring.\n"
    "RESOLVED:\n"
    "(1) That the annual report be noted.\n"
    "(2) That a progress report be brought to the next meeting.\n")


def _texts(text: str) -> list[str]:
    return [b.text for b in text_to_blocks(text)]


def test_a_saved_page_without_blank_lines_is_read_one_paragraph_a_line():
    assert lines_are_paragraphs(ISSUE_PAGE)
    texts = _texts(ISSUE_PAGE)
    assert "Decision:" in texts and "Minutes:" in texts and "RESOLVED:" in texts
    assert "That the annual report be noted." in texts
    assert LONG in texts
    assert "Lead member: Cabinet Member for Children" in texts
    assert "(2) That a progress report be brought to the next meeting." in texts


def test_a_line_starting_in_lower_case_continues_the_one_before():
    page = ISSUE_PAGE.replace("Members asked about recruitment.",
                              "Members asked about recruitment\nof carers in the county.")
    assert "Members asked about recruitment of carers in the county. The officer said a campaign " \
           "would run in the spring." in _texts(page)


def test_a_text_wrapped_at_the_page_width_keeps_its_paragraphs():
    text = ("The service approved 12 new fostering households during the year\n"
            "and 3 households resigned. Recruitment remains a priority for\n"
            "the service.\n")
    assert not lines_are_paragraphs(text)
    assert len(text_to_blocks(text)) == 1


def test_a_field_label_starts_a_block_in_a_paragraphed_text_too():
    text = f"Fostering report\n\n{LONG}\nDecision: That the report be noted.\n\nAfter.\n"
    assert "Decision: That the report be noted." in _texts(text)


def test_list_markers_start_blocks_in_a_saved_page():
    page = f"Agenda item\n{LONG}\nRESOLVED –\n(a) That the report be noted.\n(b) That the plan be approved.\n"
    texts = _texts(page)
    assert "(a) That the report be noted." in texts and "(b) That the plan be approved." in texts


def test_a_saved_issue_page_with_minutes_is_typed_minutes():
    doc = annotate(read_text(ISSUE_PAGE.encode(), "issue.txt", "x"))
    assert doc.doc_type == "minutes"


def test_a_meetings_agenda_and_minutes_page_is_minutes_not_a_pack():
    head = ("Agenda and minutes\nCorporate Parenting Board - Monday, 9th October, 2017 4.30 pm\n"
            "Venue: Council Chamber, Civic Centre\nContact: A Clerk\nNo. Item\n"
            "Apologies for Absence\nApologies were received from Cllr A.\n"
            "Minutes pdf icon PDF 100 KB\nThe minutes of the meeting held on 4 September 2017 were agreed.\n")
    assert text_to_doc_type(head, "") == "minutes"


def test_an_agenda_item_page_recording_discussion_is_minutes():
    head = ("Agenda item\nFostering Team Annual Report 2017-18\n"
            "To consider the 2017-18 Annual Report for the Fostering Team.\n"
            "The Panel considered a report of the Director of Children's Services.\n")
    assert text_to_doc_type(head, "") == "minutes"


def test_a_printed_agenda_pack_stays_a_pack():
    head = ("Public Document Pack\nAGENDA\nCorporate Parenting Board\nVenue: Town Hall\n"
            "1. Apologies for absence\n2. Minutes of the last meeting (Pages 1 - 6)\n"
            "3. Fostering annual report PDF 300 KB (Pages 7 - 30)\n")
    assert text_to_doc_type(head, "") == "agenda_pack"


def test_a_site_page_without_a_record_of_the_meeting_is_not_minutes():
    head = "Agenda item\nFostering Annual Report\nTo consider the annual report of the fostering service.\n"
    assert text_to_doc_type(head, "") != "minutes"


def test_a_welsh_resolution_is_read_as_one():
    from extractors.actions import extract
    page = ("Agenda item\nAdroddiad Blynyddol Maethu\n"
            f"{LONG}\n"
            "PENDERFYNWYD:\n(1) Nodi'r adroddiad blynyddol.\n(2) Cymeradwyo'r cynllun gweithredu.\n")
    doc = annotate(read_text(page.encode(), "cy.txt", "x"))
    texts = [a.text for a in extract(doc).actions if a.kind == "resolution"]
    assert "Nodi'r adroddiad blynyddol." in texts and "Cymeradwyo'r cynllun gweithredu." in texts


def test_a_field_wrapped_onto_the_next_line_stays_one_block():
    text = "Subject: Fostering annual report for the\nyear 2017/18\nPurpose: To inform the panel.\n"
    assert _texts(text) == ["Subject: Fostering annual report for the year 2017/18",
                            "Purpose: To inform the panel."]


def test_a_line_cut_off_mid_sentence_is_a_paragraph_not_a_heading():
    page = f"Agenda item\n{LONG}\nHaving considered all of the information, cabinet noted the report and\n{LONG}\n"
    block = next(b for b in text_to_blocks(page) if b.text.startswith("Having"))
    assert block.kind == "paragraph"
