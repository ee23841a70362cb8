"""Voting slips: A4 sheets of twelve cut-out slips, one voting code each.

A slip shows the election, the class, the code in groups of five in a large
monospaced font, a QR code that opens the voting page with the code filled in, and
how to vote, in the class's language. The slip carries no name: whoever holds it
votes, once, and nothing ties the slip to the ballot cast with it.

Fonts come from ``school_councils.pdf.fonts`` (DejaVu Sans, for Polish letters and
Cyrillic), registered once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from school_councils.models import Classroom
from school_councils.pdf import fonts
from school_councils.pdf.sheets import CutSheet, draw_lines, draw_qr, fit, sheet_pdf
from simulations.models import Election

SHEET = CutSheet(columns=2, rows=6)
SLIPS_PER_PAGE = SHEET.per_page
SLIP_WIDTH = SHEET.cell_width
SLIP_HEIGHT = SHEET.cell_height
PADDING = 4 * mm
QR_SIZE = 26 * mm
GAP = 3 * mm
CODE_SIZE = 17


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
    return sheet_pdf(
        sheet=SHEET,
        items=slips,
        draw=_draw_slip,
        title=document_title,
        author=classroom.school.name,
    )


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


def _draw_slip(pdf: Canvas, slip: Slip, x: float, y: float) -> None:
    left = x + PADDING
    top = y + SLIP_HEIGHT - PADDING
    text_width = SLIP_WIDTH - 2 * PADDING - QR_SIZE - GAP
    baseline = draw_lines(
        pdf, slip.title, fonts.SANS_BOLD, 12, left, top, text_width, max_lines=2
    )
    draw_lines(
        pdf, slip.classroom, fonts.SANS, 8, left, baseline - 2, text_width, max_lines=2
    )
    draw_qr(pdf, slip.link, x + SLIP_WIDTH - PADDING - QR_SIZE, top - QR_SIZE, QR_SIZE)
    size, lines = fit(slip.instruction, fonts.SANS, 7.5, text_width, max_lines=3)
    pdf.setFont(fonts.SANS, size)
    line_y = y + PADDING + (len(lines) - 1) * size * 1.2
    for line in lines:
        pdf.drawString(left, line_y, line)
        line_y -= size * 1.2
    pdf.setFont(fonts.MONO, CODE_SIZE)
    pdf.drawString(left, y + PADDING + len(lines) * size * 1.2 + 4, slip.code)
