"""Who, when and whether: the context that decides if a prose figure may reach metric_values.

Written from failure classes seen on real councils' papers (inspection reports' information
sections, committee minutes, needs assessments), in wording of their kind, not copied from them.
"""
from datetime import date

from core.model import Block, Document
from extractors import prose
from extractors.prose import Sentence, found_to_observation, is_figure, sentence_to_found


def doc_of(blocks, start=None, end=None, authority="Kirklees", code="E08000034"):
    return Document(source_path="x", sha256="0", format="text", authority=authority,
                    authority_code=code, period_start=start, period_end=end,
                    blocks=[Block("paragraph", t, 1, section="Children looked after in this area")
                            for t in blocks])


def observe(text, start=date(2020, 4, 1), end=date(2021, 3, 31), authority="Kirklees",
            code="E08000034"):
    from extractors.nlp import get_nlp
    doc = doc_of([text], start, end, authority, code)
    found = sentence_to_found(text, get_nlp()(text), None, None, authority, [])
    return [found_to_observation(f, Sentence(text, 0, 1, None, "paragraph", 0), doc)
            for f in found if is_figure(f)]


def got(obs, value):
    return [o for o in obs if o.value == value]


def keyed(obs, value):
    """(metric, period_start, period_end, value_kind, authority) of the one figure `value`."""
    found = got(obs, value)
    assert len(found) == 1, (value, obs)
    o = found[0]
    return o.metric, o.period_start, o.period_end, o.value_kind, o.authority


# ------------------------------------------------------------------ lists under a snapshot

INFO_SECTION = [
    "\uf06e At 31 March 2016, 480 children were being looked after by the local authority (a rate "
    "of 71 per 10,000 children). Of this number:",
    "\uf02d 313 live with foster families, of whom 29.4% live outside the local authority area",
    "\uf02d 22 are unaccompanied asylum-seeking children (UASC). \uf06e In the last 12 months:",
    "\uf02d there have been 51 adoptions",
    "\uf02d 195 children ceased to be looked after, of whom 1% subsequently returned",
    "\uf02d 21 children ceased to be looked after and moved on to independent living",
]


def test_bullets_set_in_symbol_glyphs_inherit_the_snapshot_of_their_lead_in():
    obs = prose.extract(doc_of(INFO_SECTION, date(2016, 9, 20), date(2016, 9, 20))).observations
    snapshot = date(2016, 3, 31)
    assert keyed(obs, 313)[:3] == ("cla_fostered", snapshot, snapshot)
    assert keyed(obs, 22)[:3] == ("cla_uasc", snapshot, snapshot)


def test_the_last_12_months_after_a_31_march_snapshot_is_that_financial_year():
    obs = prose.extract(doc_of(INFO_SECTION, date(2016, 9, 20), date(2016, 9, 20))).observations
    fy = (date(2015, 4, 1), date(2016, 3, 31))
    assert keyed(obs, 51)[:3] == ("children_adopted", *fy)
    assert keyed(obs, 195)[:3] == ("cla_ceased", *fy)


def test_children_who_also_did_something_else_are_a_part_not_the_flow():
    obs = prose.extract(doc_of(INFO_SECTION, date(2016, 9, 20), date(2016, 9, 20))).observations
    o = got(obs, 21)[0]
    assert o.metric is None and "part" in (o.flags or "")


def test_the_last_12_months_to_another_day_names_no_period():
    blocks = [b.replace("31 March 2016", "31 August 2015") for b in INFO_SECTION]
    obs = prose.extract(doc_of(blocks, date(2015, 11, 27), date(2015, 11, 27))).observations
    assert keyed(obs, 51)[:3] == ("children_adopted", None, None)


# ------------------------------------------------------------------ now, quarters, bare years

def test_currently_is_the_day_of_a_dated_paper_and_no_day_of_an_annual_one():
    t = "There were currently 220 looked after children in the county."
    day = date(2017, 10, 5)
    assert keyed(observe(t, day, day), 220)[:3] == ("cla_count", day, day)
    o = got(observe(t), 220)[0]
    assert o.period_end is None and "now_undated" in (o.flags or "")


