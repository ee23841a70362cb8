"""Voting slips: A4 sheets of twelve cut-out slips, one voting code each.

A slip shows the election, the class, the code in groups of five in a large
monospaced font, a QR code that opens the voting page with the code filled in, and
how to vote, in the class's language. The slip carries no name: whoever holds it
votes, once, and nothing ties the slip to the ballot cast with it.

Fonts come from ``school_councils.pdf.fonts`` (DejaVu Sans, for Polish letters and
Cyrillic), registered once per process.
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
from simulations.models import Election

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 10 * mm
COLUMNS, ROWS = 2, 6
SLIPS_PER_PAGE = COLUMNS * ROWS
SLIP_WIDTH = (PAGE_WIDTH - 2 * MARGIN) / COLUMNS
SLIP_HEIGHT = (PAGE_HEIGHT - 2 * MARGIN) / ROWS
PADDING = 4 * mm
QR_SIZE = 26 * mm
GAP = 3 * mm
CODE_SIZE = 17
SMALLEST = 6


@dataclass(frozen=True)
class Slip:
    title: str
    classroom: str
    code: str
    link: str
    instruction: str


def slips_pdf(
    *, election: Election, classroom: Classroom, issued: Sequence, vote_url: str
) -> bytes:
    """Returns the PDF with one slip per issued code (``IssuedVotingCode``).

    ``vote_url`` is the absolute address of the voting page; the QR code opens it
    with the code filled in.
    """
    fonts.register()
    with translation.override(classroom.language):
        slips = [_slip(election, classroom, item, vote_url) for item in issued]
        document_title = _("Voting slips: class %(name)s") % {"name": classroom.name}
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(document_title)
    pdf.setAuthor(classroom.school.name)
    pdf.setCreator("Youth Civics")
    for start in range(0, len(slips), SLIPS_PER_PAGE):
        _draw_page(pdf, slips[start : start + SLIPS_PER_PAGE])
    pdf.save()
    return buffer.getvalue()


def _slip(election: Election, classroom: Classroom, item, vote_url: str) -> Slip:
    address = vote_url.split("://", 1)[-1]
    return Slip(
        title=election.title,
        classroom=_("Class %(name)s, %(school)s")
        % {"name": classroom.name, "school": classroom.school.name},
        code=item.display,
        link=f"{vote_url}?{urlencode({'code': item.display})}",
        instruction=_(
            "Scan the QR code, or open %(address)s and type the code. "
            "It works once; nobody can see how you voted."
        )
        % {"address": address},
    )


def _draw_page(pdf: Canvas, slips: Sequence[Slip]) -> None:
    rows = -(-len(slips) // COLUMNS)
    _draw_cut_lines(pdf, rows)
    for index, slip in enumerate(slips):
        column, row = index % COLUMNS, index // COLUMNS
        x = MARGIN + column * SLIP_WIDTH
        y = PAGE_HEIGHT - MARGIN - (row + 1) * SLIP_HEIGHT
        _draw_slip(pdf, slip, x, y)
    pdf.showPage()


def _draw_cut_lines(pdf: Canvas, rows: int) -> None:
    top = PAGE_HEIGHT - MARGIN
    bottom = top - rows * SLIP_HEIGHT
    pdf.saveState()
    pdf.setStrokeGray(0.55)
    pdf.setLineWidth(0.5)
    pdf.setDash(4, 3)
    for column in range(COLUMNS + 1):
        x = MARGIN + column * SLIP_WIDTH
        pdf.line(x, bottom, x, top)
    for row in range(rows + 1):
        y = top - row * SLIP_HEIGHT
        pdf.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
    pdf.restoreState()


def _draw_slip(pdf: Canvas, slip: Slip, x: float, y: float) -> None:
    left = x + PADDING
    top = y + SLIP_HEIGHT - PADDING
    text_width = SLIP_WIDTH - 2 * PADDING - QR_SIZE - GAP
    baseline = _draw_lines(pdf, slip.title, fonts.SANS_BOLD, 12, left, top, text_width)
    _draw_lines(pdf, slip.classroom, fonts.SANS, 8, left, baseline - 2, text_width)
    _draw_qr(pdf, slip.link, x + SLIP_WIDTH - PADDING - QR_SIZE, top - QR_SIZE)
    size, lines = _fit(slip.instruction, fonts.SANS, 7.5, text_width, max_lines=3)
    pdf.setFont(fonts.SANS, size)
    line_y = y + PADDING + (len(lines) - 1) * size * 1.2
    for line in lines:
        pdf.drawString(left, line_y, line)
        line_y -= size * 1.2
    pdf.setFont(fonts.MONO, CODE_SIZE)
    pdf.drawString(left, y + PADDING + len(lines) * size * 1.2 + 4, slip.code)


def _draw_lines(
    pdf: Canvas, text: str, font: str, size: float, left: float, top: float, width
) -> float:
    """Draws ``text`` on up to two lines below ``top``; returns the last baseline."""
    size, lines = _fit(text, font, size, width, max_lines=2)
    pdf.setFont(font, size)
    baseline = top
    for line in lines:
        baseline -= size * 1.15
        pdf.drawString(left, baseline, line)
    return baseline


def _fit(
    text: str, font: str, size: float, width: float, *, max_lines: int
) -> tuple[float, list[str]]:
    """Returns the largest size up to ``size`` at which ``text`` fits ``width`` on
    ``max_lines`` lines, and the lines: long titles shrink rather than run into
    the QR code."""
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
