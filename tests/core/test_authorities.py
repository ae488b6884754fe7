"""Reference table of authorities and matching council names in text."""
from __future__ import annotations

import pytest

from core.authorities import CSV_PATH, build_rows, find_authorities, load_authorities, match_authority


@pytest.mark.parametrize("text, name, code", [
    ("Sefton M.B.C", "Sefton", "E08000014"),
    ("Sefton Metropolitan Borough Council", "Sefton", "E08000014"),
    ("Southwark Council", "Southwark", "E09000028"),
    ("London Borough of Southwark", "Southwark", "E09000028"),
    ("Coventry City Council", "Coventry", "E08000026"),
    ("Bristol, City of", "Bristol, City of", "E06000023"),
    ("Bristol City Council", "Bristol, City of", "E06000023"),
    ("St Helens Council", "St. Helens", "E08000013"),
    ("Brighton & Hove City Council", "Brighton and Hove", "E06000043"),
    ("Cardiff Council", "Cardiff", "W06000015"),
    # Councils outside the corpus, in the forms their papers use.
    ("Leeds City Council", "Leeds", "E08000035"),
    ("London Borough of Hackney", "Hackney", "E09000012"),
    ("Cornwall Council", "Cornwall", "E06000052"),
    ("Rhondda Cynon Taf County Borough Council", "Rhondda Cynon Taf", "W06000016"),
    ("Rhondda Cynon Taff Council", "Rhondda Cynon Taf", "W06000016"),
    ("Blackburn with Darwen Borough Council", "Blackburn with Darwen", "E06000008"),
    ("Newcastle City Council", "Newcastle upon Tyne", "E08000021"),
    ("Newcastle-under-Lyme Borough Council", "Newcastle-under-Lyme", "E07000195"),
    ("Southend-on-Sea City Council", "Southend-on-Sea", "E06000033"),
    ("City of Bradford Metropolitan District Council", "Bradford", "E08000032"),
    ("Royal Borough of Kensington and Chelsea", "Kensington and Chelsea", "E09000020"),
    # Welsh councils in Welsh.
    ("Cyngor Gwynedd", "Gwynedd", "W06000002"),
    ("Cyngor Bwrdeistref Sirol Conwy", "Conwy", "W06000003"),
    ("Cyngor Sir y Fflint", "Flintshire", "W06000005"),
    ("Cyngor Caerdydd", "Cardiff", "W06000015"),
    ("Cyngor Bwrdeistref Sirol Pen-y-bont ar Ogwr", "Bridgend", "W06000013"),
])
def test_council_name_forms_match(text, name, code):
    a = match_authority(text)
    assert a is not None and (a.name, a.gss_code) == (name, code)


def test_table_has_la_numbers_regions_and_country():
    rows = {a.gss_code: a for a in load_authorities()}
    assert rows["E08000014"].old_la_code == "343"
    assert rows["E09000028"].old_la_code == "210" and rows["E09000028"].region == "London"
    assert rows["E08000026"].old_la_code == "331"
    assert rows["E92000001"].name == "England"
    assert rows["E12000002"].name == "North West"


def test_welsh_council_names_are_qualified_mentions():
    text = "Adroddiad Blynyddol gan Cyngor Gwynedd i'r Pwyllgor."
    assert [text[s:e] for s, e, _ in find_authorities(text)] == ["Cyngor Gwynedd"]


def test_find_authorities_spans_and_ambiguous_words():
    text = "Unlike England, Sefton M.B.C and London Borough of Southwark; reading the report."
    found = find_authorities(text)
    assert [text[s:e] for s, e, _ in found] == ["England", "Sefton M.B.C", "London Borough of Southwark"]
    assert match_authority("the rest of the report, reading it") is None


def test_csv_regenerates_from_dfe_files(reference_dir):
    rows = build_rows(reference_dir)
    committed = CSV_PATH.read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(committed) - 1


def test_a_court_case_named_after_a_council_is_not_that_council():
    found = [a.name for _, _, a in find_authorities(
        "Since the Southwark Judgement in 2009, Hertfordshire has had 1180 children in care.")]
    assert found == ["Hertfordshire"]
