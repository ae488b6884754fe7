"""Inspection reports and performance reports as document types, and titles from the paper's own
heading over junk metadata: constructed papers of councils the rules were not tuned on."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest

from core.model import Block, Document
from extractors.read.text import read_text
from extractors.understand import inspection
from extractors.understand.classify import text_to_doc_type
from extractors.understand.structure import annotate
from extractors.understand.titles import is_junk


def understand(text: str, title: str | None = None) -> Document:
    data = text.encode()
    doc = read_text(data, "paper.txt", hashlib.sha256(data).hexdigest())
    if title is not None:
        doc.title = title
    return annotate(doc)


ILACS = """Inspection of Wokingham local authority children's services

Inspection dates: 6 to 17 March 2023

Lead inspector: A Person, His Majesty's Inspector

Judgement | Grade

Overall effectiveness | Good

Children in Wokingham receive good help and protection.

What needs to improve?

The quality of plans for children in care.

The experiences and progress of children in care: good

1. There are 150 children in care. Most live with foster families.

The experiences and progress of care leavers: good

2. Care leavers are well supported.

Ofsted, Piccadilly Gate, Manchester
"""

SIF = """Torbay Council

Inspection of services for children in need of help and protection, children looked after and care leavers

Inspection date: 9 March 2015 to 1 April 2015

Report published: 24 June 2015

Children's services in Torbay are inadequate.

Information about this local authority area

Children looked after in this area

At 31 March 2015, 302 children were being looked after by the local authority.
"""

CIW = """Care Inspectorate Wales

Inspection of Conwy County Borough Council children's services

Inspection dates: 2 to 6 October 2023

Care Inspectorate Wales carried out an inspection of children's services in Conwy.
"""

COMMITTEE_PAPER_ON_AN_INSPECTION = """Ofsted Inspection of Wokingham Children's Services and Improvement Plan

Wokingham's children's services were inspected by Ofsted in March 2023. The judgements on key aspects
of performance are set out in the report. Cabinet approved the improvement plan.
"""

SCORECARD = """Children's Services Performance Scorecard - Quarter 2 2023/24

Stockton-on-Tees Borough Council

