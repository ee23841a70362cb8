"""The minutes of a sitting as an A4 PDF (protokół z sesji).

What Polish councils put in minutes: the council, the sitting's number and date,
who was present and absent, the agenda, each motion with the amendments moved to
it, and every vote with its result, the majority it needed and the article that
sets it. A roll-call vote lists how each member voted; an open vote and a secret
vote give totals only (a secret vote has nothing else to give). Resolutions
adopted are listed with their register numbers. DejaVu fonts carry Polish and
Ukrainian letters (see :mod:`school_councils.pdf.fonts`).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from school_councils.pdf import fonts
from simulations import selectors_sittings as selectors
from simulations.models import Sitting, VoteKind
from simulations.services.sittings import motion_text


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
            spaceBefore=10,
            spaceAfter=4,
        ),
        "quote": ParagraphStyle("quote", parent=base, leftIndent=12, fontSize=9),
    }


TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), fonts.SANS, 9),
        ("FONT", (0, 0), (-1, 0), fonts.SANS_BOLD, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.94, 0.96)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _choice(value: str) -> str:
    return {"for": _("For"), "against": _("Against"), "abstain": _("Abstain")}[value]


def minutes_pdf(*, sitting: Sitting) -> bytes:
    """Returns the minutes of ``sitting`` as PDF bytes."""
    fonts.register()
    styles = _styles()
    state = _state(sitting)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("Minutes of sitting %(number)s") % {"number": sitting.number},
        author=sitting.council.name,
        creator="Youth Civics",
    )
    story = _head(sitting, state, styles)
    story += _attendance(state, styles)
    story += _agenda(state, styles)
    story += _motions(sitting, styles)
    story += _votes(state, styles)
    story += _resolutions(sitting, styles)
    story += [
        Spacer(1, 24),
        _p(_("Chair: ____________   Secretary: ____________"), styles["base"]),
    ]
    document.build(story)
    return buffer.getvalue()


def _state(sitting: Sitting) -> dict:
    """The snapshot a screen shows, read without a user (nobody's own view)."""
    from django.contrib.auth.models import AnonymousUser

    return selectors.sitting_snapshot(sitting, user=AnonymousUser())


def _head(sitting, state, styles) -> list:
    council = sitting.council
    opened = sitting.opened_at and timezone.localtime(sitting.opened_at)
    closed = sitting.closed_at and timezone.localtime(sitting.closed_at)
    lines = [
        _p(
            _("Minutes of sitting %(number)s") % {"number": sitting.number},
            styles["title"],
        ),
        _p(f"{council.name} — {sitting.title}", styles["heading"]),
        _p(
            _("Date: %(date)s. State: %(state)s.")
            % {
                "date": date_format(sitting.scheduled_for, "DATE_FORMAT"),
                "state": state["sitting"]["state_label"],
            },
            styles["base"],
        ),
    ]
    if opened:
        lines.append(
            _p(
                _("Opened at %(opened)s; closed at %(closed)s.")
                % {
                    "opened": date_format(opened, "DATETIME_FORMAT"),
                    "closed": date_format(closed, "DATETIME_FORMAT") if closed else "—",
                },
                styles["base"],
            )
        )
    return lines


def _attendance(state, styles) -> list:
    members = state["members"]
    present = [m["name"] for m in members if m["present"]]
    absent = [m["name"] for m in members if not m["present"]]
    council = state["council"]
    return [
        _p(_("Attendance"), styles["heading"]),
        _p(
            _("Statutory seats: %(seats)s. Present: %(present)s. Quorum: %(needed)s.")
            % {
                "seats": council["statutory_seats"],
                "present": len(present),
                "needed": council["quorum_needed"],
            },
            styles["base"],
        ),
        _p(
            _("Present: %(names)s") % {"names": ", ".join(present) or "—"},
            styles["base"],
        ),
        _p(
            _("Absent: %(names)s") % {"names": ", ".join(absent) or "—"}, styles["base"]
        ),
    ]


def _agenda(state, styles) -> list:
    out = [_p(_("Agenda"), styles["heading"])]
    for item in state["agenda"]:
        out.append(_p(f"{item['position']}. {item['title']}", styles["base"]))
    if not state["agenda"]:
        out.append(_p("—", styles["base"]))
    return out


def _motions(sitting, styles) -> list:
    out = [_p(_("Motions and amendments"), styles["heading"])]
    for motion in sitting.motions.prefetch_related("amendments"):
        out.append(
            _p(
                f"{motion.title} — {motion.get_state_display()} "
                f"({motion.get_majority_display()})",
                styles["base"],
            )
        )
        out.append(_p(motion.text, styles["quote"]))
        for amendment in motion.amendments.all():
            if amendment.old_text:
                change = _("Amendment %(number)s: replace “%(old)s” with “%(new)s”") % {
                    "number": amendment.number,
                    "old": amendment.old_text,
                    "new": amendment.new_text,
                }
            else:
                change = _("Amendment %(number)s: add “%(new)s”") % {
                    "number": amendment.number,
                    "new": amendment.new_text,
                }
            out.append(
                _p(f"{change} — {amendment.get_state_display()}", styles["quote"])
            )
        if motion.amendments.filter(state="adopted").exists():
            out.append(_p(_("Text as amended:"), styles["base"]))
            out.append(_p(motion_text(motion), styles["quote"]))
    return out


def _votes(state, styles) -> list:
    out = [_p(_("Votes"), styles["heading"])]
    rows = [
        [
            _("Vote on"),
            _("Kind"),
            _("For"),
            _("Against"),
            _("Abstain"),
            _("Majority and article"),
            _("Result"),
        ]
    ]
    for result in state["results"]:
        rows.append(
            [
                _p(result["label"], styles["base"]),
                _p(result["kind_label"], styles["base"]),
                str(result["votes_for"]),
                str(result["against"]),
                str(result["abstain"]),
                _p(
                    _(
                        "%(rule)s (%(citation)s): needed %(needed)s; present "
                        "%(present)s, quorum %(quorum)s"
                    )
                    % {
                        "rule": result["rule_label"],
                        "citation": result["citation"],
                        "needed": result["votes_needed"],
                        "present": result["present"],
                        "quorum": result["quorum_needed"],
                    },
                    styles["base"],
                ),
                _("Adopted") if result["passed"] else _("Rejected"),
            ]
        )
    if len(rows) == 1:
        return [*out, _p("—", styles["base"])]
    widths = [40 * mm, 22 * mm, 12 * mm, 14 * mm, 14 * mm, 48 * mm, 22 * mm]
    out.append(Table(rows, colWidths=widths, style=TABLE_STYLE, repeatRows=1))
    for result in state["results"]:
        if result["kind"] == VoteKind.ROLL_CALL:
            out.append(
                _p(
                    _("Roll call: %(label)s") % {"label": result["label"]},
                    styles["heading"],
                )
            )
            roll = [[_("Member"), _("Vote")]] + [
                [row["name"], _choice(row["choice"])] for row in result["roll_call"]
            ]
            out.append(Table(roll, colWidths=[80 * mm, 40 * mm], style=TABLE_STYLE))
    return out


def _resolutions(sitting, styles) -> list:
    out = [_p(_("Resolutions adopted"), styles["heading"])]
    for resolution in sitting.resolutions.order_by("sequence"):
        out.append(
            _p(
                _("Resolution %(number)s: %(title)s")
                % {"number": resolution.number, "title": resolution.title},
                styles["base"],
            )
        )
    if len(out) == 1:
        out.append(_p("—", styles["base"]))
    return out
