"""Hostile inputs, built from their description: small ones are also committed under
tests/corpus/hostile/ (see its manifest.csv); big ones (a compression bomb, 50,000 nested
elements) are built when a test needs them rather than stored in the repository.

PDFs are written by hand (not reportlab) so each can break exactly one rule of the format.
"""
from __future__ import annotations

import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
SENTENCE = b"There were 651 looked after children at 31 March 2018."


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF whose object 1 is the catalogue; `objects` are numbered from 1 in order."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def stream(data: bytes, deflate: bool = False) -> bytes:
    if deflate:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def text_ops(text: bytes, size: float = 12, y: int = 700) -> bytes:
    return b"BT /F1 %g Tf 72 %d Td (%s) Tj ET" % (size, y, text)


def pages_pdf(contents: list[bytes], media_box: bytes | None = b"[0 0 595 842]",
              deflate: bool = False) -> bytes:
    """One page per content stream, all with the Helvetica font as /F1."""
    n = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), FONT]
    box = b" /MediaBox " + media_box if media_box is not None else b""
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R%s /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % (box, 5 + 2 * i))
        objects.append(stream(content, deflate))
    return pdf_file(objects)


def pdf_without_media_box() -> bytes:
    return pages_pdf([text_ops(SENTENCE)], media_box=None)


def pdf_in_small_print() -> bytes:
    """All its text in 4 pt, below the smallest size the layout reads."""
    return pages_pdf([text_ops(SENTENCE, size=4)])


def pdf_bomb(inflated_mib: int = 40, good_pages: int = 0) -> bytes:
    """A page whose content stream inflates to `inflated_mib` MiB of spaces (about 1,000 to 1),
    after `good_pages` ordinary pages."""
    bomb = text_ops(SENTENCE) + b" " * (inflated_mib * 1024 * 1024)
    return pages_pdf([text_ops(SENTENCE)] * good_pages + [bomb], deflate=True)


def pdf_many_chars(n: int) -> bytes:
    """One page with a single line of `n` characters."""
    return pages_pdf([text_ops(b"7" * n, size=6)])


def pdf_pages(n: int) -> bytes:
    return pages_pdf([text_ops(b"Page text %d" % i) for i in range(n)])


def nested_html(depth: int) -> bytes:
    return (b"<html><body><p>Intro: 5 carers were approved.</p>" + b"<div>" * depth
            + b"<p>Deep: 12 children.</p>" + b"</div>" * depth + b"</body></html>")


PARAGRAPHS = "Fostering report\n\nThere were 651 looked after children in March 2018.\n\n" * 20


def utf16_without_bom(big_endian: bool = False) -> bytes:
    return PARAGRAPHS.encode("utf-16-be" if big_endian else "utf-16-le")


def text_with_nul() -> bytes:
    """NUL bytes past the sniffing window, inside a sentence with a figure."""
    filler = ("The service continued to recruit carers across the borough. " * 80).encode()
    return b"Fostering report\n\n" + filler + b"\n\nThere were 651\x00 looked\x00 after children.\n"


def dense_number_line(size: int) -> bytes:
    """One line of `size` bytes of figures and separators, as a table pasted without tabs."""
    from bench.hostile import dense_number_line as build
    return build(size)


def wide_tsv(rows: int, cols: int) -> bytes:
    header = "\t".join(f"Year {c}" for c in range(cols))
    body = "\n".join("\t".join(str(r * cols + c) for c in range(cols)) for r in range(rows))
    return f"Table of figures\n\n{header}\n{body}\n".encode()


def truncated_pdf() -> bytes:
    whole = pages_pdf([text_ops(SENTENCE)] * 3)
    return whole[:len(whole) // 3]


def random_bytes() -> bytes:
    import random
    return random.Random(12).randbytes(3000)


# Committed to tests/corpus/hostile/ (small); `write_committed` rebuilds them.
COMMITTED = {
    "no-media-box.pdf": pdf_without_media_box,
    "small-print.pdf": pdf_in_small_print,
    "truncated.pdf": truncated_pdf,
    "utf16-le-no-bom.txt": lambda: utf16_without_bom(False),
    "utf16-be-no-bom.txt": lambda: utf16_without_bom(True),
    "nul-bytes.txt": text_with_nul,
    "nested-990.html": lambda: nested_html(990),
    "random.bin": random_bytes,
    "dashed-grid.pdf": lambda: pdf_dashed_grid(20),
}
# Built by the test that needs them (too big to keep in the repository).
GENERATED = {
    "deflate-bomb.pdf": lambda: pdf_bomb(inflated_mib=64),
    "bomb-after-good-pages.pdf": lambda: pdf_bomb(inflated_mib=64, good_pages=2),
    "nested-50000.html": lambda: nested_html(50_000),
    "dense-numbers-100k.txt": lambda: dense_number_line(100_000),
}


def write_committed(folder) -> None:
    from pathlib import Path
    for name, build in COMMITTED.items():
        (Path(folder) / name).write_bytes(build())


def pdf_dashed_grid(step: int = 5) -> bytes:
    """A page covered by short dashes, vertical and horizontal, none joining another: thousands
    of separate rules for the ruled-table finder to cross with each other."""
    dashes = []
    for x in range(20, 570, step):
        for y in range(20, 800, 2 * step):
            dashes.append(b"%d %d m %d %d l S" % (x, y, x, y + step - 1))
            dashes.append(b"%d %d m %d %d l S" % (x, y + step, x + step // 2, y + step))
    return pages_pdf([text_ops(SENTENCE) + b" " + b" ".join(dashes)])
