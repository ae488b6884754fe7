"""The researchers' report: one self-contained HTML file (inline CSS and SVG, no scripts, nothing
fetched), per theme a side-by-side table and a time-series chart per metric, conflicts and
reconciliation differences called out, and every figure linked to its document, page and quote.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from html import escape
from pathlib import Path

import duckdb

from core.authorities import is_group_code
from core.catalogue import themes
from warehouse.compare import ENGLAND_CODE, resolve_authority
from warehouse.report_svg import ENGLAND_COLOUR, PALETTE, Series, line_chart

# England is drawn only where it is on the same scale as a council (rates and shares, not counts).
ENGLAND_UNITS = ("rate_per_10k", "percent", "days")
MAX_QUOTE = 300

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;
color:#222;padding:0 1rem}h1{font-size:1.7rem}h2{border-bottom:2px solid #0072B2;margin-top:2.5rem}
h3{margin-top:1.8rem}table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;
padding:.25rem .6rem;text-align:right;vertical-align:top}th:first-child,td:first-child{text-align:left}
td.conflict{background:#fff3cd}a.v{font-weight:600;text-decoration:none;color:#0b5394}
.official{color:#555;font-size:.85em;display:block}.derived{color:#555;font-style:italic}
.callout{border-left:4px solid #D55E00;background:#fdf1e8;padding:.4rem .8rem;margin:.6rem 0}
.callout.recon{border-color:#009E73;background:#eaf7f2}ol.sources{font-size:.85em;color:#333}
.muted{color:#666}.rule{background:#f4f6f8;padding:.6rem 1rem}svg.chart{display:block;margin:.4rem 0}
"""

RULE = ("Where several papers give a figure for the same authority, metric, period and kind, the "
        "preferred value is: a figure stated in the report for that period over a later "
        "restatement; then a table over prose; then an exact figure over an approximate one; then "
        "higher extraction confidence; then the newest document. Every alternative is listed under "
        "conflicts. Official DfE/ONS figures are shown for reference, never merged in.")


def _period_label(ptype, start, end) -> str:
    if end is None and start is None:
        return "undated"
    if ptype == "as_at" or start == end or start is None:
        return f"at {end:%-d %b %Y}" if end else f"from {start:%-d %b %Y}"
    if ptype == "financial_year" and start.month == 4 and start.day == 1:
        return f"{start.year}-{str(start.year + 1)[2:]}"
    return f"{start:%-d %b %Y} – {end:%-d %b %Y}" if end else f"from {start:%-d %b %Y}"


def _fmt(v, unit) -> str:
    if v is None:
        return "–"
    s = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"
    return s + ("%" if unit == "percent" else "")


def _doc_href(source_path: str | None, page) -> str | None:
    if not source_path:
        return None
    href = source_path if "://" in source_path else Path(source_path).as_uri()
    return f"{href}#page={page}" if page else href


class _Sources:
    """Numbered footnotes: each figure links to one, which names document, page and quote."""

    def __init__(self):
        self.items: list[dict] = []
        self.prefix = ""

    def add(self, r: dict) -> str:
        self.items.append(r)
        return f"{self.prefix}-{len(self.items)}"

    def html(self) -> str:
        if not self.items:
            return ""
        out = ['<ol class="sources">']
        for n, r in enumerate(self.items, 1):
            quote = (r.get("evidence") or "").replace("\n", " ")
            quote = quote if len(quote) <= MAX_QUOTE else quote[:MAX_QUOTE - 1] + "…"
            href = _doc_href(r.get("source_path"), r.get("page"))
            title = escape(r.get("document_title") or r.get("document_id") or "document")
            link = f'<a href="{escape(href)}">{title}</a>' if href else title
            out.append(f'<li id="{self.prefix}-{n}">{escape(r["authority"])}: '
                       f'{_fmt(r["value"], r["unit"])} — {link}, page {r.get("page") or "?"} '
                       f'(document {escape(r.get("document_id") or "")}): “{escape(quote)}”</li>')
        out.append("</ol>")
        return "".join(out)


