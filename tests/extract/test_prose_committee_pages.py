"""Committee pages, minutes and committee reports as councils new to the corpus word them
(2026-12c additions): the meeting's day, a month's close with no year, hundreds in words,
'from X ..., to Y', a state of households on a day, and children who have something."""
from datetime import date

from core.model import Block, Document, Segment
from extractors import timeref
from extractors.numbers import text_to_quantities
from extractors.prose import (
    Sentence,
    found_to_observation,
    heading_meeting_day,
    is_figure,
    sentence_to_found,
)

MEETING = date(2023, 7, 25)


def paper(day=None, period=None, blocks=("A paper",)):
    start, end = period or (None, None)
    return Document(source_path="x", sha256="0", format="text", authority="Somewhere",
                    period_start=start, period_end=end,
                    blocks=[Block("paragraph", t, 1) for t in blocks],
                    segments=[Segment(meeting_date=day)])


def observe(text, doc):
    from extractors.nlp import get_nlp
    found = sentence_to_found(text, get_nlp()(text), None, None, doc.authority, [])
    return [found_to_observation(f, Sentence(text, 0, 1, None, "paragraph", 0), doc)
            for f in found if is_figure(f)]


def one(text, value, doc):
    got = [o for o in observe(text, doc) if o.value == value]
    assert len(got) == 1, (text, got)
    return got[0].metric, got[0].period_type, got[0].period_end


def test_hundreds_written_in_words_are_one_number():
    assert [q.value for q in text_to_quantities(
        "One hundred and fifty-five children (62.5%) lived with foster families")] == [155, 62.5]
    assert [q.value for q in text_to_quantities("two hundred carers and twenty-five households")] \
        == [200, 25]


def test_a_month_close_without_a_year_is_the_latest_before_the_meeting():
    doc = paper(day=MEETING)
    assert one("On the last day of June, there were 677 children in care.", 677, doc) == \
        ("cla_count", "as_at", date(2023, 6, 30))
    assert one("A total of 342 children were living in foster care at the end of June.", 342,
               doc) == ("cla_fostered", "as_at", date(2023, 6, 30))
    # a later month than the meeting's is last year's
    assert one("At the end of December, there were 640 children in care.", 640, doc)[2] == \
        date(2022, 12, 31)


def test_a_month_close_without_a_year_names_no_day_in_an_annual_report_or_undated_page():
    annual = paper(period=(date(2022, 4, 1), date(2023, 3, 31)))
    assert one("At the end of June, there were 677 children in care.", 677, annual)[2] is None
    assert one("At the end of June, there were 677 children in care.", 677, paper())[2] is None


def test_a_deadline_month_is_not_a_snapshot():
    mentions = timeref.text_to_mentions("to recruit 20 carers by the end of March")
    assert not any(m.relative == timeref.MONTH_CLOSE for m in mentions)


def test_the_time_of_this_meeting_is_the_meeting_day():
    doc = paper(day=date(2023, 1, 16))
    assert one("The total in November 2022 saw a decrease of 17 and as at the time of this "
               "meeting, the total was 799 children in care.", 799, doc) == \
        ("cla_count", "as_at", date(2023, 1, 16))


def test_a_page_heading_with_a_start_time_gives_the_meeting_day():
    doc = paper(blocks=["Agenda and minutes",
                        "Corporate Parenting Board - Thursday, 20th July, 2023 4.00 pm",
                        "Venue: Council Chamber"])
    assert heading_meeting_day(doc) == date(2023, 7, 20)
    assert heading_meeting_day(paper(blocks=["Report dated 20 July 2023", "At 31 March 2023 ..."])) \
        is None
    doc.segments = [Segment()]
    assert one("The number of children in care currently stands at 434.", 434, doc)[1:] == \
        ("as_at", date(2023, 7, 20))


def test_from_one_dated_value_to_another_after_a_comma():
    doc = paper()
    text = ("This quarter has seen a decrease in the overall number of Looked after Children from "
            "671 on the last day of December 2023, to 655 on the last day of March 2024.")
    assert one(text, 671, doc) == ("cla_count", "as_at", date(2023, 12, 31))
    assert one(text, 655, doc) == ("cla_count", "as_at", date(2024, 3, 31))


def test_a_share_after_the_noun_keeps_the_count_s_words():
    doc = paper()
    assert one("One hundred and fifty-five children (62.5%) lived with foster families.", 155,
               doc)[0] == "cla_fostered"


def test_households_registered_on_a_day_are_the_stock_not_approvals():
    doc = paper()
    assert one("At the end of March 2022, there were 289 foster carer households registered.",
               289, doc) == ("fostering_households", "as_at", date(2022, 3, 31))
    # approvals over a year stay approvals
    assert one("During 2021/22 there were 21 households approved.", 21, doc)[0] == \
        "foster_carer_approvals"
    # with an auxiliary it is the event, which a day cannot date
    assert one("At 31 March 2022 21 households were approved.", 21, doc)[:2] == \
        ("foster_carer_approvals", "other")


def test_children_who_have_something_are_not_the_looked_after_total():
    doc = paper(day=MEETING)
    assert one("At present, 76 children in our care had brothers or sisters who were adopted.", 76,
               doc)[0] is None
    assert one("83 children in care had a plan for adoption.", 83, doc)[0] is None
    assert one("At the end of March 2023, there were 396 children in our care.", 396, doc) == \
        ("cla_count", "as_at", date(2023, 3, 31))


def test_foster_carers_lost_are_de_registrations_not_the_stock():
    doc = paper()
    assert one("To date this year, the service had lost only three foster carers against a "
               "projection of 20.", 3, doc)[0] == "foster_carer_deregistrations"
    assert one("We lost 12 foster carers during 2019/20.", 12, doc) == \
        ("foster_carer_deregistrations", "financial_year", date(2020, 3, 31))


def test_a_word_both_services_use_is_the_adoption_service_s_in_an_adoption_paper():
    adoption = paper()
    adoption.title = "Annual Adoption Service Report 2023-24"
    text = "Between April and June 2024 there were 59 enquiries and 34 initial visits."
    assert one(text, 59, adoption)[0] == "adoption_enquiries"
    assert one(text, 34, adoption)[0] is None
    fostering = paper()
    fostering.title = "Fostering Service Annual Report 2023-24"
    assert one(text, 59, fostering)[0] == "fostering_enquiries"
    # a sentence that names fostering keeps the fostering metric, whatever the paper
    assert one("There were 59 fostering enquiries in 2023-24.", 59, adoption)[0] == \
        "fostering_enquiries"


def test_so_far_this_year_is_not_the_year():
    doc = paper(period=(date(2018, 4, 1), date(2019, 3, 31)))
    assert one("To date this year, the service had lost only three foster carers.", 3,
               doc)[1:] == ("other", None)
    assert one("This year to date we have approved 12 households.", 12, doc)[1:] == ("other", None)
    assert one("During this year we approved 12 households.", 12, doc)[1:] == \
        ("financial_year", date(2019, 3, 31))
