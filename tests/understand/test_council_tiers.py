"""A county and its districts, and the other marks a council's own page carries, on constructed pages
of councils the rules were not written on: a district's paper that links its county's website or
counts the county's children in care is still the district's when it speaks of its own council as
"the District" / "the Borough Council"; a county's paper naming one of its districts stays the
county's or unknown, never the district's; a meeting's venue in the council's own building, and "in
X we", say "this is ours"; a list of councils at the top of a page is not a letterhead, nor is
"Greater Manchester" Manchester."""
from __future__ import annotations

import hashlib

from core.model import Document
from extractors.read.text import read_text
from extractors.understand.structure import annotate


def understand(text: str) -> Document:
    data = text.encode()
    return annotate(read_text(data, "page.txt", hashlib.sha256(data).hexdigest()))


MOTION = """Agenda item

Notice of Motion: Fostering

That the Council notes:

-  There are over 700 children in the care of the County Council, and many more foster carers are
   needed in Worcestershire.

-  Whilst the responsibility for recruiting foster carers sits with the County Council, Wyre Forest
   District Council can assist by signposting prospective carers, including a page on the District
   Council's website.

That the Council supports District Councillors in sharing information on foster carer recruitment,
including adding a link to https://www.worcestershire.gov.uk/fostering/ to e-mail signatures.
"""


def test_a_districts_paper_linking_its_countys_site_is_the_districts():
    doc = understand(MOTION)
    assert (doc.authority, doc.authority_source) == ("Wyre Forest", "text")


def test_a_countys_e_mail_address_still_outweighs_a_district_named_in_its_text():
    doc = understand(MOTION + "\nContact: fostering@worcestershire.gov.uk\n")
    assert doc.authority_code in (None, "E10000034")      # Worcestershire, or unknown: never the district


CARE_LEAVERS = """Issue - meetings

Council Tax Reduction for Care Leavers

Minutes:

The Cabinet Member introduced the report.

  - The Council had a duty of care for those who have left care within the District.
  - There were 640 young people in care in Devon and 31 were in the Mid Devon District.
  - There were 410 care leavers across Devon and 12 within the District.
  - The policy would support care leavers within the District, alongside identical motions across Devon.
"""


def test_a_districts_paper_counting_its_countys_children_is_the_districts():
    doc = understand(CARE_LEAVERS)
    assert doc.authority == "Mid Devon"


def test_a_county_and_its_district_without_the_districts_own_words_stay_unknown():
    doc = understand(CARE_LEAVERS.replace("within the District", "within Mid Devon"))
    assert doc.authority is None
    assert "county and its district" in (doc.authority_note or "") or "several" in (doc.authority_note or "")


def test_a_countys_paper_naming_one_of_its_districts_is_not_the_districts():
    doc = understand("""Agenda item

Care leavers' housing

Minutes:

The Committee noted that Devon County Council looks after 640 children in care, and that children
in care in Devon are supported into housing. Officers had met Mid Devon District Council about two
care leavers housed in the district. Devon County Council would report back in March.
""")
    assert doc.authority_code in (None, "E10000008")


def test_the_venue_in_the_councils_own_building_names_it():
    doc = understand("Agenda and minutes\n\nVenue: Committee Room A - County Hall, Llandrindod Wells, "
                     "Powys. View directions\n\nMinutes:\n\nThe minutes of the last meeting were agreed.\n")
    assert (doc.authority_code, doc.authority_source) == ("W06000023", "text")


def test_a_venue_line_is_short_a_page_of_one_long_line_is_not_one():
    # hostile input: each mention looks at a bounded stretch, not the whole line
    from extractors.understand.council import _venue_line_of
    short = "Agenda\nVenue: Town Hall, Powys\nMinutes"
    at = short.index("Powys")
    assert _venue_line_of(short, at, at + 5) == "Venue: Town Hall, Powys"
    long_line = "Venue: Town Hall, " + "Powys and elsewhere, " * 3000
    at = long_line.index("Powys", 30_000)
    assert _venue_line_of(long_line, at, at + 5) == ""


def test_a_county_seat_in_a_districts_town_does_not_name_the_district():
    doc = understand("Agenda and minutes\n\nVenue: Oak Room, County Buildings, Stafford. View directions\n\n"
                     "Minutes:\n\nThe minutes of the last meeting were agreed.\n")
    assert doc.authority_code is None


def test_a_place_the_writers_call_we_is_theirs():
    doc = understand("Agenda and minutes\n\nMinutes:\n\nThe Head of Service said that children often had to "
                     "leave their area for residential care, but that in Barnsley we were keeping our "
                     "children close to home.\n")
    assert doc.authority_code == "E08000016"


def test_a_list_of_councils_at_the_top_is_not_a_letterhead():
    doc = understand("""Freedom of information request

Placements outside the local authority, for example:

Knowsley - x

eg Halton - x

I can confirm that the information requested is held by Derbyshire County Council. Derbyshire
County Council placed 12 children in its own homes.
""")
    assert doc.authority_code == "E10000007"


def test_a_countys_paper_about_one_borough_council_stays_the_countys_or_unknown():
    doc = understand("""Agenda item

Joint housing protocol for care leavers

Minutes:

Hampshire County Council and Rushmoor Borough Council had agreed a protocol for care leavers. The
Borough Council would offer tenancies, and the Borough Council's housing team would meet social
workers monthly. Hampshire County Council would fund a support worker for care leavers in Hampshire.
""")
    assert doc.authority_code in (None, "E10000014")


def test_a_larger_place_the_gazetteer_stops_short_of_is_not_the_council():
    doc = understand("Agenda item\n\nRegional adoption agency\n\nMinutes:\n\nThe Board noted the Greater "
                     "Manchester adoption agency's report. Greater Manchester councils would share the "
                     "cost, and the Greater Manchester Combined Authority would host the panel.\n")
    assert doc.authority_code is None
