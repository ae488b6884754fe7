"""Official statistics (DfE / ONS CSVs) -> reference_values, reference_population,
statistical_neighbours, reference_la_lookup.

Files are recognised by their header, not their name, so a renamed download still loads. The
quirks handled: a byte-order mark on the first column, measure names that change between
releases ("at 31 March" / "on 31 March"), suppressed cells ('c', 'k', 'x', 'z', 'low', ...) kept as
null with their code, national and regional counts rounded to the nearest 10 (flagged `rounded`).
Reloading a file replaces the rows it loaded before, so `reference load` is idempotent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from core.authorities import load_authorities
from core.catalogue import load_catalogue
from warehouse.store import insert_rows

# DfE suppression and "not applicable" codes; any other non-numeric cell is treated the same way.
SUPPRESSION_CODES = ("c", "k", "x", "z", "low", "u", ":", "..")
# Geographic levels whose counts DfE rounds to the nearest 10.
ROUNDED_LEVELS = ("National", "Regional")

# Which DfE measure is which metric is declared with the metric (core/metrics.toml, `official`).
# The measure text is normalised first (lower case, "at"/"on 31 March" -> "on 31 march").


def cla_measures() -> list[tuple[str, str, str, str]]:
    """(measure pattern, value column, metric, unit) for the children-looked-after file."""
    return [(m.official.measure, m.official.column, m.id, m.unit) for m in load_catalogue()
            if m.official is not None and m.official.file == "cla"]


def stability_measures() -> list[tuple[str, str, str, str]]:
    """(cla_group pattern, measure pattern, metric, value column) for placement stability."""
    return [(m.official.group or "", m.official.measure, m.id, m.official.column)
            for m in load_catalogue()
            if m.official is not None and m.official.file == "placement_stability"]


@dataclass
class LoadSummary:
    files: dict[str, str] = field(default_factory=dict)       # file -> what it was loaded as
    rows: dict[str, int] = field(default_factory=dict)        # table -> rows loaded
    skipped: dict[str, str] = field(default_factory=dict)     # file -> why not loaded


def normalise_measure(text: str) -> str:
    s = re.sub(r"\s+", " ", str(text or "")).strip().lower()
    return re.sub(r"\b(?:at|on) 31 march\b", "on 31 march", s)


def read_csv(path: Path) -> pd.DataFrame:
    """Every cell as text (codes like '343' and 'x' must survive); utf-8-sig drops the BOM."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip().lstrip("\ufeff") for c in frame.columns]
    return frame


def parse_number(cell) -> tuple[float | None, str | None]:
    """(value, suppression code): '1,234' -> 1234.0; 'c' -> (None, 'c'); '' -> (None, None)."""
    s = str(cell if cell is not None else "").strip().replace(",", "")
    if not s:
        return None, None
    try:
        return float(s), None
    except ValueError:
        return None, s.lower()


def _level(row) -> str:
    return row.get("geographic_level") or "Local authority"


def _geo(row) -> tuple[str | None, str | None, str | None]:
    """(name, GSS code, old LA code) of the row's geography."""
    level = _level(row)
    if level == "National":
        return row.get("country_name") or "England", row.get("country_code") or None, None
    if level == "Regional":
        return row.get("region_name") or None, row.get("region_code") or None, None
    return (row.get("la_name") or None, row.get("new_la_code") or None,
            row.get("old_la_code") or None)


def _periods(year: int, kind: str) -> tuple[str, date, date]:
    """DfE 'reporting year' 2023: as at 31 March 2023, or the year 1 April 2022 - 31 March 2023."""
    end = date(year, 3, 31)
    if kind == "stock":
        return "as_at", end, end
    return "financial_year", date(year - 1, 4, 1), end


