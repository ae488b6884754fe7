"""Adding a council's wording is one data edit: each cue list the extractors read from
core/lexicon/*.toml is copied to a temporary folder, given one new wording, and the extractor picks
it up, with no Python changed. (Without the edit the same sentence reads differently.)"""
from __future__ import annotations

import shutil
from datetime import date

import pytest

import core.lexicon as lexicon_module
from core.model import Block, Document, Table
from extractors import actions, tables
from extractors.actions import action_rules, text_to_status
from extractors.prose import Sentence, found_to_observation, is_figure, sentence_to_found
from extractors.prose_rules import prose_rules

DOC = Document(source_path="x", sha256="0", format="text", authority="Southwark",
               period_start=date(2020, 4, 1), period_end=date(2021, 3, 31))


def clear_caches():
    for cached in (lexicon_module.lexicon, prose_rules, action_rules):
        cached.cache_clear()


@pytest.fixture
def edit(tmp_path, monkeypatch):
    """edit(file, old, new): the lexicon folder copied, `old` replaced once by `new` in `file`."""
    folder = tmp_path / "lexicon"
    shutil.copytree(lexicon_module.LEXICON_DIR, folder)
    monkeypatch.setattr(lexicon_module, "LEXICON_DIR", folder)
    clear_caches()

    def apply(file: str, old: str, new: str) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        clear_caches()

    yield apply
    clear_caches()


def observe(text):
    from extractors.nlp import get_nlp
    found = sentence_to_found(text, get_nlp()(text), None, None, DOC.authority, [])
    return [found_to_observation(f, Sentence(text, 0, 1, None, "paragraph", 0), DOC)
            for f in found if is_figure(f)]


def reading(text, value):
    got = [o for o in observe(text) if o.value == value]
    return (got[0].metric, got[0].value_kind, got[0].authority) if got else None


# (file, old, new, sentence, value, reading before the edit, reading after it)
PROSE_CASES = {
    "national_adverbs": (
        '"across england"]', '"across england", "across the country"]',
        "Across the country, 57,000 children were in foster care.", 57000,
        ("cla_fostered", "actual", None), ("cla_fostered", "benchmark", "England")),
    "national_nouns": (
        '"england as a whole"]', '"england as a whole", "country-wide mean"]',
        "Our rate was 15%, against a country-wide mean of 12%.", 12,
        "actual", "benchmark"),
    "target_cues": (
        '"at least"]', '"at least", "striving to"]',
        "We are striving to recruit 25 new fostering households by March 2022.", 25,
        "actual", "target"),
    "forecast_cues": (
        '"estimated to"]', '"estimated to", "modelled"]',
        "The modelled number of children in care in March 2022 is 450.", 450,
        "actual", "forecast"),
}


@pytest.mark.parametrize("entry", sorted(PROSE_CASES))
def test_a_new_value_kind_cue_is_read_from_the_data(edit, entry):
    old, new, text, value, before, after = PROSE_CASES[entry]
    pick = (lambda r: r) if isinstance(before, tuple) else (lambda r: r and r[1])
    assert pick(reading(text, value)) == before
    edit("prose.toml", old, new)
    assert pick(reading(text, value)) == after


def test_a_new_approval_verb_names_its_flow(edit):
    text = "During 2020/21, 15 households were onboarded."
    assert reading(text, 15)[0] is None
    edit("prose.toml", '"approve" = "foster_carer_approvals"',
         '"approve" = "foster_carer_approvals"\n"onboarded" = "foster_carer_approvals"')
    assert reading(text, 15)[0] == "foster_carer_approvals"


def test_a_new_household_noun_counts_approvals(edit):
    text = "During 2020/21, 15 homes were approved."
    assert reading(text, 15)[0] is None
    edit("prose.toml", '"couples"]', '"couples", "homes"]')
    assert reading(text, 15)[0] == "foster_carer_approvals"


def test_a_new_connected_carer_wording_gives_connected_approvals(edit):
    text = "During 2020/21, 5 relative carers were approved."
    assert reading(text, 5)[0] == "foster_carer_approvals"
    edit("prose.toml", '"friends and family"]', '"friends and family", "relative"]')
    assert reading(text, 5)[0] == "connected_carer_approvals"


