"""A comparator group ('our statistical neighbours', 'the comparator authority average') is a body
of its own, keyed by the council whose paper names it (`<council code>-SN`): it reaches
metric_values as a benchmark, never as the council's own figure, and gets no derived rate."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from core.authorities import comparator_group, group_body, is_group_code
from core.model import Document, ExtractionResult, InputItem, Observation
from tests.warehouse.test_analyst_values import (
    COVENTRY,
    SEFTON,
    doc,
    make_warehouse,
    population,
    q,
)
from tests.warehouse.test_preferred_values_kept import assert_stored_rows_are_the_rule
from warehouse.compare import compare_rows, resolve_authority
from warehouse.load import comparator_key, load_result, result_to_rows
from warehouse.report import _default_authorities
from warehouse.store import Writer, connect_read_only

MARCH_2023 = date(2023, 3, 31)
WEST_SUSSEX = "E10000032"


def figure(document_id, n, authority, code, value, *, metric="cla_rate_per_10k",
           kind="benchmark", unit="rate_per_10k"):
    return dict(observation_id=f"{document_id}-o{n}", document_id=document_id, authority=authority,
                authority_code=code, metric=metric, label_raw=authority, value_kind=kind,
                period_type="as_at", period_start=MARCH_2023, period_end=MARCH_2023,
                value=float(value), unit=unit, page=2, evidence=f"{authority} | {value}",
                extractor="table", confidence=0.8)


def keyed(row: dict, council: str, code: str) -> dict:
    """The row as load.result_to_rows stores it for a paper of that council."""
    return {**row, **comparator_key(row, council, code)}


def groups_warehouse(path: Path, populations=()) -> Path:
    """Sefton's paper: its own rate, its statistical neighbours' and England's; Coventry's paper:
    its statistical neighbours' rate only, and a count of its comparator authorities."""
    rows = [figure("dS", 1, "Sefton", SEFTON, 70, kind="actual"),
            keyed(figure("dS", 2, "Statistical Neighbours", None, 65), "Sefton", SEFTON),
            figure("dS", 3, "England", "E92000001", 71),
            keyed(figure("dC", 1, "statistical neighbours", None, 80), "Coventry", COVENTRY),
            keyed(figure("dC", 2, "comparator authorities", None, 500, metric="cla_count",
                         unit="count"), "Coventry", COVENTRY)]
    return make_warehouse(path, documents=[doc("dS", SEFTON, MARCH_2023),
                                           doc("dC", COVENTRY, MARCH_2023)],
                          observations=rows, populations=populations)


def test_group_names_are_read_as_one_kind_each():
    assert comparator_group("Statistical Neighbours").suffix == "SN"
    assert comparator_group("SN average").suffix == "SN"
    assert comparator_group("similar local authorities").suffix == "SN"
    assert comparator_group("the comparator authority average").suffix == "CA"
    assert comparator_group("neighbouring authorities").suffix == "NA"
    # not a group of the council: a place, nothing at all, or two kinds at once
    assert comparator_group("North West comparators") is None
    assert comparator_group("England") is None
    assert comparator_group("Average") is None
    assert comparator_group("statistical neighbours and comparator authorities") is None
    assert group_body(comparator_group("Statistical Neighbours"), "West Sussex", WEST_SUSSEX) == \
        ("West Sussex statistical neighbours", "E10000032-SN")
    assert is_group_code("E10000032-SN") and not is_group_code(WEST_SUSSEX)


def test_a_group_benchmark_is_keyed_by_the_papers_council_only_when_it_is_known():
    row = figure("d1", 1, "Statistical Neighbours", None, 46.4)
    assert comparator_key(row, "West Sussex", WEST_SUSSEX) == {
        "authority": "West Sussex statistical neighbours", "authority_code": "E10000032-SN"}
    assert comparator_key(row, None, None) == {}                      # no council: unkeyed
    assert comparator_key({**row, "value_kind": "actual"}, "West Sussex", WEST_SUSSEX) == {}
    assert comparator_key({**row, "authority": "Hampshire", "authority_code": "E10000014"},
                          "West Sussex", WEST_SUSSEX) == {}           # a named council is itself
    assert comparator_key({**row, "authority": "benchmark"}, "West Sussex", WEST_SUSSEX) == {}


def test_loading_a_paper_keys_its_group_rows_with_the_council_known_after_provenance():
    document = Document(source_path="/p/ws.pdf", sha256="ab" * 32, format="pdf",
                        authority="West Sussex", authority_code=WEST_SUSSEX)
    result = ExtractionResult(document=document, observations=[
        Observation(value=46.4, unit="rate_per_10k", label_raw="Statistical Neighbours",
                    evidence="Statistical Neighbours | 46.40", page=1, extractor="table",
                    metric="cla_rate_per_10k", value_kind="benchmark", period_type="as_at",
                    authority="Statistical Neighbours"),
        Observation(value=49.0, unit="rate_per_10k", label_raw="West Sussex",
                    evidence="West Sussex | 49.0", page=1, extractor="table",
                    metric="cla_rate_per_10k", authority="West Sussex",
                    authority_code=WEST_SUSSEX)])
    rows = result_to_rows(result, "d1")["metric_observations"]
    assert [(r["authority"], r["authority_code"], r["value_kind"]) for r in rows] == [
        ("West Sussex statistical neighbours", "E10000032-SN", "benchmark"),
        ("West Sussex", WEST_SUSSEX, "actual")]


