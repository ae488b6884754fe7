"""Whose paper it is, on constructed papers of councils the rules were not tuned on: provenance,
addresses, letterheads and self-referring names decide; names in passing never do (NULL with the
reason); a name two councils have had is told apart by the paper's date."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest

from core.councils import council_for_host, councils_for_host, registry, web_domain
from core.model import Document, SourceInfo
from extractors.read.text import read_text
from extractors.understand.structure import annotate


def understand(text: str, source: SourceInfo | None = None) -> Document:
    data = text.encode()
    doc = read_text(data, "paper.txt", hashlib.sha256(data).hexdigest())
    doc.source = source
    return annotate(doc)


MINUTES_NO_NAME = """Corporate Parenting Board

Minutes:

The Head of Service reported that the number of children looked after stood at 412.

RESOLVED that the report be noted.
"""


def test_provenance_wins_over_the_text():
    doc = understand("Wokingham Borough Council\n\nFostering update\n\nChildren in Wokingham are well served.\n",
                     SourceInfo(authority="Stockton-on-Tees", authority_code="E06000004"))
    assert (doc.authority, doc.authority_code, doc.authority_source) == ("Stockton-on-Tees", "E06000004",
                                                                         "provenance")


def test_provenance_by_name_alone_is_completed_from_the_gazetteer():
    doc = understand(MINUTES_NO_NAME, SourceInfo(authority="Wirral"))
    assert (doc.authority, doc.authority_code, doc.authority_source) == ("Wirral", "E08000015", "provenance")


def test_an_email_address_on_the_councils_domain_names_it():
    doc = understand(MINUTES_NO_NAME + "\nContact: fostering@wirral.gov.uk, 0151 606 2000\n")
    assert (doc.authority, doc.authority_code, doc.authority_source) == ("Wirral", "E08000015", "address")


def test_the_committee_site_a_page_was_saved_from_names_it():
    doc = understand(MINUTES_NO_NAME, SourceInfo(url="https://democracy.wigan.gov.uk/mgAi.aspx?ID=123"))
    assert (doc.authority_code, doc.authority_source) == ("E08000010", "address")


def test_a_link_to_the_committee_site_in_the_text_names_it():
    doc = understand(MINUTES_NO_NAME + "\nThe report is at https://moderngov.kingston.gov.uk/documents/s1.pdf\n")
    assert doc.authority == "Kingston upon Thames"


def test_a_letterhead_names_the_council():
    doc = understand("Telford & Wrekin Council\n\nFostering Service Annual Report 2022/23\n\n"
                     "1. Introduction\n\nThe service approved 21 households. A child moved to Shropshire.\n")
    assert (doc.authority, doc.authority_source) == ("Telford and Wrekin", "letterhead")


def test_report_of_line_names_the_council():
    doc = understand("Report of the Director of Children's Services, Cheshire West and Chester Council\n\n"
                     "Placement sufficiency\n\nThe number of children in care rose to 540.\n")
    assert doc.authority == "Cheshire West and Chester"


def test_a_name_said_of_itself_is_enough_when_it_is_the_only_council():
    doc = understand(MINUTES_NO_NAME + "\nThe Board noted that the number of children in care in Wokingham "
                     "had fallen.\n")
    assert (doc.authority, doc.authority_source) == ("Wokingham", "text")


def test_a_person_s_council_in_brackets_is_not_the_publisher():
    doc = understand(MINUTES_NO_NAME + "\nThe Chairman welcomed Jo Bloggs (Wyre Forest District Council) "
                     "to the Board.\n")
    assert doc.authority is None
    assert "Wyre Forest" in (doc.authority_note or "")


def test_a_placement_elsewhere_is_not_the_publisher():
    doc = understand(MINUTES_NO_NAME + "\nTwo children were placed in Telford and Wrekin.\n")
    assert doc.authority is None and doc.authority_note


def test_statistical_neighbours_are_not_the_publisher():
    doc = understand(MINUTES_NO_NAME + "\nOur statistical neighbours Stockton-on-Tees, Darlington Borough "
                     "Council and Redcar and Cleveland report higher rates.\n")
    assert doc.authority is None


def test_nothing_named_says_so():
    doc = understand(MINUTES_NO_NAME)
    assert doc.authority is None and doc.authority_source is None
    assert "no council is named" in (doc.authority_note or "")


def test_two_councils_named_alike_stay_unknown():
    doc = understand("Joint report\n\nWokingham Borough Council wrote this report. West Berkshire Council "
                     "checked it.\n\nThe shared adoption service approved 30 adopters.\n")
    assert doc.authority is None
    assert "several councils" in (doc.authority_note or "")


def test_the_county_before_the_unitary_by_the_papers_date():
    old = understand("North Yorkshire County Council\n\nCorporate Parenting Report\n\nDate of Meeting: "
                     "17 November 2021\n\nThe number of North Yorkshire children in care is 416.\n")
    assert old.authority_code == "E10000023"
    new = understand("North Yorkshire Council\n\nCorporate Parenting Report\n\nDate of Meeting: 12 June 2024\n\n"
                     "The number of North Yorkshire children in care is 480.\n")
    assert new.authority_code == "E06000065"


def test_a_shared_host_needs_the_papers_date():
    assert council_for_host("edemocracy.northyorks.gov.uk") is None
    assert council_for_host("edemocracy.northyorks.gov.uk", date(2021, 11, 17)).gss_code == "E10000023"
    assert council_for_host("edemocracy.northyorks.gov.uk", date(2024, 1, 10)).gss_code == "E06000065"
    assert len(councils_for_host("democracy.adur-worthing.gov.uk")) == 2
    assert council_for_host("democracy.adur-worthing.gov.uk") is None


@pytest.mark.parametrize("host, domain", [
    ("democracy.durham.gov.uk", "durham.gov.uk"),
    ("modgov.sefton.gov.uk", "sefton.gov.uk"),
    ("lbbd.moderngov.co.uk", "lbbd.gov.uk"),
    ("democracy.cyngor.gwynedd.gov.uk", "gwynedd.gov.uk"),
    ("democracy.gwynedd.llyw.cymru", "gwynedd.llyw.cymru"),
    ("www.basildonmeetings.info", "basildonmeetings.info"),
])
def test_main_web_domain_from_the_committee_host(host, domain):
    assert web_domain(host) == domain


@pytest.mark.parametrize("host, code", [
    ("www.durham.gov.uk", "E06000047"),
    ("centralbeds.gov.uk", "E06000056"),
    ("www.centralbedfordshire.gov.uk", "E06000056"),
    ("cardiff.moderngov.co.uk", "W06000015"),
    ("cardiff.gov.uk", "W06000015"),
])
def test_council_by_web_domain(host, code):
    found = council_for_host(host)
    assert found is not None and found.gss_code == code


def test_general_government_hosts_name_no_council():
    for host in ("www.gov.uk", "gov.uk", "files.ofsted.gov.uk", "www.education.gov.uk", "nhs.uk"):
        assert council_for_host(host) is None, host


def test_abolished_councils_keep_their_own_codes():
    by_code = {c.code: c for c in registry()}
    assert by_code["NYK"].gss_code == "E10000023"       # North Yorkshire County Council
    assert by_code["NYE"].gss_code == "E06000065"       # North Yorkshire Council
    assert by_code["BKM"].gss_code == "E10000002"       # Buckinghamshire County Council
    assert by_code["EDO"].gss_code is None              # East Dorset is not Dorset
    assert by_code["BDF"].gss_code == "E06000055"       # "Bedford Borough Council" is Bedford


def test_a_councillors_surname_is_not_a_council():
    doc = understand(MINUTES_NO_NAME + "\nCouncillor Sutton asked about placements. Mrs Kent replied.\n")
    assert doc.authority is None


def test_the_host_of_a_regional_agency_is_not_the_publisher():
    doc = understand(MINUTES_NO_NAME + "\nThe regional adoption agency is hosted by Wiltshire Council.\n")
    assert doc.authority is None


def test_addresses_and_text_that_disagree_leave_the_council_unknown():
    doc = understand("Adoption Annual Report 2022/23\n\nSwindon Borough Council approved 30 adopters. "
                     "Swindon's children waited less.\n\nContact: adoption@wiltshire.gov.uk\n")
    assert doc.authority is None
    assert "Wiltshire" in (doc.authority_note or "") and "Swindon" in (doc.authority_note or "")


def test_a_saved_pages_own_address_names_it_when_the_reader_records_it():
    data = MINUTES_NO_NAME.encode()
    doc = read_text(data, "page.txt", hashlib.sha256(data).hexdigest())
    doc.page_url = "https://democracy.durham.gov.uk/mgAi.aspx?ID=54339"
    doc = annotate(doc)
    assert (doc.authority, doc.authority_code, doc.authority_source) == ("County Durham", "E06000047", "address")


def test_another_council_compared_in_passing_is_not_the_publisher():
    doc = understand(MINUTES_NO_NAME + "\nSunderland has seen a similar rise in the number of children in care.\n")
    assert doc.authority is None


def test_the_council_as_the_subject_of_its_own_sentence():
    doc = understand(MINUTES_NO_NAME + "\nMembers noted that in July 2019 Redbridge had moved to the regional "
                     "adoption agency.\n")
    assert doc.authority == "Redbridge"


def test_a_saved_page_is_known_by_the_address_it_was_saved_from():
    from extractors.read.html import read_html
    from extractors.understand.structure import annotate
    page = (b'<!-- saved from url=(0052)https://democracy.durham.gov.uk/mgAi.aspx?ID=123 -->\n'
            b'<html><body><h1>Fostering annual report</h1>'
            b'<p>The panel approved 12 foster carers this year.</p></body></html>')
    doc = annotate(read_html(page, "item.html", "0" * 64))
    assert (doc.authority, doc.authority_code, doc.authority_source) == ("County Durham", "E06000047", "address")


# ---------------------------------------------------------------- a council's own initialism

def test_initialism_of_official_names():
    from core.councils import initialism
    assert initialism("East Sussex County Council") == "ESCC"
    assert initialism("London Borough of Tower Hamlets") == "LBTH"
    assert initialism("Royal Borough of Kensington and Chelsea") == "RBKC"


def test_a_councils_own_initialism_names_the_publisher():
    doc = understand("Corporate Parenting Panel\n\nMinutes:\n\nOf the 420 children in foster care, 250 were "
                     "living with approved WSCC carers and 170 with agency carers.\n")
    assert (doc.authority_code, doc.authority_source) == ("E10000032", "text")


def test_an_initialism_several_councils_share_names_nobody():
    # HCC: Hampshire, Hertfordshire and Hull City Council all give it.
    doc = understand(MINUTES_NO_NAME.replace("stood at 412", "stood at 412 (HCC data)"))
    assert doc.authority_code is None


def test_an_initialism_beside_neighbours_is_another_body():
    doc = understand("Fostering update\n\nMinutes:\n\nOur statistical neighbours, including ESCC, recruited "
                     "more carers this year.\n")
    assert doc.authority_code is None


def test_three_letters_are_not_read_as_a_council():
    # NYC would be North Yorkshire Council's initialism, and New York City's.
    doc = understand(MINUTES_NO_NAME.replace("stood at 412", "stood at 412, as in NYC"))
    assert doc.authority_code is None


def test_a_councils_usual_short_form_names_it():
    doc = understand("Children in care\n\nIn B&NES the number of children in care rose to 170, and B&NES "
                     "placed most of them with its own carers.\n")
    assert doc.authority_code == "E06000022"
