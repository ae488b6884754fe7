"""Small PDFs built in the test run (reportlab), for cases the corpus does not have."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def text_pdf(lines: list[str], encrypt: str | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    y = 800
    for line in lines:
        c.drawString(72, y, line)
        y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


def image_only_pdf(pages: int = 2, text_on_page: int | None = None) -> bytes:
    """Pages with drawings but no text layer, like a scan; optionally one page with text."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in range(1, pages + 1):
        c.rect(72, 400, 300, 200, fill=1)
        if n == text_on_page:
            c.drawString(72, 800, "Fostering Service Annual Report 2017/18")
        c.showPage()
    c.save()
    return buf.getvalue()
