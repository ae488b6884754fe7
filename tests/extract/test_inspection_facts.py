"""Ofsted's "Children looked after in this area" template read by its sentence forms
(extractors/inspection_facts.py, core/lexicon/inspection.toml): the sentences below are written in
the template's form for made-up councils and figures, in the wordings Ofsted used."""
from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

import pytest

from core.lexicon import LexiconError
from core.model import Document, Observation
from extractors import inspection_facts
from extractors.inspection_facts import Reading, number_value, read_part
from extractors.read.text import read_text
from extractors.understand.structure import annotate
from pipeline.process import extract_document

HEAD = """Torbay Council

Inspection of services for children in need of help and protection, children looked after and care leavers

Inspection date: 9 March 2015 to 1 April 2015

Report published: 24 June 2015

Children's services in Torbay are inadequate.

Information about this local authority area

Children living in this area

Approximately 26,000 children and young people under the age of 18 years live in Torbay.

Child protection in this area

At 31 March 2015, 240 children are the subject of a child protection plan (a rate of 92 per 10,000 children).

"""

# One paragraph per lead-in, the bullets run together with semicolons (as some reports print it).
SIF_RUN_ON = HEAD + """Children looked after in this area

At 31 March 2015, 293 children are being looked after by the local authority (a rate of 112 per 10,000 children). This is an increase from 276 (106 per 10,000 children) at 31 March 2014. Of this number: 71 (or 24%) live outside the local authority area; 14 live in residential children's homes, of whom 57% live out of the authority area; 198 live with foster families, of whom 18% live out of the authority area; nine children are unaccompanied asylum seeking children.

In the last 12 months: there have been 17 adoptions; 13 children became subject of special guardianship orders; 122 children ceased to be looked after, of whom 8% subsequently returned to be looked after; 11 children and young people ceased to be looked after and moved on to independent living.

Other Ofsted inspections

The local authority operates two children's homes.
"""

# One bullet per line, a snapshot that is not a year end, other verbs and number words.
SIF_BULLETS = HEAD + """Children looked after in this area

• At 30 September 2015, 1,208 children and young people were being looked after by the local authority (a rate of 47.5 per 10,000 children). This is a reduction from 1,240 (49 per 10,000 children) at 31 March 2015.

• Of this number:

- 310 (or 25.7%) live outside the local authority area

- 1,012 live with foster families, of whom 21% live out of the authority area

- There are no unaccompanied asylum-seeking children.

• In the last 12 months:

- 42 children have been adopted

- twenty-one children became the subject of special guardianship orders

- a total of 388 children ceased to be looked after, of whom 5% subsequently returned to be looked after

- 30 children ceased to be looked after as a result of child arrangement orders

Other Ofsted inspections

The local authority operates three children's homes.
"""


# The lead sentence dated by the report itself ("At the time of the inspection") and the stock
# bullets under it; the head says when the report was published (24 June 2015).
SIF_AT_INSPECTION = HEAD + """Children looked after in this area

At the time of the inspection, 287 children are being looked after by the local authority (a rate of 108 per 10,000 children). This is an increase from 276 (106 per 10,000 children) at 31 March 2014. Of this number:

- 203 live with foster families, of whom 40% live out of the authority area

- one child is an unaccompanied asylum-seeking child.

In the last 12 months:

- there have been 19 adoptions

Other Ofsted inspections

The local authority operates two children's homes.
"""

# "As at <month>", bullets with no verb, and the counts of 'there have been:' left bare.
SIF_AS_AT_MONTH = HEAD + """Children looked after in this area

As at February 2015, 301 children were being looked after by the local authority (a rate of 113 per 10,000 children). This is a small increase from 276 (106 per 10,000 children) at 31 March 2014.

Of this number 88 (or 29%) were living outside the local authority area:

- 17 in residential children's homes, of whom 12% were living out of the authority area

- 214 with foster families, of whom 28% were living out of the authority area

- two children are unaccompanied asylum seekers.

In the last 12 months there have been:

- 23 adoptions

- 11 children who became subject of special guardianship orders

- 131 children who have ceased to be looked after, of whom 6% subsequently returned to be looked after

- 14 children and young people who have ceased to be looked after and moved on to independent living

Other Ofsted inspections

The local authority operates two children's homes.
"""


