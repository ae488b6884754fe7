"""Resolutions and recommendations on a committee site's saved page, read one line a block.

Such a page sets each resolution or recommendation on a line of its own, often with no full stop
(so a short one reads as a heading), and its field labels ("Decision:", "Minutes:") are blocks of
their own. Every line of the run is one action; the next field ends the run.
"""
from core.model import Block, Document
from extractors import actions
from extractors.read.text import read_text

DISCUSSION = ("The Service Manager presented the report on the work of the adoption service over the "
              "year, the number of adopters approved and the matches made, and answered Members' "
              "questions about the waiting times for children.")


def extracted(*lines: str) -> list[tuple[str, str]]:
    text = "\n".join(["Agenda item", "Adoption Service Report", *lines]) + "\n"
    doc = read_text(text.encode(), "page.txt", "x")
    return [(a.kind, a.text) for a in actions.extract(doc).actions]


def test_each_line_after_resolved_is_one_more_resolution():
    found = extracted("Minutes:", DISCUSSION, "RESOLVED:", "The report was noted.",
                      "The Panel requested that an update on waiting times be brought to its June meeting.",
                      "Officers were asked to share the adopter survey with Members.")
    assert found == [
        ("resolution", "The report was noted."),
        ("resolution", "The Panel requested that an update on waiting times be brought to its June meeting."),
        ("resolution", "Officers were asked to share the adopter survey with Members.")]


def test_a_resolution_without_a_full_stop_is_read_after_its_label():
    found = extracted("Decision:", "That the report be noted", "Minutes:", DISCUSSION)
    assert found == [("decision", "the report be noted")]


def test_to_lines_under_a_decision_label_are_decisions_until_the_next_field():
    found = extracted("Decision:", "To note the adoption report", "To approve the revised Statement of Purpose",
                      "Minutes:", DISCUSSION, "Members noted that waiting times had fallen.")
    assert found == [("decision", "To note the adoption report"),
                     ("decision", "To approve the revised Statement of Purpose")]


def test_a_lead_in_is_the_subject_of_each_capitalised_line_after_it():
    found = extracted("Minutes:", DISCUSSION, "Resolved – that the Board:", "Noted the report;",
                      "Agreed to receive a further report in six months; and",
                      "Thanked the adoption team for their work.")
    assert found == [("resolution", "the Board: Noted the report;"),
                     ("resolution", "the Board: Agreed to receive a further report in six months; and"),
                     ("resolution", "the Board: Thanked the adoption team for their work.")]


def test_a_short_subject_before_lettered_resolutions_is_their_subject():
    found = extracted("Decision:", "RESOLVED that Cabinet", "(a) notes the report",
                      "(b) approves the regional adoption agency's plan", "Minutes:", DISCUSSION)
    assert found == [("resolution", "Cabinet notes the report"),
                     ("resolution", "Cabinet approves the regional adoption agency's plan")]


def test_each_that_line_after_resolved_is_its_own_resolution():
    found = extracted("Minutes:", DISCUSSION, "RESOLVED: That the report be noted.",
                      "That the Director be asked to report back on waiting times in six months.")
    assert [t for k, t in found if k == "resolution"][:2] == [
        "the report be noted.",
        "the Director be asked to report back on waiting times in six months."]


def test_discussion_after_the_resolutions_ends_the_run():
    found = extracted("RESOLVED:", "That the report be noted.", DISCUSSION)
    assert found == [("resolution", "the report be noted.")]


def test_recommendation_lines_under_a_lead_in_are_one_recommendation_each():
    found = extracted("Recommendations:", "The Committee is asked to:", "Note the adoption report",
                      "Approve the Statement of Purpose", "Minutes:", DISCUSSION)
    assert found == [
        ("recommendation", "The Committee is asked to: Note the adoption report"),
        ("recommendation", "The Committee is asked to: Approve the Statement of Purpose")]


def test_numbered_and_that_recommendations_without_full_stops_are_items_not_headings():
    assert extracted("Recommendations", "1. Note the adoption report", "2. Approve the recruitment plan",
                     "Minutes:", DISCUSSION) == [("recommendation", "Note the adoption report"),
                                                 ("recommendation", "Approve the recruitment plan")]
    assert extracted("Recommendations", "That Cabinet notes the report", "That Cabinet approves the plan",
                     "Minutes:", DISCUSSION) == [("recommendation", "That Cabinet notes the report"),
                                                 ("recommendation", "That Cabinet approves the plan")]


