"""Sentences in the style of other councils (wording not in the corpus)."""
from datetime import date

import pytest

from core.model import Document
from extractors.prose import Sentence, found_to_observation, is_figure, sentence_to_found

DOC = Document(source_path="x", sha256="0", format="text", authority="Southwark",
               period_start=date(2020, 4, 1), period_end=date(2021, 3, 31))


def observe(text):
    from extractors.nlp import get_nlp
    found = sentence_to_found(text, get_nlp()(text), None, None, DOC.authority, [])
    return [found_to_observation(f, Sentence(text, 0, 1, None, "paragraph", 0), DOC)
            for f in found if is_figure(f)]


def one(text, value):
    got = [o for o in observe(text) if o.value == value]
    assert len(got) == 1, (text, observe(text))
    o = got[0]
    return (o.metric, o.period_type, o.period_start, o.period_end, o.value_kind, o.authority)


FY20 = (date(2020, 4, 1), date(2021, 3, 31))


def test_snapshot_with_rate():
    t = "As at 31 March 2021 the Council was looking after 412 children (rate of 78 per 10,000)."
    d = date(2021, 3, 31)
    assert one(t, 412) == ("cla_count", "as_at", d, d, "actual", None)
    assert one(t, 78) == ("cla_rate_per_10k", "as_at", d, d, "actual", None)


def test_flow_with_previous_year_of_the_sentence():
    t = "There were 17 foster carer approvals in 2020/21, up from 12 the previous year."
    assert one(t, 17) == ("foster_carer_approvals", "financial_year", *FY20, "actual", None)
    assert one(t, 12) == ("foster_carer_approvals", "financial_year", date(2019, 4, 1),
                          date(2020, 3, 31), "actual", None)


def test_national_benchmark():
    m, pt, _, _, kind, auth = one("Nationally, 57,000 children were in foster care.", 57000)
    assert (m, pt, kind, auth) == ("cla_fostered", "other", "benchmark", "England")


def test_another_council():
    m, pt, _, _, kind, auth = one("Leeds City Council had 1,340 children in care.", 1340)
    assert (m, kind, auth) == ("cla_count", "benchmark", "Leeds")


def test_target():
    t = "We aim to recruit 25 new fostering households by March 2022."
    assert one(t, 25) == ("foster_carer_approvals", "financial_year", date(2021, 4, 1),
                          date(2022, 3, 31), "target", None)


def test_qualifier_and_range():
    o = [o for o in observe("The service received almost 300 enquiries in 2020/21.") if o.value == 300][0]
    assert (o.metric, o.qualifier, o.period_type, o.period_end) == (
        "fostering_enquiries", "less_than", "financial_year", date(2021, 3, 31))
    assert observe("There were between 115 and 122 fostering enquiries this year.") == []


@pytest.mark.parametrize("text", [
    "Scores were 283, 335, 373 and 379 days.",
    "Carers approved for 3 or more children are limited.",
    "Reports will be brought on a six monthly basis.",
    "A sibling group of three was placed.",
    "Contact 2200 South 216th St., Des Moines.",
    "See 14 CFR 25.1581.",
])
def test_not_figures(text):
    assert observe(text) == []


@pytest.mark.parametrize("sentence,national", [
    ("Nationally, 57,000 children were in foster care.", [True]),
    ("Sefton's rate was 15%, against a national average of 12%.", [False, True]),
    ("The national average is 12%, compared with 15% in Sefton.", [True, False]),
    ("There were 57,000 children in foster care nationally, and 120 in Sefton.", [True, False]),
    ("In England 74% of care leavers were in education; in Southwark 68% were.", [True, False]),
])
def test_a_national_cue_governs_only_its_own_numbers(sentence, national):
    """A council's own figure in a sentence that also quotes the national one stays the council's."""
    from extractors.numbers import text_to_quantities
    from extractors.prose import is_national
    assert [is_national(sentence, q) for q in text_to_quantities(sentence)] == national


