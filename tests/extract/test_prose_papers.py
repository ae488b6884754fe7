"""More figures from the prose of each corpus paper (at least five per report), read from the papers."""
from datetime import date

import pytest


def find(r, metric, value, end=None, kind=None):
    return [o for o in r.observations if o.extractor == "prose" and o.metric == metric
            and o.value == value and (end is None or o.period_end == end)
            and (kind is None or o.period_type == kind)]


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_southwark_households_and_enquiries(processed, kind):
    r = processed(kind, "southwark-fostering-annual-report-2016-17")
    fy = date(2017, 3, 31)
    # "On 31/03/2017 there were 203 Fostering Households (including Connected Persons ...)"
    assert find(r, "fostering_households", 203, fy, "as_at")
    # "In 2016- 17 Southwark Recruitment Hub received 216 enquiries"
    e = find(r, "fostering_enquiries", 216, fy, "financial_year")
    assert e and e[0].period_start == date(2016, 4, 1)
    # "In 2016/17 there were three complaints made by foster carers"
    assert find(r, "complaints_fostering", 3, fy, "financial_year")
    # "Approval was of 8 new full time fostering households": approvals, not the stock
    assert find(r, "foster_carer_approvals", 8)
    assert not find(r, "fostering_households", 8)
    assert find(r, "staying_put_count", 46, fy, "as_at")


def test_sefton_fostering_more(processed):
    r = processed("text", "sefton-fostering-annual-report-2017-18")
    fy, prev = date(2018, 3, 31), date(2017, 3, 31)
    assert find(r, "viability_assessments", 124, fy, "financial_year")
    assert find(r, "viability_assessments", 115, prev, "financial_year")   # "115 the previous financial year"
    assert find(r, "sgo_granted", 19, fy, "financial_year")
    assert find(r, "reg24_placements", 24, prev)                           # "compared to 24 last year"
    assert find(r, "fostering_households_connected", 66, fy, "as_at")
    assert find(r, "foster_carer_training_courses", 55, fy)
    assert find(r, "foster_carer_training_courses", 49, prev)


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_coventry_more(processed, kind):
    r = processed(kind, "coventry-cabinet-member-fostering-annual-report-2017-18")
    assert find(r, "cla_fostered_ifa", 223, date(2018, 3, 31))
    assert find(r, "foster_places_approved", 287, date(2018, 3, 31), "as_at")
    assert find(r, "cla_inhouse_foster_pct", 39.9, date(2018, 3, 31))
    assert find(r, "cla_fostered", 483, date(2018, 3, 31), "as_at")
    assert find(r, "cla_count", 651, date(2018, 3, 31), "as_at")


def test_sufficiency_statement(processed):
    r = processed("text", "sefton-cared-for-children-sufficiency-statement-2023-09")
    assert find(r, "cla_count", 620, date(2023, 10, 2), "as_at")
    assert [o for o in r.observations if o.extractor == "prose" and o.metric == "cla_residential_pct"
            and o.value == 15]
    # "Around 15% ... in residential care" and 620: at least five mapped prose figures
    assert len([o for o in r.observations if o.extractor == "prose" and o.metric]) >= 5


def test_unmapped_figures_are_kept_with_low_confidence(processed):
    r = processed("text", "sefton-fostering-annual-report-2017-18")
    couples = [o for o in r.observations if o.extractor == "prose" and o.value == 73]
    households = find(r, "fostering_households_mainstream", 89)
    assert couples and couples[0].metric is None
    assert couples[0].confidence < households[0].confidence


@pytest.mark.parametrize("stem", ["federal-register-2020-17221", "cupertino_usd_4-6-16"])
def test_peer_papers_yield_few_prose_figures(processed, stem):
    """Not council papers: addresses, citations, model numbers and footnotes are not figures."""
    r = processed("peer", stem)
    prose = [o for o in r.observations if o.extractor == "prose"]
    for o in prose:
        assert o.value not in (737, 14, 83, 2251, 20590, 1860, 2200), o.evidence
