"""A block with many figures is read in linear time: the 'a further N' check asks the metrics
the caller has kept as it went, never walks the block's earlier figures for each number."""
from datetime import date

from core.model import Block, Document
from extractors import prose
from extractors.nlp import get_nlp
from extractors.prose import sentence_to_found

MARCH_21 = date(2021, 3, 31)


class Unwalkable(list):
    """The block's earlier figures, which the reader may look back into (bounded, from the end)
    but must not walk from the start for each number."""

    def __iter__(self):
        raise AssertionError("the block's earlier figures were walked in full")


def test_a_further_check_does_not_walk_the_blocks_earlier_figures():
    text = "• a further 3 placement orders were granted after appeal;"
    earlier = Unwalkable([])
    found = sentence_to_found(text, get_nlp()(text), None, None, "Kirklees", earlier,
                              "list_item", given_metrics={"placement_orders_granted"})
    [f] = [f for f in found if f.q.value == 3]
    assert f.metric is None and f.flags.startswith("part: 'a further'")


def test_a_further_result_is_kept_when_the_given_metrics_do_not_have_it():
    text = "• a further 19 placement orders were granted;"
    found = sentence_to_found(text, get_nlp()(text), None, None, "Kirklees", Unwalkable([]),
                              "list_item", given_metrics={"adoption_placements"})
    [f] = [f for f in found if f.q.value == 19]
    assert f.metric == "placement_orders_granted"


def test_a_long_list_of_many_numbers_keeps_the_first_result_and_parts_after_it():
    items = ["• 14 placement orders were granted by the court;"] + \
        [f"• a further {n} placement orders were granted after appeal;" for n in range(100, 500)]
    doc = Document(source_path="x", sha256="0", format="text", authority="Kirklees",
                   authority_code="E08000034", period_start=date(2020, 4, 1), period_end=MARCH_21,
                   blocks=[Block("paragraph", "The service's results in 2020-21:", 1)] +
                   [Block("list_item", t, 1) for t in items])
    obs = prose.extract(doc).observations
    first = [o for o in obs if o.value == 14]
    assert first and first[0].metric == "placement_orders_granted"
    parts = [o for o in obs if o.value >= 100]
    assert len(parts) == 400
    assert all(o.metric is None and (o.flags or "").startswith("part: 'a further'") for o in parts)
