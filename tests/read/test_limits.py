"""Caps on what one document may hold: over a cap, a document keeps what was read within it and
says which cap and which file; it never raises anything but UnreadableDocument."""
from __future__ import annotations

import hashlib
import zlib

import pytest

from core.errors import UnreadableDocument
from extractors.read import limits, pdf_guard, read_document
from extractors.read.sniff import TEXT, decode_text, sniff_format
from tests.fuzz import hostile_files as hostile


def read(data: bytes, name: str):
    fmt = sniff_format(data)
    assert fmt is not None, name
    return read_document(data, fmt, f"/papers/{name}", hashlib.sha256(data).hexdigest())


def test_html_nested_deeper_than_the_cap_keeps_its_text_and_says_so():
    doc = read(hostile.nested_html(50_000), "deep.html")
    texts = " ".join(b.text for b in doc.blocks)
    assert "5 carers" in texts and "12 children" in texts
    assert len(doc.partial_reasons) == 1
    reason = doc.partial_reasons[0]
    assert reason.startswith("deep.html: ") and f"nested more than {limits.MAX_HTML_DEPTH} deep" in reason


def test_html_nested_within_the_cap_is_read_as_structure():
    doc = read(hostile.nested_html(limits.MAX_HTML_DEPTH - 5), "ok.html")
    assert not doc.partial_reasons
    assert [b.text for b in doc.blocks] == ["Intro: 5 carers were approved.", "Deep: 12 children."]


def test_pdf_page_without_a_media_box_is_read_at_letter_size():
    doc = read(hostile.pdf_without_media_box(), "nobox.pdf")
    assert "651 looked after children" in doc.text
    assert (doc.pages[0].width, doc.pages[0].height) == (612.0, 792.0)
    assert not doc.partial_reasons and any("MediaBox" in w for w in doc.warnings)


