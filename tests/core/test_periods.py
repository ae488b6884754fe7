"""Period parsing: the forms council papers use for dates, financial years and months."""
from datetime import date

import pytest

from core.periods import Period, financial_year, month_in_financial_year, parse_date, parse_period


@pytest.mark.parametrize("text,expected", [
    ("31st March 2014", date(2014, 3, 31)),
    ("31/03/2017", date(2017, 3, 31)),
    ("26 September 2017", date(2017, 9, 26)),
    ("Tuesday 26th September, 2017", date(2017, 9, 26)),
    ("as at 1 Sept 2017", date(2017, 9, 1)),
    ("March 31, 2018", date(2018, 3, 31)),
    ("31.03.18", date(2018, 3, 31)),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "Page 70", "2016/17", "Oct 2017", "31/02/2017", "n/a"])
def test_parse_date_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text,start", [
    ("2016/17", 2016), ("2016-17", 2016), ("2017 - 2018", 2017), ("2022/3", 2022),
    ("2017-2018", 2017), ("2014-15", 2014), ("2019/20", 2019), ("2099/00", 2099),
    ("Total 2015/16", 2015),
])
def test_financial_years(text, start):
    p = parse_period(text)
    assert p.period_type == "financial_year"
    assert (p.start, p.end) == (date(start, 4, 1), date(start + 1, 3, 31))


def test_not_financial_year_when_years_not_consecutive():
    assert parse_period("2016/18") is None or parse_period("2016/18").period_type != "financial_year"


def test_snapshot_and_month_and_year():
    assert parse_period("31st March 2014") == Period("as_at", date(2014, 3, 31), date(2014, 3, 31),
                                                     "31st March 2014")
    p = parse_period("Oct 2017")
    assert (p.period_type, p.start, p.end) == ("month", date(2017, 10, 1), date(2017, 10, 31))
    p = parse_period("February 2016")
    assert (p.period_type, p.end) == ("month", date(2016, 2, 29))
    p = parse_period("2017")
    assert (p.period_type, p.start, p.end) == ("calendar_year", date(2017, 1, 1), date(2017, 12, 31))
    assert parse_period("Total") is None
    assert parse_period("Page 70") is None


def test_financial_year_helpers():
    fy = financial_year(2017)
    assert (fy.start, fy.end, fy.label) == (date(2017, 4, 1), date(2018, 3, 31), "2017/18")
    apr = month_in_financial_year("Apr", 2017)
    jan = month_in_financial_year("January", 2017)
    assert (apr.start, apr.end) == (date(2017, 4, 1), date(2017, 4, 30))
    assert (jan.start, jan.end) == (date(2018, 1, 1), date(2018, 1, 31))
    assert month_in_financial_year("Total", 2017) is None


@pytest.mark.parametrize("text,start,end", [
    ("Q1 2019/20", date(2019, 4, 1), date(2019, 6, 30)),
    ("Q4 2019/20", date(2020, 1, 1), date(2020, 3, 31)),
    ("Quarter 3 2019-20", date(2019, 10, 1), date(2019, 12, 31)),
    ("2020/21 Q2", date(2020, 7, 1), date(2020, 9, 30)),
    ("Q1 2019", date(2019, 1, 1), date(2019, 3, 31)),
])
def test_quarters(text, start, end):
    p = parse_period(text)
    assert (p.period_type, p.start, p.end) == ("quarter", start, end)


def test_bare_quarter_in_financial_year():
    from core.periods import quarter_in_financial_year
    p = quarter_in_financial_year("Q2", 2019)
    assert (p.start, p.end) == (date(2019, 7, 1), date(2019, 9, 30))
    assert quarter_in_financial_year("Total", 2019) is None