def understand(text: str) -> Document:
    data = text.encode()
    return annotate(read_text(data, "report.txt", hashlib.sha256(data).hexdigest()))


def figures(text: str) -> dict[tuple, float]:
    obs = inspection_facts.extract(understand(text)).observations
    return {(o.metric, o.period_type, o.period_start, o.period_end): o.value for o in obs}


def test_a_31_march_snapshot_dates_the_stocks_and_makes_the_last_12_months_its_financial_year():
    got = figures(SIF_RUN_ON)
    snap, fy = date(2015, 3, 31), (date(2014, 4, 1), date(2015, 3, 31))
    assert got == {
        ("cla_count", "as_at", snap, snap): 293, ("cla_rate_per_10k", "as_at", snap, snap): 112,
        ("cla_count", "as_at", date(2014, 3, 31), date(2014, 3, 31)): 276,
        ("cla_rate_per_10k", "as_at", date(2014, 3, 31), date(2014, 3, 31)): 106,
        ("cla_fostered", "as_at", snap, snap): 198, ("cla_uasc", "as_at", snap, snap): 9,
        ("children_adopted", "financial_year", *fy): 17, ("sgo_granted", "financial_year", *fy): 13,
        ("cla_ceased", "financial_year", *fy): 122}


def test_bullets_inherit_their_lead_in_and_a_mid_year_snapshot_leaves_the_flows_undated():
    obs = inspection_facts.extract(understand(SIF_BULLETS)).observations
    snap = date(2015, 9, 30)
    stocks = {(o.metric, o.period_end): o.value for o in obs if o.period_type == "as_at"}
    assert stocks == {("cla_count", snap): 1208, ("cla_rate_per_10k", snap): 47.5,
                      ("cla_count", date(2015, 3, 31)): 1240,
                      ("cla_rate_per_10k", date(2015, 3, 31)): 49,
                      ("cla_fostered", snap): 1012, ("cla_uasc", snap): 0}
    flows = {o.metric: o for o in obs if o.period_type != "as_at"}
    assert {m: o.value for m, o in flows.items()} == {
        "children_adopted": 42, "sgo_granted": 21, "cla_ceased": 388}
    # the metric is known, the twelve months are not: kept out of metric_values with the reason
    assert all(o.period_end is None and "twelve_months" in (o.flags or "") for o in flows.values())


def test_a_later_count_added_in_brackets_is_dated_to_its_month_and_undates_the_flows():
    reading = Reading()
    got = read_part("At 31 March 2014, 1,373 children are being looked after by the local authority "
                    "(a rate of 122 per 10,000 children, which is an increase from 1,302 (119 per "
                    "10,000 children) at 31 March 2013 (in June 2014, this had risen to 1,406 "
                    "children 128 per 10,000)", reading)
    assert {(f.metric, f.end): f.value for f in got} == {
        ("cla_count", date(2014, 3, 31)): 1373, ("cla_rate_per_10k", date(2014, 3, 31)): 122,
        ("cla_count", date(2013, 3, 31)): 1302, ("cla_rate_per_10k", date(2013, 3, 31)): 119,
        ("cla_count", date(2014, 6, 30)): 1406, ("cla_rate_per_10k", date(2014, 6, 30)): 128}
    assert reading.snapshot == date(2014, 3, 31)      # the bracketed month is not the snapshot
    # with a later day given, 'the last 12 months' may run to either: the flows keep no period
    got = read_part("In the last 12 months: there have been 63 adoptions", reading)
    assert [(f.metric, f.value, f.end) for f in got] == [("children_adopted", 63, None)]
    assert "later figure at 30 June 2014" in (got[0].flags or "")


@pytest.mark.parametrize("sentence, metric, value", [
    ("one child is an unaccompanied asylum-seeking child.", "cla_uasc", 1),
    ("Four children are unaccompanied asylum-seeking children.", "cla_uasc", 4),
    ("22 are unaccompanied asylum-seeking children (UASC).", "cla_uasc", 22),
    ("There are no unaccompanied asylum-seeking children.", "cla_uasc", 0),
    ("Of this number, 61 live with foster families, of whom 7% live out of the authority area",
     "cla_fostered", 61),
    ("405 children are placed in foster care", "cla_fostered", 405),
])
def test_snapshot_bullets_in_words_and_digits(sentence, metric, value):
    reading = Reading(snapshot=date(2016, 3, 31), frame="stock")
    got = read_part(sentence, reading)
    assert [(f.metric, f.value, f.end) for f in got] == [(metric, value, date(2016, 3, 31))]