def _rows(con, sql, params) -> list[dict]:
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _default_authorities(con) -> list[tuple[str, str]]:
    """Every body with figures but England, and but comparator groups ('E10000032-SN'): a
    group's figures are benchmarks, never a column of its own beside the councils."""
    rows = con.execute("""SELECT coalesce(a.name, any_value(v.authority)), v.authority_code
                          FROM metric_values v LEFT JOIN authorities a ON a.gss_code = v.authority_code
                          WHERE v.authority_code <> ? GROUP BY a.name, v.authority_code
                          ORDER BY 1""", [ENGLAND_CODE]).fetchall()
    return [(r[0], r[1]) for r in rows if not is_group_code(r[1])]


def _metric_section(con, metric: str, label: str, auths: list[tuple[str, str]], slug: str) -> str:
    codes = [c for _, c in auths]
    names = dict((c, n) for n, c in auths)
    values = _rows(con, """SELECT * FROM metric_values WHERE metric = ? AND authority_code IN
                           (SELECT unnest(?)) AND value_kind IN ('actual', 'derived')""",
                   [metric, codes])
    officials = _rows(con, """SELECT authority_code, period_type, period_start, period_end, value,
                                     unit FROM compare WHERE source = 'official' AND metric = ?
                              AND authority_code IN (SELECT unnest(?))""",
                      [metric, codes + [ENGLAND_CODE]])
    if not values and not any(o["authority_code"] in names for o in officials):
        return ""
    unit = (values or officials)[0]["unit"]
    sources = _Sources()
    sources.prefix = f"src-{slug}"
    # table: one row per period, one column per authority (+ England when official figures exist)
    periods: dict[tuple, dict] = defaultdict(dict)
    for v in values:
        periods[(v["period_type"], v["period_start"], v["period_end"])].setdefault(
            v["authority_code"], {})[v["value_kind"]] = v
    for o in officials:
        periods[(o["period_type"], o["period_start"], o["period_end"])].setdefault(
            o["authority_code"], {})["official"] = o
    show_england = any(o["authority_code"] == ENGLAND_CODE for o in officials)
    cols = codes + ([ENGLAND_CODE] if show_england else [])
    head = "".join(f"<th>{escape(names.get(c, 'England'))}</th>" for c in cols)
    body = []
    for k in sorted(periods, key=lambda k: (k[2] or k[1] or date.max, k[1] or date.min)):
        cells = []
        for c in cols:
            got = periods[k].get(c, {})
            parts, cls = [], ""
            for kind in ("actual", "derived"):
                v = got.get(kind)
                if v:
                    ref = sources.add(dict(v, authority=names.get(c, c)))
                    mark = " ⚠" if v["has_conflict"] else ""
                    cls = ' class="conflict"' if v["has_conflict"] else cls
                    text = _fmt(v["value"], v["unit"])
                    quote = escape((v["evidence"] or "")[:MAX_QUOTE], quote=True)
                    tag = f'<a class="v" href="#{ref}" title="{quote}">{text}</a>{mark}'
                    parts.append(tag if kind == "actual" else f'<span class="derived">{tag} derived</span>')
            if "official" in got:
                parts.append(f'<span class="official">DfE: {_fmt(got["official"]["value"], unit)}</span>')
            cells.append(f"<td{cls}>{''.join(parts) or '–'}</td>")
        body.append(f"<tr><td>{escape(_period_label(*k))}</td>{''.join(cells)}</tr>")
    table = (f'<table class="side-by-side"><thead><tr><th>Period</th>{head}</tr></thead>'
             f"<tbody>{''.join(body)}</tbody></table>")
    # chart: papers solid, official dashed in the same colour, England dashed grey
    series = []
    for i, c in enumerate(codes):
        colour = PALETTE[i % len(PALETTE)]
        dated = [v for v in values if v["authority_code"] == c and v["period_end"]]
        # stated figures; a council with none is drawn from its derived rates instead
        mine = [v for v in dated if v["value_kind"] == "actual"] or dated
        name = names[c] + ("" if not mine or mine[0]["value_kind"] == "actual" else " (derived)")
        series.append(Series(name, [(v["period_end"], v["value"]) for v in mine], colour,
                             labels=[f"{names[c]}: {_fmt(v['value'], unit)} at {v['period_end']} "
                                     f"({v['document_title']}, p. {v['page']})" for v in mine]))
        offi = [o for o in officials if o["authority_code"] == c and o["value"] is not None]
        if offi:
            series.append(Series(f"{names[c]} (DfE)", [(o["period_end"], o["value"]) for o in offi],
                                 colour, dashed=True))
    eng = [o for o in officials if o["authority_code"] == ENGLAND_CODE and o["value"] is not None]
    if eng and unit in ENGLAND_UNITS:
        series.append(Series("England (DfE)", [(o["period_end"], o["value"]) for o in eng],
                             ENGLAND_COLOUR, dashed=True))
    chart = line_chart(series, f"{label}: one line per authority") or \
        '<p class="muted">No dated figures to chart.</p>'
    return (f'<section class="metric" id="m-{slug}"><h3>{escape(label)} '
            f'<span class="muted">({escape(metric)}, {escape(unit)})</span></h3>{chart}{table}'
            f"{_callouts(con, metric, codes)}{sources.html()}</section>")