def cla_rows(frame: pd.DataFrame, source: str, now: datetime) -> list[dict]:
    out = []
    for row in frame.to_dict("records"):
        measure = normalise_measure(row.get("population_type"))
        year = int(row["time_period"][:4])
        level = _level(row)
        name, code, old = _geo(row)
        for pattern, column, metric, unit in cla_measures():
            if not re.search(pattern, measure):
                continue
            value, code_s = parse_number(row.get(column))
            ptype, start, end = _periods(year, "stock" if "31 march" in measure else "flow")
            out.append(dict(source_file=source, measure=measure, metric=metric,
                            geographic_level=level, authority=name, authority_code=code,
                            old_la_code=old, time_period=year, period_type=ptype,
                            period_start=start, period_end=end, value=value, unit=unit,
                            suppressed=code_s, rounded=unit == "count" and level in ROUNDED_LEVELS,
                            loaded_at=now))
    return out


def stability_rows(frame: pd.DataFrame, source: str, now: datetime) -> list[dict]:
    out = []
    for row in frame.to_dict("records"):
        group = normalise_measure(row.get("cla_group"))
        measure = normalise_measure(row.get("placement_stability"))
        for group_re, measure_re, metric, column in stability_measures():
            if not (re.search(group_re, group) and re.search(measure_re, measure)):
                continue
            year = int(row["time_period"][:4])
            value, code_s = parse_number(row.get(column))
            level = _level(row)
            name, code, old = _geo(row)
            ptype, start, end = _periods(year, "flow")
            out.append(dict(source_file=source, measure=f"{group}: {measure}", metric=metric,
                            geographic_level=level, authority=name, authority_code=code,
                            old_la_code=old, time_period=year, period_type=ptype,
                            period_start=start, period_end=end, value=value, unit="percent",
                            suppressed=code_s, rounded=False, loaded_at=now))
    return out


def population_rows(frame: pd.DataFrame, source: str, now: datetime) -> list[dict]:
    out = []
    for row in frame.to_dict("records"):
        if "0 to 17" not in str(row.get("age_group", "")):
            continue
        value, code_s = parse_number(row.get("population_estimate"))
        name, code, old = _geo(row)
        out.append(dict(source_file=source, geographic_level=_level(row), authority=name,
                        authority_code=code, old_la_code=old, year=int(row["time_period"][:4]),
                        population_0_17=value, suppressed=code_s, loaded_at=now))
    return out


def neighbour_rows(frame: pd.DataFrame, source: str, now: datetime,
                   codes: dict[str, tuple[str, str]]) -> list[dict]:
    """The wide SN1..SN10 layout; pandas renames the repeated 'SNP' closeness columns SNP.1 ..."""
    cols = list(frame.columns)
    out = []
    for row in frame.to_dict("records"):
        old = str(row.get("LA num") or row.get("LA number") or "").strip()
        if not old:
            continue
        for rank in range(1, 11):
            key = f"SN{rank}"
            if key not in row or not str(row[key]).strip():
                continue
            n_old = str(row[key]).strip()
            closeness_col = cols[cols.index(key) + 1] if cols.index(key) + 1 < len(cols) else None
            out.append(dict(source_file=source, authority=row.get("LA Name") or codes.get(old, (None, None))[1],
                            authority_code=codes.get(old, (None, None))[0], old_la_code=old,
                            rank=rank, neighbour=codes.get(n_old, (None, None))[1],
                            neighbour_code=codes.get(n_old, (None, None))[0],
                            neighbour_old_la_code=n_old,
                            closeness=(row.get(closeness_col) or None) if closeness_col else None,
                            loaded_at=now))
    return out


def lookup_rows(frame: pd.DataFrame, source: str, now: datetime) -> list[dict]:
    cd = next(c for c in frame.columns if re.fullmatch(r"LTLA\d\dCD", c))
    yy = cd[4:6]
    return [dict(source_file=source, ltla_code=r[cd], ltla_name=r.get(f"LTLA{yy}NM"),
                 utla_code=r.get(f"UTLA{yy}CD"), utla_name=r.get(f"UTLA{yy}NM"), loaded_at=now)
            for r in frame.to_dict("records") if r.get(cd)]