Indicator | Target | Q1 | Q2
Children in care | 500 | 512 | 520
"""


def test_ilacs_report_is_an_inspection_report_of_the_inspected_council():
    doc = understand(ILACS)
    assert doc.doc_type == "inspection_report"
    assert (doc.authority, doc.authority_code) == ("Wokingham", "E06000041")
    assert doc.title == "Inspection of Wokingham local authority children's services"


def test_ilacs_report_speaks_as_at_the_end_of_the_inspection_without_a_publication_date():
    doc = understand(ILACS)
    assert doc.period_start == doc.period_end == date(2023, 3, 17)


def test_inspection_report_has_a_children_in_care_segment():
    doc = understand(ILACS)
    cla = [s for s in doc.segments if s.kind == "children_in_care"]
    assert len(cla) == 1
    inside = [doc.blocks[i].text for i in range(cla[0].first_block, cla[0].last_block + 1)]
    assert any("150 children in care" in t for t in inside)
    assert not any("Care leavers are well supported" in t for t in inside)
    figure = next(i for i, b in enumerate(doc.blocks) if "150 children" in b.text)
    assert doc.segment_of(figure).kind == "children_in_care"


def test_inspection_report_has_a_recommendations_segment():
    doc = understand(ILACS)
    improve = [s for s in doc.segments if s.kind == "recommendations"]
    assert [s.title for s in improve] == ["What needs to improve?"]
    inside = [doc.blocks[i].text for i in range(improve[0].first_block, improve[0].last_block + 1)]
    assert any("quality of plans" in t for t in inside)
    assert not any("150 children in care" in t for t in inside)


def test_older_framework_report_speaks_as_at_its_publication():
    doc = understand(SIF)
    assert doc.doc_type == "inspection_report"
    assert doc.authority == "Torbay"
    assert doc.period_start == doc.period_end == date(2015, 6, 24)
    assert doc.title.startswith("Torbay Council: Inspection of services for children in need")
    cla = [s for s in doc.segments if s.kind == "children_in_care"]
    assert [s.title for s in cla] == ["Children looked after in this area"]
    # the day its "at the time of the inspection" figures are as at (extractors/inspection_facts.py)
    assert (cla[0].period_start, cla[0].period_end) == (date(2015, 6, 24), date(2015, 6, 24))


def test_the_templated_area_section_is_told_from_the_narrative_judgement_sections():
    sif = understand(SIF)
    assert [inspection.is_area_section(s) for s in sif.segments if s.kind == "children_in_care"] == [True]
    ilacs = understand(ILACS)
    assert [inspection.is_area_section(s) for s in ilacs.segments if s.kind == "children_in_care"] == [False]


def test_the_area_section_is_found_when_its_heading_was_read_as_a_paragraph():
    blocks = [Block("heading", "Information about this local authority area", 1, level=1),
              Block("paragraph", "Children looked after in this area", 1),
              Block("paragraph", "At 31 March 2016, 431 children are being looked after.", 1),
              Block("paragraph", "In the last 12 months: there have been 31 adoptions", 1),
              Block("heading", "Other Ofsted inspections", 2, level=1),
              Block("paragraph", "The last inspection was in 2012.", 2)]
    found = inspection.children_in_care_segments(blocks, date(2016, 6, 27))
    assert [(s.first_block, s.last_block, inspection.is_area_section(s)) for s in found] == [(1, 3, True)]


def test_a_lead_in_set_as_a_heading_stays_in_the_area_section():
    blocks = [Block("heading", "Children looked after in this area", 1, level=2),
              Block("paragraph", "At 31 March 2016, 431 children are being looked after.", 1),
              Block("heading", "In the last 12 months:", 1, level=2),
              Block("paragraph", "there have been 31 adoptions", 1),
              Block("heading", "Other Ofsted inspections", 2, level=2)]
    found = inspection.children_in_care_segments(blocks, date(2016, 6, 27))
    assert [(s.first_block, s.last_block) for s in found] == [(0, 3)]


def test_care_inspectorate_wales_report():
    doc = understand(CIW)
    assert doc.doc_type == "inspection_report"
    assert doc.authority == "Conwy"


def test_a_committee_paper_about_an_inspection_is_not_the_inspection_report():
    assert understand(COMMITTEE_PAPER_ON_AN_INSPECTION).doc_type != "inspection_report"


def test_scorecard_is_a_performance_report():
    doc = understand(SCORECARD)
    assert doc.doc_type == "performance_report"
    assert doc.authority == "Stockton-on-Tees"


@pytest.mark.parametrize("title", ["LAIT.xlsm", "Microsoft Word - Fostering report v3.doc",
                                   "fostering_annual_report_final", "Issue - meetings", "Agenda and minutes",
                                   "LA NAME  - standard-short inspection report - INSPECTION DATE",
                                   "Calderdale - Draft Report", "17 NOVEMBER 2021", "", None])
def test_junk_titles(title):
    assert is_junk(title)


@pytest.mark.parametrize("title", ["Fostering Service Annual Report 2021/22",
                                   "Cared for Children Sufficiency Statement",
                                   "Inspection of Wokingham local authority children's services"])
def test_real_titles(title):
    assert not is_junk(title)


def test_metadata_file_name_gives_way_to_the_papers_heading():
    doc = understand("Stockton-on-Tees Borough Council\n\nFostering Service Annual Report 2022/23\n\n"
                     "1. Introduction\n\nThe service approved 20 households.\n", title="LAIT.xlsm")
    assert doc.title == "Fostering Service Annual Report 2022/23"


def test_a_good_metadata_title_is_kept():
    doc = Document(source_path="p.pdf", sha256="0" * 64, format="pdf", title="Adoption Annual Report 2022",
                   blocks=[Block(kind="heading", text="Contents of this report", page=1),
                           Block(kind="paragraph", text="Wokingham Borough Council approved 9 adopters.",
                                 page=1)])
    assert annotate(doc).title == "Adoption Annual Report 2022"


def test_an_older_cover_sheet_makes_a_committee_report():
    doc = understand("PART 1 (OPEN TO THE PUBLIC) ITEM NO.\n\nREPORT OF THE LEAD MEMBER FOR CHILDREN'S SERVICES "
                     "TO THE CABINET MEETING ON 14th MARCH 2007\n\nTITLE : Fostering allowances\n\n"
                     "RECOMMENDATIONS : That the new allowances are approved.\n\nTelford and Wrekin Council pays "
                     "its foster carers weekly allowances.\n")
    assert doc.doc_type == "committee_report"
    assert doc.authority == "Telford and Wrekin"


def test_a_quarters_range_written_with_one_year():
    doc = understand("Stockton-on-Tees Borough Council\n\nFostering Service Quarterly Monitoring Report "
                     "1st April - 30th June 2023\n\nThe service approved 4 households.\n")
    assert (doc.period_start, doc.period_end) == (date(2023, 4, 1), date(2023, 6, 30))


def test_a_month_inside_a_sentence_does_not_date_the_paper():
    doc = understand("Children in care\n\nThe highest year end figure was at 31st March 1998, when Wokingham "
                     "had 95 children in care.\n")
    assert doc.period_end is None


# The 2009-2013 frameworks' first page (as Ofsted's PDFs of three tune-split councils read).
LAC_2013_FIRST_PAGE = """Inspection of looked after children
services
Sandford Metropolitan Borough Council
Inspection dates: 24 – 28 June 2013
Reporting inspector Jane Doe HMI
Age group: All
Published: 2 August 2013
"""


@pytest.mark.parametrize("title", [
    "Inspection of looked after children\nservices",
    "Inspection of safeguarding and looked after children services",
    "Inspection of local authority arrangements for the protection of children",
])
def test_earlier_frameworks_reports_are_inspection_reports(title):
    head = LAC_2013_FIRST_PAGE.replace("Inspection of looked after children\nservices", title)
    assert text_to_doc_type(head) == "inspection_report"


def test_a_paper_that_mentions_the_reporting_inspector_is_still_not_an_inspection_report():
    head = ("Report to Cabinet\nOfsted inspection of looked after children services\n"
            "The reporting inspector praised the service. The report is attached.\n")
    assert text_to_doc_type(head) != "inspection_report"
