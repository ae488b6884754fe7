"""The real type comes from the bytes, never the name."""
from extractors.read.sniff import HTML, PDF, TEXT, decode_text, sniff_format
from tests.pdf_factory import text_pdf


def test_pdf_with_junk_before_its_header_is_a_pdf():
    assert sniff_format(b"\r\n  " + text_pdf(["hello"])) == PDF
    assert sniff_format(b"garbage line\n" + text_pdf(["hello"])) == PDF


def test_text_quoting_a_pdf_header_is_text():
    note = b"Save the file as PDF: its first bytes read %PDF-1.7 and the rest is binary.\n"
    assert sniff_format(note * 3) == TEXT


def test_utf16_text_is_text_not_binary():
    data = "Fostering report\r\n\r\nThere were 120 households.".encode("utf-16")
    assert sniff_format(data) == TEXT
    assert decode_text(data)[0].startswith("Fostering report")


def test_html_and_binary():
    assert sniff_format(b"<!DOCTYPE html><html><body><p>x</p></body></html>") == HTML
    assert sniff_format(bytes(range(256))) is None
    assert sniff_format(b"PK\x03\x04rest of a docx") is None
