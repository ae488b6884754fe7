"""fetch_sources against a fake ModernGov on 127.0.0.1: committees -> meetings -> items -> papers."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.rawstore import sha256_file
from pipeline.sources import (
    ConfigError,
    HostSettings,
    SourceConfig,
    fetch_sources,
    mark_processed,
    pending_items,
)
from pipeline.sources.errors import TooSlow
from pipeline.sources.http import PoliteClient
from pipeline.sources.state import FetchState, state_path
from tests.fake_moderngov import FakeModernGov, sample_councils

TODAY = date(2018, 8, 1)
SINCE = date(2017, 9, 1)
# No pauses in tests: politeness is exercised through the recorded sleeps instead.
FAST = HostSettings(delay_seconds=0.0, backoff_seconds=0.0, retries=2, timeout_seconds=10.0)
SCRUTINY = "Overview and Scrutiny Committee (Children's Services and Safeguarding)"


@pytest.fixture
def fake(corpus_dir):
    with FakeModernGov(sample_councils(corpus_dir)) as server:
        yield server


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(db=tmp_path / "wh" / "warehouse.duckdb")


def sources(fake, host=FAST, sefton=("101",), coventry=("Cabinet Member for Children and Young People",)):
    out = []
    if sefton:
        out.append(SourceConfig(name="sefton", base_url=fake.base_url("/sefton"),
                                committees=list(sefton), host=host))
    if coventry:
        out.append(SourceConfig(name="coventry", base_url=fake.base_url("/coventry"),
                                committees=list(coventry), host=host))
    return out


def fetch(settings, fake, sleeps=None, **kw):
    http = PoliteClient(sleep=(sleeps.append if sleeps is not None else (lambda s: None)))
    with http:
        return fetch_sources(settings, sources=kw.pop("srcs", None) or sources(fake, **kw),
                             since=SINCE, http=http, today=TODAY)


def fresh(report):
    """What this fetch downloaded: new or changed papers, and leftovers still pending; not the
    papers re-queued from the raw store because the warehouse lacks them (these tests never
    build one, so every earlier paper is re-queued that way)."""
    requeued = {i.source_key for i in report.reconciled.items}
    return [i for i in report.items if i.source_key not in requeued]


def by_url(report):
    return {i.source_key.rsplit("/", 1)[-1]: i for i in report.items}


def test_end_to_end_items_carry_meeting_context(settings, fake, corpus_dir):
    report = fetch(settings, fake)
    items = by_url(report)
    assert set(items) == {"Public%20reports%20pack.pdf", "Fostering.pdf"} or \
        set(items) == {"Public reports pack.pdf", "Fostering.pdf"}
    sefton = next(i for i in report.items if "/sefton/documents/s2001/" in i.source_key)
    s = sefton.source
    assert (s.source_name, s.committee, s.committee_id) == ("sefton", SCRUTINY, "101")
    assert (s.meeting_id, s.meeting_date) == ("2001", date(2017, 9, 26))
    assert (s.agenda_item_number, s.agenda_item_title) == ("8", "Fostering Service Annual Report 2017/18")
    assert s.document_title == "Fostering annual report" and s.url == sefton.source_key
    # Bytes went into the content-addressed raw store unchanged.
    original = corpus_dir / "pdf" / "sefton-fostering-annual-report-2017-18.pdf"
    assert sha256_file(sefton.path) == sha256_file(original)
    assert Path(sefton.path).parent.parent == settings.raw_store_dir
    pack = next(i for i in report.items if "/g2001/" in i.source_key)
    assert pack.source.agenda_item_number is None and pack.source.document_title == "Agenda frontsheet"
    coventry = next(i for i in report.items if "/coventry/" in i.source_key)
    assert coventry.source.meeting_date == date(2018, 7, 10)      # ISO date on this install
    assert coventry.source.committee_id == "55"                   # chosen by title
    assert coventry.source.agenda_item_number == "4"


def test_restricted_skipped_and_other_host_refused(settings, fake):
    report = fetch(settings, fake)
    assert fake.count("Exempt.pdf") == 0                          # restricted: never requested
    sefton = next(s for s in report.sources if s.name == "sefton")
    assert (sefton.restricted, sefton.refused, sefton.downloaded) == (1, 1, 2)
    (refused,) = [e for e in report.errors if "elsewhere.example.org" in e.message]
    assert not refused.transient and "not a configured source host" in refused.message
    with FetchState(state_path(settings)) as st:
        assert any("elsewhere.example.org" in r["message"] for r in st.failures("sefton"))


def test_range_ignoring_install_is_filtered_locally(settings, fake):
    report = fetch(settings, fake)
    assert fake.requests["/coventry/mgWebService.asmx/GetMeeting"] == 1  # 900 (2016) never opened
    assert fake.requests["/sefton/mgWebService.asmx/GetMeeting"] == 1    # server honoured the range
    coventry = next(s for s in report.sources if s.name == "coventry")
    assert coventry.meetings == 1


def test_second_fetch_downloads_nothing(settings, fake):
    first = fetch(settings, fake)
    mark_processed(settings, first.items)
    log_before = len(fake.log)
    second = fetch(settings, fake)
    assert fresh(second) == [] and second.downloaded == 0
    assert sum(s.unchanged for s in second.sources) == 3
    # No warehouse was built from the first fetch: its papers come back from the raw store.
    assert {i.source_key for i in second.reconciled.items} == {i.source_key for i in first.items}
    # Every paper was asked for again only conditionally (and answered 304, no body).
    papers = [h for p, h in fake.log[log_before:] if "/documents/" in p]
    assert len(papers) == 3
    assert all({"if-none-match", "if-modified-since"} <= {k.lower() for k in h} for h in papers)


def test_unchanged_by_sha_when_the_server_sends_no_validators(settings, corpus_dir):
    with FakeModernGov(sample_councils(corpus_dir), etags=False) as fake:
        first = fetch(settings, fake)
        mark_processed(settings, first.items)
        second = fetch(settings, fake)
    assert len(first.items) == 3 and fresh(second) == []
    assert sum(s.unchanged for s in second.sources) == 3


def test_changed_paper_is_fetched_again(settings, fake):
    first = fetch(settings, fake)
    mark_processed(settings, first.items)
    fake.replace["/sefton/documents/s2001/Fostering.pdf"] = b"%PDF-1.4 revised paper\n%%EOF\n"
    second = fetch(settings, fake)
    (item,) = fresh(second)
    assert item.source_key.endswith("/s2001/Fostering.pdf")
    assert Path(item.path).read_bytes().startswith(b"%PDF-1.4 revised")


def test_unprocessed_downloads_stay_pending(settings, fake):
    first = fetch(settings, fake)
    assert len(pending_items(settings)) == 3
    again = fetch(settings, fake)                  # not marked processed: offered again
    assert again.downloaded == 0 and {i.source_key for i in again.items} == \
        {i.source_key for i in first.items}
    mark_processed(settings, again.items)
    assert pending_items(settings) == []


def test_500_then_success_is_retried_with_backoff(settings, fake):
    fake.fail["/sefton/documents/s2001/Fostering.pdf"] = [500, 503]
    sleeps: list[float] = []
    host = HostSettings(delay_seconds=0.0, backoff_seconds=1.5, retries=2)
    report = fetch(settings, fake, sleeps=sleeps, host=host)
    assert any(i.source_key.endswith("/s2001/Fostering.pdf") for i in report.items)
    assert fake.count("/s2001/Fostering.pdf") == 3
    assert [s for s in sleeps if s >= 1.5] == [1.5, 3.0]           # doubled backoff
    assert report.errors == [e for e in report.errors if "elsewhere" in e.message]


def test_5xx_beyond_retries_is_transient_and_the_rest_continues(settings, fake):
    fake.fail["/sefton/documents/s2001/Fostering.pdf"] = [500, 500, 500]
    report = fetch(settings, fake)
    (err,) = [e for e in report.errors if "Fostering.pdf" in (e.url or "")]
    assert err.transient and "HTTP 500" in err.message and "3 attempts" in err.message
    assert len(report.items) == 2                  # the pack and Coventry still came


def test_malformed_xml_recorded_against_source_others_continue(settings, fake):
    fake.replace["/sefton/mgWebService.asmx/GetCommittees"] = b"<committees><committee><oops>"
    report = fetch(settings, fake, sefton=("Overview and Scrutiny Committee (Children's Services and Safeguarding)",))
    (err,) = [e for e in report.errors if e.source == "sefton"]
    assert not err.transient and "malformed XML" in err.message and "GetCommittees" in err.message
    assert [i.source.source_name for i in report.items] == ["coventry"]


def test_malformed_meeting_does_not_stop_the_committee(settings, fake):
    fake.replace["/coventry/mgWebService.asmx/GetMeeting"] = b"<meeting><meetingid>901"
    report = fetch(settings, fake)
    assert [e.source for e in report.errors if "malformed" in e.message] == ["coventry"]
    assert {i.source.source_name for i in report.items} == {"sefton"}


def test_4xx_is_terminal(settings, fake):
    fake.fail["/sefton/documents/s2001/Fostering.pdf"] = [404]
    report = fetch(settings, fake)
    (err,) = [e for e in report.errors if "Fostering.pdf" in (e.url or "")]
    assert not err.transient and "HTTP 404" in err.message
    assert fake.count("/s2001/Fostering.pdf") == 1          # not retried


def test_redirect_to_another_host_refused(settings, fake):
    fake.redirect["/sefton/documents/s2001/Fostering.pdf"] = "https://cdn.elsewhere.example.net/f.pdf"
    report = fetch(settings, fake)
    (err,) = [e for e in report.errors if "cdn.elsewhere" in e.message]
    assert "refused redirect" in err.message and not err.transient


def test_redirect_on_the_same_host_followed(settings, fake):
    fake.redirect["/sefton/documents/s2001/Moved.pdf"] = "/sefton/documents/s2001/Fostering.pdf"
    http = PoliteClient(sleep=lambda s: None)
    with http:
        http.allow(fake.base_url("/sefton"), FAST)
        resp = http.get(fake.base_url("/sefton/documents/s2001/Moved.pdf"))
    assert resp.status == 200 and resp.url.endswith("/s2001/Fostering.pdf")


def test_size_cap(settings, fake):
    host = HostSettings(delay_seconds=0.0, backoff_seconds=0.0, max_bytes=20_000)
    report = fetch(settings, fake, host=host, coventry=())
    assert report.items == []
    assert len([e for e in report.errors if "max_bytes = 20,000" in e.message]) == 2


def test_polite_delay_and_user_agent(settings, fake):
    sleeps: list[float] = []
    host = HostSettings(delay_seconds=2.0, backoff_seconds=0.0, user_agent="council-etl-test/1 (x@y)")
    fetch(settings, fake, sleeps=sleeps, host=host, coventry=())
    n = sum(fake.requests.values())
    assert len(sleeps) == n - 1 and all(0 < s <= 2.0 for s in sleeps)   # a pause before each but the first
    assert all(h.get("User-Agent") == "council-etl-test/1 (x@y)" for _, h in fake.log)


def test_unknown_committee_recorded_others_followed(settings, fake):
    report = fetch(settings, fake, sefton=("101", "No Such Committee"))
    assert any("'No Such Committee'" in e.message for e in report.errors)
    assert any(i.source.source_name == "sefton" for i in report.items)


def test_nightly_window_moves_forward(settings, fake):
    src = sources(fake, coventry=())[0]
    src.start_date, src.lookback_days = date(2017, 1, 1), 30
    http = PoliteClient(sleep=lambda s: None)
    with http:
        r1 = fetch_sources(settings, sources=[src], http=http, today=TODAY)
        assert r1.sources[0].window[0] == date(2017, 1, 1)        # first run: from start_date
        r2 = fetch_sources(settings, sources=[src], http=http, today=TODAY)
        assert r2.sources[0].window[0] == date(2018, 7, 2)         # last success less lookback
        # A transient failure holds the window back: the next night looks again from before it.
        fake.fail["/sefton/mgWebService.asmx/GetMeetings"] = [503] * 3
        later = date(2018, 9, 1)
        r3 = fetch_sources(settings, sources=[src], http=http, today=later)
        assert r3.errors and r3.errors[0].transient
        r4 = fetch_sources(settings, sources=[src], http=http, today=later)
    assert r4.sources[0].window[0] == date(2018, 7, 2)


def test_unknown_source_name_is_a_config_error(settings):
    with pytest.raises(ConfigError, match="unknown source nope"):
        fetch_sources(settings, names=["nope"])


def test_a_meeting_listed_2000_times_is_fetched_once(settings, corpus_dir):
    councils = sample_councils(corpus_dir)
    councils[0].repeat_listing = 2000
    with FakeModernGov(councils) as fake:
        report = fetch(settings, fake, coventry=())
    assert fake.requests["/sefton/mgWebService.asmx/GetMeeting"] == 1
    assert fake.requests["/sefton/ieListDocuments.aspx"] == 1
    assert report.sources[0].meetings == 1


def test_a_server_trickling_bytes_is_stopped_by_the_whole_request_deadline(settings, fake):
    fake.slow["/sefton/documents/s2001/Fostering.pdf"] = 6
    ticks = iter(range(0, 10**6, 100))          # every look at the clock: 100 s later
    host = HostSettings(delay_seconds=0.0, backoff_seconds=0.0, retries=3, deadline_seconds=250)
    with PoliteClient(sleep=lambda s: None, clock=lambda: float(next(ticks))) as http:
        report = fetch_sources(settings, sources=sources(fake, host=host, coventry=()),
                               since=SINCE, http=http, today=TODAY)
    (err,) = [e for e in report.errors if "Fostering.pdf" in (e.url or "")]
    assert err.transient and "took longer than deadline_seconds = 250" in err.message
    assert fake.count("/s2001/Fostering.pdf") == 1            # not retried within the run
    assert report.sources[0].adds_up()


def test_politeness_is_shared_by_clients_that_share_a_lock_directory(tmp_path, fake):
    """Two processes' clients (here two clients) keep the host's delay between them."""
    host = HostSettings(delay_seconds=5.0, backoff_seconds=0.0)
    url = fake.base_url("/sefton/mgWebService.asmx/GetCommittees")
    first_sleeps: list[float] = []
    second_sleeps: list[float] = []
    with PoliteClient(sleep=first_sleeps.append, lock_dir=tmp_path / "hosts") as a, \
            PoliteClient(sleep=second_sleeps.append, lock_dir=tmp_path / "hosts") as b:
        a.allow(fake.base_url("/sefton"), host)
        b.allow(fake.base_url("/sefton"), host)
        a.get(url)
        b.get(url)
    assert first_sleeps == []
    (waited,) = second_sleeps
    assert 4.0 < waited <= 5.0
    assert (tmp_path / "hosts" / "127.0.0.1.lock").exists()


def test_fetch_keeps_its_host_locks_beside_the_fetch_state(settings, fake):
    fetch(settings, fake, coventry=())
    assert (state_path(settings).parent / "fetch-hosts" / "127.0.0.1.lock").exists()


def test_counts_add_up_with_refused_restricted_and_failed_papers(settings, fake):
    fake.fail["/sefton/documents/s2001/Fostering.pdf"] = [404]
    report = fetch(settings, fake)
    sefton = next(s for s in report.sources if s.name == "sefton")
    assert (sefton.papers_seen, sefton.new, sefton.restricted, sefton.failed, sefton.refused) == \
        (4, 1, 1, 2, 1)
    assert all(s.adds_up() for s in report.sources)
    assert "4 papers: 1 new, 0 changed, 0 unchanged, 1 restricted, 2 failed (1 refused)" in sefton.line()


def test_a_server_trickling_its_headers_is_stopped_by_the_watchdog(fake):
    fake.trickle_headers["/sefton/documents/s2001/Fostering.pdf"] = 30.0
    host = HostSettings(delay_seconds=0.0, retries=2, timeout_seconds=10.0, deadline_seconds=0.5)
    with PoliteClient(sleep=lambda s: None) as http:
        http.allow(fake.base_url("/sefton"), host)
        with pytest.raises(TooSlow, match="took longer than deadline_seconds = 0.5"):
            http.get(fake.base_url("/sefton/documents/s2001/Fostering.pdf"))
        # The host is still usable afterwards, on a fresh connection.
        assert http.get(fake.base_url("/sefton/mgWebService.asmx/GetCommittees")).status == 200
    assert fake.count("/s2001/Fostering.pdf") == 1