def _callouts(con, metric: str, codes: list[str]) -> str:
    out = []
    conflicts = _rows(con, """SELECT * FROM metric_conflicts WHERE metric = ? AND authority_code IN
                              (SELECT unnest(?)) ORDER BY authority, period_end, is_preferred DESC,
                              value""", [metric, codes])
    if conflicts:
        items = "".join(
            f"<li>{escape(r['authority'] or '')}, {escape(_period_label(r['period_type'], r['period_start'], r['period_end']))}"
            f" ({escape(r['value_kind'])}): <b>{_fmt(r['value'], r['unit'])}</b> — {escape(r['reason'])}"
            f" <span class=\"muted\">[{escape(r['sources'])}]</span></li>" for r in conflicts)
        out.append(f'<div class="callout conflicts"><b>Sources disagree</b><ul>{items}</ul></div>')
    recon = _rows(con, """SELECT * FROM metric_reconciliation WHERE metric = ? AND authority_code IN
                          (SELECT unnest(?)) AND (difference <> 0 OR NOT same_date)
                          ORDER BY authority, extracted_date""", [metric, codes])
    if recon:
        items = "".join(
            f"<li>{escape(r['authority'] or '')}: papers {_fmt(r['extracted_value'], r['unit'])} "
            f"({r['extracted_date']}{', derived' if r['value_kind'] == 'derived' else ''}) vs DfE "
            f"{_fmt(r['official_value'], r['unit'])} ({r['official_date']}): difference "
            f"{_fmt(r['difference'], r['unit'])}"
            + ("" if r["same_date"] else " — <i>different date, not a conflict</i>")
            + f" <span class=\"muted\">[{escape(r['document_id'] or '')} p.{r['page']}]</span></li>"
            for r in recon)
        out.append(f'<div class="callout recon"><b>Against official statistics</b><ul>{items}</ul></div>')
    return "".join(out)


def build_report(con: duckdb.DuckDBPyConnection, authorities: list[str] | None = None,
                 generated_at: datetime | None = None) -> str:
    auths = ([resolve_authority(con, a) for a in authorities] if authorities
             else _default_authorities(con))
    labels = dict(con.execute("SELECT metric, label FROM metrics").fetchall())
    n_docs = (con.execute("SELECT count(*) FROM documents").fetchone() or (0,))[0]
    sections = []
    for theme, metrics in themes():
        parts = [_metric_section(con, m, labels.get(m) or m, auths, m) for m in metrics]
        parts = [p for p in parts if p]
        slug = theme.lower().replace(" ", "-")
        sections.append(f'<section class="theme" id="{slug}"><h2>{escape(theme)}</h2>'
                        + ("".join(parts) or '<p class="muted">No figures yet for these authorities.</p>')
                        + "</section>")
    when = (generated_at or datetime.now()).strftime("%-d %B %Y %H:%M")
    names = ", ".join(n for n, _ in auths) or "none"
    toc = "".join(f'<li><a href="#{t.lower().replace(" ", "-")}">{escape(t)}</a></li>' for t, _ in themes())
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Children's services comparison: {escape(names)}</title><style>{CSS}</style>"
            f"</head><body><h1>Children's services: {escape(names)}</h1>"
            f'<p class="muted">Generated {escape(when)} from {n_docs} documents. Values link to '
            f"their source (document, page, quote); dashed lines and “DfE” figures are official "
            f"statistics.</p><p class=\"rule\">{escape(RULE)}</p><ul>{toc}</ul>"
            f"{''.join(sections)}</body></html>")


def write_report(con: duckdb.DuckDBPyConnection, out: str | Path,
                 authorities: list[str] | None = None) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(build_report(con, authorities), encoding="utf-8")
    tmp.replace(out)          # never leave a half-written report behind
    return out
