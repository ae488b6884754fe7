"""Sources configuration and the URL safety rules: no server, no network."""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import httpx
import pytest

from pipeline.config import Settings, load_settings
from pipeline.sources import ConfigError, load_sources
from pipeline.sources.config import HostSettings, adhoc_source
from pipeline.sources.errors import RefusedURL, TransientFetchError
from pipeline.sources.http import PoliteClient

REPO = Path(__file__).resolve().parents[2]


def test_example_file_loads_three_councils():
    defaults, sources = load_sources(Settings(), REPO / "sources.example.toml")
    assert [s.name for s in sources] == ["sefton", "southwark", "coventry"]
    assert {s.hostname for s in sources} == {"modgov.sefton.gov.uk", "moderngov.southwark.gov.uk",
                                             "edemocracy.coventry.gov.uk"}
    assert all(s.host.verify_tls and s.start_date == date(2023, 4, 1) for s in sources)
    assert sources[1].host.delay_seconds == 3.0 and sources[0].host.delay_seconds == 2.0
    assert "contact" in defaults.user_agent


def test_sources_file_named_in_settings(tmp_path):
    (tmp_path / "sources.toml").write_text(
        '[sources.x]\nbase_url = "https://mg.example.gov.uk/"\ncommittees = [12, "Cabinet"]\n'
        'verify_tls = false\n')
    (tmp_path / "council-etl.toml").write_text('[fetch]\nsources_file = "sources.toml"\n'
                                               'delay_seconds = 1\n')
    _, (src,) = load_sources(load_settings(config=str(tmp_path / "council-etl.toml")))
    assert src.base_url == "https://mg.example.gov.uk" and src.committees == ["12", "Cabinet"]
    assert src.host.delay_seconds == 1.0 and not src.host.verify_tls


def test_tls_off_warns(tmp_path, caplog):
    (tmp_path / "s.toml").write_text('[sources.x]\nbase_url = "https://mg.example.gov.uk"\n'
                                     'committees = [1]\nverify_tls = false\n')
    with caplog.at_level(logging.WARNING):
        load_sources(Settings(), tmp_path / "s.toml")
    assert "TLS verification is OFF for x" in caplog.text


@pytest.mark.parametrize("table, message", [
    ('committees = [1]', "needs base_url"),
    ('base_url = "ftp://x"\ncommittees = [1]', r"must be an http\(s\) URL"),
    ('base_url = "https://x"', "lists no committees"),
    ('base_url = "https://x"\ncommittees = [1]\ndelay_seconds = -1', "delay_seconds"),
    ('base_url = "https://x"\ncommittees = [1]\nhttp_documents = "maybe"', "http_documents"),
    ('base_url = "https://x"\ncommittees = [1]\nstart_date = "last year"', "not YYYY-MM-DD"),
])
def test_bad_config_names_the_key(tmp_path, table, message):
    (tmp_path / "s.toml").write_text(f"[sources.x]\n{table}\n")
    with pytest.raises(ConfigError, match=message):
        load_sources(Settings(), tmp_path / "s.toml")


def test_adhoc_source_needs_a_committee():
    with pytest.raises(ConfigError, match="--committee"):
        adhoc_source("https://mg.example.gov.uk", [])


def client(policy="upgrade", transport=None) -> PoliteClient:
    c = PoliteClient(sleep=lambda s: None, transport=transport)
    c.allow("https://mg.example.gov.uk", HostSettings(http_documents=policy, delay_seconds=0,
                                                     backoff_seconds=0, retries=2))
    return c


def test_http_links_upgraded_allowed_or_refused_per_setting():
    link = "http://mg.example.gov.uk/documents/s1/Report.pdf"
    assert client("upgrade").check_url(link) == "https://mg.example.gov.uk/documents/s1/Report.pdf"
    assert client("allow").check_url(link) == link
    with pytest.raises(RefusedURL, match="plain http"):
        client("refuse").check_url(link)


def test_relative_links_resolve_and_other_hosts_are_refused():
    c = client()
    assert c.check_url("documents/s1/a.pdf", base="https://mg.example.gov.uk/") == \
        "https://mg.example.gov.uk/documents/s1/a.pdf"
    for bad in ("https://evil.example.com/a.pdf", "https://mg.example.gov.uk.evil.com/a.pdf",
                "file:///etc/passwd", "javascript:alert(1)"):
        with pytest.raises(RefusedURL):
            c.check_url(bad)


def test_timeouts_are_retried_then_transient():
    calls = []

    def handler(request):
        calls.append(request)
        raise httpx.ReadTimeout("slow", request=request)

    c = client(transport=httpx.MockTransport(handler))
    with pytest.raises(TransientFetchError, match="timed out.*3 attempts"):
        c.get("https://mg.example.gov.uk/mgWebService.asmx/GetCommittees")
    assert len(calls) == 3


def test_refused_host_is_never_contacted():
    calls = []
    c = client(transport=httpx.MockTransport(lambda r: calls.append(r) or httpx.Response(200)))
    with pytest.raises(RefusedURL):
        c.get("https://elsewhere.example.org/a.pdf")
    assert calls == [] and c.requests == 0


def test_a_source_may_name_a_council_instead_of_a_url(tmp_path):
    (tmp_path / "s.toml").write_text('[sources.sefton]\ncouncil = "Sefton"\n'
                                     'committee_match = "children|fostering"\n')
    _, (src,) = load_sources(Settings(), tmp_path / "s.toml")
    assert src.base_url == "https://modgov.sefton.gov.uk"
    assert (src.authority, src.authority_code) == ("Sefton", "E08000014")
    assert src.committee_match == "children|fostering" and src.committees == []


def test_a_url_source_gets_its_council_from_the_registry_by_host():
    _, sources = load_sources(Settings(), REPO / "sources.example.toml")
    assert [s.authority for s in sources] == ["Sefton", "Southwark", "Coventry"]


@pytest.mark.parametrize("table, message", [
    ('council = "Sefon"\ncommittees = [1]', "did you mean Sefton"),
    ('council = "Sefton"\ncommittee_match = "(children"', "not a regular expression"),
    ('council = "Sefton"', "lists no committees"),
])
def test_bad_council_source_names_the_problem(tmp_path, table, message):
    (tmp_path / "s.toml").write_text(f"[sources.x]\n{table}\n")
    with pytest.raises(ConfigError, match=message):
        load_sources(Settings(), tmp_path / "s.toml")


def test_a_council_not_on_moderngov_is_refused_with_its_system():
    from core.councils import registry
    other = next(c for c in registry() if c.current and not c.is_moderngov and c.cms)
    with pytest.raises(ConfigError, match=f"publishes its papers with {other.cms}"):
        adhoc_source(None, [], council=other.code, committee_match="children")