@pytest.mark.parametrize("sentence, metric, value", [
    ("there have been 51 adoptions", "children_adopted", 51),
    ("nine children were adopted", "children_adopted", 9),
    ("24 children became subjects of special guardianship orders", "sgo_granted", 24),
    ("544 children have ceased to be looked after, of whom 6% subsequently returned", "cla_ceased", 544),
    ("In the last 12 months: 30 children were made subject to special guardianship orders",
     "sgo_granted", 30),
    ("there have been 18 special guardianship orders;", "sgo_granted", 18),
    ("27 adoption orders were granted", "children_adopted", 27),
    ("14 children left care through adoption", "children_adopted", 14),
    ("a total of 290 children left care", "cla_ceased", 290),
    ("315 children became looked after", "cla_started", 315),
])
def test_last_12_months_bullets(sentence, metric, value):
    reading = Reading(snapshot=date(2016, 3, 31), frame="flow")
    got = read_part(sentence, reading)
    assert [(f.metric, f.value, f.start, f.end) for f in got] == [
        (metric, value, date(2015, 4, 1), date(2016, 3, 31))]


@pytest.mark.parametrize("sentence, count, rate, day", [
    ("At 30 June 2014, 437 children are being looked after by the local authority (a rate of 66 per "
     "10,000 children), a reduction from 461 (70 per 10,000 children) at 31 March 2013.",
     461, 70, date(2013, 3, 31)),
    ("At 31 March 2016 there were 512 children in the care of the council (a rate of 58 per 10,000 "
     "children), compared with 498 (57 per 10,000 children) at 31 March 2015.",
     498, 57, date(2015, 3, 31)),
])
def test_the_earlier_count_in_other_wordings(sentence, count, rate, day):
    got = read_part(sentence, Reading())
    got_by_key = {(f.metric, f.end): f.value for f in got}
    assert got_by_key[("cla_count", day)] == count and got_by_key[("cla_rate_per_10k", day)] == rate
    assert len(got) == 4      # and the snapshot's own count and rate


@pytest.mark.parametrize("sentence", [
    # parts of the children who ceased to be looked after, not the total
    "58 children and young people have ceased to be looked after and moved on to independent living",
    "11 children ceased to be looked after as a result of child arrangement orders",
    # a comparison with statistical neighbours and England is not the council's figure
    "This is higher than statistical neighbours (64 per 10,000 children) and England (60 per "
    "10,000 children).",
    # a stock bullet under 'In the last 12 months' is not one of the template's forms there
    "40 live with foster families, of whom 10% live out of the authority area",
    # other children
    "12 children live in residential special schools, of whom all live out of the authority area",
    "16 children came into care as unaccompanied asylum-seeking children",
])
def test_sentences_outside_the_forms_yield_nothing(sentence):
    assert read_part(sentence, Reading(snapshot=date(2016, 3, 31), frame="flow")) == []


def test_template_wording_outside_the_section_is_left_to_prose():
    text = SIF_RUN_ON.replace(
        "Other Ofsted inspections",
        "The experiences and progress of children looked after\n\n"
        "At 31 March 2015, 300 children were being looked after by the local authority (a rate of "
        "115 per 10,000 children). There have been 20 adoptions.\n\nOther Ofsted inspections")
    got = figures(text)
    assert 300 not in got.values() and 115 not in got.values() and 20 not in got.values()
    # and the child protection plans, with the same '(a rate of ...)' above the section
    assert 240 not in got.values() and 92 not in got.values()


def test_each_figure_is_stored_once():
    result = extract_document(understand(SIF_RUN_ON), review=False)
    template = [o for o in result.observations if o.extractor == inspection_facts.EXTRACTOR]
    assert len(template) == 9
    read = {(o.block_index, o.value, o.unit) for o in template}
    twice = Counter((o.block_index, o.value, o.unit) for o in result.observations)
    assert all(twice[key] == 1 for key in read)


