"""Figures given by comparison, change or aside: benchmarks that name no metric, the starting point
of a change, a count's share in brackets, list items that add a result, and catalogue wordings
that real papers use ('stayed put', 'ceased to foster', 'education, employment or training').

Sentences written for these tests in the style of council papers, not copied from the corpus.
"""
from datetime import date

from core.model import Block, Document
from extractors import prose
from extractors.prose import Sentence, found_to_observation, is_figure, sentence_to_found

MARCH_21 = date(2021, 3, 31)


def paper(blocks, authority="Kirklees", code="E08000034"):
    """A paper of (kind, text, section) blocks, read as the pipeline reads one."""
    return Document(source_path="x", sha256="0", format="text", authority=authority,
                    authority_code=code, period_start=date(2020, 4, 1), period_end=MARCH_21,
                    blocks=[Block(kind, text, 1, section=section) for kind, text, section in blocks])


def extracted(blocks):
    return prose.extract(paper(blocks)).observations


def observe(text, authority="Kirklees"):
    from extractors.nlp import get_nlp
    doc = paper([("paragraph", text, None)], authority)
    found = sentence_to_found(text, get_nlp()(text), None, None, authority, [])
    return [found_to_observation(f, Sentence(text, 0, 1, None, "paragraph", 0), doc)
            for f in found if is_figure(f)]


def one(obs, value):
    found = [o for o in obs if o.value == value]
    assert len(found) == 1, (value, obs)
    return found[0]


def key(o):
    return o.metric, o.period_start, o.period_end, o.value_kind, o.authority


# ------------------------------------------------------------------ catalogue wordings

def test_a_comma_inside_education_employment_or_training_does_not_cut_the_label():
    o = one(observe("At the end of June 2020, 57% of our care leavers were in education, "
                    "employment or training."), 57)
    assert o.metric == "care_leavers_eet_pct"
    assert o.period_end == date(2020, 6, 30)


def test_care_leavers_who_stayed_put_are_the_staying_put_count():
    o = one(observe("During 2019-20, 37 young people 'stayed put' with their former foster "
                    "carers after turning 18."), 37)
    assert (o.metric, o.period_end) == ("staying_put_count", date(2020, 3, 31))


def test_care_leavers_not_in_education_employment_or_training_are_not_the_eet_share():
    o = one(observe("At the end of June 2020, 41% of our care leavers were not in education, "
                    "employment or training."), 41)
    assert o.metric is None


def test_a_years_measure_named_with_a_financial_year_keeps_the_year():
    obs = observe("In 2019-20, 61% of our care leavers were in education, employment or "
                  "training, against 58% in 2018-19.")
    assert key(one(obs, 61))[:3] == ("care_leavers_eet_pct", date(2019, 4, 1), date(2020, 3, 31))
    assert key(one(obs, 58))[:3] == ("care_leavers_eet_pct", date(2018, 4, 1), date(2019, 3, 31))


def test_a_years_measure_named_with_a_calendar_year_keeps_no_period():
    o = one(observe("In 2019, 61% of our care leavers were in education, employment or "
                    "training."), 61)
    assert o.metric == "care_leavers_eet_pct" and o.period_end is None
    assert o.flags.startswith("year_measure")


def test_households_that_ceased_to_foster_are_deregistrations():
    obs = observe("In 2019-20 eighteen households were approved and eleven households ceased "
                  "to foster.")
    assert one(obs, 18).metric == "foster_carer_approvals"
    assert one(obs, 11).metric == "foster_carer_deregistrations"


def test_children_placed_in_childrens_homes_as_a_share_is_the_residential_share():
    o = one(observe("At 31 March 2021, 31 (9.5%) children were placed in children's homes."), 9.5)
    assert (o.metric, o.period_end) == ("cla_residential_pct", MARCH_21)


# ------------------------------------------------------------------ changes

def test_the_subject_before_rose_from_names_both_ends_of_the_change():
    obs = observe("The number of children in care rose from 402 on 31 March 2020 to 431 on "
                  "31 March 2021.")
    assert key(one(obs, 402))[:3] == ("cla_count", date(2020, 3, 31), date(2020, 3, 31))
    assert key(one(obs, 431))[:3] == ("cla_count", MARCH_21, MARCH_21)


def test_the_starting_point_of_a_change_does_not_take_the_later_values_year():
    blocks = [("paragraph", "In 2020-21 we had 61 children in care per 10,000 children.", "Rates"),
              ("paragraph", "The 2020-21 national average has risen from 64 per 10,000 to "
                            "67 per 10,000.", "Rates")]
    obs = extracted(blocks)
    later = one(obs, 67)
    assert key(later) == ("cla_rate_per_10k", MARCH_21, MARCH_21, "benchmark", "England")
    earlier = one(obs, 64)
    assert earlier.period_end is None and "earlier_value" in earlier.flags


# ------------------------------------------------------------------ benchmarks naming nothing

