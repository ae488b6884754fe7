"""The worker process's side of pipeline.worker: extract documents sent down a pipe.

Imported by the fork server before any worker exists (so imports and the spaCy model are paid
once, then shared by every forked worker); kept separate so the parent never has to import it.
"""
from __future__ import annotations

import signal
from multiprocessing.connection import Connection
from typing import Any

from extractors.nlp import get_nlp
from pipeline.process import process_contained

# Load the language model in the fork server: every worker forked from it starts with it ready.
get_nlp()


def serve(conn: Connection, memory_limit_bytes: int) -> None:
    """Answer ("ok", result), ("memory", None) or ("error", message) per (job, data) received,
    until told to stop (None) or the parent goes away."""
    from pipeline.worker import die_with_parent, set_memory_limit
    die_with_parent()
    # The parent decides when to stop: Ctrl-C at a terminal reaches the whole process group.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    set_memory_limit(memory_limit_bytes)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job, data = message
        reply: tuple[str, Any]
        try:
            reply = ("ok", process_contained(data, job.item.source_key, job.sha256,
                                                job.item.source))
        except MemoryError:
            reply = ("memory", None)
        del data
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", None))
        except (OSError, EOFError):
            return
        if reply[0] == "memory":
            return          # the heap may be in a poor state: let a fresh worker take over