def test_an_aside_naming_england_makes_the_figure_national():
    from extractors.numbers import text_to_quantities
    from extractors.prose import is_national
    s = "An estimated 50,000 children in care (71% of all children in care in England) live with foster families."
    assert [is_national(s, q) for q in text_to_quantities(s)] == [True, True]


def test_a_sentence_of_too_many_numbers_is_read_to_the_cap_and_the_document_says_so():
    from core.model import Block
    from extractors import prose
    text = "Placements " + " ".join(str(100 + i) for i in range(prose.MAX_NUMBERS_PER_SENTENCE + 40))
    doc = Document(source_path="x", sha256="0", format="text", authority="Southwark",
                   blocks=[Block(kind="paragraph", text=text, page=3)])
    prose.extract(doc)
    assert any(f"more than {prose.MAX_NUMBERS_PER_SENTENCE} numbers" in r and "page 3" in r
               for r in doc.partial_reasons), doc.partial_reasons


def test_an_overlong_sentence_is_cut_at_the_cap_and_the_document_says_so():
    from core.model import Block
    from extractors import prose
    text = "There were 412 children in care " + "and more words " * 400
    doc = Document(source_path="x", sha256="0", format="text", authority="Southwark",
                   blocks=[Block(kind="paragraph", text=text, page=2)])
    found = prose.extract(doc)
    assert [o.value for o in found.observations] == [412]
    assert any(f"longer than {prose.MAX_SENTENCE_CHARS} characters" in r for r in doc.partial_reasons)


def test_a_clause_is_read_within_its_window_not_back_to_the_sentence_start():
    from extractors.numbers import text_to_quantities
    from extractors.prose import CLAUSE_WINDOW, clause_of
    text = "word " * 300 + "with 12 carers"
    q = text_to_quantities(text)[0]
    assert len(clause_of(text, q)) <= CLAUSE_WINDOW + len(q.text) + len(" carers")
    assert clause_of(text, q).endswith("with 12 carers")


def test_a_year_range_with_the_unicode_minus_is_a_financial_year():
    o = [o for o in observe("In 2016\u221217 there were 24 adoptions.") if o.value == 24][0]
    assert (o.period_type, o.period_start, o.period_end) == ("financial_year", date(2016, 4, 1),
                                                             date(2017, 3, 31))
    assert all(o.value != 17 for o in observe("In 2016\u221217 there were 24 adoptions."))


def test_children_who_live_with_foster_families_are_fostered():
    assert one("In March 2021, 120 children lived with foster families.", 120)[0] == "cla_fostered"


def test_a_metric_that_only_sits_near_a_number_of_something_else_is_not_given():
    [o] = [o for o in observe("The Special Guardianship workshop was attended by 12 carers.")
           if o.value == 12]
    assert o.metric is None and o.flags.startswith("metric_unstated: sgo_granted")


def test_a_figure_that_states_its_metric_is_more_confident_than_one_near_it():
    def read(text):
        [o] = [o for o in observe(text) if o.value == 412]
        return o.metric, o.confidence
    stated = read("On 31 March 2021 there were 412 looked after children.")
    near = read("On 31 March 2021 the Council was looking after 412 children.")
    assert stated[0] == near[0] == "cla_count" and stated[1] > near[1]


def test_a_count_added_to_a_figure_given_elsewhere_is_not_the_metric_total():
    [o] = [o for o in observe("In addition, a further four Sefton approved families had final "
                              "Adoption Orders granted.") if o.value == 4]
    assert o.metric is None and o.flags.startswith("part: 'a further'")


def test_a_count_per_10000_people_is_a_rate():
    got = [(o.value, o.unit, o.metric) for o in observe(
        "At year end 2016-17 we had 75.0 children in care per 10,000 people aged under 18.")]
    assert got == [(75.0, "rate_per_10k", "cla_rate_per_10k")]


def test_ages_are_not_counts():
    assert observe("Rates per 10,000 under 18 population were higher.") == []
    assert [o.value for o in observe("There were 20 children aged 16 in care.")] == [20]


