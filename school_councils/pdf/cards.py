"""Pupils' sign-in cards: A4 sheets of ten cards with dashed cut lines.

Each card shows the pupil's pseudonym, the class, the code in groups of five in a
large monospaced font, a QR code that opens the sign-in page with the code filled in,
and one line of instructions, all in the class's language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from school_councils.models import Classroom
from school_councils.pdf import fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 10 * mm
COLUMNS, ROWS = 2, 5
CARDS_PER_PAGE = COLUMNS * ROWS
CARD_WIDTH = (PAGE_WIDTH - 2 * MARGIN) / COLUMNS
CARD_HEIGHT = (PAGE_HEIGHT - 2 * MARGIN) / ROWS
PADDING = 5 * mm
QR_SIZE = 28 * mm
GAP = 3 * mm
CODE_SIZE = 21
SMALLEST = 6


@dataclass(frozen=True)
class Card:
    pseudonym: str
    classroom: str
    school: str
    code: str
    link: str
    instruction: str


def cards_pdf(*, classroom: Classroom, issued: Sequence, signin_url: str) -> bytes:
    """Returns the PDF with one card per issued code (``services.IssuedCode``).

    ``signin_url`` is the absolute address of the sign-in page; the QR code opens it
    with the code filled in.
    """
    fonts.register()
    with translation.override(classroom.language):
        cards = [_card(classroom, item, signin_url) for item in issued]
        title = _("Sign-in cards: class %(name)s") % {"name": classroom.name}
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor(classroom.school.name)
    pdf.setCreator("Youth Civics")
    for start in range(0, len(cards), CARDS_PER_PAGE):
        _draw_page(pdf, cards[start : start + CARDS_PER_PAGE])
    pdf.save()
    return buffer.getvalue()


def _card(classroom: Classroom, item, signin_url: str) -> Card:
    address = signin_url.split("://", 1)[-1]
    return Card(
        pseudonym=item.pupil.pseudonym,
        classroom=_("Class %(name)s, %(year)s")
        % {"name": classroom.name, "year": classroom.school_year_label},
        school=classroom.school.name,
        code=item.display,
        link=f"{signin_url}?{urlencode({'code': item.display})}",
        instruction=_("Scan the QR code, or open %(address)s and type your code.")
        % {"address": address},
    )


def _draw_page(pdf: Canvas, cards: Sequence[Card]) -> None:
    rows = -(-len(cards) // COLUMNS)
    _draw_cut_lines(pdf, rows)
    for index, card in enumerate(cards):
        column, row = index % COLUMNS, index // COLUMNS
        x = MARGIN + column * CARD_WIDTH
        y = PAGE_HEIGHT - MARGIN - (row + 1) * CARD_HEIGHT
        _draw_card(pdf, card, x, y)
    pdf.showPage()


def _draw_cut_lines(pdf: Canvas, rows: int) -> None:
    top = PAGE_HEIGHT - MARGIN
    bottom = top - rows * CARD_HEIGHT
    pdf.saveState()
    pdf.setStrokeGray(0.55)
    pdf.setLineWidth(0.5)
    pdf.setDash(4, 3)
    for column in range(COLUMNS + 1):
        x = MARGIN + column * CARD_WIDTH
        pdf.line(x, bottom, x, top)
    for row in range(rows + 1):
        y = top - row * CARD_HEIGHT
        pdf.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
    pdf.restoreState()


def _draw_card(pdf: Canvas, card: Card, x: float, y: float) -> None:
    left = x + PADDING
    top = y + CARD_HEIGHT - PADDING
    full_width = CARD_WIDTH - 2 * PADDING
    text_width = full_width - QR_SIZE - GAP
    baseline = _draw_lines(
        pdf, card.pseudonym, fonts.SANS_BOLD, 15, left, top, text_width, max_lines=2
    )
    baseline = _draw_lines(
        pdf, card.classroom, fonts.SANS, 10, left, baseline - 3, text_width
    )
    _draw_lines(
        pdf, card.school, fonts.SANS, 7.5, left, baseline - 1, text_width, max_lines=2
    )
    _draw_qr(pdf, card.link, x + CARD_WIDTH - PADDING - QR_SIZE, top - QR_SIZE)
    instruction_size, instruction = _instruction_lines(card.instruction, full_width)
    pdf.setFont(fonts.SANS, instruction_size)
    line_y = y + PADDING + (len(instruction) - 1) * instruction_size * 1.2
    for line in instruction:
        pdf.drawString(left, line_y, line)
        line_y -= instruction_size * 1.2
    code_y = y + PADDING + len(instruction) * instruction_size * 1.2 + 4
    pdf.setFont(fonts.MONO, CODE_SIZE)
    pdf.drawString(left, code_y, card.code)


def _instruction_lines(text: str, width: float) -> tuple[float, list[str]]:
    """One line when it stays readable, otherwise two."""
    for size in (8, 7.5, 7, 6.5):
        if stringWidth(text, fonts.SANS, size) <= width:
            return size, [text]
    return _fit(text, fonts.SANS, 8, width, max_lines=2)


def _draw_lines(
    pdf: Canvas,
    text: str,
    font: str,
    size: float,
    left: float,
    top: float,
    width: float,
    *,
    max_lines: int = 1,
) -> float:
    """Draws ``text`` below ``top``, shrunk to fit; returns the lowest baseline."""
    size, lines = _fit(text, font, size, width, max_lines=max_lines)
    pdf.setFont(font, size)
    baseline = top
    for line in lines:
        baseline -= size * 1.15
        pdf.drawString(left, baseline, line)
    return baseline


def _fit(
    text: str, font: str, size: float, width: float, *, max_lines: int
) -> tuple[float, list[str]]:
    """Returns the largest size up to ``size`` at which ``text`` fits in ``width``
    on ``max_lines`` lines, and those lines. Long pseudonyms and school names
    shrink rather than run into the QR code."""
    while True:
        lines = simpleSplit(text, font, size, width) or [""]
        fits = len(lines) <= max_lines and all(
            stringWidth(line, font, size) <= width for line in lines
        )
        if fits or size <= SMALLEST:
            return size, lines[:max_lines]
        size -= 0.5


def _draw_qr(pdf: Canvas, value: str, x: float, y: float) -> None:
    widget = QrCodeWidget(value)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(
        QR_SIZE,
        QR_SIZE,
        transform=[QR_SIZE / (x2 - x1), 0, 0, QR_SIZE / (y2 - y1), 0, 0],
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)
