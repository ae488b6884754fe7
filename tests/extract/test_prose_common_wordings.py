"""Common wordings of inspection reports and committee papers for the catalogue's metrics, and
the periods they give. Written in the wording of their kind, not copied from the corpus."""
from datetime import date

from core.model import Block, Document
from extractors.nlp import get_nlp
from extractors.prose import Sentence, found_to_observation, is_figure, sentence_to_found

MARCH_21 = date(2021, 3, 31)


def observe(text):
    doc = Document(source_path="x", sha256="0", format="text", authority="Kirklees",
                   authority_code="E08000034", period_start=date(2020, 4, 1), period_end=MARCH_21,
                   blocks=[Block("paragraph", text, 1)])
    found = sentence_to_found(text, get_nlp()(text), None, None, "Kirklees", [])
    return [found_to_observation(f, Sentence(text, 0, 1, None, "paragraph", 0), doc)
            for f in found if is_figure(f)]


def one(obs, value):
    got = [o for o in obs if o.value == value]
    assert len(got) == 1, (value, obs)
    return got[0]


def test_households_whose_approvals_were_terminated_are_deregistrations():
    o = one(observe("During 2020-21, 14 fostering households had their approvals terminated."), 14)
    assert (o.metric, o.period_end) == ("foster_carer_deregistrations", MARCH_21)
    o = one(observe("The council approved 31 foster households in 2020-21 and terminated the "
                    "approvals of 12 households."), 12)
    assert o.metric == "foster_carer_deregistrations"


def test_a_net_gain_is_a_change_not_a_count_of_households():
    obs = observe("In 2020-21, 31 households were approved and 12 households had their approvals "
                  "terminated, a net gain of 19 fostering households.")
    assert all(o.metric is None for o in obs if o.value == 19)


def test_enquiries_that_led_to_adopter_approvals_are_adoption_enquiries():
    obs = observe("In 2020-21, 118 initial enquiries resulted in 21 new adopter approvals.")
    assert one(obs, 118).metric == "adoption_enquiries"
    assert (one(obs, 21).metric, one(obs, 21).period_end) == ("adopters_approved", MARCH_21)


def test_initial_enquiries_alone_stay_fostering_enquiries():
    o = one(observe("In 2020-21, 96 initial enquiries were received from prospective foster carers."), 96)
    assert o.metric == "fostering_enquiries"


def test_adoptive_households_receiving_support_are_adoption_support_families():
    o = one(observe("Currently, 52 adoptive households receive financial support."), 52)
    assert o.metric == "adoption_support_families"
    o = one(observe("At the time of the inspection, the council was supporting 37 adoptive "
                    "families."), 37)
    assert o.metric == "adoption_support_families"


def test_adoptive_families_doing_anything_else_are_not_adoption_support():
    obs = observe("In 2020-21, 23 adoptive families attended the training day.")
    assert all(o.metric != "adoption_support_families" for o in obs)


def test_a_number_dated_after_it_continues_a_series_not_a_part():
    obs = observe("Numbers are stabilising, with 45 SGOs being granted in 2019-20 and 38 in 2020-21.")
    assert (one(obs, 38).metric, one(obs, 38).period_end) == ("sgo_granted", MARCH_21)
    assert one(obs, 45).period_end == date(2020, 3, 31)


def test_the_time_from_placement_order_to_match_is_the_a2_measure():
    o = one(observe("In 2020-21 the average time between a placement order being granted and a "
                    "match with adopters was 180 days."), 180)
    assert (o.metric, o.period_end) == ("adoption_a2_days", MARCH_21)


def test_during_the_year_after_a_named_year_is_that_year():
    o = one(observe("In 2020-21, 9% of children looked after lived in three or more placements "
                    "during the year."), 9)
    assert (o.metric, o.period_start, o.period_end) == (
        "placement_stability_3plus_pct", date(2020, 4, 1), MARCH_21)


def test_during_the_year_does_not_date_a_figure_after_a_comparison():
    obs = observe("In 2020-21, 9% of children looked after lived in three or more placements "
                  "during the year, compared to 11% for similar local authorities (2019-20).")
    assert all(o.metric is None or o.period_end != MARCH_21 for o in obs if o.value == 11)


def test_children_admitted_into_the_care_of_the_council_started_to_be_looked_after():
    obs = observe("In 2020-21 there were 131 occasions on which a child was admitted into the "
                  "care of the local authority.")
    assert one(obs, 131).metric == "cla_started"


def test_the_time_of_this_meeting_is_the_meetings_day_not_a_month_named_before():
    doc_day = date(2023, 1, 16)
    text = ("The total in November 2022 saw a decrease of 17 and as at the time of this meeting, "
            "the total was 799 children in care.")
    doc = Document(source_path="x", sha256="0", format="text", authority="Kirklees",
                   authority_code="E08000034", period_start=doc_day, period_end=doc_day,
                   blocks=[Block("paragraph", text, 1)])
    found = sentence_to_found(text, get_nlp()(text), None, None, "Kirklees", [])
    [o] = [found_to_observation(f, Sentence(text, 0, 1, None, "paragraph", 0), doc)
           for f in found if is_figure(f) and f.q.value == 799]
    assert (o.metric, o.period_end) == ("cla_count", doc_day)


def test_complaints_are_the_fostering_services_only_where_the_sentence_names_it():
    assert one(observe("In 2020/21 there were three complaints made by foster carers."), 3).metric == \
        "complaints_fostering"
    obs = observe("The advocacy service made 17 complaints on behalf of young people in 2020-21.")
    assert all(o.metric != "complaints_fostering" for o in obs)


def test_foster_carers_lost_are_deregistrations_not_the_stock():
    o = one(observe("In 2020-21 the service lost only 12 foster carers and approved 20 households."), 12)
    assert (o.metric, o.period_end) == ("foster_carer_deregistrations", MARCH_21)


def test_adoptive_units_approved_are_adopters_approved():
    o = one(observe("A total of 17 adoptive units were approved during 2020/21."), 17)
    assert (o.metric, o.period_end) == ("adopters_approved", MARCH_21)