def test_a_heading_that_is_not_an_item_ends_the_recommendations():
    found = extracted("Recommendations", "That Cabinet notes the report", "Support for adopters",
                      "Approve the plan", "Minutes:", DISCUSSION)
    assert found == [("recommendation", "That Cabinet notes the report")]


def test_a_short_decision_or_commitment_line_without_a_full_stop_is_still_a_sentence():
    found = extracted("Minutes:", DISCUSSION,
                      "The Board agreed that an update on adopter recruitment be brought back in May",
                      "A briefing on the regional agency would be circulated to Members")
    assert found == [
        ("resolution", "The Board agreed that an update on adopter recruitment be brought back in May"),
        ("commitment", "A briefing on the regional agency would be circulated to Members")]


def test_numbered_that_lines_without_full_stops_are_resolutions():
    found = extracted("Minutes:", DISCUSSION, "1. That the report be noted",
                      "2. That officers circulate the adopter survey results")
    assert found == [("resolution", "That the report be noted"),
                     ("resolution", "That officers circulate the adopter survey results")]


def test_agreed_and_decisions_labels_open_resolutions_as_resolved_does():
    assert extracted("Minutes:", DISCUSSION, "AGREED:", "That the adoption report be noted.") == [
        ("resolution", "the adoption report be noted.")]
    assert extracted("Decisions:", "To approve the adoption service's Statement of Purpose",
                     "Minutes:", DISCUSSION) == [
        ("decision", "To approve the adoption service's Statement of Purpose")]


def test_numbered_resolutions_on_one_line_are_one_action_each():
    found = extracted("Minutes:", DISCUSSION, "RESOLVED: (1) That the report be noted; (2) That the Head of "
                      "Adoption report back in six months; and (3) That Members visit the regional agency.")
    assert found == [("resolution", "the report be noted;"),
                     ("resolution", "the Head of Adoption report back in six months; and"),
                     ("resolution", "Members visit the regional agency.")]


def test_lettered_resolutions_on_one_line_keep_their_lead_in_as_subject():
    found = extracted("Minutes:", DISCUSSION, "RESOLVED that the Panel: (a) notes the report; (b) agrees the plan.")
    assert found == [("resolution", "the Panel: notes the report;"), ("resolution", "the Panel: agrees the plan.")]


def test_the_next_items_discussion_after_a_resolution_is_not_a_resolution():
    found = extracted("RESOLVED:", "That the adoption report be noted.",
                      "The Committee considered the annual report of the virtual school.", DISCUSSION)
    assert found == [("resolution", "the adoption report be noted.")]


def test_a_welsh_resolution_next_to_its_english_one_is_its_translation():
    welsh_first = extracted("Minutes:", DISCUSSION, "PENDERFYNWYD:", "Nodi'r adroddiad.",
                            "RESOLVED:", "To note the report.")
    english_first = extracted("Minutes:", DISCUSSION, "RESOLVED:", "To note the report.",
                              "PENDERFYNWYD:", "Nodi'r adroddiad.")
    assert welsh_first == english_first == [("resolution", "To note the report.")]
    assert extracted("Minutes:", DISCUSSION, "PENDERFYNWYD:", "Nodi'r adroddiad.") == [
        ("resolution", "Nodi'r adroddiad.")]


def test_a_mark_on_a_line_of_its_own_numbers_the_line_after_it():
    def blocks(*lines: str) -> list[tuple[str, str]]:
        doc = Document(source_path="x", sha256="x", format="text", blocks=[
            Block(kind="heading" if len(t) < 20 else "paragraph", page=1, text=t) for t in lines])
        return [(a.kind, a.text) for a in actions.extract(doc).actions]
    assert blocks("RESOLVED:", "(a)", "That the report be noted.", "(b)",
                  "That the Panel visit the assessment centre.") == [
        ("resolution", "the report be noted."), ("resolution", "the Panel visit the assessment centre.")]
    assert blocks("Recommendations", "a)", "Note the adoption report.", "b)",
                  "Approve the recruitment plan.") == [
        ("recommendation", "Note the adoption report."), ("recommendation", "Approve the recruitment plan.")]


def test_recommended_to_council_opens_recommendations_as_resolved_does():
    found = extracted("Minutes:", DISCUSSION, "RECOMMENDED to Council that:",
                      "(1) the revised adoption allowances be approved; and",
                      "(2) the Director be authorised to set the rates each April.")
    assert found == [("recommendation", "the revised adoption allowances be approved; and"),
                     ("recommendation", "the Director be authorised to set the rates each April.")]