def test_currently_takes_the_date_the_sentence_gives():
    t = "The council currently has 89 mainstream fostering households as of March 2021."
    d = date(2021, 3, 31)
    assert keyed(observe(t), 89)[:3] == ("fostering_households_mainstream", d, d)


def test_a_quarter_without_a_year_is_the_papers_latest_such_quarter():
    t = "At the end of Quarter 2, there were 416 Children in Care in total."
    day = date(2021, 11, 17)
    d = date(2021, 9, 30)
    assert keyed(observe(t, day, day), 416)[:3] == ("cla_count", d, d)
    assert got(observe("Appendix 1 gives the profile at quarter 3 of 2015-16 for Children in Care."), 3) == []


def test_a_stock_for_a_bare_year_is_its_31_march_snapshot():
    t = "In March 2018 the number of children in care was 403, this reduced to 385 in 2019."
    d = date(2019, 3, 31)
    assert keyed(observe(t), 385)[:3] == ("cla_count", d, d)


def test_part_of_a_year_is_not_the_year():
    t = "Special guardianship orders rose from 10 in 2013-14 to 17 in the first three quarters of 2014-15."
    o = got(observe(t), 17)[0]
    assert o.period_end is None


# ------------------------------------------------------------------ whose figure, what kind

def test_a_target_sentence_is_a_target_throughout():
    t = "The target for the end of financial year 2021-22 is to reduce the number of children in care to 440."
    assert keyed(observe(t), 440)[3] == "target"


def test_a_comparator_groups_figure_is_the_groups_benchmark_never_the_councils():
    t = ("The rate of children looked after is 45 per 10,000, below our statistical neighbours at "
         "51 per 10,000.")
    o = got(observe(t), 51)[0]
    # no code of its own here: the loader keys it on the paper's council (warehouse/load.py)
    assert o.authority == "Statistical neighbours" and o.authority_code is None
    assert o.value_kind == "benchmark" and o.metric == "cla_rate_per_10k"
    assert all(x.authority is None for x in got(observe(t), 45))


def test_a_sentence_about_the_nation_gives_every_figure_to_the_nation():
    t = ("Official figures show there are now 78,150 children in care in England, up from 75,370 "
         "in 2018, and in 2009 there were 60,900.")
    for value in (78150, 75370, 60900):
        assert all(o.authority == "England" for o in got(observe(t), value)), value


def test_wales_figures_go_to_wales():
    t = "As at March 2018, there were 6,407 looked after children in Wales."
    o = got(observe(t, authority="Bridgend", code="W06000013"), 6407)[0]
    assert (o.authority, o.value_kind) == ("Wales", "benchmark")


def test_parts_are_not_totals():
    for t, value in [("In 2006 the team worked with 1113 young people of whom 76 were looked after.", 76),
                     ("For example, 24.6% of looked after children are placed out of county (1,575).", 1575)]:
        assert all(o.metric is None for o in got(observe(t), value)), t


def test_a_rate_per_thousand_is_not_a_count():
    t = "Custody rates for children looked after fell from 1.59 per 1,000 of the population in 2013-14."
    assert got(observe(t), 1.59) == []


def test_a_total_narrowed_by_its_own_words_is_a_part():
    for t, value in [("In 2014/15, the attendance of the 319 school-aged children looked after was 97%.", 319),
                     ("There are currently 20 children looked after in alternative education provision.", 20),
                     ("During 2013-14, the team received 31 new looked after children referrals.", 31),
                     ("Two children looked after attend a pupil referral unit.", 2)]:
        assert all(o.metric is None for o in got(observe(t), value)), t


def test_events_relating_to_children_give_the_children_the_metric():
    t = "In the year 2014-15 there were 115 new admissions into care (relating to 107 children)."
    obs = observe(t)
    assert got(obs, 115)[0].metric is None
    assert got(obs, 107)[0].metric == "cla_started"


def test_one_sentence_giving_a_metric_twice_for_one_time_gives_a_total_and_parts():
    t = ("At the end of March 2021, there were 416 children in care in total, 13 unaccompanied "
         "asylum seeking children and 403 other children in care.")
    obs = observe(t)
    assert got(obs, 416)[0].metric == "cla_count"
    assert got(obs, 403)[0].metric is None


