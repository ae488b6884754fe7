"""`council-etl reference load`: the DfE/ONS files, their quirks, idempotence, and survival across runs."""
from __future__ import annotations

import textwrap
from datetime import date

from cli.main import main as cli
from tests.warehouse.test_analyst_values import q
from warehouse.official import normalise_measure, parse_number

BOM = "\ufeff"


def test_quirks_parsed():
    assert normalise_measure("Children looked after at 31 March each year") == \
        normalise_measure("Children looked after on 31 March  each year")
    assert parse_number("1,234") == (1234.0, None)
    for code in ("c", "k", "x", "z", "low"):
        assert parse_number(code) == (None, code)
    assert parse_number("") == (None, None)


def test_synthetic_file_with_bom_old_measure_name_and_suppression(tmp_path, capsys):
    src = tmp_path / "dfe"
    src.mkdir()
    (src / "cla_old_release.csv").write_text(BOM + textwrap.dedent("""\
        time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,population_type,population_estimate,children_count,rate_per_10000
        2019,Reporting year,National,E92000001,England,,,,,,Children looked after at 31 March each year,11900000,78150,65
        2019,Reporting year,Local authority,E92000001,England,E12000002,North West,343,Sefton,E08000014,Children looked after at 31 March each year,52000,555,107
        2019,Reporting year,Local authority,E92000001,England,E13000001,Inner London,201,City of London,E09000001,Children looked after at 31 March each year,847,c,c
        2019,Reporting year,Local authority,E92000001,England,E12000002,North West,343,Sefton,E08000014,Children starting to be looked after each year,52000,180,35
        """), encoding="utf-8")
    (src / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert cli(["reference", "load", str(src), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "loaded cla_old_release.csv (cla)" in out and "skipped notes.csv" in out
    rows = {(r["authority"], r["metric"]): r for r in q(db, "SELECT * FROM reference_values")}
    sefton = rows[("Sefton", "cla_count")]
    assert (sefton["value"], sefton["period_end"], sefton["period_type"]) == (555, date(2019, 3, 31), "as_at")
    assert sefton["measure"] == "children looked after on 31 march each year"
    assert rows[("Sefton", "cla_rate_per_10k")]["value"] == 107
    started = rows[("Sefton", "cla_started")]
    assert (started["period_start"], started["period_end"]) == (date(2018, 4, 1), date(2019, 3, 31))
    city = rows[("City of London", "cla_count")]
    assert city["value"] is None and city["suppressed"] == "c"
    assert rows[("England", "cla_count")]["rounded"] and not sefton["rounded"]
    # loading again replaces rather than duplicates
    assert cli(["reference", "load", str(src), "--db", str(db)]) == 0
    assert q(db, "SELECT count(*) AS n FROM reference_values")[0]["n"] == len(rows)


def test_real_dfe_files(reference_dir, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert cli(["reference", "load", str(reference_dir), "--db", str(db)]) == 0
    sefton = q(db, """SELECT value FROM reference_values WHERE authority_code = 'E08000014'
                      AND metric = 'cla_count' AND period_end = DATE '2023-03-31'""")
    assert sefton == [{"value": 611.0}]
    pop = q(db, "SELECT population_0_17 FROM reference_population WHERE authority_code = 'E08000014' "
                "AND year = 2022")
    assert pop == [{"population_0_17": 53472.0}]
    suppressed = q(db, "SELECT DISTINCT suppressed FROM reference_values WHERE suppressed IS NOT NULL")
    assert {r["suppressed"] for r in suppressed} <= {"c", "k", "x", "z", "low"}
    nbrs = q(db, "SELECT * FROM statistical_neighbours WHERE authority_code = 'E08000014' ORDER BY rank")
    assert len(nbrs) == 10 and nbrs[0]["neighbour_old_la_code"] == "344"
    assert all(n["neighbour_code"] for n in nbrs) and nbrs[0]["closeness"] == "Very Close"
    southwark = q(db, "SELECT count(*) AS n FROM statistical_neighbours WHERE old_la_code = '210'")
    assert southwark[0]["n"] == 10
    assert q(db, "SELECT count(*) AS n FROM reference_la_lookup")[0]["n"] > 300
    stability = q(db, """SELECT value FROM reference_values WHERE authority_code = 'E08000014'
                         AND metric = 'placement_stability_3plus_pct' AND time_period = 2023""")
    assert stability == [{"value": 8.0}]


def test_reference_data_survives_a_run(reference_dir, corpus_dir, tmp_path):
    from core.model import InputItem
    from pipeline.config import Settings
    from pipeline.runner import run_items
    db = tmp_path / "w.duckdb"
    assert cli(["reference", "load", str(reference_dir), "--db", str(db)]) == 0
    before = q(db, "SELECT count(*) AS n FROM reference_values")[0]["n"]
    paper = corpus_dir / "text" / "coventry-cabinet-member-fostering-annual-report-2017-18.txt"
    run_items([InputItem(path=str(paper), source_key=str(paper))], Settings(db=db), trigger="test")
    assert q(db, "SELECT count(*) AS n FROM reference_values")[0]["n"] == before
    assert q(db, "SELECT count(*) AS n FROM documents")[0]["n"] == 1