def test_numbers_in_words():
    assert [number_value(w) for w in ("1,373", "one", "twenty-one", "Ninety nine", "no", "12")] == \
        [1373, 1, 21, 99, 0, 12]
    assert number_value("several") is None


def test_every_form_loads_and_a_flow_metric_in_a_stock_form_is_refused():
    assert {f.role for f in inspection_facts.forms()} == set(inspection_facts.ROLES)
    with pytest.raises(LexiconError, match="not a stock metric"):
        inspection_facts._form("stock_adopted", (r"^(?P<n>{N}) adopted",), (), {"n": "children_adopted"})
    with pytest.raises(LexiconError, match="role"):
        inspection_facts._form("bullet_adopted", (r"^(?P<n>{N}) adopted",), (), {"n": "children_adopted"})


def test_at_the_time_of_the_inspection_is_the_day_the_report_speaks_as_at():
    obs = inspection_facts.extract(understand(SIF_AT_INSPECTION)).observations
    published, march = date(2015, 6, 24), date(2014, 3, 31)
    stocks = {(o.metric, o.period_end): o.value for o in obs if o.period_type == "as_at"}
    assert stocks == {("cla_count", published): 287, ("cla_rate_per_10k", published): 108,
                      ("cla_count", march): 276, ("cla_rate_per_10k", march): 106,
                      ("cla_fostered", published): 203, ("cla_uasc", published): 1}
    # the twelve months before an unstated day are no financial year: kept without a period
    flows = [o for o in obs if o.period_type != "as_at"]
    assert [(o.metric, o.value, o.period_end) for o in flows] == [("children_adopted", 19, None)]
    assert "at the time of the inspection" in (flows[0].flags or "")


def test_at_the_time_of_the_inspection_with_no_report_date_keeps_the_figures_undated():
    reading = Reading(now=None)
    got = read_part("At the time of the inspection, 287 children are being looked after by the local "
                    "authority (a rate of 108 per 10,000 children).", reading)
    got += read_part("203 live with foster families, of whom 40% live out of the authority area", reading)
    assert [(f.metric, f.value, f.end) for f in got] == [
        ("cla_count", 287, None), ("cla_rate_per_10k", 108, None), ("cla_fostered", 203, None)]
    assert all("no_snapshot" in (f.flags or "") for f in got)


def test_as_at_a_month_is_its_last_day_and_bare_bullets_are_read():
    obs = inspection_facts.extract(understand(SIF_AS_AT_MONTH)).observations
    snap = date(2015, 2, 28)
    stocks = {(o.metric, o.period_end): o.value for o in obs if o.period_type == "as_at"}
    assert stocks == {("cla_count", snap): 301, ("cla_rate_per_10k", snap): 113,
                      ("cla_count", date(2014, 3, 31)): 276,
                      ("cla_rate_per_10k", date(2014, 3, 31)): 106,
                      ("cla_fostered", snap): 214, ("cla_uasc", snap): 2}
    flows = {o.metric: o.value for o in obs if o.period_type != "as_at"}
    assert flows == {"children_adopted": 23, "sgo_granted": 11, "cla_ceased": 131}


@pytest.mark.parametrize("sentence, frame, metric, value", [
    ("96 with foster families, of whom 20% were living out of the authority area", "stock",
     "cla_fostered", 96),
    ("one child is an unaccompanied asylum seeker.", "stock", "cla_uasc", 1),
    ("40 adoptions", "flow", "children_adopted", 40),
    ("nine children who became the subject of special guardianship orders", "flow", "sgo_granted", 9),
    ("210 children who have ceased to be looked after, of whom 4% subsequently returned", "flow",
     "cla_ceased", 210),
])
def test_bullets_after_there_have_been_and_bullets_with_no_verb(sentence, frame, metric, value):
    got = read_part(sentence, Reading(snapshot=date(2016, 3, 31), frame=frame))
    assert [(f.metric, f.value) for f in got] == [(metric, value)]


@pytest.mark.parametrize("sentence", [
    "40 adoptions were disrupted before the order was made",
    "14 children and young people who have ceased to be looked after and moved on to independent living",
    "no children and young people who ceased to be looked after are now living in houses of "
    "multiple occupation.",
])
def test_relative_and_bare_variants_still_leave_the_parts_alone(sentence):
    assert read_part(sentence, Reading(snapshot=date(2016, 3, 31), frame="flow")) == []


