"""Random and mutated bytes into sniffing and every reader: the only exception a reader may raise
is UnreadableDocument (a sentence for the person), and no example may take longer than the
deadline. Seeds are fixed (derandomize) and example counts bounded, so runs are repeatable."""
from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import UnreadableDocument
from extractors.read import read_document
from extractors.read.sniff import HTML, PDF, TEXT, decode_text, sniff_format
from tests.fuzz import hostile_files as hostile

# Per example: far more than any of these small inputs needs, far less than a hang.
BUDGET = timedelta(seconds=20)
FUZZ = settings(derandomize=True, max_examples=60, deadline=BUDGET, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=25)

SEED_PDF = hostile.pages_pdf([hostile.text_ops(hostile.SENTENCE),
                              hostile.text_ops(b"Total 12 45% 1,234")], deflate=True)
SEED_HTML = (b"<html><head><title>Report</title></head><body><h1>Fostering</h1>"
             b"<p>There were 651 children.</p><ul><li>one<ul><li>two</li></ul></li></ul>"
             b"<table><tr><th rowspan='2'>Year</th><th colspan='2'>2017/18</th></tr>"
             b"<tr><td>12</td><td>45%</td></tr></table></body></html>")
SEED_TEXT = (b"FOSTERING REPORT\n\n1. Introduction\nThere were 651 children.\n\n"
             b"Year\t2016/17\t2017/18\nCarers\t120\t131\n\n- a bullet\n")


def read_or_refuse(data: bytes, fmt: str) -> None:
    try:
        doc = read_document(data, fmt, "fuzz.bin", "0" * 64)
    except UnreadableDocument as e:
        assert e.message and e.status in ("failed", "partial", "skipped")
        return
    assert all("\x00" not in b.text for b in doc.blocks)


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """`seed` with a few bytes flipped, runs deleted or duplicated, or cut short."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "delete", "duplicate", "insert", "truncate"]))
        if op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 256))] * draw(st.integers(1, 8))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        else:
            del data[at:]
    return bytes(data)


@FUZZ
@given(st.binary(max_size=4096))
def test_sniffing_and_decoding_any_bytes(data):
    assert sniff_format(data) in (PDF, HTML, TEXT, None)
    text, encoding = decode_text(data)
    assert isinstance(text, str) and encoding


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from([PDF, HTML, TEXT]))
def test_random_bytes_into_each_reader(data, fmt):
    read_or_refuse(data, fmt)


@FEW
@given(mutated(SEED_PDF))
def test_mutated_pdf(data):
    read_or_refuse(data, PDF)


@FUZZ
@given(mutated(SEED_HTML))
def test_mutated_html(data):
    read_or_refuse(data, HTML)


@FUZZ
@given(mutated(SEED_TEXT))
def test_mutated_text(data):
    read_or_refuse(data, TEXT)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' divptablerhdulo&#;x0\t\n\x00é")),
               max_size=600))
def test_markup_soup_into_html(text):
    read_or_refuse(text.encode("utf-8"), HTML)


@FUZZ
@given(st.text(max_size=1500), st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-16"]))
def test_any_text_in_any_encoding(text, encoding):
    data = text.encode(encoding, errors="surrogatepass")
    fmt = sniff_format(data)
    if fmt is not None:
        read_or_refuse(data, fmt)


PDF_VALUES = st.sampled_from([b"null", b"[0 0 595 842]", b"[1 2]", b"[(a) 0 1 1]", b"(x)", b"90",
                              b"-90", b"7", b"1e308", b"[0 0 0 0]", b"<< >>", b"/Name", b"[]",
                              b"[0 0 1e308 -1e308]", b"3 0 R", b"99 0 R"])
PAGE_KEYS = st.sampled_from([b"MediaBox", b"CropBox", b"TrimBox", b"ArtBox", b"BleedBox",
                             b"Rotate", b"UserUnit", b"Resources"])


@FUZZ
@given(st.dictionaries(PAGE_KEYS, PDF_VALUES, max_size=4))
def test_malformed_page_dictionaries(entries):
    extra = b"".join(b" /" + k + b" " + v for k, v in entries.items())
    page = (b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R"
            + extra + b" >>")
    data = hostile.pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>",
                             b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", hostile.FONT, page,
                             hostile.stream(hostile.text_ops(hostile.SENTENCE))])
    read_or_refuse(data, PDF)
