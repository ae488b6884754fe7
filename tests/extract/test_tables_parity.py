"""One paper, several renderings: the text, the ruled PDF and the borderless PDF of a report must
give the same table observations (issue 3: the reading of a table must not depend on its rules)."""
import pytest

SEFTON = "sefton-fostering-annual-report-2017-18"


def table_facts(res, with_labels=False):
    out = set()
    for o in res.observations:
        if o.extractor != "table":
            continue
        key = (o.metric, o.period_start, o.period_end, o.value, o.unit)
        if with_labels:
            key += (o.period_type, o.value_kind, o.checks, o.flags, o.label_raw)
        out.add(key)
    return out


@pytest.mark.parametrize("with_labels", [False, True])
def test_sefton_text_ruled_and_borderless_pdf_give_the_same_observations(processed, with_labels):
    text = table_facts(processed("text", SEFTON), with_labels)
    ruled = table_facts(processed("pdf", SEFTON), with_labels)
    borderless = table_facts(processed("pdf", SEFTON + ".borderless"), with_labels)
    assert len(text) >= 60
    assert ruled == text, (sorted(ruled - text, key=str), sorted(text - ruled, key=str))
    assert borderless == text, (sorted(borderless - text, key=str),
                                sorted(text - borderless, key=str))


@pytest.mark.parametrize("stem", ["southwark-fostering-annual-report-2016-17",
                                  "sefton-childrens-scrutiny-agenda-2017-09-26"])
def test_text_and_pdf_give_the_same_observations(processed, stem):
    text = table_facts(processed("text", stem))
    pdf = table_facts(processed("pdf", stem))
    assert text and pdf == text, (sorted(pdf - text, key=str), sorted(text - pdf, key=str))