def _obs(extractor, metric, value, year_end=2015):
    start, end = date(year_end - 1, 4, 1), date(year_end, 3, 31)
    return Observation(value=value, unit="count", label_raw="", evidence="", page=1,
                       extractor=extractor, metric=metric, value_kind="actual",
                       period_type="financial_year", period_start=start, period_end=end,
                       authority="Northdale")


def _periods(observations):
    return [(o.extractor, o.metric, o.value, o.period_end) for o in observations]


def test_a_year_the_report_states_otherwise_undates_the_whole_last_12_months():
    obs = [_obs("template", "children_adopted", 97), _obs("template", "sgo_granted", 52),
           _obs("template", "cla_ceased", 372),
           _obs("prose", "children_adopted", 92),            # 'in 2014-15, ... 92 were adopted'
           _obs("prose", "sgo_granted", 80, year_end=2014)]  # another year: no test of this one
    got = inspection_facts.undate_contradicted_twelve_months(obs)
    assert _periods(got) == [("template", "children_adopted", 97, None),
                             ("template", "sgo_granted", 52, None),
                             ("template", "cla_ceased", 372, None),
                             ("prose", "children_adopted", 92, date(2015, 3, 31)),
                             ("prose", "sgo_granted", 80, date(2014, 3, 31))]
    assert all("states other 2014-15 values" in (o.flags or "") for o in got[:3])


def test_an_agreeing_figure_confirms_the_year_despite_another_measure_filed_alike():
    obs = [_obs("template", "children_adopted", 11), _obs("template", "sgo_granted", 24),
           _obs("prose", "children_adopted", 11),     # 'Eleven children were adopted during 2014-15'
           _obs("prose", "sgo_granted", 22)]          # 'children leaving care on SGOs dropped to 22'
    got = inspection_facts.undate_contradicted_twelve_months(obs)
    assert all(o.period_end == date(2015, 3, 31) and not o.flags for o in got)


def test_a_doubtful_or_undated_figure_elsewhere_tests_nothing():
    doubtful = _obs("prose", "children_adopted", 92)
    doubtful.flags = "gate: the metric is only near the number"
    obs = [_obs("template", "children_adopted", 97), doubtful]
    assert inspection_facts.undate_contradicted_twelve_months(obs)[0].period_end == date(2015, 3, 31)


# Lead-ins that state their own period, found in reports of councils the rules were not written on
# (Ofsted reports of tune-split councils, read from the inspectors' published PDFs).
@pytest.mark.parametrize("lead_in, start, end, period_type", [
    ("In the 12 months to 31 March 2016:", date(2015, 4, 1), date(2016, 3, 31), "financial_year"),
    ("In the 12 months up to 31 March 2013 there have been:", date(2012, 4, 1), date(2013, 3, 31),
     "financial_year"),
    ("In the last 12 months (1 November 2016 to 31 October 2017):", date(2016, 11, 1),
     date(2017, 10, 31), "other"),
])
def test_a_lead_in_that_states_its_period_dates_its_flows_whatever_the_snapshot(
        lead_in, start, end, period_type):
    reading = Reading(snapshot=date(2016, 7, 31), frame="stock")     # a mid-year snapshot
    assert read_part(lead_in, reading) == []
    got = read_part("19 adoption orders were granted", reading)
    assert [(f.metric, f.value, f.start, f.end, f.period_type, f.flags) for f in got] == [
        ("children_adopted", 19, start, end, period_type, None)]


@pytest.mark.parametrize("lead_in", ["Since 1 April 2015:", "In the last 12 months (to 18 November):"])
def test_a_lead_in_with_one_end_of_its_period_keeps_its_flows_undated(lead_in):
    reading = Reading(snapshot=date(2016, 3, 31), frame="stock")    # would give 2015-16 otherwise
    read_part(lead_in, reading)
    got = read_part("12 children became subject to special guardianship orders", reading)
    assert [(f.metric, f.value, f.end) for f in got] == [("sgo_granted", 12, None)]
    assert "flow_period" in (got[0].flags or "")