def test_a_rate_that_names_nothing_is_a_rate_of_what_the_sections_last_rate_counted():
    blocks = [("list_item", "- At 31 March 2021 we had 61 children in care per 10,000 children.",
               "Rates per 10,000"),
              ("list_item", "- Our rate (61) is below the 2020-21 national rate of 67 per 10,000 "
                            "and above the North West average of 58 per 10,000.",
               "Rates per 10,000")]
    obs = extracted(blocks)
    assert key(one(obs, 67)) == ("cla_rate_per_10k", MARCH_21, MARCH_21, "benchmark", "England")
    north_west = one(obs, 58)
    assert north_west.metric == "cla_rate_per_10k" and north_west.authority == "North West"


def test_a_rate_in_a_new_section_does_not_take_the_last_sections_metric():
    blocks = [("paragraph", "At 31 March 2021 we had 61 children in care per 10,000 children.",
               "Children in care"),
              ("paragraph", "The national rate of 40 per 10,000 was higher.", "Child protection")]
    assert one(extracted(blocks), 40).metric is None


def test_a_national_average_naming_nothing_measures_the_paragraphs_last_share():
    blocks = [("paragraph", "We had 402 children in care at 31 March 2021 and of these 290 were "
                            "in foster placements (72.1%). This is higher than the national "
                            "average of 70.5%.", None)]
    obs = extracted(blocks)
    assert key(one(obs, 72.1)) == ("cla_fostered_pct", MARCH_21, MARCH_21, "actual", None)
    assert key(one(obs, 70.5)) == ("cla_fostered_pct", MARCH_21, MARCH_21, "benchmark", "England")


def test_a_benchmark_after_a_share_the_catalogue_does_not_know_keeps_no_metric():
    obs = observe("With 9% of children adopted we are below the national average of 12%.")
    assert one(obs, 12).metric is None


def test_and_above_an_average_is_a_comparison_not_a_figure_repeated_from_above():
    obs = observe("Our rate of 61 per 10,000 is below the national rate of 67 per 10,000 and "
                  "above the regional average of 58 per 10,000.")
    assert one(obs, 67).value_kind == "benchmark"


# ------------------------------------------------------------------ a count's share in brackets

def test_a_share_in_brackets_after_a_count_is_that_counts_share():
    obs = observe("At 31 March 2021 we had 402 children in care and of these 290 were in "
                  "foster placements (72.1%).")
    assert key(one(obs, 72.1))[:3] == ("cla_fostered_pct", MARCH_21, MARCH_21)


def test_a_share_in_brackets_goes_where_the_catalogue_sends_the_counts_share():
    """A share of in-house carers is the catalogue's share of the fostered children, as in tables."""
    obs = observe("At 31 March 2021 we had 280 children in foster care, and 180 (64%) children "
                  "were placed with our own foster carers.")
    assert one(obs, 180).metric == "cla_fostered_inhouse"
    assert one(obs, 64).metric == "fostered_inhouse_pct"


# ------------------------------------------------------------------ lists of results

def test_a_further_result_in_a_list_of_results_keeps_its_metric():
    blocks = [("paragraph", "The service's results in 2020-21:", None),
              ("list_item", "• 14 children were placed for adoption;", None),
              ("list_item", "• a further 19 placement orders were granted;", None)]
    o = one(extracted(blocks), 19)
    assert (o.metric, o.period_end) == ("placement_orders_granted", MARCH_21)


def test_a_further_count_of_a_metric_the_list_already_gave_is_a_part():
    blocks = [("paragraph", "The service's results in 2020-21:", None),
              ("list_item", "• 14 placement orders were granted by the court;", None),
              ("list_item", "• a further 3 placement orders were granted after appeal;", None)]
    o = one(extracted(blocks), 3)
    assert o.metric is None and o.flags.startswith("part: 'a further'")


# ------------------------------------------------------------------ rates written without 'per 10,000'

def test_a_bare_number_called_a_rate_in_a_sentence_of_rates_per_10000_is_a_rate():
    obs = observe("The rate of children in care in Kirklees (per 10,000 children) was 63 in 2021, "
                  "below the national rate of 67.")
    assert key(one(obs, 63))[:3] == ("cla_rate_per_10k", MARCH_21, MARCH_21)
    assert key(one(obs, 67)) == ("cla_rate_per_10k", MARCH_21, MARCH_21, "benchmark", "England")


def test_a_sentence_speaking_of_the_rate_just_given_compares_rates():
    blocks = [("paragraph", "The rate of children in care per 10,000 children aged under 18 has "
                            "risen during the quarter to 63.2.", "Children in care"),
              ("paragraph", "This is a rise from 61.7 at the end of March 2020.", "Children in care")]
    o = one(extracted(blocks), 61.7)
    assert (o.unit, o.metric, o.period_end) == ("rate_per_10k", "cla_rate_per_10k", date(2020, 3, 31))


