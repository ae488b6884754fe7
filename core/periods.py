"""Dates and periods as council papers write them -> `date` and `Period`.

Shared by the table, prose and structure extractors. Pure functions, no state.
  parse_date("31st March 2014")          -> date(2014, 3, 31)
  parse_period("2016/17")                -> Period('financial_year', 2016-04-01, 2017-03-31)
  parse_period("31/03/2017")             -> Period('as_at', 2017-03-31, 2017-03-31)
  parse_period("Oct 2017")               -> Period('month', 2017-10-01, 2017-10-31)
  parse_period("2017")                   -> Period('calendar_year', 2017-01-01, 2017-12-31)
  month_in_financial_year("Jan", 2017)   -> Period('month', 2018-01-01, 2018-01-31)
  parse_period("Q1 2019/20")             -> Period('quarter', 2019-04-01, 2019-06-30)
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

# Financial years start in April: Apr-Dec sit in the first calendar year, Jan-Mar in the second.
FY_START_MONTH = 4
# Two-digit years are read as 20xx; papers in scope are all this century.
CENTURY = 2000
MIN_YEAR, MAX_YEAR = 1990, 2100

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH_RE = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
            r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
DAYNAME_RE = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"

# "31st March 2014", "Tuesday 26th September, 2017", "1 April 2017"
DAY_MONTH_YEAR = re.compile(
    DAYNAME_RE + r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_RE + r"\.?,?\s+(\d{4})\b", re.I)
# "March 31, 2014", "March 31st 2014"
MONTH_DAY_YEAR = re.compile(MONTH_RE + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
# "31/03/2017", "31.03.17", "31-03-2017" (UK order: day first)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b")
# "2016/17", "2016-17", "2017 - 2018", "2022/3", "2017-2018", "2016–17", "2016−17" (the minus sign
# that typesetting and PDF export put for a hyphen)
FINANCIAL_YEAR = re.compile(r"\b((?:19|20)\d{2})\s*[/\-–—\u2212]\s*(\d{4}|\d{2}|\d)\b(?![/.\-]\d)")
# "FY2017/18" handled by the above; "Oct 2017", "October 2017", "Oct-17", "Oct 17"
MONTH_YEAR = re.compile(r"\b" + MONTH_RE + r"\.?[\s\-']+(\d{4}|\d{2})\b", re.I)
YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*$")
# "Q1 2019/20", "Quarter 2 2019-20", "2019/20 Q3", "Q4 2019" (a bare year: calendar quarters)
QUARTER = re.compile(r"\b(?:q|qtr\.?\s*|quarter\s*)([1-4])\b", re.I)


@dataclass(frozen=True)
class Period:
    period_type: str                        # 'as_at' | 'financial_year' | 'month' | 'calendar_year'
    start: date
    end: date
    label: str                              # the text it was read from


def _year(text: str) -> int:
    y = int(text)
    return y + CENTURY if y < 100 else y


def _safe_date(y: int, m: Optional[int], d: int) -> Optional[date]:
    if m is None or not (MIN_YEAR <= y <= MAX_YEAR):
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def month_number(name: str) -> Optional[int]:
    """'Apr', 'April', 'Sept' -> 4, 4, 9; None when not a month name."""
    return MONTHS.get(name.strip().rstrip(".").lower())


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def financial_year(start_year: int) -> Period:
    """The financial year starting 1 April `start_year`."""
    label = f"{start_year}/{(start_year + 1) % 100:02d}"
    return Period("financial_year", date(start_year, FY_START_MONTH, 1),
                  date(start_year + 1, FY_START_MONTH - 1, 31), label)


def financial_year_of(day: date) -> int:
    """Start year of the financial year holding `day`."""
    return day.year if day.month >= FY_START_MONTH else day.year - 1


def month_period(year: int, month: int, label: str = "") -> Period:
    return Period("month", date(year, month, 1), last_day(year, month),
                  label or f"{calendar.month_abbr[month]} {year}")


def month_in_financial_year(month_name: str, fy_start_year: int) -> Optional[Period]:
    """A bare month heading ('Apr', 'January') inside a financial year: Apr-Dec in the first
    calendar year, Jan-Mar in the second."""
    m = month_number(month_name)
    if m is None:
        return None
    year = fy_start_year if m >= FY_START_MONTH else fy_start_year + 1
    return month_period(year, m, month_name.strip())


def parse_date(text: str) -> Optional[date]:
    """The first full date in `text` (day, month and year), or None."""
    if not text:
        return None
    candidates = []
    for m in DAY_MONTH_YEAR.finditer(text):
        d = _safe_date(int(m.group(3)), month_number(m.group(2)), int(m.group(1)))
        if d:
            candidates.append((m.start(), d))
            break
    for m in MONTH_DAY_YEAR.finditer(text):
        d = _safe_date(int(m.group(3)), month_number(m.group(1)), int(m.group(2)))
        if d:
            candidates.append((m.start(), d))
            break
    for m in NUMERIC_DATE.finditer(text):
        d = _safe_date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            candidates.append((m.start(), d))
            break
    return min(candidates)[1] if candidates else None


def _financial_year(text: str) -> Optional[Period]:
    m = FINANCIAL_YEAR.search(text)
    if not m:
        return None
    first = int(m.group(1))
    second = m.group(2)
    # The second year may be written in full, as two digits or one ("2022/3").
    if len(second) == 4:
        expected = int(second)
    else:
        expected = first - first % 10 ** len(second) + int(second)
        if expected <= first:
            expected += 10 ** len(second)
    if expected != first + 1:
        return None
    return Period("financial_year", date(first, FY_START_MONTH, 1),
                  date(first + 1, FY_START_MONTH - 1, 31), m.group(0).strip())


def _quarter(text: str) -> Optional[Period]:
    """'Q1 2019/20' -> April-June 2019 (quarters of a financial year start in April);
    'Q1 2019' -> January-March 2019."""
    q = QUARTER.search(text)
    if not q:
        return None
    n = int(q.group(1))
    fy = _financial_year(text)
    if fy is not None:
        first_month = FY_START_MONTH + 3 * (n - 1)
        year = fy.start.year + (first_month - 1) // 12
        first_month = (first_month - 1) % 12 + 1
    else:
        y = re.search(r"\b((?:19|20)\d{2})\b", text)
        if not y:
            return None
        year, first_month = int(y.group(1)), 3 * (n - 1) + 1
    last_month = first_month + 2
    return Period("quarter", date(year, first_month, 1), last_day(year, last_month),
                  " ".join(text.split()))


def quarter_in_financial_year(text: str, fy_start_year: int) -> Optional[Period]:
    """A bare quarter heading ('Q1', 'Quarter 3') inside a financial year."""
    if not re.fullmatch(r"\s*(?:q|qtr\.?\s*|quarter\s*)[1-4]\s*", text or "", re.I):
        return None
    return _quarter(f"{text.strip()} {fy_start_year}/{(fy_start_year + 1) % 100:02d}")


def parse_period(text: str) -> Optional[Period]:
    """A header or phrase -> the period it names, or None.

    Order matters: a full date beats a financial year ("31/03/2017" is not "03/20"), and a
    financial year beats a month ("2016-17" is not "Oct 17")."""
    if not text or not text.strip():
        return None
    s = " ".join(text.split())
    d = parse_date(s)
    if d:
        return Period("as_at", d, d, s)
    q = _quarter(s)
    if q:
        return q
    fy = _financial_year(s)
    if fy:
        return fy
    m = MONTH_YEAR.search(s)
    if m:
        month = month_number(m.group(1))
        year = _year(m.group(2))
        if month and MIN_YEAR <= year <= MAX_YEAR:
            return month_period(year, month, m.group(0).strip())
    y = YEAR.match(s)
    if y:
        year = int(y.group(1))
        return Period("calendar_year", date(year, 1, 1), date(year, 12, 31), s)
    return None
