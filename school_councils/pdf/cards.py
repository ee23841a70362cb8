"""Pupils' sign-in cards: A4 sheets of ten cards with dashed cut lines.

Each card shows the pupil's pseudonym, the class, the code in groups of five in a
large monospaced font, a QR code that opens the sign-in page with the code filled in,
and one line of instructions, all in the class's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from school_councils.models import Classroom
from school_councils.pdf import fonts
from school_councils.pdf.sheets import CutSheet, draw_lines, draw_qr, fit, sheet_pdf

SHEET = CutSheet(columns=2, rows=5)
CARDS_PER_PAGE = SHEET.per_page
CARD_WIDTH = SHEET.cell_width
CARD_HEIGHT = SHEET.cell_height
PADDING = 5 * mm
QR_SIZE = 28 * mm
GAP = 3 * mm
CODE_SIZE = 21


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
    return sheet_pdf(
        sheet=SHEET,
        items=cards,
        draw=_draw_card,
        title=title,
        author=classroom.school.name,
    )


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


def _draw_card(pdf: Canvas, card: Card, x: float, y: float) -> None:
    left = x + PADDING
    top = y + CARD_HEIGHT - PADDING
    full_width = CARD_WIDTH - 2 * PADDING
    text_width = full_width - QR_SIZE - GAP
    baseline = draw_lines(
        pdf, card.pseudonym, fonts.SANS_BOLD, 15, left, top, text_width, max_lines=2
    )
    baseline = draw_lines(
        pdf, card.classroom, fonts.SANS, 10, left, baseline - 3, text_width
    )
    draw_lines(
        pdf, card.school, fonts.SANS, 7.5, left, baseline - 1, text_width, max_lines=2
    )
    draw_qr(pdf, card.link, x + CARD_WIDTH - PADDING - QR_SIZE, top - QR_SIZE, QR_SIZE)
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
    return fit(text, fonts.SANS, 8, width, max_lines=2)