def test_a_bracketed_count_is_the_count_of_the_words_before_it():
    t = ("Other permanence options increased, such as special guardianship orders (46) and child "
         "arrangement orders (7) in 2015-16.")
    obs = observe(t)
    assert got(obs, 46)[0].metric == "sgo_granted"
    assert all(o.metric is None for o in got(obs, 7))


def test_a_change_by_a_number_is_not_a_level():
    t = "The decrease in our children in care numbers over the last 2 years by 39 is positive."
    assert got(observe(t), 39) == []


def test_a_dated_item_leads_the_sub_list_under_it():
    blocks = ["\uf06e At 31 August 2015, 1033 children are being looked after by the local authority.",
              "\uf02d 829 live with foster families, of whom 29% live out of the authority area",
              "\uf02d 49 children are unaccompanied asylum-seeking children."]
    obs = prose.extract(doc_of(blocks, date(2015, 11, 27), date(2015, 11, 27))).observations
    d = date(2015, 8, 31)
    assert keyed(obs, 829)[:3] == ("cla_fostered", d, d)
    assert keyed(obs, 49)[:3] == ("cla_uasc", d, d)


def test_the_level_reached_after_from_takes_the_subject_and_its_own_time():
    t = ("The number of children looked after has fallen from a peak of 355 at 31 March 2012, to 326 "
         "at the time of the inspection.")
    day = date(2015, 3, 20)
    assert keyed(observe(t, day, day), 326)[:3] == ("cla_count", day, day)


def test_the_compared_number_counts_what_the_first_counted():
    t = ("There were 22 looked after children placed for adoption in the year 2017/2018, compared "
         "to 8 in 2016/17.")
    assert keyed(observe(t), 22)[:3] == ("adoption_placements", date(2017, 4, 1), date(2018, 3, 31))
    assert keyed(observe(t), 8)[:3] == ("adoption_placements", date(2016, 4, 1), date(2017, 3, 31))


def test_a_national_figure_in_brackets_and_a_range_in_words():
    t = ("In 2016-17, 73% of children in care were in foster placements, slightly lower than both "
         "the national (74%) and comparator (75%) percentages.")
    assert all(o.authority == "England" for o in got(observe(t), 74))
    assert all(o.authority == "comparator authorities" and o.value_kind == "benchmark"
               for o in got(observe(t), 75))
    assert got(observe("Half of looked after children are between ten and fifteen."), 10) == []


def test_a_catalogue_acronym_in_capitals_names_its_metric():
    t = "At the end of December 2024 there were 698 LAC in the county."
    d = date(2024, 12, 31)
    assert keyed(observe(t), 698)[:3] == ("cla_count", d, d)
    t = "Just eight LAC were identified as being in tier three services in 2006/07."
    assert all(o.metric is None for o in got(observe(t), 8))


def test_a_dated_item_dates_the_sibling_items_after_it():
    blocks = ["\uf06e At 31 August 2015, 498 children are being looked after by the local authority.",
              "\uf06e Of this number:",
              "\uf02d 383 live with foster families, of whom 30% live out of the authority area",
              "\uf06e Four children are unaccompanied asylum-seeking children."]
    obs = prose.extract(doc_of(blocks, date(2015, 11, 27), date(2015, 11, 27))).observations
    d = date(2015, 8, 31)
    assert keyed(obs, 383)[:3] == ("cla_fostered", d, d)
    assert keyed(obs, 4)[:3] == ("cla_uasc", d, d)


def test_households_that_left_the_service_are_deregistrations_not_the_stock():
    obs = observe("During 2016-17, 18 adopters were approved and 12 fostering households left the service.")
    assert keyed(obs, 12)[:3] == ("foster_carer_deregistrations", date(2016, 4, 1), date(2017, 3, 31))
    assert keyed(obs, 18)[0] == "adopters_approved"


def test_new_adopter_approvals_are_adopters_approved():
    obs = observe("In 2015-16 there were 19 new adopter approvals.")
    assert keyed(obs, 19)[0] == "adopters_approved"