def test_spaced_box_drawing_bullets_start_a_bullet_of_their_own_but_a_year_range_does_not():
    parts = inspection_facts.block_parts(
        "In the last 12 months: ─ there have been 27 adoptions ─ seven children became subject of "
        "special guardianship orders − 112 children ceased to be looked after. In 2015−16 it rose")
    assert parts == ["In the last 12 months:", "there have been 27 adoptions",
                     "seven children became subject of special guardianship orders",
                     "112 children ceased to be looked after.", "In 2015−16 it rose"]


@pytest.mark.parametrize("sentence, frame, expected", [
    ("At 28 February 2017, the local authority is looking after 604 children.", None,
     [("cla_count", 604, date(2017, 2, 28))]),
    ("At the time of inspection, at 19 June 2017, 760 children were being looked after by the "
     "local authority (a rate of 81.5 per 10,000 children).", None,
     [("cla_count", 760, date(2017, 6, 19)), ("cla_rate_per_10k", 81.5, date(2017, 6, 19))]),
    ("This is an increase from 549 at 31 March 2016.", None, [("cla_count", 549, date(2016, 3, 31))]),
    ("This is similar to 1,815 (64 per 10,000 children) at March 2015.", None,
     [("cla_count", 1815, date(2015, 3, 31)), ("cla_rate_per_10k", 64, date(2015, 3, 31))]),
    ("648 lived with foster families, of whom 40% lived out of the authority area", "stock",
     [("cla_fostered", 648, date(2016, 3, 31))]),
    ("185 ceased to be looked after, of whom 4% (8) subsequently returned to be looked after.",
     "flow", [("cla_ceased", 185, date(2016, 3, 31))]),
    ("41 children ceased to be in care, of whom one subsequently returned", "flow",
     [("cla_ceased", 41, date(2016, 3, 31))]),
])
def test_other_wordings_of_the_template(sentence, frame, expected):
    reading = Reading(snapshot=date(2016, 3, 31), frame=frame)
    assert [(f.metric, f.value, f.end) for f in read_part(sentence, reading)] == expected


@pytest.mark.parametrize("sentence", [
    "This is higher than 549 at 31 March 2016 in similar areas.",
    "185 ceased to be looked after and moved on to independent living",
])
def test_new_wordings_still_leave_comparisons_and_parts_alone(sentence):
    assert read_part(sentence, Reading(snapshot=date(2016, 3, 31), frame="flow")) == []


def test_a_spaced_dash_before_a_count_is_a_bullet_but_a_dash_before_words_is_not():
    parts = inspection_facts.block_parts(
        "752 (41%) live outside the local authority area - 177 live in residential children's "
        "homes – three live with parents – a small number live with relatives")
    assert parts == ["752 (41%) live outside the local authority area",
                     "177 live in residential children's homes",
                     "three live with parents – a small number live with relatives"]


def test_of_the_n_children_looked_after_at_a_day_is_a_snapshot_and_a_bracketed_share_is_skipped():
    reading = Reading()
    got = read_part("Of the 633 children looked after at 31 December 2013:", reading)
    got += read_part("455 (71.9%) were placed in foster care, of whom 235 (51.6%) were out of City", reading)
    got += read_part("4 (0.6%) were unaccompanied asylum seeking children", reading)
    got += read_part("332 (52.4%) were placed out of City", reading)
    day = date(2013, 12, 31)
    assert [(f.metric, f.value, f.end) for f in got] == [
        ("cla_count", 633, day), ("cla_fostered", 455, day), ("cla_uasc", 4, day)]


def test_hundreds_in_words_a_count_with_no_noun_and_a_period_of_months():
    assert number_value("two hundred and eighty-one") == 281
    assert number_value("Four hundred and ten") == 410
    reading = Reading()
    got = read_part("At 30 June 2016, 437 are being looked after by the local authority (a rate of "
                    "89.2 per 10,000 children).", reading)
    got += read_part("Four hundred and ten children live with foster families, of whom 61% live out "
                     "of the authority area.", reading)
    got += read_part("92 children are unaccompanied, asylum-seeking children.", reading)
    got += read_part("In the period April 2015 to March 2016:", reading)
    got += read_part("two hundred and eighty-one children ceased to be looked after, of whom 4% (12) "
                     "subsequently returned to be looked after", reading)
    day, fy = date(2016, 6, 30), (date(2015, 4, 1), date(2016, 3, 31))
    assert [(f.metric, f.value, f.start, f.end) for f in got] == [
        ("cla_count", 437, day, day), ("cla_rate_per_10k", 89.2, day, day),
        ("cla_fostered", 410, day, day), ("cla_uasc", 92, day, day), ("cla_ceased", 281, *fy)]


