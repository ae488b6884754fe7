"""Bounds on the work pdfminer does for one PDF: decompressed stream sizes and objects per page.

pdfminer inflates a stream whole (`zlib.decompress`) and turns every glyph and stroke of a page
into objects before we see any of them, so its caps have to sit inside it. `guarded()` gives the
current thread a budget; while it is active:

- every FlateDecode or LZWDecode stream is inflated incrementally and stops with `LimitExceeded`
  past MAX_STREAM_BYTES (checked while inflating, so the gigabyte is never allocated), and the
  document's streams together may not pass MAX_INFLATED_BYTES;
- `page_budget()` counts the content-stream bytes, characters and drawing operations of the page
  being read and stops it past MAX_PAGE_CONTENT_BYTES, MAX_CHARS_PER_PAGE or
  MAX_GRAPHICS_PER_PAGE.

Outside `guarded()` pdfminer behaves exactly as shipped. The hooks are installed once, on import.
"""
from __future__ import annotations

import contextlib
import zlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any, Iterator

from pdfminer import converter, lzw, pdfinterp, pdftypes

from extractors.read import limits
from extractors.read.limits import LimitExceeded

CHUNK = 1024 * 1024     # inflate this much at a time


@dataclass
class Budget:
    inflated: int = 0               # bytes inflated so far in this document
    content: int = 0                # bytes of drawing instructions on the page being read
    chars: int = 0                  # characters on the page being read
    graphics: int = 0               # drawing operations on the page being read
    notes: list[str] = field(default_factory=list)


_budget: ContextVar[Budget | None] = ContextVar("pdf_budget", default=None)


@contextlib.contextmanager
def guarded() -> Iterator[Budget]:
    budget = Budget()
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


@contextlib.contextmanager
def page_budget() -> Iterator[None]:
    """Count characters and drawing operations afresh for one page."""
    budget = _budget.get()
    if budget is not None:
        budget.content = budget.chars = budget.graphics = 0
    yield


def size_text(n: int) -> str:
    return f"{n // limits.MiB:,} MB" if n >= limits.MiB else f"{n:,} bytes"


def _count_inflated(n: int) -> None:
    budget = _budget.get()
    if budget is None:
        return
    budget.inflated += n
    if budget.inflated > limits.MAX_INFLATED_BYTES:
        raise LimitExceeded(
            f"its streams inflate to more than {size_text(limits.MAX_INFLATED_BYTES)} in "
            "all (the cap on decompressed size per document)")


def _too_big_stream() -> LimitExceeded:
    return LimitExceeded(
        f"a stream inflates to more than {size_text(limits.MAX_STREAM_BYTES)} (the cap on "
        "one decompressed PDF stream; a compression bomb or a damaged file)")


class _BoundedInflater:
    """zlib.decompressobj() that refuses to produce more than the stream cap."""

    def __init__(self) -> None:
        self._inner = zlib.decompressobj()
        self._produced = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inner.decompress(data, limits.MAX_STREAM_BYTES - self._produced + 1)
        self._produced += len(out)
        if self._produced > limits.MAX_STREAM_BYTES or self._inner.unconsumed_tail:
            raise _too_big_stream()
        _count_inflated(len(out))
        return out

    def flush(self, *args: Any) -> bytes:
        return self._inner.flush(*args)


def bounded_decompress(data: bytes) -> bytes:
    """zlib.decompress with the stream cap checked while inflating."""
    if _budget.get() is None:
        return zlib.decompress(data)
    inflater = zlib.decompressobj()
    out = []
    produced = 0
    pending = data
    while pending:
        chunk = inflater.decompress(pending, CHUNK)
        produced += len(chunk)
        if produced > limits.MAX_STREAM_BYTES:
            raise _too_big_stream()
        out.append(chunk)
        pending = inflater.unconsumed_tail
        if not chunk and pending:       # no progress: corrupt input
            break
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")     # pdfminer then tries its repair
    _count_inflated(produced)
    return b"".join(out)


