"""A committee page's agenda description of an item is what the agenda proposed, not an action.

A saved 'agenda and minutes' page sets each item out as its title, the agenda's description ('To note
the latest Forward Plan. Any further changes will be reported to the committee.') and then the labels
of what the meeting did ('Decision:', 'Minutes:'). Only the text after the labels records decisions
and undertakings.
"""
from extractors import actions
from extractors.read.text import read_text


def page(*lines: str) -> list[tuple[str, str]]:
    doc = read_text(("\n\n".join(lines) + "\n").encode(), "page.txt", "x")
    return [(a.kind, a.text) for a in actions.extract(doc).actions]


def test_the_agendas_description_before_minutes_is_not_a_commitment_or_a_decision():
    got = page("Agenda and draft minutes", "23.", "MINUTES pdf icon PDF 290 KB",
               "The minutes of the Committee held on 7 July 2022 to be agreed as a true record and signed by the Chair.",
               "Minutes:",
               "RESOLVED that the minutes of the Committee held on 7 July 2022 be agreed as a true record.",
               "24.", "FORWARD PLAN pdf icon PDF 229 KB",
               "To note the latest Forward Plan. Any further changes made to the Forward Plan will be reported to the committee.",
               "Minutes:", "RESOLVED that the information be noted.")
    assert got == [("resolution", "the minutes of the Committee held on 7 July 2022 be agreed as a true record."),
                   ("resolution", "the information be noted.")]


def test_a_decision_set_out_before_the_minutes_label_is_still_read():
    got = page("Agenda item", "Review of Fostering Allowances", "Report of the Executive Director.",
               "Decision:", "The Committee agreed to increase fostering allowances as in Option 2 of the report.",
               "Minutes:", "The Head of Service introduced the report. A review of allowances would be brought back in a year.")
    assert ("decision", "The Committee agreed to increase fostering allowances as in Option 2 of the report.") in got
    assert ("commitment", "A review of allowances would be brought back in a year.") in got


def test_a_passive_decision_on_a_committee_page_counts_whatever_the_page_was_typed():
    got = page("Agenda item", "Corporate Parenting Strategy 2024-27",
               "The Lead Member introduced the strategy, written with young people.",
               "The revised terms of reference were approved.")
    assert got == [("resolution", "The revised terms of reference were approved.")]