@pytest.mark.parametrize("entry, noun, text, value", [
    ("kind_nouns", "pathways", "There are 4 pathways to permanence for children.", 4),
    ("organisation_nouns", "trusts", "Across the region 12 trusts took part in the review.", 12),
    ("staff_nouns", "nurses", "Two nurses supported the carers this year.", 2),
])
def test_a_new_noun_that_is_not_a_figure_is_read_from_the_data(edit, entry, noun, text, value):
    assert reading(text, value) is not None
    last = {"kind_nouns": '"points"]', "organisation_nouns": '"charity"]',
            "staff_nouns": '"speakers"]'}[entry]
    edit("prose.toml", last, last[:-1] + f', "{noun}"]')
    assert reading(text, value) is None


def test_a_new_outcome_verb_makes_children_who_did_it_an_event(edit):
    text = "22 Cared for Children have transitioned to permanence via SGO."
    assert reading(text, 22)[0] == "cla_count"
    edit("prose.toml", "|placed for adoption)", "|placed for adoption|transitioned)")
    assert reading(text, 22)[0] == "sgo_granted"


def test_a_share_of_any_catalogue_wording_of_its_denominator_is_that_share():
    # the denominator is named by metric id; every wording of cla_count counts
    for wording in ("looked after children", "children we care for", "children in care"):
        text = f"In March 2021, 39.9% of all {wording} were placed with in-house foster carers."
        assert reading(text, 39.9)[0] == "cla_inhouse_foster_pct", wording


def test_a_new_share_lead_in_is_read_from_the_data(edit):
    text = "In March 2021, 39.9% among looked after children were with in-house foster carers."
    assert reading(text, 39.9)[0] == "fostered_inhouse_pct"
    edit("prose.toml", '"of the total number of"]', '"of the total number of", "among"]')
    assert reading(text, 39.9)[0] == "cla_inhouse_foster_pct"


def header_kind(header):
    t = Table(rows=[["Measure", header], ["Staying Put", "12"]], page=1, method="tsv", pages=[1],
              index=0)
    doc = Document(source_path="x", sha256="x", format="text",
                   blocks=[Block(kind="paragraph", text="Figures", page=1),
                           Block(kind="table", text="", page=1, table=t)])
    return [o.value_kind for o in tables.extract(doc).observations]


@pytest.mark.parametrize("entry, word, kind", [
    ("target_header", "ceiling", "target"), ("forecast_header", "modelled", "forecast"),
    ("benchmark_header", "peer group", "benchmark")])
def test_a_new_column_header_word_gives_its_value_kind(edit, entry, word, kind):
    header = f"{word.title()} 2021"
    assert header_kind(header) == ["actual"]
    last = {"target_header": '"goals"]', "forecast_header": '"estimates"]',
            "benchmark_header": '"average"]'}[entry]
    edit("tables.toml", last, last[:-1] + f', "{word}"]')
    assert header_kind(header) == [kind]


def resolutions_of(text):
    doc = Document(source_path="x", sha256="x", format="text",
                   blocks=[Block(kind="paragraph", text=text, page=1)])
    return [a for a in actions.extract(doc).actions if a.kind == "resolution"]


def test_a_new_resolution_word_starts_resolutions(edit):
    text = "DETERMINED: That the report be noted."
    assert resolutions_of(text) == []
    edit("actions.toml", 'phrases = ["resolved"]', 'phrases = ["resolved", "determined"]')
    assert [a.text for a in resolutions_of(text)] == ["the report be noted."]


def test_a_new_owner_verb_names_the_owner(edit):
    text = "RESOLVED: That the Head of Children's Services be tasked to report back in March 2022."
    assert resolutions_of(text)[0].owner is None
    edit("actions.toml", '"directed"]', '"directed", "tasked"]')
    assert resolutions_of(text)[0].owner == "Head of Children's Services"


def test_a_new_status_word_is_read_from_the_data(edit):
    assert text_to_status("Finished in June") is None
    edit("actions.toml", '"delivered"]', '"delivered", "finished"]')
    assert text_to_status("Finished in June") == "completed"


def test_a_new_plan_section_makes_its_to_items_commitments(edit):
    doc = Document(source_path="x", sha256="x", format="text", blocks=[
        Block(kind="list_item", text="To recruit ten more foster carers.", page=1,
              section="Forward look")])
    assert [a.kind for a in actions.extract(doc).actions] == []
    edit("actions.toml", '"what we will do"]', '"what we will do", "forward look"]')
    assert [a.kind for a in actions.extract(doc).actions] == ["commitment"]
