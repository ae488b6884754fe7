"""Decide what a file really is from its bytes, never from its name."""
from __future__ import annotations

import re

PDF, HTML, TEXT = "pdf", "html", "text"

# Leading bytes of formats we know but do not read: named so the error can say what the file is.
KNOWN_BINARY_MAGIC = (
    (b"PK\x03\x04", "a ZIP container (e.g. .docx, .xlsx or .zip)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)
SNIFF_BYTES = 4096
# Share of control characters above which a byte string is binary, not text.
MAX_CONTROL_SHARE = 0.05
HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
HTML_TAGS = re.compile(rb"<(p|div|table|h[1-6]|ul|ol|li|span|br)\b[^>]*>", re.I)


def describe_binary(data: bytes) -> str | None:
    head = data[:16]
    for magic, what in KNOWN_BINARY_MAGIC:
        if head.startswith(magic):
            return what
    return None


def looks_binary(data: bytes) -> bool:
    sample = data[:SNIFF_BYTES]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control / len(sample) > MAX_CONTROL_SHARE


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Readers accept a PDF header anywhere in the first KiB (some files carry junk before it), but
# a text paper may quote "%PDF-" too: past the start, the bytes must also look like a PDF body.
PDF_BODY = re.compile(rb"\d+\s+\d+\s+obj\b")


def is_pdf(data: bytes) -> bool:
    at = data[:1024].find(b"%PDF-")
    if at < 0:
        return False
    return not data[:at].strip() or bool(PDF_BODY.search(data[at:at + 65536]))


# UTF-16 without a byte-order mark: in Latin-script text every other byte is zero. One half of the
# sample's bytes this much zero, the other half at most UTF16_OTHER_ZERO, and it decodes cleanly.
UTF16_ZERO_SHARE = 0.7
UTF16_OTHER_ZERO = 0.1


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes are UTF-16 text with no byte-order mark."""
    sample = data[:SNIFF_BYTES]
    if len(sample) < 4 or b"\x00" not in sample or data.startswith(UTF16_BOMS):
        return None
    even, odd = sample[0::2], sample[1::2]
    even_zero, odd_zero = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_zero >= UTF16_ZERO_SHARE and even_zero <= UTF16_OTHER_ZERO:
        encoding = "utf-16-le"
    elif even_zero >= UTF16_ZERO_SHARE and odd_zero <= UTF16_OTHER_ZERO:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = sample[:len(sample) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if looks_binary(text.encode("utf-8")) else encoding


def sniff_format(data: bytes) -> str | None:
    """'pdf', 'html', 'text', or None when the bytes are some binary format we do not read."""
    if is_pdf(data):
        return PDF
    utf16 = "utf-16" if data.startswith(UTF16_BOMS) else utf16_without_bom(data)
    if utf16:
        data = data[:SNIFF_BYTES * 2].decode(utf16, errors="replace").encode("utf-8")
    elif describe_binary(data) or looks_binary(data):
        return None
    sample = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")
    if HTML_START.match(sample) or len(HTML_TAGS.findall(sample)) >= 3:
        return HTML
    return TEXT


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: UTF-8 (with or without BOM), else Windows-1252, else Latin-1.

    Returns (text, encoding). Council exports are often cp1252 ("£", curly quotes); we decode
    them rather than reject them.
    """
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    bomless = utf16_without_bom(data)
    if bomless:
        # A damaged character (or an odd last byte) becomes U+FFFD rather than losing the file.
        return data.decode(bomless, errors="replace"), bomless
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"