def test_earlier_values_of_a_national_series_are_national():
    got = {o.value: (o.value_kind, o.authority) for o in observe(
        "Official figures show there are now 78,150 children in care in England, up from 75,370 "
        "in 2018 and 60,900 in 2009.")}
    assert got == {v: ("benchmark", "England") for v in (78150, 75370, 60900)}
    mixed = {o.value: o.value_kind for o in observe(
        "Our rate was 15%, against a national average of 12%, compared with 14% last year.")}
    assert mixed == {15: "actual", 12: "benchmark", 14: "actual"}


def test_adoption_households_approved_are_adopters_approved():
    assert one("Sixty-four adoption households were approved during 2020/21.", 64)[0] == \
        "adopters_approved"


def test_wordings_seen_on_real_papers():
    t = ("At 31 January 2015, 322 children were being looked after by the local authority. "
         "259 live with foster families, of whom 7% live out of the authority area.")
    got = {o.value: o.metric for o in observe(t)}
    assert got[322] == "cla_count" and got[259] == "cla_fostered"
    got = {o.value: o.metric for o in observe(
        "There were 61 children admitted to care and 44 children discharged from care.")}
    assert got == {61: "cla_started", 44: "cla_ceased"}
    assert one("In March 2021, there were 364 children and young people in care.", 364)[0] == \
        "cla_count"
    [o] = observe("Gateshead is in the middle with a rate of 95 LAC per 10k of the child population.")
    assert (o.value, o.unit, o.metric) == (95, "rate_per_10k", "cla_rate_per_10k")


def test_a_count_and_its_rate_in_brackets_are_both_kept_for_their_period():
    from core.model import Block
    from extractors import prose
    text = ("At 31 January 2015, 322 children were being looked after by the local authority (a rate "
            "of 73 per 10,000 children). This is a slight increase from 320 (70 per 10,000 children) "
            "at 31 March 2014.")
    doc = Document(source_path="x", sha256="0", format="text", authority="Calderdale",
                   blocks=[Block(kind="paragraph", text=text, page=1)])
    got = {(o.value, o.metric, o.period_end) for o in prose.extract(doc).observations}
    jan, march = date(2015, 1, 31), date(2014, 3, 31)
    assert got == {(322, "cla_count", jan), (73, "cla_rate_per_10k", jan),
                   (320, "cla_count", march), (70, "cla_rate_per_10k", march)}


def test_bullets_under_a_lead_in_keep_its_period_and_subject():
    from core.model import Block
    from extractors import prose
    doc = Document(source_path="x", sha256="0", format="text", authority="Calderdale",
                   period_start=date(2015, 4, 1), period_end=date(2016, 3, 31), blocks=[
                       Block(kind="paragraph", text="At 31 March 2015, 400 children were looked "
                             "after. Of this number:", page=1),
                       Block(kind="list_item", text="- 300 were in foster care", page=1),
                       Block(kind="paragraph", text="Elsewhere 12 carers were approved.", page=1)])
    got = {o.value: (o.metric, o.period_end) for o in prose.extract(doc).observations}
    assert got[300] == ("cla_fostered", date(2015, 3, 31))
    assert got[12][1] is None or got[12][1] != date(2015, 3, 31)


@pytest.mark.parametrize("text, kept", [
    ("Children in care ........ 12", []),
    ("Indicator NI 62 measures placement stability for 45 children.", [45]),
    ("Performance on PI 12 was 45%.", [45]),
])
def test_indicator_codes_and_contents_page_numbers_are_not_figures(text, kept):
    assert [o.value for o in observe(text)] == kept


def test_a_flow_dated_to_a_day_or_a_month_keeps_its_metric_but_no_period():
    """'since April 2020' and 'currently' do not make a period a flow can be compared over."""
    for text, value in [("Since April 2020, 22 adopters have been approved.", 22),
                        ("Currently 13 adopters have been approved.", 13)]:
        got = [o for o in observe(text) if o.value == value]
        assert got and all(o.period_type == "other" and o.period_end is None for o in got), (text, got)
        assert any(o.flags and ("flow_period" in o.flags or "now_undated" in o.flags) for o in got)
    # a year's flow keeps its period
    assert one("In 2020/21, 22 adopters were approved.", 22)[1] == "financial_year"
