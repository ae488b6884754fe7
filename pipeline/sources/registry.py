"""Which council a source is, from the registry of councils' committee sites (core/councils.py).

The registry file can be replaced, for tests or for a site that moved before the registry was
rebuilt: `$COUNCIL_ETL_REGISTRY=/path/councils.csv`, or `[fetch] registry_file = "councils.csv"`
in council-etl.toml (relative to that file). The replacement has the same columns as
core/reference_data/councils.csv.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path
from urllib.parse import urlsplit

from core.councils import REGISTRY_PATH, Council, registry
from pipeline.sources.errors import ConfigError

REGISTRY_ENV = "COUNCIL_ETL_REGISTRY"


def registry_path(settings=None) -> Path:
    env = os.environ.get(REGISTRY_ENV)
    if env:
        return Path(env)
    data = getattr(settings, "raw", None) or {}
    file = data.get("fetch", {}).get("registry_file")
    if file:
        config = getattr(settings, "config_path", None)
        return (config.parent if config else Path.cwd()) / file
    return REGISTRY_PATH


def councils(settings=None) -> tuple[Council, ...]:
    path = registry_path(settings)
    if not path.is_file():
        raise ConfigError(f"the council registry {path} does not exist (set by ${REGISTRY_ENV} or "
                          "[fetch] registry_file)")
    try:
        return registry(path)
    except (KeyError, ValueError) as e:
        raise ConfigError(f"the council registry {path} is not in the registry's format "
                          f"(columns of core/reference_data/councils.csv): {e}") from None


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").split())


def find_council(name: str, among: tuple[Council, ...]) -> Council | None:
    """By name, official name, code or GSS code; a current council wins over an abolished one."""
    key = _norm(name)
    found = [c for c in among if key in (_norm(c.name), _norm(c.official_name), c.code.lower(),
                                          (c.gss_code or "").lower())]
    return sorted(found, key=lambda c: not c.current)[0] if found else None


def council_named(name: str, among: tuple[Council, ...], where: str = "--council") -> Council:
    """The council called `name`, or a ConfigError that suggests the nearest names."""
    council = find_council(name, among)
    if council is not None:
        return council
    names = sorted({c.name for c in among})
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else \
        "; `council-etl councils` lists them"
    raise ConfigError(f"{where} {name!r} is not a council in the registry{hint}")


def council_for_url(url: str, among: tuple[Council, ...]) -> Council | None:
    """The council whose committee site serves `url`: same host, and when the registry's base
    URL has a path (several sites behind one host), that path too."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    best: Council | None = None
    best_len = -1
    for c in among:
        if not c.host or not (host == c.host or host.endswith("." + c.host)):
            continue
        base_path = urlsplit(c.base_url).path.rstrip("/")
        if base_path and not (parts.path + "/").startswith(base_path + "/"):
            continue
        if len(base_path) > best_len and (best is None or c.current or not best.current):
            best, best_len = c, len(base_path)
    return best
