"""compare view and `council-etl compare`, reconciliation with official figures (hand-made rows)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from cli.main import main as cli
from tests.warehouse.test_analyst_values import (
    COVENTRY,
    SEFTON,
    SOUTHWARK,
    doc,
    make_warehouse,
    obs,
    official,
    population,
    q,
)

MAR23, OCT23 = date(2023, 3, 31), date(2023, 10, 2)


def build_sample(path):
    """Three councils, one conflict, Sefton's 620 at 2 Oct 2023 and official figures."""
    return make_warehouse(
        path,
        documents=[doc("dS", SEFTON, meeting_date=OCT23, title="Sufficiency Statement"),
                   doc("dW", SOUTHWARK, period_end=MAR23), doc("dC", COVENTRY, period_end=MAR23)],
        observations=[
            obs("dS-o1", "dS", SEFTON, "cla_count", 620, OCT23, extractor="prose", page=4,
                evidence="There are currently 620 Cared for Children as of 2nd October 2023."),
            obs("dW-o1", "dW", SOUTHWARK, "cla_count", 421, MAR23, page=7),
            obs("dW-o2", "dW", SOUTHWARK, "cla_count", 425, MAR23, extractor="prose", page=8),
            obs("dC-o1", "dC", COVENTRY, "cla_count", 725, MAR23, page=2)],
        populations=[population(SEFTON, 2023, 54154)],
        officials=[official(SEFTON, "cla_count", 611, MAR23), official(SEFTON, "cla_count", 581, date(2024, 3, 31)),
                   official(SOUTHWARK, "cla_count", 421, MAR23), official(COVENTRY, "cla_count", 725, MAR23),
                   official(SEFTON, "cla_rate_per_10k", 114, MAR23, unit="rate_per_10k"),
                   official("E92000001", "cla_count", 83750, MAR23, level="National")])


@pytest.fixture
def db(tmp_path):
    return build_sample(tmp_path / "w.duckdb")


def test_reconciliation_marks_a_near_date_as_different_not_a_conflict(db):
    rows = q(db, "SELECT * FROM metric_reconciliation WHERE authority_code = ? AND metric = 'cla_count'",
             [SEFTON])
    [r] = rows
    # 2 Oct 2023 is nearer 31 Mar 2024 in days, but the official figure in force then is 31 Mar 2023
    assert (r["extracted_date"], r["extracted_value"]) == (OCT23, 620)
    assert (r["official_date"], r["official_value"]) == (MAR23, 611)
    assert r["difference"] == 9 and r["same_date"] is False and r["days_apart"] == 185
    assert r["document_id"] == "dS" and r["page"] == 4 and "620" in r["evidence"]
    assert q(db, "SELECT * FROM metric_conflicts WHERE authority_code = ?", [SEFTON]) == []


def test_reconciliation_same_date_and_derived_rate(db):
    rows = {(r["authority_code"], r["metric"], r["value_kind"]): r
            for r in q(db, "SELECT * FROM metric_reconciliation")}
    assert rows[(SOUTHWARK, "cla_count", "actual")]["same_date"] is True
    assert rows[(SOUTHWARK, "cla_count", "actual")]["difference"] == 0
    derived = rows[(SEFTON, "cla_rate_per_10k", "derived")]
    assert derived["official_value"] == 114 and derived["same_date"] is False


def test_compare_view_side_by_side_with_provenance(db):
    rows = q(db, "SELECT * FROM compare WHERE metric = 'cla_count' AND source = 'report' "
                 "ORDER BY authority")
    assert [(r["authority"], r["value"]) for r in rows] == [
        ("Coventry", 725), ("Sefton", 620), ("Southwark", 421)]
    assert all(r["document_id"] and r["page"] and r["evidence"] for r in rows)
    southwark = rows[2]
    assert southwark["has_conflict"] and southwark["n_sources"] == 2


def test_compare_command_json_order_and_england(db, capsys):
    assert cli(["compare", "--metric", "cla_count", "--authorities", "Sefton,Southwark,Coventry",
                "--england", "--db", str(db), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    mar23 = [(r["authority"], r["source"]) for r in rows if r["period_end"] == "2023-03-31"]
    # requested order, report before official, England last
    assert mar23 == [("Sefton", "official"), ("Southwark", "report"), ("Southwark", "official"),
                     ("Coventry", "report"), ("Coventry", "official"), ("England", "official")]
    sefton = [r for r in rows if r["authority"] == "Sefton" and r["source"] == "report"]
    assert sefton[0]["value"] == 620 and sefton[0]["page"] == 4
    assert sefton[0]["document_title"] == "Sufficiency Statement"


def test_compare_command_csv_and_gss_codes(db, capsys):
    assert cli(["compare", "--metric", "cla_count", "--authorities", f"{COVENTRY}",
                "--no-official", "--db", str(db), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("metric,period_type,period_start,period_end")
    assert len(lines) == 2 and ",Coventry,E08000026,725.0," in lines[1]


def test_compare_command_errors_say_what_to_do(db, capsys):
    assert cli(["compare", "--metric", "cla_cont", "--authorities", "Sefton", "--db", str(db)]) == 2
    assert "did you mean cla_count" in capsys.readouterr().err
    assert cli(["compare", "--metric", "cla_count", "--authorities", "Atlantis", "--db", str(db)]) == 2
    assert "unknown authority 'Atlantis'" in capsys.readouterr().err
    assert cli(["compare", "--metric", "cla_count", "--authorities", "Sefton", "--neighbours",
                "--db", str(db)]) == 2
    assert "reference load" in capsys.readouterr().err
