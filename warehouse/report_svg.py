"""Inline SVG line charts for the report: no scripts, no fonts or files fetched, so the HTML works
offline and in any browser."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape

WIDTH, HEIGHT = 640, 260
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 150, 14, 30
Y_TICKS = 4
# Colour-blind-safe palette (Okabe-Ito), one per authority in order.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
ENGLAND_COLOUR = "#777777"


@dataclass
class Series:
    name: str
    points: list[tuple[date, float]]
    colour: str
    dashed: bool = False
    labels: list[str] = field(default_factory=list)     # tooltip per point


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"{v:,.1f}"


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    mag = 10 ** (len(str(int(v))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * mag >= v:
            return step * mag
    return 10 * mag


def line_chart(series: list[Series], title: str) -> str:
    """A time-series chart; each series a polyline with a point per value and a legend entry."""
    pts = [p for s in series for p in s.points]
    if not pts:
        return ""
    d0 = min(p[0] for p in pts).toordinal()
    d1 = max(p[0] for p in pts).toordinal()
    if d1 - d0 < 180:                     # a single date: give the axis some width
        d0, d1 = d0 - 200, d1 + 200
    ymax = _nice_max(max(p[1] for p in pts) * 1.05)
    pw, ph = WIDTH - MARGIN_LEFT - MARGIN_RIGHT, HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    def x(d):
        return MARGIN_LEFT + (d.toordinal() - d0) / (d1 - d0) * pw

    def y(v):
        return MARGIN_TOP + ph - (v / ymax) * ph

    out = [f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">',
           f"<title>{escape(title)}</title>"]
    for i in range(Y_TICKS + 1):
        v = ymax * i / Y_TICKS
        out.append(f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                   f'stroke="#ddd"/><text x="{MARGIN_LEFT - 6}" y="{y(v) + 4:.1f}" '
                   f'text-anchor="end" font-size="11">{_fmt(v)}</text>')
    first, last = date.fromordinal(d0).year, date.fromordinal(d1).year
    step = max(1, (last - first + 1) // 8)
    for yr in range(first, last + 1, step):
        xd = date(yr, 1, 1)
        if d0 <= xd.toordinal() <= d1:
            out.append(f'<line x1="{x(xd):.1f}" x2="{x(xd):.1f}" y1="{MARGIN_TOP + ph}" '
                       f'y2="{MARGIN_TOP + ph + 4}" stroke="#444"/><text x="{x(xd):.1f}" '
                       f'y="{HEIGHT - 8}" text-anchor="middle" font-size="11">{yr}</text>')
    out.append(f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + pw}" y1="{MARGIN_TOP + ph}" '
               f'y2="{MARGIN_TOP + ph}" stroke="#444"/>')
    for n, s in enumerate(series):
        if not s.points:
            continue
        pts_s = sorted(zip(s.points, s.labels or [""] * len(s.points)), key=lambda t: t[0][0])
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for (d, v), _ in pts_s)
        out.append(f'<g class="series" data-name="{escape(s.name)}">')
        if len(pts_s) > 1:
            out.append(f'<polyline fill="none" stroke="{s.colour}" stroke-width="2"{dash} '
                       f'points="{coords}"/>')
        for (d, v), label in pts_s:
            tip = label or f"{s.name}: {_fmt(v)} ({d.isoformat()})"
            out.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="{3 if s.dashed else 4}" '
                       f'fill="{s.colour}"><title>{escape(tip)}</title></circle>')
        ly = MARGIN_TOP + 8 + n * 16
        lx = MARGIN_LEFT + pw + 12
        out.append(f'<line x1="{lx}" x2="{lx + 22}" y1="{ly}" y2="{ly}" stroke="{s.colour}" '
                   f'stroke-width="2"{dash}/><text x="{lx + 28}" y="{ly + 4}" '
                   f'font-size="11">{escape(s.name)}</text></g>')
    out.append("</svg>")
    return "".join(out)
