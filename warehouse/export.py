"""Exporting the analyst tables: Parquet (partitioned by authority) or CSV, with a data dictionary
(markdown + JSON) generated from the schema, the migration comments and the metric catalogue.

Layout: DIR/<table>/authority_part=<GSS code or name>/data_0.parquet for tables with an authority,
DIR/<table>.parquet otherwise; CSV is DIR/<table>.csv. `authority_part` is an added column (the
GSS code when known, else the name, else 'unknown'), so every original column survives unchanged.
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from warehouse.store import migrations

FORMATS = ("parquet", "csv")
PARTITION_COLUMN = "authority_part"
# Not for analysts: bookkeeping, the views metric_values is built from, and the publishing
# machinery (rows waiting for Parquet, the catalogue of Parquet files; see warehouse/parts.py).
EXCLUDED = {"schema_migrations", "metric_candidates", "metric_preference", "located_observations",
            "computed_metric_values", "computed_metric_conflicts", "derived_state",
            "parquet_files", "parquet_documents", "retired_files", "publish_state",
            "staged_deletions"}
EXCLUDED_PREFIXES = ("staged_",)
# Columns that exist only in views (the tables' columns are described by migration comments).
VIEW_COLUMNS = {
    "n_sources": "how many extracted figures (documents, pages) give a value for this key",
    "has_conflict": "true when those figures disagree; see metric_conflicts",
    "own_period": "the figure is for the reporting period of the document that states it",
    "document_date": "the document's period end, else its meeting date",
    "document_title": "title of the source document",
    "is_preferred": "this value is the one metric_values shows",
    "preferred_value": "the value metric_values shows for this key",
    "sources": "document_id p.page of every figure with this value, best first",
    "reason": "why this value was or was not preferred",
    "metric_label": "the metric's label in the catalogue",
    "source": "report (from the papers) or official (DfE/ONS)",
    "extracted_date": "the date the extracted figure is for (its period end)",
    "extracted_value": "the preferred extracted value",
    "official_date": "the date of the matched official figure (latest on or before, else nearest)",
    "official_value": "the official DfE/ONS figure",
    "difference": "extracted_value - official_value",
    "same_date": "false when the dates differ: a different date, not a conflict",
    "days_apart": "extracted_date - official_date in days",
    "official_source": "the DfE/ONS file the official figure came from",
    "period_start": "first day of the period (the date itself for an as_at figure)",
    "period_end": "last day of the period, or the as_at date",
    "metric": "catalogue id (see Metrics below)",
    "authority": "authority name",
    "value": "the figure (null when an official figure is suppressed)",
    "page": "page of the source document (1-based)",
    "evidence": "the sentence or table row the figure was read from, verbatim",
    "confidence": "extraction confidence, 0 to 1",
    "extractor": "table, prose, or template (a fixed form such as an Ofsted report's area section)",
    "qualifier": "approx | more_than | less_than | null",
    "observation_id": "the metric_observations row the figure came from",
    "document_id": "the documents row the figure came from",
    "source_path": "file path or URL of the source document",
    "section": "heading path of the block in the document",
    "agenda_item": "agenda item number the block belongs to",
    "meeting_date": "date of the meeting",
    "loaded_at": "when `reference load` loaded the row",
    "title": "document title",
}
OBJECT_COMMENT = re.compile(r"((?:^--[^\n]*\n)+)CREATE (?:OR REPLACE )?(TABLE|VIEW) (\w+)", re.M)
TABLE_BODY = re.compile(r"CREATE TABLE (\w+) \((.*?)\n\);", re.S)
COLUMN_COMMENT = re.compile(r'^\s+"?(\w+)"?\s+[A-Z][A-Z0-9_\[\]() ,]*?[^-\n]*--\s*(.+)$', re.M)


@dataclass
class ExportSummary:
    out: Path
    tables: dict[str, int] = field(default_factory=dict)        # table -> rows
    files: list[Path] = field(default_factory=list)


def schema_notes() -> tuple[dict[str, str], dict]:
    """(object -> description, column or (table, column) -> description) from the migrations'
    SQL comments."""
    objects: dict[str, str] = {}
    columns: dict = {}
    for _, sql in migrations():
        for block, _kind, name in OBJECT_COMMENT.findall(sql):
            text = " ".join(l.lstrip("-").strip() for l in block.strip().splitlines())
            objects[name] = text
        for table, body in TABLE_BODY.findall(sql):
            for name, note in COLUMN_COMMENT.findall(body + "\n"):
                columns.setdefault((table, name), note.strip())
                columns.setdefault(name, note.strip())
    return objects, columns


def analyst_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    rows = con.execute("""SELECT table_name, table_type FROM information_schema.tables
                          WHERE table_schema = 'main' AND table_catalog = current_database()
                          ORDER BY table_type, table_name""").fetchall()
    return [(n, "view" if t == "VIEW" else "table") for n, t in rows
            if n not in EXCLUDED and not n.startswith(EXCLUDED_PREFIXES)]


def _columns(con, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(
        """SELECT column_name, data_type FROM information_schema.columns
           WHERE table_schema = 'main' AND table_catalog = current_database() AND table_name = ?
           ORDER BY ordinal_position""",
        [table]).fetchall()]


def _partition_expr(cols: list[str]) -> str | None:
    if "authority_code" in cols and "authority" in cols:
        return "coalesce(authority_code, authority, 'unknown')"
    if "authority_code" in cols:
        return "coalesce(authority_code, 'unknown')"
    if "authority" in cols:
        return "coalesce(authority, 'unknown')"
    return None


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


def export(con: duckdb.DuckDBPyConnection, out: str | Path, fmt: str = "parquet") -> ExportSummary:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary(out=out)
    objects, notes = schema_notes()
    dictionary: dict[str, Any] = {
        "format": fmt, "partition_column": PARTITION_COLUMN if fmt == "parquet" else None,
        "tables": [], "metrics": _metrics(con)}
    for table, kind in analyst_tables(con):
        cols = _columns(con, table)
        names = [c for c, _ in cols]
        row = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        n = row[0] if row else 0
        part = _partition_expr(names) if fmt == "parquet" else None
        for stale in (out / table, out / f"{table}.parquet", out / f"{table}.csv"):
            if stale.is_dir():
                shutil.rmtree(stale)        # a re-export replaces, never mixes, partitions
            else:
                stale.unlink(missing_ok=True)
        if fmt == "csv":
            target = out / f"{table}.csv"
            con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{_sql_path(target)}' (HEADER, DELIMITER ',')")
        elif part and n:
            target = out / table
            con.execute(f"COPY (SELECT *, {part} AS {PARTITION_COLUMN} FROM \"{table}\") "
                        f"TO '{_sql_path(target)}' (FORMAT parquet, PARTITION_BY ({PARTITION_COLUMN}))")
        elif part:
            # no rows, no partitions: one empty file keeps the schema readable
            target = out / table
            target.mkdir(parents=True)
            con.execute(f"COPY (SELECT *, NULL::VARCHAR AS {PARTITION_COLUMN} FROM \"{table}\") "
                        f"TO '{_sql_path(target / 'empty.parquet')}' (FORMAT parquet)")
        else:
            target = out / f"{table}.parquet"
            con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{_sql_path(target)}' (FORMAT parquet)")
        summary.tables[table] = n
        summary.files.append(target)
        dictionary["tables"].append(dict(
            name=table, kind=kind, rows=n, path=target.name,
            partitioned_by=PARTITION_COLUMN if part else None,
            description=objects.get(table, ""),
            columns=[dict(name=c, type=t, description=notes.get((table, c))
                          or VIEW_COLUMNS.get(c) or notes.get(c) or "") for c, t in cols]))
    (out / "data_dictionary.json").write_text(json.dumps(dictionary, indent=2, default=str),
                                              encoding="utf-8")
    (out / "data_dictionary.md").write_text(dictionary_markdown(dictionary), encoding="utf-8")
    return summary


def _metrics(con) -> list[dict]:
    try:
        from core.catalogue import load_catalogue
        return [dict(metric=m.id, label=m.label, definition=m.definition, unit=m.unit,
                     period_kind=m.period_kind) for m in load_catalogue()]
    except ImportError:
        cur = con.execute("SELECT metric, label, definition, unit, period_kind FROM metrics ORDER BY 1")
        return [dict(zip(("metric", "label", "definition", "unit", "period_kind"), r))
                for r in cur.fetchall()]


def _md(s) -> str:
    return str(s if s is not None else "").replace("|", "\\|").replace("\n", " ")


def dictionary_markdown(d: dict) -> str:
    lines = ["# Data dictionary", "",
             f"Format: {d['format']}."
             + (f" Tables with an authority are partitioned by `{d['partition_column']}` (GSS code, "
                "else name, else 'unknown'): read them with "
                "`read_parquet('TABLE/**/*.parquet', hive_partitioning = true)`."
                if d["partition_column"] else ""), ""]
    for t in d["tables"]:
        lines += [f"## {t['name']} ({t['kind']}, {t['rows']} rows)", "", _md(t["description"]), "",
                  "| column | type | description |", "| --- | --- | --- |"]
        lines += [f"| {_md(c['name'])} | {_md(c['type'])} | {_md(c['description'])} |"
                  for c in t["columns"]]
        lines.append("")
    lines += ["## Metrics (catalogue)", "", "| metric | label | unit | kind | definition |",
              "| --- | --- | --- | --- | --- |"]
    lines += [f"| {_md(m['metric'])} | {_md(m['label'])} | {_md(m['unit'])} | "
              f"{_md(m['period_kind'])} | {_md(m['definition'])} |" for m in d["metrics"]]
    return "\n".join(lines) + "\n"
