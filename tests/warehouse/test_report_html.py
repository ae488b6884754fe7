"""The HTML report as a person sees it: rendered in headless Chromium (Debian's package).

Screenshots are kept under test-artifacts/ (git-ignored) for a human to look at.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from cli.main import main as cli
from tests.warehouse.test_analyst_compare import build_sample

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0", "--window-size=1280,2400"]
CHROMIUM_TIMEOUT = 120          # seconds; a hung browser fails the test instead of the suite
THEMES = ("Children in care", "Fostering capacity", "Recruitment funnel", "Placement stability",
          "Adoption")


def render(html_path: Path, tmp_path: Path, screenshot: Path) -> tuple[str, list[str]]:
    """(DOM after load, console messages) from one headless Chromium; writes a screenshot."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium "
                    "(`make test` installs it on CI)")
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    url = html_path.resolve().as_uri()
    console = []
    for mode in (["--dump-dom"], [f"--screenshot={screenshot}"]):
        proc = subprocess.run([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                               *mode, url], capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT)
        console += [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
        if mode[0] == "--dump-dom":
            assert proc.returncode == 0, proc.stderr[-2000:]
            dom = proc.stdout
    assert screenshot.exists() and screenshot.stat().st_size > 10_000
    return dom, console


def not_blank(png: Path) -> bool:
    from PIL import Image
    with Image.open(png) as img:
        return len(img.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 20


def text_of(dom: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom))


@pytest.fixture
def report(tmp_path):
    db = build_sample(tmp_path / "w.duckdb")
    out = tmp_path / "report.html"
    assert cli(["report", "--authorities", "Sefton,Southwark,Coventry", "--out", str(out),
                "--db", str(db)]) == 0
    return out


def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert not re.search(r"\bsrc\s*=", html)
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert urls <= {"http://www.w3.org/2000/svg"}          # the SVG namespace is not a fetch
    assert html.count('<svg class="chart"') >= 1


def test_report_every_number_links_to_document_page_and_quote(report):
    html = report.read_text(encoding="utf-8")
    links = re.findall(r'<a class="v" href="#([^"]+)"', html)
    assert links
    for anchor in links:
        m = re.search(rf'<li id="{re.escape(anchor)}">(.*?)</li>', html)
        assert m, anchor
        assert re.search(r"page \d+", m.group(1)) and "“" in m.group(1)
    assert "There are currently 620 Cared for Children as of 2nd October 2023." in html
    assert "/papers/dS.pdf#page=4" in html


def test_report_in_chromium(report, tmp_path):
    dom, console = render(report, tmp_path, ARTIFACTS / "report-sample.png")
    assert console == [], console
    text = text_of(dom)
    assert re.search(r"<h1>Children's services: Sefton, Southwark, Coventry</h1>", dom)
    for theme in THEMES:
        assert f">{theme}</h2>" in dom
    assert dom.count('<svg class="chart"') >= 1 and "<polyline" in dom
    for name in ("Sefton", "Southwark", "Coventry"):
        assert re.search(rf"<th>{name}</th>", dom)
    # values shown: the papers' figures, official ones, the conflict and the reconciliation note
    for shown in ("620", "421", "725", "DfE: 611", "Sources disagree",
                  "different date, not a conflict"):
        assert shown in text, shown
    assert not_blank(ARTIFACTS / "report-sample.png")


def test_report_on_corpus_shows_three_councils(corpus_warehouse, tmp_path):
    db = corpus_warehouse
    out = tmp_path / "report.html"
    assert cli(["report", "--authorities", "Sefton,Southwark,Coventry", "--out", str(out),
                "--db", str(db)]) == 0
    dom, console = render(out, tmp_path, ARTIFACTS / "report-corpus.png")
    assert console == [], console
    for name in ("Sefton", "Southwark", "Coventry"):
        assert f"<th>{name}</th>" in dom
    assert '<svg class="chart"' in dom and ">Children in care</h2>" in dom