def test_pdf_compression_bomb_is_refused_while_inflating():
    with pytest.raises(UnreadableDocument) as e:
        read(hostile.pdf_bomb(inflated_mib=limits.MAX_STREAM_BYTES // limits.MiB + 8), "bomb.pdf")
    assert e.value.status == "failed"
    assert e.value.message.startswith("bomb.pdf: page(s) 1: a stream inflates to more than")
    assert "the cap on one decompressed PDF stream" in e.value.message


def test_pdf_bomb_page_among_good_pages_leaves_the_document_partial():
    doc = read(hostile.pdf_bomb(inflated_mib=limits.MAX_STREAM_BYTES // limits.MiB + 8,
                                good_pages=2), "pack.pdf")
    assert doc.text.count("651 looked after children") == 2
    assert doc.partial_reasons == [
        "pack.pdf: page(s) 3: a stream inflates to more than 32 MB (the cap on one decompressed "
        "PDF stream; a compression bomb or a damaged file); those pages were not read, the "
        "others were"]


def test_pdf_pages_past_the_cap_are_left_out(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PAGES", 2)
    doc = read(hostile.pdf_pages(3), "long.pdf")
    assert len(doc.pages) == 2
    assert doc.partial_reasons == ["long.pdf: the PDF has more than 2 pages (the cap on pages per "
                                   "document); only the first 2 were read"]


def test_pdf_page_with_too_many_characters_is_skipped(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CHARS_PER_PAGE", 100)
    with pytest.raises(UnreadableDocument) as e:
        read(hostile.pdf_many_chars(500), "dense.pdf")
    assert "more than 100 characters (the cap on characters per page)" in e.value.message
    assert e.value.message.startswith("dense.pdf: ")


def test_pdf_small_print_is_not_dropped_silently():
    doc = read(hostile.pdf_in_small_print(), "tiny.pdf")
    assert any("smaller than 5 pt" in r and r.startswith("tiny.pdf: ") for r in doc.partial_reasons)


def test_utf16_without_a_byte_order_mark_is_text():
    for big_endian in (False, True):
        data = hostile.utf16_without_bom(big_endian)
        assert sniff_format(data) == TEXT
        text, encoding = decode_text(data)
        assert encoding == ("utf-16-be" if big_endian else "utf-16-le")
        assert "651 looked after children" in read(data, "u16.txt").text


def test_nul_bytes_never_reach_the_document():
    doc = read(hostile.text_with_nul(), "nul.txt")
    assert "\x00" not in doc.text and "651 looked after children" in doc.text


def test_text_longer_than_the_cap_is_cut_at_a_line(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 1000)
    doc = read(hostile.PARAGRAPHS.encode() * 3, "long.txt")
    assert sum(len(b.text) for b in doc.blocks) < 1000
    assert doc.partial_reasons[0].startswith("long.txt: the text is longer than 1,000 characters")


def test_tables_over_the_cell_caps(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TABLE_CELLS", 100)
    doc = read(hostile.wide_tsv(rows=30, cols=10), "wide.txt")
    (table,) = doc.tables
    assert sum(len(r) for r in table.rows) <= 100 and table.rows[0][0] == "Year 0"
    assert "more than 100 cells (the cap on cells per table)" in doc.partial_reasons[0]
    monkeypatch.setattr(limits, "MAX_DOCUMENT_CELLS", 50)
    doc = read(hostile.wide_tsv(rows=30, cols=10), "wide.txt")
    assert not doc.tables and any("cells per document" in r for r in doc.partial_reasons)


def test_html_spans_cannot_build_a_grid_past_the_cap(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TABLE_CELLS", 1000)
    row = "<tr>" + '<td rowspan="50" colspan="50">9</td>' * 40 + "</tr>"
    doc = read(f"<html><body><table>{row * 40}</table></body></html>".encode(), "spans.html")
    assert all(sum(len(r) for r in t.rows) <= 1000 for t in doc.tables)


def test_pdfminer_is_unchanged_outside_a_read():
    from pdfminer import pdftypes
    big = zlib.compress(b" " * (limits.MAX_STREAM_BYTES + 1))
    assert len(pdftypes.zlib.decompress(big)) == limits.MAX_STREAM_BYTES + 1
    with pdf_guard.guarded(), pytest.raises(limits.LimitExceeded):
        pdftypes.zlib.decompress(big)


def test_corrupt_checksum_is_repaired_in_linear_time():
    from pdfminer import pdftypes
    data = zlib.compress(b"651 children " * 1000)
    broken = data[:-2] + bytes([data[-2] ^ 0xFF, data[-1]])
    assert pdftypes.decompress_corrupted(broken) == b"651 children " * 1000


def test_pdf_page_with_too_many_rules_skips_only_the_ruled_table_search():
    doc = read(hostile.pdf_dashed_grid(20), "grid.pdf")
    assert "651 looked after children" in doc.text
    (reason,) = doc.partial_reasons
    assert reason.startswith("grid.pdf: page(s) 1: more than 250,000 pairs of ruling lines")


def test_pdf_page_with_too_much_content_is_skipped(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PAGE_CONTENT_BYTES", 2000)
    filler = b" 1" * 2000       # operands with no operator: slow for pdfminer, no text
    doc = read(hostile.pages_pdf([hostile.text_ops(hostile.SENTENCE),
                                  hostile.text_ops(hostile.SENTENCE) + filler]), "heavy.pdf")
    assert doc.text.count("651 looked after children") == 1
    assert doc.partial_reasons == [
        "heavy.pdf: page(s) 2: its drawing instructions are larger than 2,000 bytes (the cap on page "
        "content); those pages were not read, the others were"]


def test_html_longer_than_its_cap_is_cut(monkeypatch):
    monkeypatch.setattr(limits, "MAX_HTML_CHARS", 400)
    doc = read(b"<html><body>\n" + b"<p>There were 12 children.</p>\n" * 40 + b"</body></html>",
               "long.html")
    assert 0 < len(doc.blocks) < 40
    assert doc.partial_reasons[0].startswith("long.html: the text is longer than 400 characters")


def test_pdf_page_with_a_line_chart_among_many_rules_is_read():
    # A scorecard page: a grid of rules and a line chart whose sloping segments are edges with no
    # orientation; counting the rules must not trip over them (the page was dropped whole).
    rules = [b"%d %d m %d %d l S" % (20, y, 570, y) for y in range(20, 800, 1)][:600]
    rules += [b"%d %d m %d %d l S" % (x, 20, x, 800) for x in range(20, 570, 1)][:500]
    chart = b"100 100 m " + b" ".join(b"%d %d l" % (100 + 3 * i, 100 + (i * 37) % 90)
                                      for i in range(1, 120)) + b" S"
    doc = read(hostile.pages_pdf([hostile.text_ops(hostile.SENTENCE) + b" " + b" ".join(rules)
                                  + b" " + chart]), "chart.pdf")
    assert "651 looked after children" in doc.text
    assert not any("KeyError" in r for r in doc.partial_reasons), doc.partial_reasons