class _ZlibForPdfminer:
    """What pdfminer.pdftypes sees as `zlib`: the same module with bounded inflation."""
    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        if args:
            return zlib.decompress(data, *args)
        return bounded_decompress(data)

    @staticmethod
    def decompressobj(*args: Any) -> Any:
        if args or _budget.get() is None:
            return zlib.decompressobj(*args)
        return _BoundedInflater()


def bounded_lzwdecode(data: bytes) -> bytes:
    if _budget.get() is None:
        return lzw.lzwdecode(data)
    out = []
    produced = 0
    for piece in lzw.LZWDecoder(BytesIO(data)).run():
        produced += len(piece)
        if produced > limits.MAX_STREAM_BYTES:
            raise _too_big_stream()
        out.append(piece)
    _count_inflated(produced)
    return b"".join(out)


def decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's repair for a deflate stream with a bad checksum, in linear time (it feeds one
    byte at a time and appends to a bytes object: quadratic in the inflated size). As there, an
    error in the last three bytes (the checksum) is tolerated and any earlier one raised."""
    inflater = _ZlibForPdfminer.decompressobj()
    body, tail = data[:-3], data[-3:]
    out = [inflater.decompress(body)]
    for i in range(len(tail)):
        try:
            out.append(inflater.decompress(tail[i:i + 1]))
        except zlib.error:
            break
    return b"".join(out)


def _count_content(n: int) -> None:
    budget = _budget.get()
    if budget is None:
        return
    budget.content += n
    if budget.content > limits.MAX_PAGE_CONTENT_BYTES:
        raise LimitExceeded(
            f"its drawing instructions are larger than {size_text(limits.MAX_PAGE_CONTENT_BYTES)}"
            " (the cap on page content)")


def _count(kind: str) -> None:
    budget = _budget.get()
    if budget is None:
        return
    if kind == "char":
        budget.chars += 1
        if budget.chars > limits.MAX_CHARS_PER_PAGE:
            raise LimitExceeded(
                f"it holds more than {limits.MAX_CHARS_PER_PAGE:,} characters (the cap on "
                "characters per page)")
    else:
        budget.graphics += 1
        if budget.graphics > limits.MAX_GRAPHICS_PER_PAGE:
            raise LimitExceeded(
                f"it holds more than {limits.MAX_GRAPHICS_PER_PAGE:,} drawing operations (the cap "
                "on lines, shapes and images per page)")


def _install() -> None:
    if getattr(converter.PDFLayoutAnalyzer, "_council_etl_guarded", False):
        return
    pdftypes.zlib = _ZlibForPdfminer             # type: ignore[assignment]
    pdftypes.lzwdecode = bounded_lzwdecode
    pdftypes.decompress_corrupted = decompress_corrupted
    parser = pdfinterp.PDFContentParser
    fillfp = parser.fillfp

    def counted_fillfp(self):
        opened = fillfp(self)
        if opened:      # the next content stream of the page (or of a form it draws) was opened
            _count_content(len(pdftypes.stream_value(self.streams[self.istream - 1]).get_data()))
        return opened

    parser.fillfp = counted_fillfp               # type: ignore[method-assign]
    analyzer = converter.PDFLayoutAnalyzer
    render_char, paint_path, render_image = (
        analyzer.render_char, analyzer.paint_path, analyzer.render_image)

    def counted_char(self, *args, **kwargs):
        _count("char")
        return render_char(self, *args, **kwargs)

    def counted_path(self, *args, **kwargs):
        _count("graphics")
        return paint_path(self, *args, **kwargs)

    def counted_image(self, *args, **kwargs):
        _count("graphics")
        return render_image(self, *args, **kwargs)

    analyzer.render_char = counted_char          # type: ignore[method-assign]
    analyzer.paint_path = counted_path           # type: ignore[method-assign]
    analyzer.render_image = counted_image        # type: ignore[method-assign]
    setattr(analyzer, "_council_etl_guarded", True)


_install()


def find_limit(error: BaseException) -> LimitExceeded | None:
    """The LimitExceeded behind an error pdfplumber or pdfminer wrapped, if any."""
    seen: set[int] = set()
    todo: list[Any] = [error]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, LimitExceeded):
            return e
        todo.extend(a for a in e.args if isinstance(a, BaseException))
        todo.extend([e.__cause__, e.__context__])
    return None
