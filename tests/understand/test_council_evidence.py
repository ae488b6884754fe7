"""How a council names itself in its own pages, and how other councils appear in them, on constructed
texts of councils the rules were not written on: a council planning its own course, its people, "our
X", its town hall as the meeting's venue say "this is ours"; partners in a shared arrangement, the
host of a shared service, a county and its district named together do not decide; a council's old
and new names are one council."""
from __future__ import annotations

import hashlib

from core.model import Document
from extractors.read.text import read_text
from extractors.understand.council import two_tiers
from extractors.understand.structure import annotate


def understand(text: str) -> Document:
    data = text.encode()
    return annotate(read_text(data, "page.txt", hashlib.sha256(data).hexdigest()))


ITEM = """Agenda item

Fostering update

Minutes:

The Board received the annual report of the fostering service.
"""


def test_a_council_planning_its_own_course_is_said_of_itself():
    doc = understand(ITEM + "\nIt was noted that Wiltshire planned to join a regional adoption agency.\n")
    assert (doc.authority_code, doc.authority_source) == ("E06000054", "text")


def test_the_children_of_a_place_are_its_councils_own():
    doc = understand(ITEM + "\nThe strategy aims to find local foster carers for the children and young "
                     "people of Sefton who need care.\n")
    assert doc.authority_code == "E08000014"


def test_our_place_names_the_publisher():
    doc = understand(ITEM + "\nThe strategy supports the aims of the Our Wokingham Plan.\n")
    assert doc.authority_code == "E06000041"


def test_the_town_hall_a_meeting_is_held_in_names_the_council():
    doc = understand("Agenda and minutes\n\nChildren's Scrutiny Committee\n\nVenue: Committee Room 2, "
                     "Town Hall, Wigan. View directions\n\nMinutes:\n\nThe minutes were agreed.\n")
    assert doc.authority_code == "E08000010"


def test_partners_in_a_shared_arrangement_are_not_the_publisher():
    doc = understand(ITEM + "\nThe Cabinet agreed that the City Council join a shared service arrangement with "
                     "Shropshire Council.\n")
    assert doc.authority_code is None


def test_the_host_of_a_shared_service_is_not_the_publisher():
    doc = understand(ITEM + "\nDevon County Council would become the host authority for the agency, and "
                     "staff would transfer in April.\n")
    assert doc.authority_code is None
    doc = understand(ITEM + "\nApproves Cornwall Council hosting the regional agency from April.\n")
    assert doc.authority_code is None


def test_a_council_given_functions_is_not_the_publisher():
    doc = understand(ITEM + "\nThe Leader agreed to delegate to the London Borough of Camden the "
                     "recruitment of adopters.\n")
    assert doc.authority_code is None


def test_a_county_and_its_district_named_together_stay_unknown():
    # A district's paper names the county that runs children's services as often as itself.
    doc = understand(ITEM + "\nThe exemption is for care leavers looked after by Kent County Council. Kent "
                     "County Council will share its list of care leavers, and Kent County Council will pay "
                     "half the cost to Canterbury City Council.\n")
    assert doc.authority_code is None
    assert "county and its district" in (doc.authority_note or "")


def test_two_tiers_are_a_county_and_its_own_district_only():
    assert two_tiers("E07000106", "E10000016")          # Canterbury in Kent
    assert two_tiers("E10000016", "E07000106")
    assert not two_tiers("E07000106", "E10000008")      # Canterbury is not in Devon
    assert not two_tiers("E08000014", "E08000010")      # two metropolitan boroughs


def test_a_councils_old_and_new_names_are_one_council():
    doc = understand("Corporate Parenting Board\n\nWednesday, 9th September, 2020\n\nTerms of Reference\n\n"
                     "The Board will assist Buckinghamshire County Council and its partners to meet their "
                     "duties to looked after children. This continues as a key responsibility of "
                     "Buckinghamshire Council from 1st April 2020.\n")
    assert doc.authority_code == "E06000060"


def test_children_placed_outside_a_council_are_its_own():
    doc = understand(ITEM + "\nA member asked why looked after children were placed outside of Gateshead.\n")
    assert doc.authority_code == "E08000037"


def test_a_districts_name_as_a_bare_place_leaves_the_county_standing():
    # A ward named after a town and a venue's street address are places, not the district council.
    doc = understand("Agenda and minutes\n\nVenue: Council Chamber, County Offices, Newland, Canterbury CT1 "
                     "1YL.\n\nMinutes:\n\nThe Panel welcomed the member for the Canterbury Park division. "
                     "There were 101 unaccompanied children in Kent and the most Kent was expected to take "
                     "was 144.\n")
    assert doc.authority_code == "E10000016"
