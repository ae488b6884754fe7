"""Comparing authorities on one metric: the `compare` view, filtered and ordered for a reader.

Authorities are given as names ("Sefton", "London Borough of Southwark") or GSS codes; `--neighbours`
adds each one's ten DfE statistical neighbours and `--england` the national figure, so a
comparison is fair (neighbours mostly have official figures only: the papers cover few councils).
"""
from __future__ import annotations

import difflib

import duckdb

from core.authorities import ENGLAND_CODE, is_group_code, match_authority
from core.errors import PipelineError

# Columns shown by `council-etl compare`, in order (the view has a few more).
COMPARE_COLUMNS = ("metric", "period_type", "period_start", "period_end", "value_kind",
                   "authority", "authority_code", "value", "unit", "source", "has_conflict",
                   "n_sources", "document_title", "page", "evidence")


def resolve_authority(con: duckdb.DuckDBPyConnection, text: str) -> tuple[str, str]:
    """(name, GSS code) for a name or code, from the warehouse's tables, then the name matcher;
    a comparator group by its key ('E10000032-SN', West Sussex's statistical neighbours)."""
    t = text.strip()
    if is_group_code(t):
        row = con.execute("SELECT any_value(authority) FROM metric_values WHERE authority_code = ?",
                          [t]).fetchone()
        return (row[0] if row and row[0] else t), t
    for sql in ("SELECT name, gss_code FROM authorities WHERE gss_code = ? OR old_la_code = ?",
                "SELECT name, gss_code FROM authorities WHERE lower(name) = lower(?) OR lower(name) = lower(?) "
                "ORDER BY gss_code LIKE 'E%' DESC LIMIT 1",
                "SELECT authority, authority_code FROM reference_values "
                "WHERE (lower(authority) = lower(?) OR authority_code = ?) AND authority_code IS NOT NULL "
                "ORDER BY time_period DESC LIMIT 1"):
        row = con.execute(sql, [t, t]).fetchone()
        if row and row[1]:
            return row[0], row[1]
    a = match_authority(t)
    if a and a.gss_code:
        return a.name, a.gss_code
    raise PipelineError(f"unknown authority {text!r}: give a council name (e.g. Sefton) or a GSS code")


def neighbour_codes(con: duckdb.DuckDBPyConnection, codes: list[str]) -> list[str]:
    rows = con.execute("""SELECT neighbour_code FROM statistical_neighbours
                          WHERE authority_code IN (SELECT unnest(?)) AND neighbour_code IS NOT NULL
                          ORDER BY list_position(?, authority_code), rank""",
                       [codes, codes]).fetchall()
    if not rows and codes:
        if not con.execute("SELECT 1 FROM statistical_neighbours LIMIT 1").fetchone():
            raise PipelineError("no statistical neighbours in the warehouse: run "
                                "`council-etl reference load ../shared/reference/dfe` first")
    return [r[0] for r in rows]


def check_metric(con: duckdb.DuckDBPyConnection, metric: str) -> None:
    # cheap probes first: the catalogue, then any figure at all (never a scan of the views)
    for sql in ("SELECT 1 FROM metrics WHERE metric = ?",
                "SELECT 1 FROM metric_observations WHERE metric = ? LIMIT 1",
                "SELECT 1 FROM reference_values WHERE metric = ? LIMIT 1",
                "SELECT 1 FROM derived_rate_rules WHERE rate_metric = ?"):
        if con.execute(sql, [metric]).fetchone():
            return
    known = [r[0] for r in con.execute(
        "SELECT metric FROM metrics UNION SELECT DISTINCT metric FROM reference_values").fetchall()
        if r[0]]
    close = difflib.get_close_matches(metric, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see the metrics table"
    raise PipelineError(f"unknown metric {metric!r}{hint}")


def _marks(values) -> str:
    return ", ".join("?" for _ in values) or "NULL"


def compare_rows(con: duckdb.DuckDBPyConnection, metric: str, authorities: list[str], *,
                 neighbours: bool = False, england: bool = False, official: bool = True,
                 value_kinds: tuple[str, ...] = ("actual", "derived"),
                 columns: tuple[str, ...] = COMPARE_COLUMNS) -> tuple[list[str], list[tuple]]:
    """Rows of the compare view for one metric: requested authorities first (in the order given),
    then their neighbours, then England; within that, by period."""
    check_metric(con, metric)
    codes = [resolve_authority(con, a)[1] for a in authorities]
    order = list(dict.fromkeys(codes))
    if neighbours:
        order += [c for c in neighbour_codes(con, codes) if c not in order]
    if england and ENGLAND_CODE not in order:
        order.append(ENGLAND_CODE)
    sources = ["report", "official"] if official else ["report"]
    # literal IN lists (not IN (SELECT unnest(?))) so the filters reach the scans under the view
    sql = f"""SELECT {', '.join(columns)} FROM compare
              WHERE metric = ? AND authority_code IN ({_marks(order)})
                AND value_kind IN ({_marks(value_kinds)}) AND source IN ({_marks(sources)})
              ORDER BY period_end NULLS LAST, period_start NULLS LAST,
                       list_position(?, authority_code), source DESC, value_kind"""
    cur = con.execute(sql, [metric, *order, *value_kinds, *sources, order])
    return [d[0] for d in cur.description], cur.fetchall()
