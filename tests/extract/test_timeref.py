"""Time phrases in a sentence and the figure each belongs to."""
from datetime import date

from extractors import timeref
from extractors.numbers import text_to_quantities

FY17 = timeref.reporting_to_period(date(2017, 4, 1), date(2018, 3, 31))


def periods(text, stock=True, frame=None):
    qs = text_to_quantities(text)
    ms = timeref.text_to_mentions(text)
    spans = [(q.start, q.end) for q in qs]
    out = {}
    for q in qs:
        m = timeref.choose_mention(text, q.start, q.end, ms, spans) or frame
        p = timeref.resolve(m, FY17, stock)
        out[q.value] = (p.period_type, p.start, p.end) if p else None
    return out


def test_snapshots_and_comparisons():
    got = periods("On 31st March 2015 there were 19 young people in Staying Put, while on "
                  "31st March 2016 the number had risen to 40.")
    assert got[19] == ("as_at", date(2015, 3, 31), date(2015, 3, 31))
    assert got[40] == ("as_at", date(2016, 3, 31), date(2016, 3, 31))
    got = periods("260 children were placed with our carers compared with 223 at the end of March 2017.")
    assert got[260] is None            # the phrase belongs to the compared figure
    assert got[223] == ("as_at", date(2017, 3, 31), date(2017, 3, 31))


def test_financial_years_and_relative_phrases():
    got = periods("450 attendances in 2016-2017 over 49 courses", stock=False)
    assert got[450] == ("financial_year", date(2016, 4, 1), date(2017, 3, 31))
    got = periods("There have been 566 training attendances this year.", stock=False)
    assert got[566] == ("financial_year", date(2017, 4, 1), date(2018, 3, 31))
    got = periods("35 placements compared to 24 last year", stock=False)
    assert got[24] == ("financial_year", date(2016, 4, 1), date(2017, 3, 31))
    got = periods("In 2022/3 there were 12 approvals", stock=False)
    assert got[12] == ("financial_year", date(2022, 4, 1), date(2023, 3, 31))


def test_frame_opens_the_paragraph():
    text = "At the end of March 2018, there were 651 looked after children."
    ms = timeref.text_to_mentions(text)
    frame = timeref.frame_of(text, ms, [(q.start, q.end) for q in text_to_quantities(text)])
    assert timeref.resolve(frame, FY17, True).end == date(2018, 3, 31)


def test_this_past_year_and_an_aside_before_the_time_phrase():
    from extractors import timeref
    ms = timeref.text_to_mentions("12 were approved this past year")
    assert ms and ms[0].relative == timeref.CURRENT
    t = "28 SHOBPA (should be placed) decisions were made in 2016/17."
    m = timeref.choose_mention(t, 0, 2, timeref.text_to_mentions(t))
    assert m is not None and m.period.end.year == 2017
