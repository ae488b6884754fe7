"""council-etl sql "select ..." : query the warehouse read-only.

Rows are streamed (fetched in batches and printed as they come), so a query of ten million rows
needs no more memory than one batch. Ctrl-C stops the query with exit code 130, and a reader that
closes the pipe early (`| head`) ends it quietly with 141, as a program killed by SIGPIPE would.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from typing import Any, Iterable, Iterator, TextIO

import duckdb

from cli.commands import add_command, add_db_option
from cli.output import FORMATS, MAX_CELL, _plain
from pipeline.config import load_settings
from warehouse.store import connect_read_only

BATCH_ROWS = 10_000           # rows fetched at a time; the table format sizes columns on the first
EXIT_INTERRUPTED = 130        # 128 + SIGINT
EXIT_PIPE_CLOSED = 141        # 128 + SIGPIPE

# Table functions a query may use. Everything else that reads rows from outside the warehouse
# (read_blob, read_text, read_csv, query(), ...) is refused before the query runs: DuckDB's
# sandbox still lets them read the warehouse file itself and its write-ahead log.
ALLOWED_TABLE_FUNCTIONS = {"range", "generate_series", "unnest", "repeat", "json_each",
                           "json_tree"}
ALLOWED_PREFIXES = ("duckdb_", "pragma_")


class Refused(Exception):
    """A query the sql command does not run; the message says why and what to do."""


def register(sub) -> None:
    p = add_command(
        sub, "sql", help="run a SQL query against the warehouse (read-only)",
        example='council-etl sql "select metric, count(*) from metric_observations group by 1" '
                "--format csv",
        description="Run one SQL query on a read-only connection: a query can never change the "
                    "warehouse, nor read or write other files. Tables and views are listed in "
                    "the README. Rows are printed as they are fetched.")
    p.add_argument("query", help="the SQL to run")
    add_db_option(p)
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.set_defaults(func=main)


# --- what a query may do -----------------------------------------------------------------------

def _nodes(tree: Any) -> Iterator[dict]:
    """Every dict in a parsed statement (DuckDB's JSON form), without recursion."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            yield node
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)


def _table_function_allowed(name: str) -> bool:
    return name in ALLOWED_TABLE_FUNCTIONS or name.startswith(ALLOWED_PREFIXES)


def check_query(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Refuse anything but queries of the warehouse's tables: no statements that change or
    configure anything, no table functions that read files, no file names used as tables."""
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as e:
        raise Refused(f"the SQL cannot be parsed: {_first_line(e)}") from None
    for statement in statements:
        if statement.type != duckdb.StatementType.SELECT:
            kind = str(statement.type).rsplit(".", 1)[-1]
            raise Refused(f"the warehouse is read-only here: only queries (SELECT, WITH, FROM, "
                          f"DESCRIBE, SHOW) can be run, not {kind}")
        row = con.execute("SELECT json_serialize_sql(?)", [statement.query]).fetchone()
        parsed = json.loads(row[0]) if row else {}
        if parsed.get("error"):
            continue        # DESCRIBE and SHOW have no JSON form; they read only the catalogue
        for node in _nodes(parsed):
            if node.get("type") == "TABLE_FUNCTION":
                name = str((node.get("function") or {}).get("function_name", "")).lower()
                if not _table_function_allowed(name):
                    raise Refused(f"{name}() is not available here: a query reads only the "
                                  "warehouse's tables and views, never files")
            elif node.get("type") == "BASE_TABLE":
                name = str(node.get("table_name", ""))
                if any(c in name for c in "/\\:.") or name.startswith("~"):
                    raise Refused(f"{name!r} looks like a file, and a query reads only the "
                                  "warehouse's tables and views; `council-etl sql \"show tables\"` "
                                  "lists them")


# --- printing rows as they come ----------------------------------------------------------------

def _cell(v) -> str:
    s = "" if v is None else str(_plain(v))
    s = s.replace("\n", " ")
    return s if len(s) <= MAX_CELL else s[:MAX_CELL - 1] + "…"


def write_table(out: TextIO, columns: list[str], batches: Iterable[list[tuple]]) -> None:
    """Aligned columns sized on the first batch (later, wider cells push their row out)."""
    widths: list[int] | None = None
    n = 0

    def line(vals):
        assert widths is not None
        return "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()

    for batch in batches:
        body = [[_cell(v) for v in r] for r in batch]
        if widths is None:
            widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(columns)]
            out.write(line(columns) + "\n" + line(["-" * w for w in widths]) + "\n")
        out.writelines(line(r) + "\n" for r in body)
        n += len(body)
    if widths is None:
        widths = [len(c) for c in columns]
        out.write(line(columns) + "\n" + line(["-" * w for w in widths]) + "\n")
    out.write(f"({n} row{'s' if n != 1 else ''})\n")


def write_csv(out: TextIO, columns: list[str], batches: Iterable[list[tuple]]) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    for batch in batches:
        w.writerows([[_plain(v) for v in r] for r in batch])


def _json_value(v) -> str:
    v = _plain(v)
    if v is None or isinstance(v, (str, int, float, bool)):
        return json.dumps(v, ensure_ascii=False)        # the C encoder: no indent needed
    return json.dumps(v, indent=2, ensure_ascii=False, default=str).replace("\n", "\n    ")


def write_json(out: TextIO, columns: list[str], batches: Iterable[list[tuple]]) -> None:
    """The same text as json.dumps(rows, indent=2), one row at a time."""
    keys = [json.dumps(c, ensure_ascii=False) for c in columns]
    first = True
    for batch in batches:
        for r in batch:
            fields = ",\n".join(f"    {k}: {_json_value(v)}" for k, v in zip(keys, r))
            out.write(("[\n" if first else ",\n") + ("  {\n" + fields + "\n  }" if keys else "  {}"))
            first = False
    out.write("[]\n" if first else "\n]\n")


WRITERS = {"table": write_table, "csv": write_csv, "json": write_json}


def _batches(cur: duckdb.DuckDBPyConnection) -> Iterator[list[tuple]]:
    while True:
        batch = cur.fetchmany(BATCH_ROWS)
        if not batch:
            return
        yield batch


def _quiet_stdout() -> None:
    """After the reader closed the pipe: send what Python still has to flush to /dev/null, so
    exiting prints no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def main(args) -> int:
    settings = load_settings(config=args.config, db=args.db)
    try:
        con = connect_read_only(settings.db, sandboxed=True)
    except KeyboardInterrupt:
        print("council-etl sql: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    try:
        check_query(con, args.query)
        cur = con.execute(args.query)
        if cur.description is None:
            return 0
        columns = [d[0] for d in cur.description]
        WRITERS[args.format](sys.stdout, columns, _batches(cur))
        sys.stdout.flush()
    except Refused as e:
        print(f"council-etl sql: {e}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, duckdb.InterruptException):
        print("council-etl sql: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE_CLOSED
    except duckdb.Error as e:
        print(f"council-etl sql: {_first_line(e)}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0


def _first_line(error: Exception) -> str:
    """DuckDB's message without the echo of the query it appends ("LINE 1: ...")."""
    text = str(error).strip()
    return text.split("\n\nLINE ", 1)[0].strip()
