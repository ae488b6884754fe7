"""metric_values / metric_conflicts / derived rates on small hand-made warehouses (exact values).

`make_warehouse` is also used by the other analyst, report and export tests.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from warehouse.store import Writer, connect_read_only

SEFTON, SOUTHWARK, COVENTRY = "E08000014", "E09000028", "E08000026"
NAMES = {SEFTON: "Sefton", SOUTHWARK: "Southwark", COVENTRY: "Coventry"}


def doc(document_id, authority_code, period_end=None, meeting_date=None, title=None):
    return dict(document_id=document_id, sha256=document_id * 4, source_path=f"/papers/{document_id}.pdf",
                format="pdf", title=title or f"Report {document_id}", authority=NAMES.get(authority_code),
                authority_code=authority_code, doc_type="annual_report",
                period_start=None, period_end=period_end, meeting_date=meeting_date, pages=10,
                status="ok", extractor_version="test", ingested_at=datetime(2024, 1, 1),
                processed_at=datetime(2024, 1, 1), run_id="r1")


def obs(observation_id, document_id, authority_code, metric, value, period_end, *,
        extractor="table", confidence=0.8, unit="count", value_kind="actual", period_type="as_at",
        period_start=None, qualifier=None, page=3, evidence=None):
    return dict(observation_id=observation_id, document_id=document_id,
                authority=NAMES.get(authority_code), authority_code=authority_code, metric=metric,
                label_raw=metric, value_kind=value_kind, period_type=period_type,
                period_start=period_start if period_start is not None else
                (period_end if period_type == "as_at" else None),
                period_end=period_end, value=float(value), unit=unit, qualifier=qualifier,
                page=page, evidence=evidence or f"{metric} was {value}", extractor=extractor,
                confidence=confidence)


def population(code, year, value):
    return dict(source_file="pop.csv", geographic_level="Local authority", authority=NAMES[code],
                authority_code=code, old_la_code=None, year=year, population_0_17=float(value),
                suppressed=None, loaded_at=datetime(2024, 1, 1))


def official(code, metric, value, period_end, unit="count", period_type="as_at", level="Local authority"):
    return dict(source_file="cla.csv", measure="children looked after on 31 march each year",
                metric=metric, geographic_level=level, authority=NAMES.get(code, "England"),
                authority_code=code, old_la_code=None, time_period=period_end.year,
                period_type=period_type,
                period_start=period_end if period_type == "as_at" else date(period_end.year - 1, 4, 1),
                period_end=period_end, value=float(value), unit=unit, suppressed=None,
                rounded=level != "Local authority", loaded_at=datetime(2024, 1, 1))


def _insert(con, table, rows):
    if rows:
        frame = pd.DataFrame(rows)
        con.register("_f", frame)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _f")
        con.unregister("_f")


def make_warehouse(path, documents=(), observations=(), populations=(), officials=(),
                   authorities=True):
    """A warehouse through the real Writer (so migrations apply) holding exactly these rows."""
    with Writer(path) as w:
        _insert(w.con, "documents", list(documents))
        _insert(w.con, "staged_metric_observations", list(observations))   # published as Parquet
        _insert(w.con, "reference_population", list(populations))
        _insert(w.con, "reference_values", list(officials))
        if authorities:
            _insert(w.con, "authorities", [dict(gss_code=c, name=n) for c, n in NAMES.items()]
                    + [dict(gss_code="E92000001", name="England")])
    return path


def q(db, sql, params=()):
    con = connect_read_only(db)
    try:
        cur = con.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        con.close()


MAR18 = date(2018, 3, 31)


def test_own_period_report_beats_later_restatement(tmp_path):
    db = make_warehouse(tmp_path / "w.duckdb", documents=[
        doc("dA", SEFTON, period_end=MAR18), doc("dB", SEFTON, period_end=date(2019, 3, 31))],
        observations=[
            # the 2017-18 report, in prose with low confidence, still wins for 31 March 2018
            obs("dA-o1", "dA", SEFTON, "cla_count", 420, MAR18, extractor="prose", confidence=0.5),
            obs("dB-o1", "dB", SEFTON, "cla_count", 425, MAR18, extractor="table", confidence=0.9)])
    [v] = q(db, "SELECT * FROM metric_values")
    assert (v["value"], v["document_id"], v["n_sources"], v["has_conflict"]) == (420, "dA", 2, True)
    assert v["page"] == 3 and v["evidence"] == "cla_count was 420"
    conflicts = q(db, "SELECT value, is_preferred, reason FROM metric_conflicts ORDER BY value")
    assert [(c["value"], c["is_preferred"]) for c in conflicts] == [(420, True), (425, False)]
    assert conflicts[1]["reason"].startswith("later restatement")
    assert conflicts[0]["reason"].startswith("preferred: stated in the report for this period")


def test_table_beats_prose_then_confidence_then_newest(tmp_path):
    d1, d2 = date(2020, 3, 31), date(2021, 3, 31)
    db = make_warehouse(tmp_path / "w.duckdb", documents=[
        doc("dA", SEFTON, meeting_date=date(2020, 6, 1)), doc("dB", SEFTON, meeting_date=date(2020, 9, 1)),
        doc("dC", SEFTON, meeting_date=date(2021, 6, 1)), doc("dD", SEFTON, meeting_date=date(2021, 9, 1))],
        observations=[
            # table beats prose (even with higher confidence)
            obs("dA-o1", "dA", SEFTON, "foster_carer_approvals", 30, d1, extractor="prose",
                confidence=0.95, period_type="financial_year", period_start=date(2019, 4, 1)),
            obs("dB-o1", "dB", SEFTON, "foster_carer_approvals", 31, d1, extractor="table",
                confidence=0.6, period_type="financial_year", period_start=date(2019, 4, 1)),
            # higher confidence beats the newer document
            obs("dC-o1", "dC", SEFTON, "fostering_households_mainstream", 150, d2, confidence=0.9),
            obs("dD-o1", "dD", SEFTON, "fostering_households_mainstream", 151, d2, confidence=0.7),
            # all else equal, the newest document wins
            obs("dC-o2", "dC", SEFTON, "cla_count", 500, d2),
            obs("dD-o2", "dD", SEFTON, "cla_count", 505, d2)])
    got = {r["metric"]: r for r in q(db, "SELECT * FROM metric_values")}
    assert got["foster_carer_approvals"]["value"] == 31
    assert got["fostering_households_mainstream"]["value"] == 150
    assert got["cla_count"]["value"] == 505
    reasons = {(r["metric"], r["value"]): r["reason"] for r in q(db, "SELECT * FROM metric_conflicts")}
    assert reasons[("foster_carer_approvals", 30)].startswith("prose figure; a table says 31")
    assert reasons[("fostering_households_mainstream", 151)].startswith("lower extraction confidence")
    assert reasons[("cla_count", 500)].startswith("older document")


def test_exact_figure_beats_approximate_and_agreeing_sources_are_no_conflict(tmp_path):
    d = date(2022, 3, 31)
    db = make_warehouse(tmp_path / "w.duckdb", documents=[doc("dA", SEFTON), doc("dB", SEFTON)],
                        observations=[
                            obs("dA-o1", "dA", SEFTON, "cla_count", 600, d, qualifier="approx", confidence=0.9),
                            obs("dB-o1", "dB", SEFTON, "cla_count", 594, d, confidence=0.5),
                            obs("dA-o2", "dA", SOUTHWARK, "cla_count", 457, d),
                            obs("dB-o2", "dB", SOUTHWARK, "cla_count", 457, d)])
    got = {r["authority_code"]: r for r in q(db, "SELECT * FROM metric_values")}
    assert got[SEFTON]["value"] == 594 and got[SEFTON]["has_conflict"]
    assert got[SOUTHWARK]["value"] == 457 and got[SOUTHWARK]["n_sources"] == 2
    assert not got[SOUTHWARK]["has_conflict"]
    assert {r["authority_code"] for r in q(db, "SELECT * FROM metric_conflicts")} == {SEFTON}


def test_each_value_kind_and_period_is_its_own_key(tmp_path):
    d = date(2022, 3, 31)
    db = make_warehouse(tmp_path / "w.duckdb", documents=[doc("dA", SEFTON)], observations=[
        obs("dA-o1", "dA", SEFTON, "cla_count", 594, d),
        obs("dA-o2", "dA", SEFTON, "cla_count", 550, d, value_kind="target"),
        obs("dA-o3", "dA", SEFTON, "cla_count", 560, date(2022, 9, 30))])
    assert len(q(db, "SELECT * FROM metric_values")) == 3
    assert q(db, "SELECT * FROM metric_conflicts") == []


def test_derived_rate_per_10k_never_overwrites_a_stated_rate(tmp_path):
    oct23 = date(2023, 10, 2)
    db = make_warehouse(
        tmp_path / "w.duckdb", documents=[doc("dA", SEFTON, meeting_date=oct23)],
        observations=[obs("dA-o1", "dA", SEFTON, "cla_count", 620, oct23, extractor="prose"),
                      obs("dA-o2", "dA", SEFTON, "cla_rate_per_10k", 110, oct23, unit="rate_per_10k")],
        populations=[population(SEFTON, 2022, 53472), population(SEFTON, 2023, 54154)])
    rows = {r["value_kind"]: r for r in q(
        db, "SELECT * FROM metric_values WHERE metric = 'cla_rate_per_10k'")}
    assert rows["actual"]["value"] == 110                      # the stated rate is untouched
    # 2 Oct 2023 uses the latest mid-year estimate before it (mid-2023), as DfE does
    assert rows["derived"]["value"] == pytest.approx(round(620 * 10000 / 54154, 1))
    assert rows["derived"]["unit"] == "rate_per_10k" and rows["derived"]["document_id"] == "dA"
    assert "54154" in rows["derived"]["evidence"] and "620" in rows["derived"]["evidence"]
    assert not rows["derived"]["has_conflict"] and not rows["actual"]["has_conflict"]


def test_no_derived_rate_without_population(tmp_path):
    d = date(2023, 3, 31)
    db = make_warehouse(tmp_path / "w.duckdb", documents=[doc("dA", SEFTON)],
                        observations=[obs("dA-o1", "dA", SEFTON, "cla_count", 611, d)],
                        populations=[population(SOUTHWARK, 2022, 56620)])
    assert q(db, "SELECT * FROM metric_values WHERE value_kind = 'derived'") == []


def test_a_figure_about_a_body_with_no_code_is_not_its_papers_councils(tmp_path):
    # "the statistical neighbour average of 107.7": the body is named, it has no GSS code; it must
    # not fall back to the paper's council and compete as Sefton's figure.
    neighbours = obs("o2", "d1", None, "cla_rate_per_10k", 107.7, date(2021, 3, 31), extractor="prose")
    neighbours["authority"] = "statistical neighbours"
    db = make_warehouse(tmp_path / "w.duckdb", [doc("d1", SEFTON)],
                        [obs("o1", "d1", SEFTON, "cla_rate_per_10k", 85, date(2021, 3, 31),
                             extractor="prose"), neighbours])
    assert q(db, "SELECT authority_code, value FROM metric_values") == [
        {"authority_code": SEFTON, "value": 85.0}]
    assert q(db, "SELECT count(*) AS n FROM metric_observations") == [{"n": 2}]
