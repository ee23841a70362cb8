"""Voting slips: A4 sheets of twelve cut-out slips, one voting code each.

A slip shows the election, the class, the code in groups of five in a large
monospaced font, a QR code that opens the voting page with the code filled in, and
how to vote, in the class's language. The slip carries no name: whoever holds it
votes, once, and nothing ties the slip to the ballot cast with it.

The results protocol (:func:`results_protocol_pdf`) is an A4 record of the count
with a table per contest and lines for the commission's signatures.

Fonts come from ``school_councils.pdf.fonts`` (DejaVu Sans, for Polish letters and
Cyrillic), registered once per process.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

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


# The results protocol -------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=fonts.SANS, fontSize=10, leading=13)
    return {
        "base": base,
        "title": ParagraphStyle(
            "title", parent=base, fontName=fonts.SANS_BOLD, fontSize=16, leading=20
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=fonts.SANS_BOLD,
            fontSize=12,
            leading=16,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
    }


TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), fonts.SANS, 9),
        ("FONT", (0, 0), (-1, 0), fonts.SANS_BOLD, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.94, 0.96)),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def results_protocol_pdf(*, election: Election, tally, turnout, printed_at) -> bytes:
    """Returns the results protocol: an A4 record of the count for the election
    commission to sign (the election, eligible voters, turnout, valid, blank and
    spoiled ballots per contest, votes per option, seats or winners, the date, and
    lines for the commission's signatures)."""
    fonts.register()
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("Results protocol: %(title)s") % {"title": election.title},
        author=election.school.name if election.school else _("City-wide"),
        creator="Youth Civics",
    )
    story = _protocol_head(election, turnout, printed_at, styles)
    for contest, count in zip(election.contests.all(), tally.contests, strict=True):
        story.extend(_protocol_contest(contest, count, styles))
    if tally.combined is not None:
        story.extend(_protocol_combined(tally.combined, styles))
    story.extend(_signatures(styles))
    document.build(story)
    return buffer.getvalue()


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _protocol_head(election, turnout, printed_at, styles) -> list:
    school = election.school.name if election.school else _("City-wide")
    percent = f"{turnout.percent:.1f}%" if turnout.percent is not None else "–"
    return [
        _p(_("Results protocol"), styles["title"]),
        _p(election.title, styles["heading"]),
        _p(f"{election.get_kind_display()} · {school}", styles["base"]),
        _p(
            _("Eligible voters: %(eligible)s. Voted: %(voted)s. Turnout: %(percent)s.")
            % {
                "eligible": turnout.eligible,
                "voted": turnout.voted,
                "percent": percent,
            },
            styles["base"],
        ),
        _p(
            _("Date of the count: %(date)s.")
            % {"date": date_format(printed_at, "DATETIME_FORMAT")},
            styles["base"],
        ),
        Spacer(1, 4 * mm),
    ]


def _outcome(count) -> dict[str, str]:
    if count.result is None:
        return {}
    marks = {name: str(seats) for name, seats in (count.result.seats or {}).items()}
    for winner in count.result.winners or []:
        marks[winner] = _("elected")
    return marks


def _protocol_contest(contest, count, styles) -> list:
    outcome = _outcome(count)
    rows = [[_("Option"), _("Votes"), _("Seats or elected")]]
    for name, votes in sorted(count.votes.items(), key=lambda kv: -kv[1]):
        rows.append(
            [Paragraph(escape(name), styles["base"]), votes, outcome.get(name, "")]
        )
    for list_name, candidates in count.candidate_votes.items():
        for name, votes in sorted(candidates.items(), key=lambda kv: -kv[1]):
            label = f"{list_name}: {name}"
            rows.append(
                [
                    Paragraph(escape(label), styles["small"]),
                    votes,
                    outcome.get(name, ""),
                ]
            )
    table = Table(rows, colWidths=[110 * mm, 25 * mm, 35 * mm], repeatRows=1)
    table.setStyle(TABLE_STYLE)
    problem = []
    if count.problem == "no_valid_votes":
        problem = [_p(_("There are no valid votes to count."), styles["base"])]
    elif count.problem:
        problem = [
            _p(_("The count gives no result:") + " " + count.problem, styles["base"])
        ]
    return [
        _p(contest.name, styles["heading"]),
        _p(
            _(
                "Ballots: %(total)s; valid: %(valid)s; blank: %(blank)s; "
                "spoiled: %(spoiled)s."
            )
            % {
                "total": count.total,
                "valid": count.valid,
                "blank": count.blank,
                "spoiled": count.spoiled,
            },
            styles["base"],
        ),
        _p(contest.get_method_display(), styles["small"]),
        Spacer(1, 2 * mm),
        table,
        *problem,
    ]


def _protocol_combined(combined, styles) -> list:
    rows = [[_("List"), _("Seats")]]
    rows.extend(
        [Paragraph(escape(name), styles["base"]), seats]
        for name, seats in sorted((combined.seats or {}).items(), key=lambda kv: -kv[1])
    )
    table = Table(rows, colWidths=[135 * mm, 35 * mm], repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return [_p(_("Seats in the whole election"), styles["heading"]), table]


def _signatures(styles) -> list:
    rows = [[_("Name"), _("Role in the commission"), _("Signature")]]
    rows.extend([["", "", ""] for _row in range(4)])
    table = Table(
        rows, colWidths=[60 * mm, 55 * mm, 55 * mm], rowHeights=[None] + [12 * mm] * 4
    )
    table.setStyle(TABLE_STYLE)
    return [
        Spacer(1, 6 * mm),
        _p(_("Signatures of the election commission"), styles["heading"]),
        table,
    ]