def test_how_the_measure_just_named_came_out_is_that_measure():
    blocks = [("paragraph", "Our target for 2019/20 for the percentage of children looked after "
                            "with three or more placements during the year was 9%. Our actual "
                            "performance for 2019/20 was 8.2%.", None)]
    o = one(extracted(blocks), 8.2)
    assert key(o)[:3] == ("placement_stability_3plus_pct", date(2019, 4, 1), date(2020, 3, 31))
    assert o.value_kind == "actual"


# ------------------------------------------------------------------ minutes speak from their meeting

def test_currently_in_minutes_with_no_reporting_period_is_the_meeting_day():
    meeting = date(2021, 6, 14)
    doc = Document(source_path="x", sha256="0", format="text", authority="Kirklees",
                   authority_code="E08000034", meeting_date=meeting,
                   blocks=[Block("paragraph", "The Head of Service advised that there were "
                                              "currently 604 looked after children.", 1)])
    o = one(prose.extract(doc).observations, 604)
    assert (o.metric, o.period_type, o.period_end) == ("cla_count", "as_at", meeting)


def test_this_year_in_minutes_with_no_reporting_period_stays_undated():
    doc = Document(source_path="x", sha256="0", format="text", authority="Kirklees",
                   authority_code="E08000034", meeting_date=date(2021, 6, 14),
                   blocks=[Block("paragraph", "During this year, 14 foster carers were approved.", 1)])
    assert one(prose.extract(doc).observations, 14).period_end is None


def test_children_in_the_looked_after_population_are_the_children_looked_after():
    o = one(observe("At the end of March 2021 there were 604 children in the looked after "
                    "population within Kirklees."), 604)
    assert (o.metric, o.period_end) == ("cla_count", MARCH_21)


def test_a_count_after_a_rate_in_brackets_stays_a_count():
    obs = observe("At 31 March 2021, 604 children were looked after (a rate of 63 per 10,000 "
                  "children, which is an increase from 581 (61 per 10,000 children) at 31 March 2020).")
    assert one(obs, 581).unit == "count"


def test_the_average_time_between_placement_order_and_matching_is_the_a2_measure():
    o = one(observe("In 2019-20 the average time between placement order and matching was 212 "
                    "days."), 212)
    assert (o.unit, o.metric, o.period_start, o.period_end) == (
        "days", "adoption_a2_days", date(2019, 4, 1), date(2020, 3, 31))


# ------------------------------------------------------------------ caseloads on the paper's day

def inspection(text):
    day = date(2021, 6, 14)
    doc = Document(source_path="x", sha256="0", format="text", authority="Kirklees",
                   authority_code="E08000034", period_start=day, period_end=day,
                   blocks=[Block("paragraph", text, 1)])
    return day, prose.extract(doc).observations


def test_families_receiving_adoption_support_at_the_time_of_inspection_are_that_days_caseload():
    day, obs = inspection("Post-adoption support is strong and 27 families were receiving adoption "
                          "support at the time of the inspection.")
    o = one(obs, 27)
    assert (o.metric, o.period_type, o.period_end) == ("adoption_support_families", "as_at", day)


def test_other_flows_dated_to_the_papers_day_keep_no_period():
    _, obs = inspection("Currently, 9 foster carers have been approved.")
    o = one(obs, 9)
    assert o.metric == "foster_carer_approvals" and o.period_end is None


# ------------------------------------------------------------------ a sentence led by its population

def test_a_population_led_with_over_a_year_is_no_snapshot_and_its_parts_are_not_it():
    obs = observe("Of the 212 children in foster care placements in 2019/20, 180 stayed in the "
                  "same placement all year.")
    lead = one(obs, 212)
    assert lead.metric == "cla_fostered" and lead.period_end is None
    assert lead.flags.startswith("denominator_year")
    assert not [o for o in obs if o.value == 180 and o.metric == "cla_fostered"]


def test_a_population_led_with_on_a_day_keeps_it_and_a_narrower_part_keeps_its_metric():
    obs = observe("Of the 604 children looked after at 31 March 2021, 250 were with our own "
                  "foster carers.")
    assert key(one(obs, 604))[:3] == ("cla_count", MARCH_21, MARCH_21)
    assert one(obs, 250).metric == "cla_fostered_inhouse"


def test_a_caseload_reading_needs_a_count_of_families_or_people():
    _, obs = inspection("There are currently four adoption support groups for adopters.")
    assert one(obs, 4).period_end is None


def test_requesting_to_stay_put_is_not_having_stayed_put():
    obs = observe("At 31 March 2021, 12 care leavers were requesting to stay put with their carers.")
    assert not [o for o in obs if o.metric == "staying_put_count"]


def test_the_population_under_18_is_an_age_not_a_count():
    obs = observe("The rate of 88 per 10,000 of the population under 18 is higher than in 2020.")
    assert not [o for o in obs if o.value == 18]