@pytest.mark.parametrize("sentence, count, day", [
    ("This is a reduction from 266 children (42.3 per 10,000 children) at 31 October 2013.",
     266, date(2013, 10, 31)),
    ("This is a reduction from 200 (42 per 10,000 children) at March 31 2017.", 200, date(2017, 3, 31)),
    ("This is a reduction from 1,340 at the end of March 2014.", 1340, date(2014, 3, 31)),
    ("This is lower than the 353 children at 31 March 2016.", 353, date(2016, 3, 31)),
])
def test_the_earlier_count_named_as_children_at_a_month_end_or_in_american_date_order(sentence, count, day):
    got = read_part(sentence, Reading())
    assert ("cla_count", count, day) in [(f.metric, f.value, f.end) for f in got]


def test_family_and_friends_carers_are_the_connected_count_in_brackets_or_in_a_bullet_of_their_own():
    day = date(2015, 3, 31)
    reading = Reading(snapshot=day, frame="stock")
    got = read_part("418 live with foster families (including 58 with family and friends), of whom "
                    "46.9% live out of the authority area.", reading)
    got += read_part("91 live in kinship placements, of whom 11% live out of the authority area", reading)
    got += read_part("12 children are placed with connected persons foster carers", reading)
    got += read_part("481 live in other foster placements, of whom 19.1% live out of the area", reading)
    assert [(f.metric, f.value, f.end) for f in got] == [
        ("cla_fostered", 418, day), ("cla_fostered_connected", 58, day),
        ("cla_fostered_connected", 91, day), ("cla_fostered_connected", 12, day)]


def test_a_lead_in_to_a_month_is_the_twelve_months_to_its_end_and_to_the_inspection_is_undated():
    reading = Reading(snapshot=date(2016, 12, 31), frame="stock")
    got = read_part("In the last 12 months to December 2016: five children have been adopted", reading)
    assert [(f.value, f.start, f.end, f.period_type) for f in got] == [
        (5, date(2016, 1, 1), date(2016, 12, 31), "calendar_year")]
    # a 31 March snapshot does not make twelve months to the inspection a financial year
    reading = Reading(snapshot=date(2016, 3, 31), frame="stock")
    got = read_part("In the last 12 months to the inspection start date:", reading)
    got += read_part("there have been 42 adoptions", reading)
    assert [(f.value, f.end, f.period_type) for f in got] == [(42, None, "other")]
    assert "does not state" in (got[0].flags or "")


@pytest.mark.parametrize("sentence, frame, metric, value", [
    ("10 children are unaccompanied and seeking asylum.", "stock", "cla_uasc", 10),
    ("there are no children who are unaccompanied asylum-seeking children", "stock", "cla_uasc", 0),
    ("two children looked after and four care leavers are unaccompanied asylum-seeking children.",
     "stock", "cla_uasc", 2),
    ("14 children previously looked after became the subject of special guardianship orders", "flow",
     "sgo_granted", 14),
    ("189 children ceased to be looked after of whom 12 (6.3%) returned to live with their parents;",
     "flow", "cla_ceased", 189),
])
def test_other_wordings_of_the_bullets(sentence, frame, metric, value):
    got = read_part(sentence, Reading(snapshot=date(2016, 3, 31), frame=frame))
    assert [(f.metric, f.value) for f in got] == [(metric, value)]


@pytest.mark.parametrize("sentence", [
    "there are no children who are unaccompanied asylum-seeking children placed out of the area",
    "12 children ceased to be looked after and moved on to independent living, of whom two returned",
])
def test_the_new_wordings_leave_parts_alone(sentence):
    assert read_part(sentence, Reading(snapshot=date(2016, 3, 31), frame="flow")) == []
    assert read_part(sentence, Reading(snapshot=date(2016, 3, 31), frame="stock")) == []
