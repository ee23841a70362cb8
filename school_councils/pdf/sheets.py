"""A4 sheets of cut-out cells (sign-in cards, voting slips): the shared layout.

A :class:`CutSheet` fixes the grid; :func:`sheet_pdf` lays the items out page by
page with dashed cut lines and hands each cell's corner to the document's own
drawing function. The text helpers shrink long text rather than let it run into
the QR code.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
SMALLEST = 6


@dataclass(frozen=True)
class CutSheet:
    columns: int
    rows: int
    margin: float = 10 * mm

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def cell_width(self) -> float:
        return (PAGE_WIDTH - 2 * self.margin) / self.columns

    @property
    def cell_height(self) -> float:
        return (PAGE_HEIGHT - 2 * self.margin) / self.rows


DrawCell = Callable[[Canvas, Any, float, float], None]


def sheet_pdf(
    *, sheet: CutSheet, items: Sequence, draw: DrawCell, title: str, author: str
) -> bytes:
    """Returns the PDF with one cell per item; ``draw(pdf, item, x, y)`` fills a
    cell whose lower-left corner is (x, y)."""
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor(author)
    pdf.setCreator("Youth Civics")
    for start in range(0, len(items), sheet.per_page):
        _draw_page(pdf, sheet, items[start : start + sheet.per_page], draw)
    pdf.save()
    return buffer.getvalue()


def _draw_page(pdf: Canvas, sheet: CutSheet, items: Sequence, draw: DrawCell) -> None:
    rows = -(-len(items) // sheet.columns)
    _draw_cut_lines(pdf, sheet, rows)
    for index, item in enumerate(items):
        column, row = index % sheet.columns, index // sheet.columns
        x = sheet.margin + column * sheet.cell_width
        y = PAGE_HEIGHT - sheet.margin - (row + 1) * sheet.cell_height
        draw(pdf, item, x, y)
    pdf.showPage()


def _draw_cut_lines(pdf: Canvas, sheet: CutSheet, rows: int) -> None:
    top = PAGE_HEIGHT - sheet.margin
    bottom = top - rows * sheet.cell_height
    pdf.saveState()
    pdf.setStrokeGray(0.55)
    pdf.setLineWidth(0.5)
    pdf.setDash(4, 3)
    for column in range(sheet.columns + 1):
        x = sheet.margin + column * sheet.cell_width
        pdf.line(x, bottom, x, top)
    for row in range(rows + 1):
        y = top - row * sheet.cell_height
        pdf.line(sheet.margin, y, PAGE_WIDTH - sheet.margin, y)
    pdf.restoreState()


def draw_lines(
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
    size, lines = fit(text, font, size, width, max_lines=max_lines)
    pdf.setFont(font, size)
    baseline = top
    for line in lines:
        baseline -= size * 1.15
        pdf.drawString(left, baseline, line)
    return baseline


def fit(
    text: str, font: str, size: float, width: float, *, max_lines: int
) -> tuple[float, list[str]]:
    """Returns the largest size up to ``size`` at which ``text`` fits in ``width``
    on ``max_lines`` lines, and those lines."""
    while True:
        lines = simpleSplit(text, font, size, width) or [""]
        fits = len(lines) <= max_lines and all(
            stringWidth(line, font, size) <= width for line in lines
        )
        if fits or size <= SMALLEST:
            return size, lines[:max_lines]
        size -= 0.5


def draw_qr(pdf: Canvas, value: str, x: float, y: float, size: float) -> None:
    """Draws a QR code of ``value``, ``size`` wide, with its lower-left at (x, y)."""
    widget = QrCodeWidget(value)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)
