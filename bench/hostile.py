"""make bench (hostile input): how run time grows with the size of one dense line of numbers.

A line of figures with no sentence breaks (a table pasted without tabs) was quadratic: 1.45 s at
250 bytes, 115 s at 2 KB. Here the same kind of line is built at 10 KB, 100 KB and 800 KB and two
things are timed on it: the number grammar alone (extractors.numbers.text_to_quantities, on the
whole line) and the whole per-document pipeline (pipeline.process.process_bytes: read,
understand, tables, prose, actions). Growth is the time ratio over the size ratio between
consecutive sizes: about 1 is linear, about 10 (for a tenfold size) would be quadratic.

    python -m bench.hostile [--sizes 10000,100000,800000]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import time

SIZES = (10_000, 100_000, 800_000)
# A mix of what council tables hold: counts, thousands, percentages, money, years, rates,
# number words, ranges, bracketed figures and dates.
PATTERN = "12 1,234 45% £3.2m 7 2017 19 per 10,000 eight 3.5 - (12) 31 March 2018 "


def dense_number_line(size: int) -> bytes:
    """One line of `size` bytes (UTF-8) of figures and separators, no full stops."""
    data = (PATTERN * (size // len(PATTERN) + 1)).encode("utf-8")
    return data[:size].decode("utf-8", errors="ignore").encode("utf-8")


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(sizes=SIZES) -> list[dict]:
    from extractors.numbers import text_to_quantities
    from pipeline.process import process_bytes

    process_bytes(b"Warm-up: 12 children.\n", "warm.txt", "0" * 64)   # loads spaCy once
    rows = []
    for size in sizes:
        data = dense_number_line(size)
        text = data.decode("utf-8")
        numbers_s = _timed(lambda: text_to_quantities(text))
        result: dict = {}
        pipeline_s = _timed(lambda: result.setdefault(
            "r", process_bytes(data, f"dense-{size}.txt", hashlib.sha256(data).hexdigest())))
        rows.append({"bytes": size, "numbers_s": round(numbers_s, 3),
                     "process_bytes_s": round(pipeline_s, 3), "status": result["r"].status})
    for prev, row in zip(rows, rows[1:]):
        scale = row["bytes"] / prev["bytes"]
        row["numbers_growth"] = round(row["numbers_s"] / max(prev["numbers_s"], 1e-6) / scale, 2)
        row["process_bytes_growth"] = round(
            row["process_bytes_s"] / max(prev["process_bytes_s"], 1e-6) / scale, 2)
    return rows


def report(rows: list[dict]) -> str:
    lines = ["dense-number line: time by size (growth = time ratio / size ratio; 1 is linear)",
             f"{'bytes':>9}  {'numbers s':>10}  {'growth':>6}  {'process_bytes s':>15}  "
             f"{'growth':>6}  status"]
    for r in rows:
        lines.append(f"{r['bytes']:>9,}  {r['numbers_s']:>10.3f}  {r.get('numbers_growth', ''):>6}  "
                     f"{r['process_bytes_s']:>15.3f}  {r.get('process_bytes_growth', ''):>6}  "
                     f"{r['status']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated line sizes in bytes")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    rows = measure([int(s) for s in args.sizes.split(",")])
    print(json.dumps(rows) if args.json else report(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
