"""Counts an inspection report states in the present tense outside its template section
(core/lexicon/inspection.toml, the now_ forms; extractors/inspection_facts.py): as at the day the
report speaks as at. Sentences written for a made-up council, in wordings Ofsted used."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest

from core.model import Document
from extractors import inspection_facts
from extractors.inspection_facts import present_tense_figures
from extractors.read.text import read_text
from extractors.understand.structure import annotate

HEAD = """Torbay Council

Inspection of services for children in need of help and protection, children looked after and care leavers

Inspection date: 9 March 2015 to 1 April 2015

Report published: 24 June 2015

Children's services in Torbay are inadequate.

"""
NOW = date(2015, 6, 24)


def understand(text: str) -> Document:
    data = text.encode()
    return annotate(read_text(data, "report.txt", hashlib.sha256(data).hexdigest()))


def read(paragraph: str) -> list[tuple[str, float]]:
    return [(f.metric, f.value) for f, _ in present_tense_figures(paragraph, NOW)]


@pytest.mark.parametrize("paragraph, value", [
    ("There are 11 young people in Staying Put arrangements.", 11),
    ("The number of care leavers staying with foster carers has increased, with 20 young people "
     "currently staying put, compared to only eight in the previous year.", 20),
    ("In addition, 24 are benefiting from ‘staying put’ arrangements.", 24),
    ("There are 15 care leavers continuing to live with their carers under staying put arrangements.", 15),
    ("Young people can now stay with their carers after 18. ‘Staying put’ arrangements have "
     "increased. Currently, 25 young people have chosen to stay with their existing foster carers.", 25),
])
def test_a_present_tense_staying_put_count_is_read(paragraph, value):
    assert read(paragraph) == [("staying_put_count", value)]


@pytest.mark.parametrize("paragraph, value", [
    ("The service shows commitment to post-permanence support, with 76 families currently receiving "
     "adoption support.", 76),
    ("Currently, there are 32 families, involving 37 children, who are receiving some form of "
     "adoption support.", 32),
    ("Post-adoption support is good. 19 families were receiving support at the time of the "
     "inspection.", 19),
    ("At the time of the inspection, the council was supporting 40 adoptive families.", 40),
    ("Seventy-one adoptive households receive financial support.", 71),
])
def test_a_present_tense_count_of_families_supported_after_adoption_is_read(paragraph, value):
    assert read(paragraph) == [("adoption_support_families", value)]


@pytest.mark.parametrize("paragraph", [
    # a past year or month, or no present tense
    "In 2014, 12 young people were in staying put arrangements.",
    "Staying put: 12 young people stayed with their foster carers last year.",
    "Since April 2014, 22 families have received adoption support.",
    # the paragraph is not about staying put: young people living with carers are not its count
    "Currently, 25 young people have chosen to stay with their existing foster carers.",
    # a part of the children looked after, not the total
    "There are currently 30 looked after children placed with parents.",
    "There are currently 30 looked after children who are placed out of the area.",
])
def test_past_counts_parts_and_other_topics_are_not_read(paragraph):
    assert read(paragraph) == []


def test_the_total_looked_after_now_is_read_up_to_the_council_name():
    assert read("There are currently 482 looked after children in Torbay and this figure has "
                "remained fairly static, dropping slightly from 515 in December 2013.") == [("cla_count", 482)]


def test_an_inspection_reports_present_tense_counts_are_as_at_its_publication():
    doc = understand(HEAD + "Care leavers\n\nThere are 11 young people in Staying Put arrangements.\n")
    obs = inspection_facts.extract(doc).observations
    assert [(o.metric, o.value, o.period_type, o.period_start, o.period_end) for o in obs] == [
        ("staying_put_count", 11, "as_at", NOW, NOW)]


def test_another_paper_or_a_report_that_does_not_say_when_it_was_published_gives_none():
    text = "Care leavers\n\nThere are 11 young people in Staying Put arrangements.\n"
    assert inspection_facts.extract(understand("Torbay Council\n\nCorporate parenting board\n\n" + text)).observations == []
    # the inspection's dates alone: 'currently' may be its weeks or the publication's day
    unpublished = HEAD.replace("Report published: 24 June 2015\n\n", "")
    assert inspection_facts.extract(understand(unpublished + text)).observations == []


def test_a_publication_date_written_in_figures_is_the_reports_day():
    doc = understand(HEAD.replace("Report published: 24 June 2015", "Report published: 25/11/2016")
                     + "Care leavers\n\nThere are 11 young people in Staying Put arrangements.\n")
    obs = inspection_facts.extract(doc).observations
    assert doc.period_end == date(2016, 11, 25)
    assert [(o.metric, o.value, o.period_end) for o in obs] == [("staying_put_count", 11, date(2016, 11, 25))]