def test_load_result_publishes_a_group_under_its_own_key(tmp_path):
    db = tmp_path / "w.duckdb"
    document = Document(source_path="/p/ws.pdf", sha256="cd" * 32, format="pdf",
                        authority="West Sussex", authority_code=WEST_SUSSEX)
    result = ExtractionResult(document=document, observations=[Observation(
        value=46.4, unit="rate_per_10k", label_raw="Statistical Neighbours",
        evidence="Statistical Neighbours | 46.40", page=1, extractor="table",
        metric="cla_rate_per_10k", value_kind="benchmark", period_type="as_at",
        period_start=MARCH_2023, period_end=MARCH_2023, authority="Statistical Neighbours")])
    with Writer(db) as w:
        load_result(w.con, result, InputItem(path="/p/ws.pdf", source_key="/p/ws.pdf"),
                    run_id="r1", extractor_version="t", raw_path=None, n_bytes=1,
                    now=datetime(2024, 1, 1))
    [v] = q(db, "SELECT authority, authority_code, value_kind, value FROM metric_values")
    assert v == dict(authority="West Sussex statistical neighbours", authority_code="E10000032-SN",
                     value_kind="benchmark", value=46.4)
    assert q(db, "SELECT part FROM parquet_files WHERE table_name = 'metric_observations'") == [
        dict(part="E10000032-SN")]


def test_each_councils_group_is_its_own_body_beside_the_council(tmp_path):
    db = groups_warehouse(tmp_path / "w.duckdb")
    rows = q(db, "SELECT authority_code, authority, metric, value_kind, value, has_conflict "
                 "FROM metric_values ORDER BY authority_code, metric")
    assert [(r["authority_code"], r["value_kind"], r["value"]) for r in rows] == [
        ("E08000014", "actual", 70), ("E08000014-SN", "benchmark", 65),
        ("E08000026-CA", "benchmark", 500), ("E08000026-SN", "benchmark", 80),
        ("E92000001", "benchmark", 71)]
    assert not any(r["has_conflict"] for r in rows)
    assert {r["authority"] for r in rows if is_group_code(r["authority_code"])} == {
        "Sefton statistical neighbours", "Coventry statistical neighbours",
        "Coventry comparator authorities"}
    # an analyst selects a council and its groups by the code's prefix
    assert len(q(db, f"SELECT * FROM metric_values WHERE authority_code LIKE '{SEFTON}%'")) == 2
    assert q(db, "SELECT count(*) AS n FROM metric_conflicts")[0]["n"] == 0
    assert_stored_rows_are_the_rule(db)


def test_a_groups_count_gets_no_derived_rate_from_the_councils_population(tmp_path):
    db = groups_warehouse(tmp_path / "w.duckdb",
                          populations=[population(COVENTRY, 2022, 60000),
                                       population(SEFTON, 2022, 55000)])
    derived = q(db, "SELECT authority_code FROM metric_values WHERE value_kind = 'derived'")
    assert derived == []          # the only count is the comparator authorities' benchmark
    assert_stored_rows_are_the_rule(db)


def test_compare_and_report_never_show_a_group_as_the_council(tmp_path):
    db = groups_warehouse(tmp_path / "w.duckdb")
    con = connect_read_only(db)
    try:
        _, rows = compare_rows(con, "cla_rate_per_10k", ["Sefton"], official=False,
                               value_kinds=("actual", "derived", "benchmark"),
                               columns=("authority_code", "value"))
        assert rows == [(SEFTON, 70.0)]
        # asked for by its key, the group is there, under its own name
        assert resolve_authority(con, "E08000014-SN") == ("Sefton statistical neighbours",
                                                          "E08000014-SN")
        _, rows = compare_rows(con, "cla_rate_per_10k", ["E08000014-SN"], official=False,
                               value_kinds=("benchmark",), columns=("authority", "value"))
        assert rows == [("Sefton statistical neighbours", 65.0)]
        assert [code for _, code in _default_authorities(con)] == [SEFTON]   # Coventry: groups only
    finally:
        con.close()


def test_the_eval_keys_a_gold_group_figure_as_the_warehouse_keys_it():
    from tools.eval import Doc, gold_figures
    figures = [dict(authority=body, metric="cla_rate_per_10k", value=46.4, value_kind="benchmark",
                    period_type="as_at", period_end="2016-03-31")
               for body in ("Statistical neighbours", "comparator authorities", "England", None)]
    paper = Doc(slug="ws", file="ws.pdf", council="West Sussex", gss_code=WEST_SUSSEX,
                doc_kind="performance_scorecard", split="tune", gold={"figures": figures})
    assert [g["key"][0] for g in gold_figures(paper)] == [
        "E10000032-SN", "E10000032-CA", "E92000001", WEST_SUSSEX]
