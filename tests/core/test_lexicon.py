"""The wording lexicon (core/lexicon/*.toml): every file loads, every metric id is in the catalogue,
and a broken entry is refused with a message naming the file and the entry."""
from pathlib import Path

import pytest

from core.catalogue import load_catalogue
from core.lexicon import LexiconError, all_lexicons, load_lexicon


def test_every_lexicon_file_loads_and_names_only_catalogue_metrics():
    ids = {m.id for m in load_catalogue()}
    for lex in all_lexicons():
        for entry in lex.entries.values():
            named = {*entry.metrics.values(), *entry.denominators, *entry.denominators.values()}
            assert named <= ids, (lex.name, entry.name, named - ids)
            assert entry.description


def test_the_extractors_lexicons_are_present():
    names = {lex.name for lex in all_lexicons()}
    assert {"prose", "tables", "actions"} <= names


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cues.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_phrase_list_matches_on_word_boundaries_case_insensitively(tmp_path):
    lex = load_lexicon(write(tmp_path, '[national]\ndescription = "x"\nphrases = ["in england", "nationally"]\n'))
    m = lex.matcher("national")
    assert m.search("The rate In  England was 65")
    assert not m.search("in englandshire")


@pytest.mark.parametrize("text, says", [
    ('[a]\nphrases = ["x"]\n', "description"),
    ('[a]\ndescription = "d"\n', "phrases, patterns or metrics"),
    ('[a]\ndescription = "d"\npatterns = ["(unclosed"]\n', "does not compile"),
    ('[a]\ndescription = "d"\nmetrics = { "children" = "no_such_metric" }\n', "not in the catalogue"),
    ('[a]\ndescription = "d"\nphrase = ["typo"]\n', "unknown key"),
    ('[a]\ndescription = "d"\ndenominators = { "cla_count" = "no_such_share" }\n', "not in the catalogue"),
])
def test_a_broken_entry_is_refused_naming_file_and_entry(tmp_path, text, says):
    with pytest.raises(LexiconError, match=says) as e:
        load_lexicon(write(tmp_path, text))
    assert "cues.toml [a]" in str(e.value)