def classify(frame: pd.DataFrame) -> str | None:
    cols = set(frame.columns)
    if {"population_type", "children_count", "rate_per_10000"} <= cols:
        return "cla"
    if {"cla_group", "placement_stability", "children_percent"} <= cols:
        return "stability"
    if {"age_group", "population_estimate"} <= cols and "population_type" not in cols:
        return "population"
    if "SN1" in cols and ("LA num" in cols or "LA number" in cols):
        return "neighbours"
    if any(re.fullmatch(r"LTLA\d\dCD", c) for c in cols):
        return "lookup"
    return None


def _la_codes(frames: dict[str, tuple[str, pd.DataFrame]]) -> dict[str, tuple[str, str]]:
    """old LA number -> (GSS code, name), from any DfE file that has both, then the authorities
    reference table, so neighbours get GSS codes."""
    codes: dict[str, tuple[str, str]] = {}
    for a in load_authorities():
        if a.old_la_code and a.gss_code and a.current:
            codes.setdefault(str(a.old_la_code), (a.gss_code, a.name))
    for kind, frame in frames.values():
        if {"old_la_code", "new_la_code", "la_name"} <= set(frame.columns):
            # newest first, so a reorganised authority's current code wins
            for r in frame.sort_values("time_period", ascending=False).to_dict("records"):
                if r["old_la_code"] and r["new_la_code"]:
                    codes[r["old_la_code"]] = codes.get(r["old_la_code"]) or (r["new_la_code"], r["la_name"])
    return codes


def _replace(con: duckdb.DuckDBPyConnection, table: str, source: str, rows: list[dict]) -> int:
    con.execute(f"DELETE FROM {table} WHERE source_file = ?", [source])
    return insert_rows(con, table, rows)


TABLE_FOR = {"cla": "reference_values", "stability": "reference_values",
             "population": "reference_population", "neighbours": "statistical_neighbours",
             "lookup": "reference_la_lookup"}


def csv_files(path: str | Path) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.csv") if not p.name.startswith("."))
    if path.is_file():
        return [path]
    raise FileNotFoundError(f"{path} does not exist; pass the folder of DfE/ONS CSV files")


def load_reference(con: duckdb.DuckDBPyConnection, path: str | Path,
                   now: datetime | None = None) -> LoadSummary:
    """Load every recognised CSV under `path` in one transaction (the caller owns the Writer)."""
    now = now or datetime.now()
    summary = LoadSummary()
    frames: dict[str, tuple[str, pd.DataFrame]] = {}
    root = Path(path) if Path(path).is_dir() else Path(path).parent
    for f in csv_files(path):
        # Keyed by the path under the folder: 2023/x.csv and 2024/x.csv are different files.
        name = f.relative_to(root).as_posix()
        try:
            frame = read_csv(f)
        except (UnicodeDecodeError, pd.errors.ParserError) as e:
            summary.skipped[name] = f"could not be read as CSV ({e})"
            continue
        kind = classify(frame)
        if kind is None:
            summary.skipped[name] = "not a recognised DfE/ONS layout"
            continue
        frames[name] = (kind, frame)
    codes = _la_codes(frames)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, (kind, frame) in frames.items():
            if kind == "cla":
                rows = cla_rows(frame, name, now)
            elif kind == "stability":
                rows = stability_rows(frame, name, now)
            elif kind == "population":
                rows = population_rows(frame, name, now)
            elif kind == "neighbours":
                rows = neighbour_rows(frame, name, now, codes)
            else:
                rows = lookup_rows(frame, name, now)
            table = TABLE_FOR[kind]
            n = _replace(con, table, name, rows)
            summary.files[name] = kind
            summary.rows[table] = summary.rows.get(table, 0) + n
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return summary
