"""Fetch state belongs to its warehouse. fetch-state.sqlite remembers which papers were
downloaded; the warehouse beside it may be new, rebuilt or another one. Before fetching, every
paper the state knows (for the sources being fetched) that the warehouse lacks is queued again
from the raw store, with its meeting context, without downloading it; a paper whose bytes are
not in the raw store either is forgotten by the state, so the next fetch whose window holds its
meeting downloads it afresh, and the report says so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.model import InputItem
from pipeline.rawstore import RawStore
from pipeline.sources.state import FetchState
from warehouse.load import document_id_for
from warehouse.store import connect_read_only


@dataclass
class Reconciled:
    items: list[InputItem] = field(default_factory=list)   # re-queued from the raw store
    refetch: list[str] = field(default_factory=list)       # bytes gone: downloaded again
    note: str | None = None                                 # what happened, for the report

    def line(self) -> str | None:
        if self.note:
            return self.note
        if not self.items and not self.refetch:
            return None
        out = []
        if self.items:
            out.append(f"{len(self.items)} paper(s) fetched before are missing from this "
                       "warehouse: re-processed from the raw store, not downloaded again")
        if self.refetch:
            out.append(f"{len(self.refetch)} paper(s) missing from this warehouse are not in "
                       "the raw store either: they are downloaded again when their meeting is "
                       "in the fetch window (reach back with --since DATE)")
        return "; ".join(out)


def warehouse_sources(db: Path) -> set[tuple[str, str]] | None:
    """(source_path, document_id) pairs the warehouse holds; empty for no warehouse yet;
    None when it cannot be read now."""
    if not db.exists():
        return set()
    try:
        con = connect_read_only(db)
    except Exception:       # locked by a writer mid-publish, or not a warehouse: say so, go on
        return None
    try:
        return {(p, d) for p, d in con.execute(
            "SELECT source_path, document_id FROM document_sources").fetchall()}
    except Exception:
        return None
    finally:
        con.close()


def reconcile(state: FetchState, store: RawStore, db: Path, sources: list[str]) -> Reconciled:
    out = Reconciled()
    if not sources:
        return out
    held = warehouse_sources(db)
    if held is None:
        out.note = (f"could not read the warehouse {db} to check it holds every paper fetched "
                    "before; run fetch again when it is free")
        return out
    pending = {i.source_key for i in state.pending()}
    for url, sha, info in state.documents_of(sources):
        if url in pending or (url, document_id_for(sha)) in held:
            continue
        if store.has(sha):
            out.items.append(InputItem(path=str(store.path_for(sha)), source_key=url, source=info))
        else:
            out.refetch.append(url)
    state.forget(out.refetch)
    return out
