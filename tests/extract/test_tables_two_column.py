"""One paper as text and as a two-column brochure PDF must give the same figures (issue 11): the
brochure flows its text in two columns, sets its tables in the width of one column (year headers
wrap inside their narrow cells: '20' / '14' / '-1' / '5'), sets wider tables across the page, and
prints a running header and footer on every page; its tables are ruled, or borderless. It is
rendered here from the corpus text."""
from __future__ import annotations

import pytest

from tests.conftest import corpus_file, process_file

pytest.importorskip("reportlab")
from tests.render_brochure import brochure_pdf  # noqa: E402

PAPERS = {
    "sefton-fostering-annual-report-2017-18": ("Sefton Fostering Service Annual Report 2017-18",
                                               "www.sefton.gov.uk"),
    "southwark-fostering-annual-report-2016-17": ("Southwark Fostering Service Annual Report "
                                                  "2016-17", "www.southwark.gov.uk"),
}
RULINGS = {"ruled": True, "borderless": False}


def figures(result, from_tables: bool) -> set[tuple]:
    """(metric, period, value, unit) of the table figures, or of the prose figures that have a
    metric and a period (those that can reach metric_values)."""
    return {(o.metric, o.period_start, o.period_end, o.value, o.unit)
            for o in result.observations
            if (o.extractor == "table") == from_tables
            and (from_tables or (o.metric and o.period_start))}


@pytest.fixture(scope="module")
def renderings(tmp_path_factory):
    """stem -> (text result, {ruling: brochure result}); each paper rendered and read once."""
    folder = tmp_path_factory.mktemp("brochures")
    cache: dict[str, tuple] = {}

    def get(stem: str):
        if stem not in cache:
            text_path = corpus_file("text", stem)
            title, footer = PAPERS[stem]
            results = {}
            for ruling, ruled in RULINGS.items():
                pdf = folder / f"{stem}.{ruling}.pdf"
                pdf.write_bytes(brochure_pdf(text_path.read_text(encoding="utf-8"), title, footer,
                                             ruled=ruled))
                results[ruling] = process_file(pdf)
            cache[stem] = (process_file(text_path), results)
        return cache[stem]
    return get


def _diff(got: set, want: set) -> tuple[list, list]:
    return sorted(got - want, key=str), sorted(want - got, key=str)


@pytest.mark.parametrize("ruling", sorted(RULINGS))
@pytest.mark.parametrize("stem", sorted(PAPERS))
def test_two_column_brochure_gives_the_table_figures_of_the_text(renderings, stem, ruling):
    text, brochures = renderings(stem)
    want, got = figures(text, True), figures(brochures[ruling], True)
    assert len(want) >= 30
    assert got == want, _diff(got, want)


@pytest.mark.parametrize("ruling", sorted(RULINGS))
@pytest.mark.parametrize("stem", sorted(PAPERS))
def test_two_column_brochure_keeps_the_prose_figures_of_the_text(renderings, stem, ruling):
    text, brochures = renderings(stem)
    want, got = figures(text, False), figures(brochures[ruling], False)
    assert len(want) >= 10
    if ruling == "ruled":
        assert got == want, _diff(got, want)
    else:
        # Without rules, a contents list (title, page number) is no table and its lines are
        # read as text ('Looking ahead 2018/19 10'): nothing may be lost all the same.
        assert want <= got, _diff(got, want)


def test_the_brochure_is_laid_out_in_two_columns_with_year_headers_wrapped(renderings):
    """The rendering is what the tests above claim: its pages read as two columns, and no year
    of the text's tables ('2014-15') is printed unbroken, yet their figures are found."""
    import pdfplumber
    stem = "sefton-fostering-annual-report-2017-18"
    text, brochures = renderings(stem)
    doc = brochures["ruled"].document
    assert sum(p.n_columns == 2 for p in doc.pages) >= len(doc.pages) - 1
    assert "2014-15" in corpus_file("text", stem).read_text(encoding="utf-8")
    with pdfplumber.open(doc.source_path) as pdf:
        assert not any("2014-15" in (page.extract_text() or "") for page in pdf.pages)
    assert any(o.period_start and o.period_start.year == 2014 for o in brochures["ruled"].observations
               if o.extractor == "table")
