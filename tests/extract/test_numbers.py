"""Numbers as written -> Quantity; and what is never a figure."""
from extractors.numbers import text_to_quantities, word_value


def values(text):
    return [(q.value, q.unit, q.qualifier) for q in text_to_quantities(text) if not q.in_range]


def test_digits_words_percent_money_rates():
    assert values("there were 1,651 looked after children") == [(1651, "count", None)]
    assert values("The total number this year was eight.") == [(8, "count", None)]
    assert values("equates to 53.8% and 81 per cent") == [(53.8, "percent", None), (81, "percent", None)]
    assert values("costs of £157,133, £6.7m and £3m") == [
        (157133, "gbp", None), (6700000, "gbp", None), (3000000, "gbp", None)]
    assert values("84 per 10,000 and 110 per 10000 CYP") == [
        (84, "rate_per_10k", None), (110, "rate_per_10k", None)]
    assert values("an average of 1.6 placements per household") == [(1.6, "ratio", None)]


def test_qualifiers():
    assert values("approximately 40 carers") == [(40, "count", "approx")]
    assert values("over 300 responses") == [(300, "count", "more_than")]
    assert values("almost 30 enquiries") == [(30, "count", "less_than")]
    # "over" after a noun means "across": no qualifier
    assert values("566 training attendances over 55 courses") == [
        (566, "count", None), (55, "count", None)]


def test_ranges_are_never_averaged():
    qs = text_to_quantities("between 115 and 122 children")
    assert all(q.in_range for q in qs) and {q.value for q in qs} == {115, 122}


def test_not_figures():
    for text in ("There were 35 Regulation 24 placements", "see Page 70", "Call 0151 934 4444",
                 "the Children and Social Work Act 2017", "young people aged 16-17",
                 "on 31st March 2017", "in 2016/17", "1. Continuing work", "at 10.30 am",
                 "took over 21 working days"):
        got = [q.text for q in text_to_quantities(text) if q.value not in (35,)]
        assert got == [], (text, got)


def test_ages_decades_and_score_lists_are_not_figures():
    from extractors.numbers import text_to_quantities
    for text in ("The median age of a foster care household is 55.",
                 "the median age of newly approved foster carers (48) is lower",
                 "support continues after they are 18",
                 "into their teens or early 20's",
                 "3 children met the threshold with scores of 54, 110 and 119 days",
                 "a sibling group of more than 2 children"):
        values = [q.value for q in text_to_quantities(text)]
        assert values in ([], [3.0]), (text, values)


def test_at_most_the_cap_and_the_first_in_reading_order():
    from extractors.numbers import MAX_NUMBERS_PER_TEXT
    line = " ".join(str(100 + i) for i in range(MAX_NUMBERS_PER_TEXT * 3))
    found = text_to_quantities(line)
    assert len(found) == MAX_NUMBERS_PER_TEXT
    assert [q.value for q in found[:3]] == [100, 101, 102]


def test_no_figure_starts_inside_a_run_of_digits():
    # A malformed thousands group is not read from its middle ("234,567%" out of "1234,567%").
    assert values("rate of 1234,567% recorded") == []
    assert values("rates of 12%,15% and 20%") == [(12, "percent", None), (15, "percent", None),
                                                 (20, "percent", None)]


def test_web_addresses_mask_their_digits_as_a_whole_word():
    assert values("see www.example.gov.uk/2018/report-35.pdf for 12 cases") == [(12, "count", None)]
    assert values("email team12@council.gov.uk: 40 carers") == [(40, "count", None)]


def test_average_durations_read_with_a_bounded_look_back():
    assert values("an average of 120 days") == [(120, "days", None)]
    assert values("the average " + "x " * 200 + "took 120 days") == []


def test_a_number_word_before_per_cent_is_a_percentage():
    found = [(q.value, q.unit) for q in text_to_quantities("Ten per cent of carers; twenty-five percent of panels")]
    assert found == [(10.0, "percent"), (25.0, "percent")]


def test_a_duration_said_of_an_average_as_its_subject_is_a_figure_in_days():
    qs = text_to_quantities("The average time between a placement order and a match was 212 days "
                            "in 2019-20.")
    assert [(q.value, q.unit) for q in qs if q.unit == "days"] == [(212.0, "days")]


def test_a_duration_without_an_average_is_still_no_figure():
    assert not [q for q in text_to_quantities("The assessment took 212 days.") if q.unit == "days"]


def test_hundreds_in_words_are_one_number_not_their_last_two_words():
    # Read alone, "fifty-five" would be a wrong value (55), not a missing one.
    got = [(q.value, q.unit) for q in text_to_quantities(
        "One hundred and fifty-five children were looked after; two hundred carers.")]
    assert (155, "count") in got and (200, "count") in got
    assert all(v != 55 for v, _ in got)


def test_word_value_refuses_words_that_are_not_numbers():
    assert word_value("twenty-five") == 25
    assert word_value("one hundred and five") == 105
    assert word_value("twenty apples") is None
    assert word_value("no", extra={"no": 0}) == 0
