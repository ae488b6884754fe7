"""The worker process's side of pipeline.worker: extract documents sent down a pipe.

Imported by the fork server before any worker exists (so imports and the spaCy model are paid
once, then shared by every forked worker); kept separate so the parent never has to import it.
"""
from __future__ import annotations

import hashlib
import signal
from multiprocessing.connection import Connection
from typing import Any

from extractors.nlp import get_nlp
from pipeline.process import process_contained

WARM_UP_TEXT = "Fostering report 2018: there were 12 foster carers at 31 March 2018."


def warm_up_pdf(text: str) -> bytes:
    """A one-page PDF holding `text`, built here so no file is needed."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def warm_up() -> None:
    """Read one small document of each format in the fork server: the language model and every
    lazily imported module are then loaded once and shared by every worker forked from it (and a
    worker under a tight memory limit does not fail merely importing a module)."""
    get_nlp()
    html = f"<html><body><h1>Report</h1><p>{WARM_UP_TEXT}</p></body></html>".encode()
    for data in (warm_up_pdf(WARM_UP_TEXT), html, WARM_UP_TEXT.encode()):
        process_contained(data, "warm-up", hashlib.sha256(data).hexdigest())


warm_up()


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
        except MemoryError:             # the document's bytes alone are over the budget
            conn.send(("memory", None))
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
