"""fetch_sources against replies shaped like a live ModernGov install's (tests/fixtures/moderngov):
the meeting page's agenda pack and printed minutes, each item's minutes as a document, published
item numbers, unescaped titles, restricted papers, one paper reached three ways, counts that add
up, and what a missing or reshaped meeting page costs."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.config import Settings
from pipeline.sources import HostSettings, SourceConfig, fetch_sources, mark_processed
from pipeline.sources.http import PoliteClient
from pipeline.sources.registry import council_named, councils
from tests.fake_moderngov import (
    RECORDED_MINUTES,
    RECORDED_PACK,
    FakeModernGov,
    recorded_sefton,
    registry_csv,
)
from tests.pdf_factory import text_pdf

TODAY = date(2018, 10, 31)
SINCE = date(2018, 1, 1)
FAST = HostSettings(delay_seconds=0.0, backoff_seconds=0.0, retries=1, timeout_seconds=10.0)
CHILDREN = "Overview and Scrutiny Committee (Children's Services and Safeguarding)"
PAGE = "/sefton/ieListDocuments.aspx"


@pytest.fixture
def fake(corpus_dir, tmp_path):
    minutes = tmp_path / "printed-minutes.pdf"
    minutes.write_bytes(text_pdf([CHILDREN, "Minutes of the meeting held on 26 September 2018",
                                  "26. FOSTERING SERVICE FEES AND CHARGES",
                                  "RESOLVED: That the report be noted."]))
    with FakeModernGov([recorded_sefton(corpus_dir, minutes)]) as server:
        yield server


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(db=tmp_path / "wh" / "warehouse.duckdb")


@pytest.fixture
def sefton(fake, tmp_path, monkeypatch) -> SourceConfig:
    monkeypatch.setenv("COUNCIL_ETL_REGISTRY", str(registry_csv(tmp_path / "councils.csv",
                                                                fake.base_url("/sefton"))))
    council = council_named("Sefton", councils())
    return SourceConfig(name="sefton", base_url=fake.base_url("/sefton"), council=council,
                        committee_match="children|corporate parenting|fostering", host=FAST)


def fetch(settings, src):
    with PoliteClient(sleep=lambda s: None) as http:
        return fetch_sources(settings, sources=[src], since=SINCE, http=http, today=TODAY)


def by_title(report):
    return {i.source.document_title: i for i in report.items}


def test_one_meeting_gives_pack_minutes_reports_and_item_minutes(settings, fake, sefton):
    report = fetch(settings, sefton)
    (stats,) = report.sources
    assert (stats.committees, stats.meetings) == (2, 1)       # both titles match the pattern
    titles = set(by_title(report))
    assert {"Agenda frontsheet", "Public reports pack", "Printed minutes",
            "Supplement - Sufficiency data", "Fostering Service Annual Report 2017/18",
            "Sufficiency update"} <= titles
    assert {"Minutes: Apologies for Absence", "Minutes: Fostering Service Fees & Charges 2018/19",
            "Agenda text: Fostering Service Fees & Charges 2018/19",
            "Minutes: Placement Sufficiency Update"} <= titles
    # Each paper requested once, though linked twice by GetMeeting and again by the page.
    assert fake.requests["/sefton/documents/s3101/Fostering.pdf"] == 1
    assert fake.requests["/sefton" + RECORDED_PACK] == 1
    assert fake.requests["/sefton" + RECORDED_MINUTES] == 1
    # Restricted: the exempt appendix, the exempt supplement and the exempt item's minutes.
    assert fake.count("Appendix 2") == 0 and fake.count("exempt appendix") == 0
    assert not any("Individual placement costs" in t for t in titles)
    assert (stats.papers_seen, stats.new, stats.changed, stats.unchanged, stats.restricted,
            stats.failed) == (13, 10, 0, 0, 3, 0)
    assert stats.adds_up() and report.errors == []


def test_item_context_published_number_unescaped_title_and_council(settings, fake, sefton):
    items = by_title(fetch(settings, sefton))
    minutes = items["Minutes: Fostering Service Fees & Charges 2018/19"]
    s = minutes.source
    assert (s.committee, s.committee_id, s.meeting_id, s.meeting_date) == (
        CHILDREN, "101", "3001", date(2018, 9, 26))
    assert (s.agenda_item_number, s.agenda_item_title) == ("9", "Fostering Service Fees & Charges 2018/19")
    assert (s.authority, s.authority_code) == ("Sefton", "E08000014")
    html = open(minutes.path, encoding="utf-8").read()
    assert "<strong>RESOLVED:</strong>" in html and "&amp;lt;" not in html
    # Double-escaped minutes come out as HTML too.
    twice = open(items["Minutes: Placement Sufficiency Update"].path, encoding="utf-8").read()
    assert "<p><strong>RESOLVED:</strong> That the placement sufficiency update be noted.</p>" in twice
    report = items["Fostering Service Annual Report 2017/18"].source
    assert report.agenda_item_number == "9" and report.authority == "Sefton"
    pack = items["Public reports pack"].source
    assert pack.agenda_item_number is None and pack.meeting_date == date(2018, 9, 26)
    assert all(i.source.authority == "Sefton" for i in items.values())


def test_second_fetch_downloads_nothing_and_counts_still_add_up(settings, fake, sefton):
    first = fetch(settings, sefton)
    mark_processed(settings, first.items)
    docs_before = fake.count("/documents/") + fake.count("mgConvert2PDF")
    second = fetch(settings, sefton)
    (stats,) = second.sources
    assert second.downloaded == 0
    assert (stats.papers_seen, stats.unchanged, stats.restricted) == (13, 10, 3) and stats.adds_up()
    # Papers were asked for again only conditionally (304, no body).
    assert fake.count("/documents/") + fake.count("mgConvert2PDF") == docs_before + 6


def test_missing_meeting_page_is_a_terminal_error_naming_it_and_the_rest_still_comes(
        settings, fake, sefton):
    fake.fail[PAGE] = [404]
    report = fetch(settings, sefton)
    (err,) = report.errors
    assert not err.transient and "ieListDocuments.aspx?CId=101&MId=3001" in err.message
    titles = set(by_title(report))
    assert "Public reports pack" not in titles
    assert {"Fostering Service Annual Report 2017/18", "Minutes: Apologies for Absence"} <= titles
    assert report.sources[0].adds_up()


def test_reshaped_meeting_page_is_reported_in_plain_words(settings, fake, sefton):
    fake.replace[PAGE] = b"<html><body><h1>Our new website</h1><p>Coming soon</p></body></html>"
    report = fetch(settings, sefton)
    (err,) = report.errors
    assert "does not look like a ModernGov meeting page" in err.message
    assert "ieListDocuments.aspx?CId=101&MId=3001" in err.message
    assert "Minutes: Apologies for Absence" in by_title(report)


def test_committee_match_that_matches_nothing_says_so(settings, fake, sefton):
    sefton.committee_match = "licensing"
    report = fetch(settings, sefton)
    assert report.items == [] and "matching 'licensing'" in report.errors[0].message


def test_provenance_of_fetched_papers_is_kept_for_re_extraction(settings, fake, sefton):
    from pipeline.sources import provenance_for
    report = fetch(settings, sefton)
    keys = [i.source_key for i in report.items] + ["https://nowhere.example/x.pdf"]
    known = provenance_for(settings, keys)
    assert set(known) == {i.source_key for i in report.items}
    assert all(known[i.source_key] == i.source for i in report.items)
